/* workdays.c - working days: weekends off, except the 调休 workdays; public
 * holidays off; per notice year, shipped or imported; estimated (Monday to
 * Friday) beyond the loaded years. */
#include "store/workdays.h"
#include "store/store.h"
#include "store/schema.h"
#include "core/clock.h"
#include "core/paths.h"
#include "core/sanitize.h"
#include "core/tabfile.h"
#include "core/util.h"

#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_BYTES 90          /* 30 Chinese characters */
#define EARLIEST_YEAR 2000

struct workcal {
	long *day;        /* days since 1970-01-01, sorted */
	char *workday;    /* 1: a weekend day that is worked; 0: a day off */
	size_t n;
	int *years;       /* the loaded notice years, ascending */
	size_t nyears;
};

static const char *const weekday_zh[7] = { "一", "二", "三", "四", "五", "六", "日" };

/* 0 = Monday (1970-01-01 was a Thursday). */
static int weekday(long day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

static bool all_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "YYYY-MM-DD" at the start of S, a real date. */
static bool parse_day_ymd(const char *s, long *out, int *y, int *m, int *d)
{
	int y2, m2, d2;

	if (!s || strlen(s) < 10 || !all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' ||
	    !all_digits(s + 8, 2))
		return false;
	*y = atoi(s);
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*m < 1 || *m > 12 || *d < 1 || *d > 31)
		return false;
	*out = clock_days_from_civil(*y, *m, *d);
	clock_civil_from_days(*out, &y2, &m2, &d2);
	return y2 == *y && m2 == *m && d2 == *d;   /* not 2026-02-30 */
}

static bool parse_day(const char *s, long *out)
{
	int y, m, d;

	return parse_day_ymd(s, out, &y, &m, &d);
}

static void day_text(long day, char out[11])
{
	int y, m, d;

	clock_civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static bool year_in(const int *years, size_t n, int y)
{
	for (size_t i = 0; i < n; i++)
		if (years[i] == y)
			return true;
	return false;
}

static void year_add(int **years, size_t *n, int y)
{
	size_t i;

	if (year_in(*years, *n, y))
		return;
	*years = xrealloc(*years, (*n + 1) * sizeof(**years));
	for (i = *n; i > 0 && (*years)[i - 1] > y; i--)
		(*years)[i] = (*years)[i - 1];
	(*years)[i] = y;
	(*n)++;
}

/* ======================================================================
 * Reading a holiday file. */

struct hline {
	long line;
	long day;
	int y, m, d;
	int workday;
	int year;         /* the notice it belongs to */
	char *name;
};

struct hfile {
	struct hline *v;
	size_t n, cap;
	int *years;       /* the notice years of the file (those whose 1 January it lists) */
	size_t nyears;
	char sha256[2 * crypto_hash_sha256_BYTES + 1];
};

static void hfile_release(struct hfile *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->v[i].name);
	free(h->v);
	free(h->years);
	memset(h, 0, sizeof(*h));
}

static void problem(struct holiday_import *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void problem(struct holiday_import *r, long line, const char *fmt, ...)
{
	va_list ap;

	r->problems = xrealloc(r->problems, (r->nproblems + 1) * sizeof(*r->problems));
	r->problems[r->nproblems].line = line;
	va_start(ap, fmt);
	r->problems[r->nproblems].reason = xvasprintf(fmt, ap);
	va_end(ap);
	r->nproblems++;
}

void holiday_import_release(struct holiday_import *r)
{
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i].reason);
	free(r->problems);
	free(r->years);
	free(r->kept);
	memset(r, 0, sizeof(*r));
}

/* Split LINE at tabs into at most 4 trimmed fields; returns the count. */
static int split_tabs(char *line, char *f[4])
{
	int n = 0;

	for (char *p = line;; ) {
		char *tab = strchr(p, '\t');

		if (tab)
			*tab = '\0';
		if (n < 4)
			f[n] = str_trim(p);
		n++;
		if (!tab)
			break;
		p = tab + 1;
	}
	return n;
}

