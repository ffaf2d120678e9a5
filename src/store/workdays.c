/* workdays.c - working days: weekends off, except the 调休 workdays; public holidays off. */
#include "store/workdays.h"
#include "store/store.h"
#include "core/paths.h"
#include "core/util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct workcal {
	long *day;        /* days since 1970-01-01, sorted */
	char *workday;    /* 1: a weekend day that is worked; 0: a day off */
	size_t n;
};

/* Days since the civil epoch for a proleptic Gregorian date (no time zones involved). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
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

static bool parse_day(const char *s, long *out)
{
	int y, m, d, n = 0;

	if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return false;
	*out = days_from_civil(y, m, d);
	{
		int y2, m2, d2;
		civil_from_days(*out, &y2, &m2, &d2);
		if (y2 != y || m2 != m || d2 != d)   /* 2026-02-30 */
			return false;
	}
	return true;
}

bool workdays_import(struct store *s, const char *file, char **err)
{
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;
	sqlite3_stmt *st;

	*err = NULL;
	if (!f) {
		*err = xasprintf("%s: 无法打开节假日表", file);
		return false;
	}
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙: %s", store_errmsg(s));
		fclose(f);
		return false;
	}
	store_exec(s, "DELETE FROM holidays");
	st = store_prepare(s, "INSERT OR REPLACE INTO holidays(day, workday, name) VALUES (?, ?, ?)");
	while (getline(&line, &cap, f) > 0) {
		char *p = str_trim(line), *day, *work, *name;
		long dummy;

		lineno++;
		if (!*p || *p == '#')
			continue;
		day = strtok(p, "\t");
		work = strtok(NULL, "\t");
		name = strtok(NULL, "\t");
		if (!day || !work || !parse_day(day, &dummy) || strlen(day) != 10 ||
		    (strcmp(work, "0") && strcmp(work, "1"))) {
			*err = xasprintf("%s:%d: 格式应为 \"YYYY-MM-DD<TAB>0|1<TAB>名称\"", file, lineno);
			break;
		}
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, atoi(work));
		sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			*err = xasprintf("无法保存节假日: %s", store_errmsg(s));
			break;
		}
	}
	sqlite3_finalize(st);
	free(line);
	fclose(f);
	if (*err) {
		store_rollback(s);
		return false;
	}
	if (!store_commit(s)) {
		*err = xasprintf("无法保存节假日: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool workdays_ensure(struct store *s, char **err)
{
	char *file = paths_file("data/holidays.tsv");
	size_t len = 0;
	char *text = file_read_all(file, &len);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof(h) + 1], *old;
	bool ok = true;

	*err = NULL;
	if (!text) {
		*err = xasprintf("%s: 无法读取节假日表", file);
		free(file);
		return false;
	}
	crypto_hash_sha256(h, (const unsigned char *)text, len);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	old = store_state_get(s, "holidays.sha256");
	if (!str_eq(old, hex)) {
		ok = workdays_import(s, file, err) && store_state_set(s, "holidays.sha256", hex);
		if (!ok && !*err)
			*err = xasprintf("无法保存节假日: %s", store_errmsg(s));
	}
	free(old);
	free(text);
	free(file);
	return ok;
}

struct workcal *workcal_load(struct store *s)
{
	struct workcal *c = xcalloc(1, sizeof(*c));
	sqlite3_stmt *st = store_prepare(s, "SELECT day, workday FROM holidays ORDER BY day");
	size_t cap = 0;

	while (sqlite3_step(st) == SQLITE_ROW) {
		long d;

		if (!parse_day((const char *)sqlite3_column_text(st, 0), &d))
			continue;
		if (c->n == cap) {
			cap = cap ? 2 * cap : 64;
			c->day = xrealloc(c->day, cap * sizeof(*c->day));
			c->workday = xrealloc(c->workday, cap);
		}
		c->day[c->n] = d;
		c->workday[c->n++] = (char)sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	return c;
}

void workcal_free(struct workcal *c)
{
	if (!c)
		return;
	free(c->day);
	free(c->workday);
	free(c);
}

static bool is_workday(const struct workcal *c, long day)
{
	size_t lo = 0, hi = c->n;
	long dow = ((day % 7) + 7 + 3) % 7;     /* 1970-01-01 was a Thursday: 0 = Monday */

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->day[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && c->day[lo] == day)
		return c->workday[lo];
	return dow < 5;
}

bool workcal_is_workday(const struct workcal *c, const char *date)
{
	long d;

	return parse_day(date, &d) && is_workday(c, d);
}

int workcal_between(const struct workcal *c, const char *from, const char *to)
{
	long a, b;
	int n = 0;

	if (!parse_day(from, &a) || !parse_day(to, &b))
		return -1;
	for (long d = a + 1; d <= b; d++)
		n += is_workday(c, d);
	return n;
}

bool workcal_add(const struct workcal *c, const char *from, int n, char out[11])
{
	long d;
	int y, m, dd;

	if (!parse_day(from, &d))
		return false;
	while (n > 0)
		n -= is_workday(c, ++d);
	civil_from_days(d, &y, &m, &dd);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
	return true;
}
