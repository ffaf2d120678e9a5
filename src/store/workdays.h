/* workdays.h - the working-day calendar (weekends, public holidays, 调休
 * workdays) for the centre's review period, by notice year.
 *
 * Each year's 放假/调休 days come from that year's State Council notice
 * (国务院办公厅关于 YYYY 年部分节假日安排的通知). A year is loaded from one
 * source: "shipped" (data/holidays.tsv, reloaded when a release changes it)
 * or "import" (`certdesk import holidays FILE`, which replaces the years its
 * file holds and is never overwritten by the shipped file). The calendar
 * covers a day when its year's notice is loaded; beyond that working days
 * are estimated as Monday to Friday and the results say so. */
#ifndef CERTDESK_WORKDAYS_H
#define CERTDESK_WORKDAYS_H

#include <stdbool.h>
#include <stddef.h>

struct store;

/* The calendar should cover today and this many days after it. */
#define WORKDAYS_AHEAD 30
/* What fixes a short calendar (the second half of the warning). */
#define WORKDAYS_HOWTO "请管理员导入下一年的放假安排: certdesk import holidays FILE"

/* ---- holiday files ------------------------------------------------------
 * UTF-8 (a BOM is dropped) or GB18030, LF or CRLF line ends. Blank lines
 * and lines starting with '#' are ignored; every other line is
 *     YYYY-MM-DD<TAB>0|1<TAB>名称
 * 0 a day off (放假, weekend days inside a holiday included), 1 a Saturday or
 * Sunday that is worked (调休上班). A year's notice always lists its
 * 1 January (元旦) as 0: the years a file holds are the years whose 1 January
 * it lists, and every line must belong to one of them - its own year, or,
 * for the 元旦 break, 25-31 December of the year before. */

struct holiday_problem {
	long line;                /* 1-based line of the file */
	char *reason;             /* Chinese (quotes the file: sanitise before a terminal) */
};

struct holiday_year {
	int year;
	int days_off, workdays;   /* lines with 0 / with 1 */
	char previous[8];         /* what it replaced: "", "shipped" or "import" */
};

struct holiday_import {
	const char *encoding;     /* "UTF-8" or "GB18030" */
	struct holiday_year *years;       /* ascending */
	size_t nyears;
	struct holiday_problem *problems; /* in line order */
	size_t nproblems;
	int *kept;                /* workdays_ensure: shipped years left alone (imported) */
	size_t nkept;
};
void holiday_import_release(struct holiday_import *r);

/* `certdesk import holidays FILE`: check every line (all problems are
 * reported in r->problems); when there is none, replace each year the file
 * holds - all of that year's days go, the file's come in, the year becomes
 * source "import" - and write the audit record (actor, e.g. "shell:root") in
 * the same transaction. A year after next year (of TODAY, NULL: clock_today)
 * is refused as a typing error: no notice is published that early. False with
 * *err (Chinese, caller frees) and nothing changed when the file cannot be
 * read, holds a problem or no year, or the database fails. */
bool workdays_import(struct store *s, const char *file, const char *actor, const char *today,
		     struct holiday_import *r, char **err);

/* Load data/holidays.tsv (workdays_ensure_from: FILE) when its SHA-256
 * differs from the last load (kept in sync_state 'holidays.sha256'; cheap
 * otherwise): its years replace the shipped years, except the years an
 * administrator imported, which stay; shipped years no longer in the file
 * go. r may be NULL. */
bool workdays_ensure(struct store *s, char **err);
bool workdays_ensure_from(struct store *s, const char *file, struct holiday_import *r, char **err);

/* ---- the calendar ------------------------------------------------------- */

/* An in-memory copy of the holidays table. Owned by the caller (workcal_free). */
struct workcal;
struct workcal *workcal_load(struct store *s);
void workcal_free(struct workcal *c);

/* Dates are "YYYY-MM-DD" (a longer "YYYY-MM-DD HH:MM:SS" or RFC 3339 time
 * is accepted: only the date counts). false / -1 for a malformed date.
 * estimated (may be NULL) is set true when a day the answer depends on lies
 * in a year whose notice is not loaded (that day counted as Monday-Friday),
 * and left alone otherwise. */
bool workcal_is_workday(const struct workcal *c, const char *date, bool *estimated);
/* Working days after FROM up to and including TO (0 when TO <= FROM). */
int workcal_between(const struct workcal *c, const char *from, const char *to, bool *estimated);
/* The N-th working day after FROM into out (11 bytes). */
bool workcal_add(const struct workcal *c, const char *from, int n, char out[11], bool *estimated);

/* True when DATE's year's notice is loaded. */
bool workcal_covers(const struct workcal *c, const char *date);
/* The last day the calendar covers without a gap from TODAY: 31 December of
 * the last of the loaded years that follow TODAY's year one after another;
 * when TODAY's year is not loaded, the end of the last loaded year before it.
 * false (out "") when there is no such year. */
bool workcal_covered_until(const struct workcal *c, const char *today, char out[11]);
/* NULL when the calendar covers TODAY (NULL: clock_today) and the
 * WORKDAYS_AHEAD days after it; else a one-line Chinese warning naming the
 * last covered day (caller frees; WORKDAYS_HOWTO says what to do). */
char *workcal_warning(const struct workcal *c, const char *today);
/* The same for the store's calendar (workdays_ensure first; a missing
 * shipped file only leaves the calendar as it is). */
char *workdays_warning(struct store *s, const char *today);
/* The warning the database DB_PATH would give at its next start (its
 * calendar, then the shipped file as workdays_ensure would load it), worked
 * out on an in-memory copy of the calendar tables: DB_PATH is only read.
 * NULL and *err set when it cannot be read (same schema version needed). */
char *workdays_warning_of(const char *db_path, const char *today, char **err);

#endif
