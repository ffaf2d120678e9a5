/* clock.c - the one "now" (pinnable for tests) and the branch's time zone. */
#include "core/clock.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char zone_name[128] = CLOCK_DEFAULT_ZONE;
static bool pinned;
static time_t pin_start;           /* CERTDESK_NOW */
static struct timespec pin_mono;   /* CLOCK_MONOTONIC when it was read */

long clock_days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void clock_civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The seconds east of UTC of the branch zone at the local time TM (for
 * times written without an offset). */
static bool local_to_time(struct tm *tm, time_t *out)
{
	tm->tm_isdst = -1;
	*out = mktime(tm);
	return *out != (time_t)-1 || (tm->tm_year == 69 && tm->tm_mon == 11 && tm->tm_mday == 31);
}

bool clock_parse(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	const char *p;
	long days;

	if (!s || strlen(s) < 10)
		return false;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || s[4] != '-' || s[7] != '-')
		return false;
	days = clock_days_from_civil(y, mo, d);
	{
		int y2, m2, d2;
		clock_civil_from_days(days, &y2, &m2, &d2);
		if (y2 != y || m2 != mo || d2 != d)
			return false;
	}
	p = s + 10;
	if (*p == 'T' || *p == ' ') {
		h = digits(p + 1, 2);
		mi = digits(p + 4, 2);
		if (h < 0 || h > 23 || mi < 0 || mi > 59 || p[3] != ':')
			return false;
		p += 6;
		if (*p == ':') {
			se = digits(p + 1, 2);
			if (se < 0 || se > 60)
				return false;
			p += 3;
			if (*p == '.' || *p == ',') {
				p++;
				if (!isdigit((unsigned char)*p))
					return false;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
	} else if (*p) {
		return false;
	}
	if (*p == 'Z' || *p == 'z') {
		if (p[1])
			return false;
		*out = (time_t)(days * 86400L + h * 3600L + mi * 60L + se);
		return true;
	}
	if (*p == '+' || *p == '-') {
		int oh = digits(p + 1, 2), om;
		long off;

		if (oh < 0 || oh > 23 || p[3] != ':')
			return false;
		om = digits(p + 4, 2);
		if (om < 0 || om > 59 || p[6])
			return false;
		off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
		*out = (time_t)(days * 86400L + h * 3600L + mi * 60L + se - off);
		return true;
	}
	if (*p)
		return false;
	{
		struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
				 .tm_hour = h, .tm_min = mi, .tm_sec = se };
		return local_to_time(&tm, out);
	}
}

static bool zone_file_exists(const char *zone)
{
	const char *dir = secure_getenv("TZDIR");
	char path[512];
	struct stat stb;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	return stat(path, &stb) == 0 && S_ISREG(stb.st_mode);
}

/* The zones of mainland China: one offset, no daylight saving since 1991. */
static bool china_zone(const char *zone)
{
	static const char *const names[] = { "Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking",
					     "Asia/Harbin", "PRC" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(zone, names[i]))
			return true;
	return false;
}

/* A POSIX TZ rule such as "CST-8": letters, then an hour offset. */
static bool posix_rule(const char *z)
{
	const char *p = z;

	if (*p == '<') {
		p = strchr(p, '>');
		if (!p)
			return false;
		p++;
	} else {
		while (isalpha((unsigned char)*p))
			p++;
		if (p - z < 3)
			return false;
	}
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("+-:,./<>", *p))
			return false;
	return true;
}

