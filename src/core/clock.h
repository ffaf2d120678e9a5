/* clock.h - the programs' one "now", and the branch's time zone.
 *
 * Every "now" of certdesk and certdesk-central comes from clock_now(). The
 * environment variable CERTDESK_NOW (RFC 3339, e.g.
 * "2026-11-23T10:00:00+08:00", a testing aid documented in certdesk(1)) pins
 * the clock's start; from there it advances with the real elapsed time
 * (CLOCK_MONOTONIC), so timeouts still run out. It is read with
 * secure_getenv: a setgid certdesk ignores it.
 *
 * The branch's zone ([branch] timezone, default Asia/Shanghai) is made the
 * process's TZ by clock_init, whatever the host's TZ is: localtime_r and
 * strftime then give branch time everywhere. Without tzdata the zones of
 * China fall back to the equivalent POSIX rule "CST-8" (no daylight saving
 * since 1991); any other unknown zone is refused.
 *
 * Stored and sent times are RFC 3339 in the branch zone with its offset:
 * "2026-11-23T10:00:00+08:00" (CLOCK_TEXT bytes with the NUL). Their first
 * ten characters are the branch-local date.
 */
#ifndef CERTDESK_CLOCK_H
#define CERTDESK_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define CLOCK_TEXT 26
#define CLOCK_DEFAULT_ZONE "Asia/Shanghai"

/* Set the zone (NULL or "" = the default) and read CERTDESK_NOW. false with
 * *err (Chinese, caller frees) for an unknown zone or a malformed
 * CERTDESK_NOW; the clock then keeps its previous state. May be called again
 * (a later call re-reads CERTDESK_NOW and restarts a pinned clock). */
bool clock_init(const char *zone, char **err);
/* The zone in use, as configured ("Asia/Shanghai"). */
const char *clock_zone(void);
/* True when CERTDESK_NOW pins the clock. */
bool clock_pinned(void);

time_t clock_now(void);
/* The same with the fraction of a second, for deadlines kept as doubles. */
double clock_now_s(void);
/* T in the branch zone as "YYYY-MM-DDTHH:MM:SS+08:00". */
void clock_text(time_t t, char buf[CLOCK_TEXT]);
void clock_now_text(char buf[CLOCK_TEXT]);
/* The branch-local date of T / of now: "YYYY-MM-DD". */
void clock_date(time_t t, char buf[11]);
void clock_today(char buf[11]);
/* The branch-local broken-down time of T (localtime_r after clock_init). */
void clock_local(time_t t, struct tm *tm);

/* Parse an RFC 3339 time ("T" or " " between date and time, "Z" or
 * "+HH:MM"/"-HH:MM", optional fraction) into *out. A time without offset
 * ("YYYY-MM-DD HH:MM:SS", as databases before schema 8 stored them) and a
 * bare date ("YYYY-MM-DD", midnight) are taken as branch-local. false for
 * anything else. */
bool clock_parse(const char *s, time_t *out);

/* A time from elsewhere (the centre's JSON: "Z" or any offset; a time
 * without offset is branch-local) in the stored form: RFC 3339 in the branch
 * zone. false, and OUT empty, when S is not such a time. */
bool clock_normalize(const char *s, char out[CLOCK_TEXT]);

/* A stored time for a screen or a list: "YYYY-MM-DD HH:MM" (with_seconds:
 * ":SS" too) in the branch zone; a value that does not parse is copied as
 * it is (truncated to N), NULL gives "". Returns BUF, for printf arguments;
 * CLOCK_SHOWN bytes are enough. */
#define CLOCK_SHOWN 32
const char *clock_show(const char *stored, bool with_seconds, char *buf, size_t n);

/* The day after DATE ("YYYY-MM-DD"), for a range "col >= from AND col <
 * next" on stored times (whose first ten characters are the branch-local
 * date). false for anything but a valid date. */
bool clock_next_day(const char *date, char out[11]);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
long clock_days_from_civil(int y, int m, int d);
void clock_civil_from_days(long z, int *y, int *m, int *d);

#endif
