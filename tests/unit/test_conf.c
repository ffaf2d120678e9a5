/* test_conf.c - certdesk.conf parsing: defaults, values, line-numbered errors. */
#include "testutil.h"

static char *write_conf(const char *dir, const char *text)
{
	char *p = xasprintf("%s/c.conf", dir);
	FILE *f = fopen(p, "w");

	fputs(text, f);
	fclose(f);
	return p;
}

static void defaults_without_file(void **state)
{
	char *err = NULL;
	struct conf *c = conf_load(NULL, &err);

	(void)state;
	assert_non_null(c);
	assert_string_equal(conf_str(c, "branch.code"), "0001");
	assert_int_equal(conf_int(c, "security.lockout_attempts"), 5);
	assert_false(conf_bool(c, "ui.qr_ascii"));
	conf_free(c);
}

static void values_sections_comments_and_relative_paths(void **state)
{
	char *dir = tu_tmpdir(), *err = NULL;
	char *p = write_conf(dir, "# comment\n[branch]\ncode = 0755\nname = 福田网点 \n\n; also comment\n"
				  "[store]\ndatabase = db/x.db\n[ui]\nqr_ascii = yes\n");
	struct conf *c = conf_load(p, &err);
	char *want = xasprintf("%s/db/x.db", dir);

	(void)state;
	assert_non_null(c);
	assert_string_equal(conf_str(c, "branch.code"), "0755");
	assert_string_equal(conf_str(c, "branch.name"), "福田网点");
	assert_string_equal(conf_str(c, "store.database"), want);
	assert_true(conf_bool(c, "ui.qr_ascii"));
	conf_free(c);
	free(want);
	free(p);
	tu_rmrf(dir);
	free(dir);
}

static void error_names_file_and_line(const char *text, int line, const char *needle)
{
	char *dir = tu_tmpdir(), *err = NULL;
	char *p = write_conf(dir, text);
	struct conf *c = conf_load(p, &err);
	char *where = xasprintf("%s:%d:", p, line);

	assert_null(c);
	assert_non_null(err);
	assert_non_null(strstr(err, where));
	assert_non_null(strstr(err, needle));
	free(err);
	free(where);
	free(p);
	tu_rmrf(dir);
	free(dir);
}

static void unknown_key_is_an_error(void **state)
{
	(void)state;
	error_names_file_and_line("[branch]\ncode = 0001\ncolour = red\n", 3, "未知的配置项");
}

static void unknown_section_is_an_error(void **state)
{
	(void)state;
	error_names_file_and_line("[nosuch]\ncode = 1\n", 2, "未知的配置项");
}

static void bad_values_are_errors(void **state)
{
	(void)state;
	error_names_file_and_line("[branch]\ncode = 12a4\n", 2, "4 位数字");
	error_names_file_and_line("\n[sync]\ninterval = -3\n", 3, "非负整数");
	error_names_file_and_line("[ui]\nqr_ascii = maybe\n", 2, "yes 或 no");
	error_names_file_and_line("[store]\njournal = memory\n", 2, "auto");
}

static void syntax_errors(void **state)
{
	(void)state;
	error_names_file_and_line("code = 1\n", 1, "之前");
	error_names_file_and_line("[branch\n", 1, "节名");
	error_names_file_and_line("[branch]\njust words\n", 2, "key = value");
}

static void missing_file_is_an_error(void **state)
{
	char *err = NULL;

	(void)state;
	assert_null(conf_load("/nonexistent/certdesk.conf", &err));
	assert_non_null(strstr(err, "无法打开"));
	free(err);
}

static void load_all_reports_every_problem_and_keeps_going(void **state)
{
	char *dir = tu_tmpdir();
	char *p = write_conf(dir, "[branch]\ncode = 0755\ncolour = blue\n[nosuch\nx = 1\n[security]\n"
				  "lockout_attempts = many\njunk line\nlockout_minutes = 7\n");
	struct conf_problems pr = { 0 };
	struct conf *c = conf_load_all(p, &pr);
	char *want;

	(void)state;
	assert_int_equal(pr.n, 4);   /* colour, [nosuch (its key skipped), many, junk */
	want = xasprintf("%s:3: 未知的配置项 [branch] colour", p);
	assert_string_equal(pr.v[0].message, want);
	free(want);
	assert_int_equal(pr.v[1].line, 4);
	assert_non_null(strstr(pr.v[1].message, "节名格式错误"));
	assert_int_equal(pr.v[2].line, 7);
	assert_int_equal(pr.v[3].line, 8);
	/* good lines around them count; a bad value keeps its default */
	assert_string_equal(conf_str(c, "branch.code"), "0755");
	assert_int_equal(conf_int(c, "security.lockout_minutes"), 7);
	assert_int_equal(conf_int(c, "security.lockout_attempts"), 5);
	assert_int_equal(conf_line(c, "security.lockout_minutes"), 9);
	assert_int_equal(conf_line(c, "branch.name"), 0);
	conf_problems_release(&pr);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_without_file),
		cmocka_unit_test(values_sections_comments_and_relative_paths),
		cmocka_unit_test(unknown_key_is_an_error),
		cmocka_unit_test(unknown_section_is_an_error),
		cmocka_unit_test(bad_values_are_errors),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(missing_file_is_an_error),
		cmocka_unit_test(load_all_reports_every_problem_and_keeps_going),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
