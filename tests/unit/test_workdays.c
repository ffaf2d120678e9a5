/* test_workdays.c - the working-day calendar: the shipped notices, `import
 * holidays` (good files, every kind of bad line with its line number, nothing
 * changed on error, years added and replaced, the shipped file never over an
 * imported year), coverage and its warning, estimation past the calendar's
 * end. The clock is pinned (CERTDESK_NOW) for the calls that take today from it.
 *
 * The 2027 and 2030 files below are made up for the tests (no such notice is
 * assumed); the 2018-12/2019 lines are those of 国办发明电〔2018〕15号. */
#include "fixture.h"

#include <iconv.h>

#include "core/clock.h"
#include "core/paths.h"
#include "store/workdays.h"

#define PINNED_NOW "2026-12-06T10:00:00+08:00"   /* a Sunday, 25 days before the shipped calendar ends */

static int setup(void **state)
{
	char *err = NULL;

	setenv("CERTDESK_NOW", PINNED_NOW, 1);
	if (!clock_init(NULL, &err)) {
		fprintf(stderr, "clock_init: %s\n", err);
		return -1;
	}
	return fx_setup(state);
}

static char *put(struct fx *f, const char *name, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	fclose(fp);
	return path;
}

static char *put_text(struct fx *f, const char *name, const char *text)
{
	return put(f, name, text, strlen(text));
}

static void ok_or_fail(bool ok, char *err, const struct holiday_import *r)
{
	if (!ok) {
		fprintf(stderr, "refused: %s\n", err ? err : "?");
		for (size_t i = 0; r && i < r->nproblems; i++)
			fprintf(stderr, "  line %ld: %s\n", r->problems[i].line, r->problems[i].reason);
		free(err);
		fail();
	}
}

static long long count(struct fx *f, const char *sql)
{
	return store_get_int(f->s, sql, NULL, -1);
}

static bool workday(const struct workcal *c, const char *d)
{
	bool est = false;
	bool w = workcal_is_workday(c, d, &est);

	assert_false(est);
	return w;
}

/* A made-up 2027 calendar: 元旦 01-01..03 (Fri..Sun), a worked Saturday
 * 02-06, 春节 02-07..13 — test data, not a notice. CRLF, a BOM, comments. */
static const char made_up_2027[] =
	"\xef\xbb\xbf# test calendar, not a notice\r\n"
	"\r\n"
	"2027-01-01\t0\t元旦\r\n"
	"2027-01-02\t0\t元旦\r\n"          /* a Saturday marked 0: allowed (inside the holiday) */
	"2027-01-03\t0\t元旦\r\n"
	"2027-02-06\t1\t春节调休上班\r\n"
	"2027-02-07\t0\t春节\r\n"
	"2027-02-08\t0\t春节\r\n"
	"2027-02-09\t0\t春节\r\n"
	"2027-02-10\t0\t春节\r\n"
	"2027-02-11\t0\t春节\r\n"
	"2027-02-12\t0\t春节\r\n"
	"2027-02-13\t0\t春节\r\n";

static void shipped_calendar_follows_the_notices(void **state)
{
	struct fx *f = *state;
	char *err = NULL, due[11], until[11];
	struct workcal *cal;
	bool est = false;

	ok_or_fail(workdays_ensure(f->s, &err), err, NULL);
	assert_true(count(f, "SELECT COUNT(*) FROM holidays") > 50);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years WHERE source = 'shipped'"), 2);
	ok_or_fail(workdays_ensure(f->s, &err), err, NULL);          /* unchanged file: no re-import */
	cal = workcal_load(f->s);
	assert_false(workday(cal, "2026-02-16"));   /* 春节 */
	assert_true(workday(cal, "2026-02-14"));    /* Saturday 调休 workday */
	assert_true(workday(cal, "2026-11-25"));    /* an ordinary Wednesday */
	assert_false(workday(cal, "2026-11-28"));   /* an ordinary Saturday */
	assert_true(workday(cal, "2026-11-30"));    /* an ordinary Monday */
	assert_false(workday(cal, "2025-10-08"));   /* 国庆节、中秋节 2025: a Wednesday off */
	assert_true(workday(cal, "2025-10-11"));    /* its worked Saturday */
	assert_false(workcal_is_workday(cal, "2026-02-30", NULL));   /* not a date */
	assert_false(workcal_is_workday(cal, "+026-01-05", NULL));
	/* 09-30 .. 10-08 (the day after 国庆节), 10-09 */
	assert_int_equal(workcal_between(cal, "2026-09-30", "2026-10-09", &est), 2);
	assert_int_equal(workcal_between(cal, "2026-10-09 17:00:00", "2026-10-09", &est), 0);
	assert_int_equal(workcal_between(cal, "2026-10-09T17:00:00+08:00", "2026-10-13", &est), 3);   /* 10 (Sat, worked), 12, 13 */
	assert_true(workcal_add(cal, "2026-02-13", 3, due, &est));   /* Fri before 春节: 14 (Sat, worked), 24, 25 */
	assert_string_equal(due, "2026-02-25");
	assert_true(workcal_add(cal, "2026-10-09", 1, due, &est));   /* the day after a holiday week: Sat 10-10 is worked */
	assert_string_equal(due, "2026-10-10");
	assert_true(workcal_add(cal, "2026-11-28", 3, due, &est));   /* from a Saturday: Mon, Tue, Wed */
	assert_string_equal(due, "2026-12-02");
	assert_true(workcal_add(cal, "2026-11-30", 3, due, &est));   /* from a Monday */
	assert_string_equal(due, "2026-12-03");
	assert_false(est);
	assert_true(workcal_covers(cal, "2025-06-01"));
	assert_true(workcal_covers(cal, "2026-12-31"));
	assert_false(workcal_covers(cal, "2027-01-01"));
	assert_true(workcal_covered_until(cal, "2025-03-01", until));
	assert_string_equal(until, "2026-12-31");
	workcal_free(cal);
}