static bool zone_rule(const char *zone, char *rule, size_t n)
{
	if (strstr(zone, "..") || zone[0] == '/' || strlen(zone) >= 100)
		return false;
	for (const char *p = zone; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-<>:,.", *p))
			return false;
	if (zone_file_exists(zone)) {
		snprintf(rule, n, ":%s", zone);
		return true;
	}
	if (china_zone(zone)) {
		snprintf(rule, n, "CST-8");
		return true;
	}
	if (!strcmp(zone, "UTC") || !strcmp(zone, "Etc/UTC")) {
		snprintf(rule, n, "UTC0");
		return true;
	}
	if (posix_rule(zone)) {
		snprintf(rule, n, "%s", zone);
		return true;
	}
	return false;
}

bool clock_init(const char *zone, char **err)
{
	char rule[128];
	const char *now = secure_getenv("CERTDESK_NOW");
	time_t start = 0;

	*err = NULL;
	if (str_empty(zone))
		zone = CLOCK_DEFAULT_ZONE;
	if (!zone_rule(zone, rule, sizeof(rule))) {
		*err = xasprintf("未知的时区 \"%s\" ([branch] timezone): 应为 IANA 时区名如 Asia/Shanghai"
				 " (需要 tzdata 软件包) 或 POSIX 规则如 CST-8", zone);
		return false;
	}
	if (!str_empty(now) && !clock_parse(now, &start)) {
		*err = xasprintf("CERTDESK_NOW 格式错误: 应为 RFC 3339 时间, 如 2026-11-23T10:00:00+08:00");
		return false;
	}
	setenv("TZ", rule, 1);
	tzset();
	snprintf(zone_name, sizeof(zone_name), "%s", zone);
	pinned = !str_empty(now);
	if (pinned) {
		/* a time without offset was read before TZ was set: read it again */
		if (!clock_parse(now, &start))
			start = 0;
		pin_start = start;
		clock_gettime(CLOCK_MONOTONIC, &pin_mono);
	}
	return true;
}

const char *clock_zone(void)
{
	return zone_name;
}

bool clock_pinned(void)
{
	return pinned;
}

time_t clock_now(void)
{
	struct timespec ts;

	if (!pinned)
		return time(NULL);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return pin_start + (ts.tv_sec - pin_mono.tv_sec) - (ts.tv_nsec < pin_mono.tv_nsec);
}

double clock_now_s(void)
{
	struct timespec ts, mono;

	if (!pinned) {
		clock_gettime(CLOCK_REALTIME, &ts);
		return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	}
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return (double)pin_start + (double)(mono.tv_sec - pin_mono.tv_sec) +
	       (double)(mono.tv_nsec - pin_mono.tv_nsec) / 1e9;
}

void clock_local(time_t t, struct tm *tm)
{
	localtime_r(&t, tm);
}

void clock_text(time_t t, char buf[CLOCK_TEXT])
{
	struct tm tm;
	long off;
	size_t k;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff;
	k = strftime(buf, CLOCK_TEXT, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + k, CLOCK_TEXT - k, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(labs(off) / 3600 % 24),
		 (int)(labs(off) / 60 % 60));
}

void clock_now_text(char buf[CLOCK_TEXT])
{
	clock_text(clock_now(), buf);
}

void clock_date(time_t t, char buf[11])
{
	struct tm tm;

	localtime_r(&t, &tm);
	if (!strftime(buf, 11, "%Y-%m-%d", &tm))
		buf[0] = '\0';
}

void clock_today(char buf[11])
{
	clock_date(clock_now(), buf);
}

bool clock_next_day(const char *date, char out[11])
{
	time_t t;

	out[0] = '\0';
	if (!date || strlen(date) != 10 || !clock_parse(date, &t))
		return false;
	clock_date(t + 36 * 3600, out);   /* midnight + 36 h: noon of the next day, whatever DST does */
	return true;
}

bool clock_normalize(const char *s, char out[CLOCK_TEXT])
{
	time_t t;

	out[0] = '\0';
	if (!clock_parse(s, &t))
		return false;
	clock_text(t, out);
	return true;
}

const char *clock_show(const char *stored, bool with_seconds, char *buf, size_t n)
{
	time_t t;
	struct tm tm;

	if (!n)
		return buf;
	if (str_empty(stored) || !clock_parse(stored, &t) || strlen(stored) <= 10) {
		snprintf(buf, n, "%s", stored ? stored : "");
		return buf;
	}
	localtime_r(&t, &tm);
	if (!strftime(buf, n, with_seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm))
		buf[0] = '\0';
	return buf;
}