/* One line (not blank, not a comment): appended to h, or a problem. */
static void read_line(char *text, long lineno, struct hfile *h, struct holiday_import *r)
{
	char *f[4];
	int nf = split_tabs(text, f);
	struct hline l = { .line = lineno };

	if (nf == 1) {
		if (strchr(f[0], ' ') || strstr(f[0], "\u3000"))
			problem(r, lineno, "三列之间应以制表符 (TAB) 分隔, 不是空格");
		else
			problem(r, lineno, "应有三列: 日期<TAB>0|1<TAB>名称");
		return;
	}
	if (nf == 2) {
		problem(r, lineno, "缺少第三列 (名称)");
		return;
	}
	if (nf > 3) {
		problem(r, lineno, "列数过多: 应为 日期<TAB>0|1<TAB>名称 三列");
		return;
	}
	if (strlen(f[0]) != 10 || !all_digits(f[0], 4) || f[0][4] != '-' || !all_digits(f[0] + 5, 2) ||
	    f[0][7] != '-' || !all_digits(f[0] + 8, 2)) {
		problem(r, lineno, "日期 \"%s\" 应写作 YYYY-MM-DD (例如 2027-01-01)", f[0]);
		return;
	}
	if (!parse_day_ymd(f[0], &l.day, &l.y, &l.m, &l.d)) {
		problem(r, lineno, "日期 %s 不存在", f[0]);
		return;
	}
	if (strcmp(f[1], "0") && strcmp(f[1], "1")) {
		problem(r, lineno, "第二列应为 0 (放假) 或 1 (调休上班), 这里是 \"%s\"", f[1]);
		return;
	}
	l.workday = f[1][0] - '0';
	if (!*f[2] || strlen(f[2]) > NAME_MAX_BYTES || !sanitize_is_clean(f[2], 0)) {
		problem(r, lineno, "名称为空、过长 (最多 30 个字) 或含控制字符");
		return;
	}
	if (l.y < EARLIEST_YEAR) {
		problem(r, lineno, "年份 %d 不对", l.y);
		return;
	}
	if (l.workday && weekday(l.day) < 5) {
		problem(r, lineno, "%s 是星期%s: 只有周六、周日可以标为 1 (调休上班), 工作日不必列出", f[0],
			weekday_zh[weekday(l.day)]);
		return;
	}
	if (l.workday && l.m == 1 && l.d == 1) {
		problem(r, lineno, "%s 是元旦, 不能标为 1 (调休上班)", f[0]);
		return;
	}
	l.name = xstrdup(f[2]);
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
	}
	h->v[h->n++] = l;
}