static void estimated_past_the_end_of_the_calendar(void **state)
{
	struct fx *f = *state;
	char *err = NULL, due[11];
	struct workcal *cal;
	bool est = false;

	ok_or_fail(workdays_ensure(f->s, &err), err, NULL);
	cal = workcal_load(f->s);
	/* within 2026: exact */
	assert_true(workcal_add(cal, "2026-12-24", 3, due, &est));   /* Thu: 25, 28, 29 */
	assert_string_equal(due, "2026-12-29");
	assert_false(est);
	assert_int_equal(workcal_between(cal, "2026-12-01", "2026-12-31", &est), 22);
	assert_false(est);
	/* from Wednesday 12-30: 12-31, then 2027 counted as Monday to Friday */
	assert_true(workcal_add(cal, "2026-12-30", 3, due, &est));
	assert_string_equal(due, "2027-01-04");
	assert_true(est);
	est = false;
	assert_int_equal(workcal_between(cal, "2026-12-30", "2027-01-05", &est), 4);
	assert_true(est);
	est = false;
	assert_true(workcal_is_workday(cal, "2027-01-01", &est));    /* surely 元旦, but no notice is loaded */
	assert_true(est);
	est = false;
	assert_false(workcal_is_workday(cal, "2027-01-02", &est));   /* a Saturday: estimated as off */
	assert_true(est);
	/* NULL: no flag wanted */
	assert_true(workcal_add(cal, "2026-12-30", 3, due, NULL));
	assert_string_equal(due, "2027-01-04");
	workcal_free(cal);
}

static void warning_when_the_next_30_days_are_not_covered(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *w, until[11];
	struct workcal *cal = workcal_load(f->s);

	w = workcal_warning(cal, "2026-12-06");         /* nothing loaded yet */
	assert_non_null(strstr(w, "节假日日历是空的"));
	free(w);
	workcal_free(cal);
	ok_or_fail(workdays_ensure(f->s, &err), err, NULL);
	cal = workcal_load(f->s);
	assert_null(workcal_warning(cal, "2026-11-28"));   /* a Saturday, 33 days before the end */
	assert_null(workcal_warning(cal, "2026-12-01"));   /* covered to exactly 30 days ahead */
	w = workcal_warning(cal, "2026-12-02");
	assert_non_null(w);
	assert_non_null(strstr(w, "只到 2026-12-31"));
	assert_non_null(strstr(w, "(估)"));
	free(w);
	w = workcal_warning(cal, "2027-01-04");             /* a Monday past the end */
	assert_non_null(strstr(w, "只到 2026-12-31"));
	free(w);
	assert_true(workcal_covered_until(cal, "2027-01-04", until));
	assert_string_equal(until, "2026-12-31");
	assert_false(workcal_covered_until(cal, "2024-05-01", until));
	assert_string_equal(until, "");
	w = workcal_warning(cal, NULL);                     /* the pinned clock: 2026-12-06 */
	assert_non_null(strstr(w, "只到 2026-12-31"));
	free(w);
	workcal_free(cal);
	w = workdays_warning(f->s, NULL);
	assert_non_null(strstr(w, "2026-12-31"));
	free(w);
	assert_null(workdays_warning(f->s, "2026-10-09"));
}

