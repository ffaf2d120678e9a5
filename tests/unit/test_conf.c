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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