static int hline_cmp(const void *a, const void *b)
{
	const struct hline *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int problem_cmp(const void *a, const void *b)
{
	const struct holiday_problem *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

/* The whole file: every problem into r. TODAY (NULL: no limit) refuses the
 * years after its next one. */
static bool read_file(const char *path, const char *today, struct hfile *h, struct holiday_import *r, char **err)
{
	size_t len;
	char *data = file_read_all(path, &len);
	unsigned char sum[crypto_hash_sha256_BYTES];
	struct tabfile t;
	long lineno = 0;
	int limit = 0;

	memset(h, 0, sizeof(*h));
	if (!data) {
		*err = xasprintf("无法读取: %s", strerror(errno));
		return false;
	}
	crypto_hash_sha256(sum, (const unsigned char *)data, len);
	sodium_bin2hex(h->sha256, sizeof(h->sha256), sum, sizeof(sum));
	if (!tabfile_open_mem(&t, data, len, err)) {
		free(data);
		return false;
	}
	free(data);
	r->encoding = t.encoding;
	for (char *p = t.text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		char *line;

		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		line = str_trim(p);
		if (*line && *line != '#')
			read_line(line, lineno, h, r);
	}
	tabfile_release(&t);

	if (h->n)
		qsort(h->v, h->n, sizeof(*h->v), hline_cmp);
	for (size_t i = 1; i < h->n; i++) {
		if (h->v[i].day == h->v[i - 1].day) {
			char d[11];

			day_text(h->v[i].day, d);
			problem(r, h->v[i].line, "%s 与第 %ld 行重复", d, h->v[i - 1].line);
		}
	}
	for (size_t i = 0; i < h->n; i++)
		if (h->v[i].m == 1 && h->v[i].d == 1 && !h->v[i].workday)
			year_add(&h->years, &h->nyears, h->v[i].y);
	if (today) {
		long td;
		int tm, tdd;

		if (parse_day_ymd(today, &td, &limit, &tm, &tdd))
			limit++;
		else
			limit = 0;
	}
	for (size_t i = 0; i < h->n; i++) {
		struct hline *l = &h->v[i];

		if (year_in(h->years, h->nyears, l->y))
			l->year = l->y;
		else if (l->m == 12 && l->d >= 25 && year_in(h->years, h->nyears, l->y + 1))
			l->year = l->y + 1;   /* the next notice's 元旦 break */
		else
			problem(r, l->line,
				"%04d-%02d-%02d 不属于文件中的任何一年: 每年的放假安排都从 1 月 1 日 (元旦) 列起, "
				"文件没有 %04d-01-01%s", l->y, l->m, l->d, l->y,
				l->m == 12 ? " (下一年的元旦假期最早从 12 月 25 日算起)" : "");
		if (limit && l->m == 1 && l->d == 1 && !l->workday && l->y > limit)
			problem(r, l->line, "%d 年的放假安排不会这么早公布 (今天是 %s): 年份写错了?", l->y, today);
	}
	if (r->nproblems) {
		qsort(r->problems, r->nproblems, sizeof(*r->problems), problem_cmp);
		*err = xasprintf("%zu 处错误, 没有导入任何内容", r->nproblems);
		return false;
	}
	if (!h->nyears) {
		*err = xstrdup("文件中没有节假日 (每年的放假安排都从 1 月 1 日元旦列起)");
		return false;
	}
	return true;
}

/* ======================================================================
 * Storing. */

/* The source a year is loaded from now: "", "shipped" or "import". */
static void year_source(struct store *s, int year, char out[8])
{
	sqlite3_stmt *st = store_prepare(s, "SELECT source FROM holiday_years WHERE year = ?");

	out[0] = '\0';
	sqlite3_bind_int(st, 1, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, 8, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static bool drop_year(struct store *s, int year)
{
	sqlite3_stmt *st = store_prepare(s, "DELETE FROM holidays WHERE year = ?");
	bool ok;

	sqlite3_bind_int(st, 1, year);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

/* Replace each year of h (but those in r->kept) with h's days, from SOURCE.
 * Inside the caller's transaction. */
static bool put_years(struct store *s, const struct hfile *h, const char *source, const char *file,
		      struct holiday_import *r)
{
	char at[CLOCK_TEXT];
	sqlite3_stmt *st;
	bool ok = true;

	clock_now_text(at);
	for (size_t i = 0; i < h->nyears && ok; i++) {
		int y = h->years[i];
		char prev[8];

		if (year_in(r->kept, r->nkept, y))
			continue;
		year_source(s, y, prev);
		ok = drop_year(s, y);
		st = store_prepare(s, "INSERT INTO holiday_years(year, source, file, sha256, loaded_at) "
				      "VALUES (?, ?, ?, ?, ?) ON CONFLICT(year) DO UPDATE SET source = excluded.source, "
				      "file = excluded.file, sha256 = excluded.sha256, loaded_at = excluded.loaded_at");
		sqlite3_bind_int(st, 1, y);
		sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, file, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, h->sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
		ok = ok && sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
		r->years = xrealloc(r->years, (r->nyears + 1) * sizeof(*r->years));
		r->years[r->nyears] = (struct holiday_year){ .year = y };
		memcpy(r->years[r->nyears].previous, prev, sizeof(prev));
		r->nyears++;
	}
	/* a day two notices list (the next one's 元旦 break in December) keeps the later notice's entry */
	st = store_prepare(s, "INSERT INTO holidays(day, workday, name, year) VALUES (?, ?, ?, ?) "
			      "ON CONFLICT(day) DO UPDATE SET workday = excluded.workday, name = excluded.name, "
			      "year = excluded.year WHERE excluded.year >= COALESCE(holidays.year, 0)");
	for (size_t i = 0; i < h->n && ok; i++) {
		const struct hline *l = &h->v[i];
		char d[11];

		if (year_in(r->kept, r->nkept, l->year))
			continue;
		day_text(l->day, d);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, d, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, l->workday);
		sqlite3_bind_text(st, 3, l->name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, l->year);
		ok = sqlite3_step(st) == SQLITE_DONE;
		for (size_t k = 0; k < r->nyears; k++) {
			if (r->years[k].year == l->year) {
				r->years[k].days_off += !l->workday;
				r->years[k].workdays += l->workday;
			}
		}
	}
	sqlite3_finalize(st);
	return ok;
}

static void years_text(const struct holiday_import *r, struct strbuf *sb)
{
	for (size_t i = 0; i < r->nyears; i++)
		sb_addf(sb, "%s%d 年: 放假 %d 天, 调休上班 %d 天", i ? "; " : "", r->years[i].year,
			r->years[i].days_off, r->years[i].workdays);
}

bool workdays_import(struct store *s, const char *file, const char *actor, const char *today,
		     struct holiday_import *r, char **err)
{
	struct hfile h;
	char day[11];
	bool ok;

	memset(r, 0, sizeof(*r));
	*err = NULL;
	if (!today) {
		clock_today(day);
		today = day;
	}
	if (!read_file(file, today, &h, r, err)) {
		hfile_release(&h);
		return false;
	}
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 没有导入任何内容: %s", store_errmsg(s));
		hfile_release(&h);
		return false;
	}
	ok = put_years(s, &h, "import", file, r);
	if (ok) {
		struct strbuf sb;

		sb_init(&sb);
		years_text(r, &sb);
		ok = store_audit(s, 0, actor ? actor : "?", AUDIT_IMPORT_HOLIDAYS, file, sb.s);
		sb_release(&sb);
	}
	if (!ok) {
		*err = xasprintf("数据库错误, 没有导入任何内容: %s", store_errmsg(s));
		store_rollback(s);
	} else if (!store_commit(s)) {
		*err = xasprintf("提交失败, 没有导入任何内容: %s", store_errmsg(s));
		ok = false;
	}
	if (!ok) {
		free(r->years);
		r->years = NULL;
		r->nyears = 0;
	}
	hfile_release(&h);
	return ok;
}

bool workdays_ensure_from(struct store *s, const char *file, struct holiday_import *r, char **err)
{
	struct holiday_import mine;
	struct hfile h;
	char *old;
	sqlite3_stmt *st;
	int *gone = NULL;         /* shipped years the file no longer has */
	size_t ngone = 0;
	bool ok;

	if (!r)
		r = &mine;
	memset(r, 0, sizeof(*r));
	*err = NULL;
	if (!read_file(file, NULL, &h, r, err)) {
		char *e = r->nproblems ? xasprintf("%s: 第 %ld 行: %s (%s)", file, r->problems[0].line,
						   r->problems[0].reason, *err)
				       : xasprintf("%s: %s", file, *err);
		free(*err);
		*err = e;
		hfile_release(&h);
		if (r == &mine)
			holiday_import_release(r);
		return false;
	}
	old = store_state_get(s, "holidays.sha256");
	if (str_eq(old, h.sha256)) {
		free(old);
		hfile_release(&h);
		if (r == &mine)
			holiday_import_release(r);
		return true;
	}
	free(old);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙: %s", store_errmsg(s));
		hfile_release(&h);
		if (r == &mine)
			holiday_import_release(r);
		return false;
	}
	/* an administrator's years stay; shipped years no longer shipped go */
	st = store_prepare(s, "SELECT year, source FROM holiday_years ORDER BY year");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int y = sqlite3_column_int(st, 0);

		if (str_eq((const char *)sqlite3_column_text(st, 1), "import")) {
			if (year_in(h.years, h.nyears, y))
				year_add(&r->kept, &r->nkept, y);
		} else if (!year_in(h.years, h.nyears, y)) {
			year_add(&gone, &ngone, y);
		}
	}
	sqlite3_finalize(st);
	ok = put_years(s, &h, "shipped", file, r);
	st = store_prepare(s, "DELETE FROM holiday_years WHERE year = ?");
	for (size_t i = 0; i < ngone && ok; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, gone[i]);
		ok = drop_year(s, gone[i]) && sqlite3_step(st) == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	free(gone);
	ok = ok && store_state_set(s, "holidays.sha256", h.sha256);
	if (!ok) {
		*err = xasprintf("无法保存节假日: %s", store_errmsg(s));
		store_rollback(s);
	} else if (!store_commit(s)) {
		*err = xasprintf("无法保存节假日: %s", store_errmsg(s));
		ok = false;
	}
	hfile_release(&h);
	if (r == &mine)
		holiday_import_release(r);
	return ok;
}

bool workdays_ensure(struct store *s, char **err)
{
	char *file = paths_file("data/holidays.tsv");
	bool ok = workdays_ensure_from(s, file, NULL, err);

	free(file);
	return ok;
}

/* ======================================================================
 * The calendar. */

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
	st = store_prepare(s, "SELECT year FROM holiday_years ORDER BY year");
	while (sqlite3_step(st) == SQLITE_ROW)
		year_add(&c->years, &c->nyears, sqlite3_column_int(st, 0));
	sqlite3_finalize(st);
	return c;
}