static void import_adds_a_year_and_lifts_the_warning(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *path = put_text(f, "h2027.tsv", made_up_2027), due[11], until[11], *w;
	struct holiday_import r;
	struct workcal *cal;
	bool est = false;

	ok_or_fail(workdays_ensure(f->s, &err), err, NULL);
	ok_or_fail(workdays_import(f->s, path, "shell:tester", NULL, &r, &err), err, &r);
	assert_string_equal(r.encoding, "UTF-8");
	assert_int_equal(r.nproblems, 0);
	assert_int_equal(r.nyears, 1);
	assert_int_equal(r.years[0].year, 2027);
	assert_int_equal(r.years[0].days_off, 10);
	assert_int_equal(r.years[0].workdays, 1);
	assert_string_equal(r.years[0].previous, "");
	holiday_import_release(&r);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years WHERE year = 2027 AND source = 'import'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holidays WHERE year = 2027"), 11);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holidays WHERE name LIKE '%\r%' OR name LIKE '%\xef\xbb\xbf%'"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import.holidays' AND actor = 'shell:tester' "
				  "AND detail LIKE '2027 年: 放假 10 天, 调休上班 1 天'"), 1);
	cal = workcal_load(f->s);
	assert_true(workcal_covered_until(cal, "2026-12-06", until));
	assert_string_equal(until, "2027-12-31");
	assert_null(workcal_warning(cal, "2026-12-06"));
	w = workcal_warning(cal, "2027-12-10");
	assert_non_null(strstr(w, "只到 2027-12-31"));
	free(w);
	assert_true(workcal_add(cal, "2026-12-30", 3, due, &est));   /* 12-31, (01-01 元旦 off, weekend), 01-04, 01-05 */
	assert_string_equal(due, "2027-01-05");
	assert_false(est);
	assert_true(workday(cal, "2027-02-06"));
	assert_false(workday(cal, "2027-02-08"));
	workcal_free(cal);
	free(path);
}

static void every_bad_line_is_reported_and_nothing_changes(void **state)
{
	struct fx *f = *state;
	static const char text[] =
		"# a sysadmin's first try\n"                     /* 1 */
		"2027-01-01\t0\t元旦\n"                           /* 2 */
		"2027-01-04 0 元旦\n"                             /* 3: spaces */
		"2027/01/05\t0\t元旦\n"                           /* 4: date format */
		"2027-02-30\t0\t春节\n"                           /* 5: no such day */
		"2027-02-06\t2\t春节\n"                           /* 6: flag */
		"2027-03-03\t1\t调休上班\n"                       /* 7: a Wednesday marked worked */
		"2027-02-07\t0\t春节\n"                           /* 8 */
		"2027-02-07\t0\t春节\n"                           /* 9: duplicate of 8 */
		"2027-02-08\t0\n"                                 /* 10: no name */
		"2026-05-01\t0\t劳动节\n"                         /* 11: a year the file does not hold */
		"2027-02-09\t0\t春\x1b[2J节\n"                    /* 12: control characters */
		"2027-02-10\t0\t春节\t多余\n"                     /* 13: a fourth column */
		"2026-12-20\t0\t元旦\n"                           /* 14: too early for the 元旦 break */
		"2027-02-11\t0\t春节\n";                          /* 15: fine */
	static const struct {
		long line;
		const char *says;
	} want[] = {
		{ 3, "制表符" },
		{ 4, "YYYY-MM-DD" },
		{ 5, "2027-02-30 不存在" },
		{ 6, "0 (放假) 或 1 (调休上班)" },
		{ 7, "2027-03-03 是星期三" },
		{ 9, "2027-02-07 与第 8 行重复" },
		{ 10, "缺少第三列" },
		{ 11, "2026-05-01 不属于文件中的任何一年" },
		{ 12, "控制字符" },
		{ 13, "列数过多" },
		{ 14, "2026-12-20 不属于" },
	};
	char *err = NULL, *path = put_text(f, "bad.tsv", text);
	struct holiday_import r;
	long long days, years, audits;

	ok_or_fail(workdays_ensure(f->s, &err), err, NULL);
	days = count(f, "SELECT COUNT(*) FROM holidays");
	years = count(f, "SELECT COUNT(*) FROM holiday_years");
	audits = count(f, "SELECT COUNT(*) FROM audit_log");
	assert_false(workdays_import(f->s, path, "shell:tester", "2026-12-06", &r, &err));
	assert_non_null(strstr(err, "11 处错误, 没有导入任何内容"));
	free(err);
	assert_int_equal(r.nproblems, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		assert_int_equal(r.problems[i].line, want[i].line);
		if (!strstr(r.problems[i].reason, want[i].says)) {
			fprintf(stderr, "line %ld: \"%s\" lacks \"%s\"\n", want[i].line, r.problems[i].reason, want[i].says);
			fail();
		}
	}
	assert_int_equal(r.nyears, 0);
	holiday_import_release(&r);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holidays"), days);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years"), years);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holidays WHERE year = 2027"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), audits);
	free(path);
}

