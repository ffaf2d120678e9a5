/* test_text.c - the text catalogue: loading, escapes and the errors that name
 * FILE:LINE or the missing key. */
#include "testutil.h"

#include "core/text.h"
#include "core/util.h"

#include <stdio.h>
#include <unistd.h>

static char *write_tmp(const char *body)
{
	char *path = xstrdup("/tmp/test_text_XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(body, f);
	fclose(f);
	return path;
}

static void loads_keys_comments_and_escapes(void **state)
{
	char *path = write_tmp("# comment\n\nmsg.a\t甲\nmsg.b\t一行\\n二行\\s\nmsg.c_2\t\\\\n\r\n");
	char *err = NULL;
	const char *const ok[] = { "msg.a", "msg.b", NULL };
	const char *const missing[] = { "msg.a", "msg.x", NULL };

	(void)state;
	assert_true(text_load(path, &err));
	assert_null(err);
	assert_string_equal(text("msg.a"), "甲");
	assert_string_equal(text("msg.b"), "一行\n二行 ");
	assert_string_equal(text("msg.c_2"), "\\n");
	assert_true(text_has("msg.a"));
	assert_false(text_has("msg"));
	assert_true(text_check(ok, &err));
	assert_false(text_check(missing, &err));
	assert_non_null(strstr(err, "没有键「msg.x」"));
	assert_non_null(strstr(err, path));
	free(err);
	text_unload();
	unlink(path);
	free(path);
}

static void expect_error(const char *body, const char *want)
{
	char *path = write_tmp(body), *err = NULL, *where;

	assert_false(text_load(path, &err));
	assert_non_null(err);
	where = xasprintf("%s:%s", path, want);
	if (!strstr(err, where))
		fail_msg("want \"%s\" in \"%s\"", where, err);
	assert_null(text_path());
	free(where);
	free(err);
	unlink(path);
	free(path);
}

static void bad_lines_name_file_and_line(void **state)
{
	(void)state;
	expect_error("# c\nmsg.a\t甲\nmsg.b 乙\n", "3: 缺少制表符");
	expect_error("msg.a\t甲\nmsg.a\t乙\n", "2: 键「msg.a」重复");
	expect_error("Msg\t甲\n", "1: 键「Msg」无效");
	expect_error("\n\nmsg.a\t\n", "3: 键「msg.a」没有文本");
	expect_error("msg.a\t甲\t乙\n", "1: 文本中有制表符");
}

/* Read like the other data files (core/tabfile): GB18030 converted, a
 * comment after the first text, surrounding blanks trimmed (\s keeps one). */
static void read_as_a_data_file(void **state)
{
	/* "msg.a\t甲乙\n" in GB18030: 甲 = BC D7, 乙 = D2 D2 */
	char *path = write_tmp("msg.a\t\xbc\xd7\xd2\xd2\n  # a comment later\nmsg.b\t  \xb1\xfb\\s  \n");   /* 丙 */
	char *err = NULL;

	(void)state;
	assert_true(text_load(path, &err));
	assert_string_equal(text("msg.a"), "甲乙");
	assert_string_equal(text("msg.b"), "丙 ");
	text_unload();
	unlink(path);
	free(path);
}

static void missing_file_is_an_error(void **state)
{
	char *err = NULL;

	(void)state;
	assert_false(text_load("/nonexistent/text.txt", &err));
	assert_non_null(strstr(err, "无法读取文本目录 /nonexistent/text.txt"));
	free(err);
}

/* text_lookup loads the shipped catalogue on first use and refuses an unknown
 * key with a message (text() would stop the program). */
static void lookup_loads_lazily_and_refuses_unknown_keys(void **state)
{
	char *err = NULL;
	const char *t;

	(void)state;
	text_unload();
	t = text_lookup("hint.pin_delivery", &err);
	assert_null(err);
	assert_non_null(t);
	assert_true(str_startswith(t, "温馨提示："));
	assert_non_null(text_path());
	assert_null(text_lookup("hint.no_such_hint", &err));
	assert_non_null(strstr(err, "没有键「hint.no_such_hint」"));
	assert_non_null(strstr(err, text_path()));
	free(err);
	text_unload();
}

static void shipped_catalogue_loads(void **state)
{
	char *err = NULL;

	(void)state;
	assert_true(text_load(NULL, &err));
	assert_null(err);
	assert_string_equal(text("col.app_no"), "申请单号");
	text_unload();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_keys_comments_and_escapes),
		cmocka_unit_test(bad_lines_name_file_and_line),
		cmocka_unit_test(read_as_a_data_file),
		cmocka_unit_test(missing_file_is_an_error),
		cmocka_unit_test(lookup_loads_lazily_and_refuses_unknown_keys),
		cmocka_unit_test(shipped_catalogue_loads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