void workcal_free(struct workcal *c)
{
	if (!c)
		return;
	free(c->day);
	free(c->workday);
	free(c->years);
	free(c);
}

static int year_of(long day)
{
	int y, m, d;

	clock_civil_from_days(day, &y, &m, &d);
	return y;
}

static bool is_workday(const struct workcal *c, long day, bool *estimated)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->day[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && c->day[lo] == day)
		return c->workday[lo];
	if (estimated && !year_in(c->years, c->nyears, year_of(day)))
		*estimated = true;
	return weekday(day) < 5;
}

bool workcal_is_workday(const struct workcal *c, const char *date, bool *estimated)
{
	long d;

	return parse_day(date, &d) && is_workday(c, d, estimated);
}

int workcal_between(const struct workcal *c, const char *from, const char *to, bool *estimated)
{
	long a, b;
	int n = 0;

	if (!parse_day(from, &a) || !parse_day(to, &b))
		return -1;
	for (long d = a + 1; d <= b; d++)
		n += is_workday(c, d, estimated);
	return n;
}

bool workcal_add(const struct workcal *c, const char *from, int n, char out[11], bool *estimated)
{
	long d;

	if (!parse_day(from, &d))
		return false;
	while (n > 0)
		n -= is_workday(c, ++d, estimated);
	day_text(d, out);
	return true;
}

