/* test_export.c - the .xlsx export: text cleaned to valid UTF-8, the file
 * written whole or not at all, the audit record (who, filters, rows). The
 * workbook's content is checked by an independent reader in
 * tests/e2e/test_export.sh. */
#include "fixture.h"

#include <sys/stat.h>

#include "export/xlsx.h"
#include "store/orders.h"

static void text_is_cleaned_to_valid_utf8(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "深圳市某某科技有限公司", "深圳市某某科技有限公司" },
		{ "ok\xff", "ok\xEF\xBF\xBD" },                      /* invalid byte */
		{ "\xe6\xb7", "\xEF\xBF\xBD\xEF\xBF\xBD" },           /* truncated sequence */
		{ "\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD" },           /* overlong '/' */
		{ "\xed\xa0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" }, /* a surrogate */
		{ "a\x01" "b\tc\nd", "a\xEF\xBF\xBD" "b\tc\nd" },      /* control characters XML refuses */
		{ "\xef\xbf\xbe", "\xEF\xBF\xBD" },                   /* U+FFFE */
		{ "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },           /* 4-byte sequences stay */
		{ "", "" },
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		s = xlsx_text_clean(cases[i].in, 1000);
		assert_string_equal(s, cases[i].out);
		free(s);
	}
	s = xlsx_text_clean("中文字", 7);                       /* never cut inside a character */
	assert_string_equal(s, "中文");
	free(s);
	assert_null(xlsx_text_clean(NULL, 10));
}

static void export_writes_the_file_and_audits_who_what_how_many(void **state)
{
	struct fx *f = *state;
	struct order_filter flt;
	char *err = NULL, *path = xasprintf("%s/out.xlsx", f->dir), *part = xasprintf("%s.part", path);
	long rows = -1;
	struct stat sb;
	char *detail;

	for (int i = 0; i < 5; i++)
		fx_pending(f, "深圳市导出科技有限公司", "X1");
	fx_draft(f, f->clerk2, "深圳市\xff坏字节公司", "X2");      /* invalid UTF-8 must not corrupt the file */
	order_filter_init(&flt);
	flt.status = ST_PENDING;
	fx_ok(xlsx_export(f->s, &flt, path, f->sup, NULL, &rows, &err), err);
	assert_int_equal(rows, 5);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(sb.st_size > 1000);
	assert_int_not_equal(stat(part, &sb), 0);
	detail = store_get_text(f->s, "SELECT detail FROM audit_log WHERE action = 'export.xlsx' AND operator_id = ?",
				"3");
	assert_non_null(detail);
	assert_non_null(strstr(detail, "状态 待审核"));
	assert_non_null(strstr(detail, "行数: 5"));
	free(detail);
	order_filter_init(&flt);
	fx_ok(xlsx_export(f->s, &flt, path, 0, "cli:test", &rows, &err), err);
	assert_int_equal(rows, 6);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE action = 'export.xlsx' "
					    "AND actor = 'cli:test' AND detail LIKE '筛选: 全部%'", NULL, 0), 1);
	free(part);
	free(path);
}

static void failed_export_leaves_nothing_behind(void **state)
{
	struct fx *f = *state;
	struct order_filter flt;
	char *err = NULL, *path = xasprintf("%s/no-such-dir/out.xlsx", f->dir);
	long rows;

	order_filter_init(&flt);
	assert_false(xlsx_export(f->s, &flt, path, f->sup, NULL, &rows, &err));
	assert_non_null(err);
	free(err);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE action = 'export.xlsx'", NULL, 0), 0);
	flt.from = "yesterday";
	assert_false(xlsx_export(f->s, &flt, path, f->sup, NULL, &rows, &err));
	assert_non_null(strstr(err, "开始时间"));
	free(err);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_cleaned_to_valid_utf8),
		cmocka_unit_test_setup_teardown(export_writes_the_file_and_audits_who_what_how_many, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(failed_export_leaves_nothing_behind, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