/* Import PATH (freed), which must be refused; the problems in *r (the
 * caller releases it), the message returned (the caller frees it). */
static char *refused(struct fx *f, char *path, struct holiday_import *r)
{
	char *err = NULL;

	assert_false(workdays_import(f->s, path, "t", NULL, r, &err));
	assert_non_null(err);
	free(path);
	return err;
}

static void years_too_far_ahead_empty_and_unreadable_files_are_refused(void **state)
{
	struct fx *f = *state;
	struct holiday_import r;
	char *err;

	/* 2030 on 2026-12-06: no notice comes out three years early (a typo) */
	err = refused(f, put_text(f, "far.tsv", "2030-01-01\t0\t元旦\n2030-02-02\t1\t春节调休上班\n"), &r);
	assert_int_equal(r.nproblems, 1);
	assert_int_equal(r.problems[0].line, 1);
	assert_non_null(strstr(r.problems[0].reason, "2030 年的放假安排不会这么早公布 (今天是 2026-12-06)"));
	holiday_import_release(&r);
	free(err);
	/* a Saturday 1 January marked worked */
	err = refused(f, put_text(f, "jan1.tsv", "2022-01-01\t1\t元旦\n"), &r);
	assert_int_equal(r.nproblems, 1);
	assert_non_null(strstr(r.problems[0].reason, "是元旦"));
	holiday_import_release(&r);
	free(err);
	err = refused(f, put_text(f, "empty.tsv", "# nothing yet\n\n"), &r);
	assert_int_equal(r.nproblems, 0);
	assert_non_null(strstr(err, "没有节假日"));
	holiday_import_release(&r);
	free(err);
	err = refused(f, put(f, "utf16.tsv", "\xff\xfe" "2\0" "0\0", 6), &r);
	assert_non_null(strstr(err, "UTF-16"));
	holiday_import_release(&r);
	free(err);
	err = refused(f, xasprintf("%s/none.tsv", f->dir), &r);
	assert_non_null(strstr(err, "无法读取"));
	holiday_import_release(&r);
	free(err);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import.holidays'"), 0);
}

static void gb18030_file_is_read(void **state)
{
	struct fx *f = *state;
	char in[] = "2027-01-01\t0\t元旦\n2027-02-06\t1\t春节调休上班\n", out[256];
	char *ip = in, *op = out, *err = NULL, *path, *name;
	size_t il = strlen(in), ol = sizeof(out);
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	struct holiday_import r;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	iconv_close(cd);
	path = put(f, "gb.tsv", out, (size_t)(op - out));
	ok_or_fail(workdays_import(f->s, path, "t", "2026-12-06", &r, &err), err, &r);
	assert_string_equal(r.encoding, "GB18030");
	holiday_import_release(&r);
	name = store_get_text(f->s, "SELECT name FROM holidays WHERE day = '2027-02-06'", NULL);
	assert_string_equal(name, "春节调休上班");
	free(name);
	free(path);
}

static void a_notice_may_begin_in_the_previous_december(void **state)
{
	struct fx *f = *state;
	/* 国办发明电〔2018〕15号: 元旦 2018-12-30 .. 2019-01-01, Saturday 2018-12-29 worked */
	char *err = NULL, *path = put_text(f, "h2019.tsv",
					  "2018-12-29\t1\t元旦调休上班\n"
					  "2018-12-30\t0\t元旦\n"
					  "2018-12-31\t0\t元旦\n"
					  "2019-01-01\t0\t元旦\n"
					  "2019-02-02\t1\t春节调休上班\n");
	struct holiday_import r;
	struct workcal *cal;
	bool est = false;

	ok_or_fail(workdays_import(f->s, path, "t", "2018-12-10", &r, &err), err, &r);
	assert_int_equal(r.nyears, 1);
	assert_int_equal(r.years[0].year, 2019);
	assert_int_equal(r.years[0].days_off, 3);
	assert_int_equal(r.years[0].workdays, 2);
	holiday_import_release(&r);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holidays WHERE year = 2019 AND day LIKE '2018-%'"), 3);
	cal = workcal_load(f->s);
	assert_true(workcal_is_workday(cal, "2018-12-29", &est));   /* known from the 2019 notice */
	assert_false(workcal_is_workday(cal, "2018-12-31", &est));
	assert_false(est);
	assert_false(workcal_covers(cal, "2018-12-31"));           /* 2018's own notice is not loaded */
	assert_true(workcal_covers(cal, "2019-01-02"));
	workcal_free(cal);
	free(path);
}