bool workcal_covers(const struct workcal *c, const char *date)
{
	long d;

	return parse_day(date, &d) && year_in(c->years, c->nyears, year_of(d));
}

bool workcal_covered_until(const struct workcal *c, const char *today, char out[11])
{
	long d;
	int y, last = 0;

	out[0] = '\0';
	if (!parse_day(today, &d))
		return false;
	y = year_of(d);
	if (year_in(c->years, c->nyears, y)) {
		last = y;
		while (year_in(c->years, c->nyears, last + 1))
			last++;
	} else {
		for (size_t i = 0; i < c->nyears && c->years[i] < y; i++)
			last = c->years[i];
	}
	if (!last)
		return false;
	day_text(clock_days_from_civil(last, 12, 31), out);
	return true;
}

char *workcal_warning(const struct workcal *c, const char *today)
{
	char day[11], until[11];
	long t, u;

	if (!today) {
		clock_today(day);
		today = day;
	}
	if (!parse_day(today, &t))
		return NULL;
	if (!workcal_covered_until(c, today, until)) {
		if (!c->nyears)
			return xstrdup("节假日日历是空的: 工作日按周一至周五估算, 期限标 (估)。");
		return xasprintf("节假日日历没有 %d 年: 工作日按周一至周五估算, 期限标 (估)。", year_of(t));
	}
	parse_day(until, &u);
	if (u >= t + WORKDAYS_AHEAD)
		return NULL;
	return xasprintf("节假日日历只到 %s: 其后的工作日按周一至周五估算, 期限标 (估)。", until);
}

char *workdays_warning(struct store *s, const char *today)
{
	char *why = NULL, *w;
	struct workcal *c;

	workdays_ensure(s, &why);   /* a missing shipped file leaves the calendar as it is */
	free(why);
	c = workcal_load(s);
	w = workcal_warning(c, today);
	workcal_free(c);
	return w;
}

char *workdays_warning_of(const char *db_path, const char *today, char **err)
{
	struct store *m = store_open_memory(err);
	char *w = NULL, *attach;
	bool ok;

	if (!m)
		return NULL;
	attach = sqlite3_mprintf("ATTACH 'file:%q?mode=ro' AS branch", db_path);
	ok = store_exec(m, attach) &&
	     store_exec(m, "INSERT INTO holidays SELECT * FROM branch.holidays;"
			   "INSERT INTO holiday_years SELECT * FROM branch.holiday_years;"
			   "INSERT INTO sync_state SELECT * FROM branch.sync_state WHERE key = 'holidays.sha256';"
			   "DETACH branch");
	sqlite3_free(attach);
	if (!ok)
		*err = xasprintf("%s: 无法读取节假日日历: %s", db_path, store_errmsg(m));
	else
		w = workdays_warning(m, today);
	store_close(m);
	return w;
}
