/* test_fees.c - the fee table data/fees.tsv read through core/tabfile:
 * comments and blank lines anywhere, columns split at tabs, and each bad
 * line named by file and line number in Chinese. */
#include "testutil.h"

#include "core/fees.h"

struct fx {
	char *dir, *path;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	f->path = xasprintf("%s/fees.tsv", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_rmrf(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static void write_file(const struct fx *f, const char *text)
{
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* fees_load of TEXT fails with a message holding WANT and the file's name. */
static void assert_refused(const struct fx *f, const char *text, const char *want)
{
	struct fees fs;
	char *err = NULL;

	write_file(f, text);
	assert_false(fees_load(f->path, &fs, &err));
	assert_int_equal(fs.n, 0);
	assert_null(fs.v);
	assert_non_null(err);
	if (!strstr(err, want) || !strstr(err, f->path))
		fail_msg("%s: wanted \"%s\" and the file name", err, want);
	free(err);
}

static void shipped_table_has_the_three_types(void **state)
{
	struct fees fs;
	char *err = NULL;
	const struct fee *fe;

	(void)state;
	assert_true(fees_load(NULL, &fs, &err));
	assert_null(err);
	assert_int_equal(fs.n, 3);
	fe = fees_find(&fs, "organisation");
	assert_non_null(fe);
	assert_string_equal(fe->name, "机构证书");
	assert_int_equal(fe->cert_cents, 0);
	assert_int_equal(fe->media_cents, 10000);
	assert_ptr_equal(fees_find(&fs, "个人证书"), fees_find(&fs, "personal"));
	assert_non_null(fees_find(&fs, "org_personal"));
	assert_null(fees_find(&fs, ""));
	assert_null(fees_find(&fs, NULL));
	fees_release(&fs);
}

static void comments_blank_lines_and_tabs_anywhere(void **state)
{
	struct fx *f = *state;
	struct fees fs;
	char *err = NULL;

	write_file(f, "# 收费表\n"
		      "\n"
		      "org\t机构证书\t0.00\t100.00\r\n"
		      "   # 中间的注释\n"
		      "  \t \n"
		      "person\t\t个人证书\t12.5\t\t80\t\n"          /* two tabs between columns, one at the end */
		      "quote\t\"引号\"证书\t1\t2\n");               /* a quote is an ordinary character */
	assert_true(fees_load(f->path, &fs, &err));
	assert_null(err);
	assert_int_equal(fs.n, 3);
	assert_string_equal(fs.v[0].code, "org");
	assert_int_equal(fs.v[0].media_cents, 10000);
	assert_string_equal(fs.v[1].name, "个人证书");
	assert_int_equal(fs.v[1].cert_cents, 1250);
	assert_int_equal(fs.v[1].media_cents, 8000);
	assert_string_equal(fs.v[2].name, "\"引号\"证书");
	assert_int_equal(fs.v[2].cert_cents + fs.v[2].media_cents, 300);
	fees_release(&fs);
}

static void gb18030_table_is_read_as_utf8(void **state)
{
	struct fx *f = *state;
	struct fees fs;
	char *err = NULL;

	write_file(f, "org\t\xbb\xfa\xb9\xb9\xd6\xa4\xca\xe9\t0\t100\n");   /* 机构证书 in GB18030 */
	assert_true(fees_load(f->path, &fs, &err));
	assert_non_null(fees_find(&fs, "机构证书"));
	fees_release(&fs);
}

static void bad_lines_are_named_by_file_and_line(void **state)
{
	struct fx *f = *state;

	assert_refused(f, "# c\norg\t机构证书\t0.00\t100.00\nperson\t个人证书\tabc\t1\n",
		       "第 3 行格式错误: 应为 代码<Tab>证书类型<Tab>证书金额<Tab>介质费用");
	/* a comment and a blank line count as lines */
	assert_refused(f, "org\t机构证书\t0.00\t100.00\n# c\n\nperson 个人证书 0 1\n", "第 4 行格式错误");
	assert_refused(f, "org\t机构证书\t0.00\n", "第 1 行格式错误");                 /* three columns */
	assert_refused(f, "org\t机构证书\t0.00\t1\t2\n", "第 1 行格式错误");            /* five */
	assert_refused(f, "org\t机构证书\t1.234\t1\n", "第 1 行格式错误");              /* three decimals */
	assert_refused(f, "org\t机构证书\t0\t1\nother\t机构证书\t0\t1\n", "第 2 行: 证书类型重复");
	assert_refused(f, "org\t机构证书\t0\t1\norg\t另一个\t0\t1\n", "第 2 行: 证书类型重复");
	assert_refused(f, "# 只有注释\n\n", "没有任何证书类型");
}

static void unreadable_file_is_named(void **state)
{
	struct fx *f = *state;
	struct fees fs;
	char *err = NULL;

	assert_false(fees_load(f->path, &fs, &err));       /* not written */
	assert_non_null(strstr(err, "收费表"));
	assert_non_null(strstr(err, f->path));
	assert_non_null(strstr(err, "无法读取"));
	assert_int_equal(fs.n, 0);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_table_has_the_three_types),
		cmocka_unit_test_setup_teardown(comments_blank_lines_and_tabs_anywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(gb18030_table_is_read_as_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_lines_are_named_by_file_and_line, setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_file_is_named, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