static void shipped_reload_keeps_imported_years(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *shipped = paths_file("data/holidays.tsv");
	/* an administrator's (test) 2026: only 元旦 and 国庆节; 春节 2026-02-16 becomes a working day */
	char *mine = put_text(f, "h2026.tsv", "2026-01-01\t0\t元旦\n2026-10-01\t0\t国庆节\n");
	char *v1 = put_text(f, "v1.tsv", "2025-01-01\t0\t元旦\n2025-01-28\t0\t春节\n"
					 "2026-01-01\t0\t元旦\n2026-02-16\t0\t春节\n");
	char *v2 = put_text(f, "v2.tsv", "2026-01-01\t0\t元旦\n2026-02-16\t0\t春节\n2026-02-17\t0\t春节\n");
	struct holiday_import r;
	struct workcal *cal;

	ok_or_fail(workdays_ensure_from(f->s, v1, &r, &err), err, &r);
	assert_int_equal(r.nyears, 2);
	holiday_import_release(&r);
	ok_or_fail(workdays_import(f->s, mine, "t", NULL, &r, &err), err, &r);
	assert_int_equal(r.nyears, 1);
	assert_string_equal(r.years[0].previous, "shipped");
	holiday_import_release(&r);
	/* a new release: 2025 no longer shipped, 2026 changed - the imported 2026 stays */
	ok_or_fail(workdays_ensure_from(f->s, v2, &r, &err), err, &r);
	assert_int_equal(r.nkept, 1);
	assert_int_equal(r.kept[0], 2026);
	assert_int_equal(r.nyears, 0);
	holiday_import_release(&r);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years WHERE year = 2026 AND source = 'import'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holidays WHERE day LIKE '2025-%'"), 0);
	cal = workcal_load(f->s);
	assert_true(workday(cal, "2026-02-16"));
	assert_false(workday(cal, "2026-10-01"));
	assert_false(workcal_covers(cal, "2025-06-01"));
	workcal_free(cal);
	/* the real shipped file: still the administrator's 2026, and 2025 back */
	ok_or_fail(workdays_ensure_from(f->s, shipped, &r, &err), err, &r);
	assert_int_equal(r.nkept, 1);
	holiday_import_release(&r);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years WHERE source = 'shipped'"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holidays WHERE year = 2026"), 2);
	/* importing a shipped year again makes it the administrator's, replacing the last import */
	ok_or_fail(workdays_import(f->s, shipped, "t", NULL, &r, &err), err, &r);
	assert_int_equal(r.nyears, 2);
	assert_string_equal(r.years[0].previous, "shipped");
	assert_string_equal(r.years[1].previous, "import");
	holiday_import_release(&r);
	assert_true(count(f, "SELECT COUNT(*) FROM holidays WHERE year = 2026") > 30);
	free(shipped);
	free(mine);
	free(v1);
	free(v2);
}

static void a_broken_shipped_file_changes_nothing(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *bad = put_text(f, "broken.tsv", "2026-01-01\t0\t元旦\n2026-13-01\t0\t?\n");

	ok_or_fail(workdays_ensure(f->s, &err), err, NULL);
	assert_false(workdays_ensure_from(f->s, bad, NULL, &err));
	assert_non_null(strstr(err, "第 2 行"));
	free(err);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM holiday_years"), 2);
	free(bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(shipped_calendar_follows_the_notices, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(estimated_past_the_end_of_the_calendar, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(warning_when_the_next_30_days_are_not_covered, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(import_adds_a_year_and_lifts_the_warning, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(every_bad_line_is_reported_and_nothing_changes, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(years_too_far_ahead_empty_and_unreadable_files_are_refused, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(gb18030_file_is_read, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_notice_may_begin_in_the_previous_december, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(shipped_reload_keeps_imported_years, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_broken_shipped_file_changes_nothing, setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
