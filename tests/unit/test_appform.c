/* test_appform.c - the application form: values, missing values, preview, PDF,
 * the fee table, and the print records (first print, reprint, changed data). */
#include "testutil.h"

#include <glib.h>
#include <sys/stat.h>

#include "core/fees.h"
#include "print/appform.h"
#include "print/formprint.h"
#include "store/app.h"
#include "store/operator.h"

/* Under the sanitizers: fontconfig keeps its configuration for the life of
 * the process (FcFini would free it, but libfontconfig is not linked
 * directly), and cairo 1.16 leaks an array of 768 bytes while it writes the
 * Type 3 fonts of each PDF (in cairo_surface_finish). Full stacks are needed
 * to match that function, or the library when nothing names it. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	/* by library too: without llvm-symbolizer (a minimal machine) clang's
	 * sanitizer cannot name cairo's functions */
	return "leak:libfontconfig.so\nleak:cairo_surface_finish\nleak:libcairo.so\n";
}

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	long long clerk, app;
	char appno[APPNO_LEN + 1];
};

static const char *const filled[][2] = {
	{ "cert_type", "机构个人证书" },
	{ "org_name", "深圳市前海示例科技发展有限公司" },
	{ "org_doc_type", "统一社会信用代码证" },
	{ "org_doc_no", "91440300MA5DC6QX9U" },
	{ "org_region", "440304" },
	{ "org_address", "福华三路 88 号财富大厦 21 层" },
	{ "legal_name", "张堃" },
	{ "legal_id", "440304198001011234" },
	{ "agent_name", "吉𠮷祥" },
	{ "agent_id", "44030419900202123X" },
	{ "agent_mobile", "13800138000" },
	{ "agent_email", "agent@example.com" },
	{ "applicant_name", "李四" },
	{ "applicant_id", "440304199503031234" },
	{ "applicant_mobile", "13900139000" },
	{ "applicant_email", "li.si@example.com" },
};

static void set(struct fx *f, const char *col, const char *v)
{
	char *err = NULL;

	if (!app_set_field(f->s, f->app, col, v, f->clerk, &err))
		fail_msg("app_set_field %s: %s", col, err);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *err = NULL;
	struct operator op;

	f->dir = tu_tmpdir();
	f->c = tu_conf(f->dir);
	f->s = tu_store(f->c);
	assert_true(operator_add(f->s, f->c, "clerk1", "柜员一", ROLE_CLERK, "passw0rd1", &err));
	assert_true(operator_find(f->s, "clerk1", &op));
	f->clerk = op.id;
	operator_release(&op);
	f->app = app_create_draft(f->s, f->c, f->clerk, f->appno, &err);
	assert_true(f->app > 0);
	for (size_t i = 0; i < ARRAY_SIZE(filled); i++)
		set(f, filled[i][0], filled[i][1]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->s);
	conf_free(f->c);
	tu_rmrf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static struct appform *load(struct fx *f)
{
	char *err = NULL;
	struct appform *a = appform_load(f->s, f->c, f->app, &err);

	if (!a)
		fail_msg("appform_load: %s", err);
	return a;
}

static char *preview_text(struct appform *a, int cols)
{
	int n;
	char **lines = appform_preview(a, cols, &n);
	struct strbuf sb;

	sb_init(&sb);
	for (int i = 0; i < n; i++) {
		assert_true(appform_text_width(lines[i]) <= cols);
		sb_adds(&sb, lines[i]);
	}
	appform_lines_free(lines);
	{
		char *out = sb_detach(&sb);
		sb_release(&sb);
		return out;
	}
}

static void complete_application_has_nothing_missing_and_previews_every_value(void **state)
{
	struct fx *f = *state;
	struct appform *a = load(f);
	char *text;

	assert_null(appform_missing(a));
	assert_string_equal(appform_appno(a), f->appno);
	assert_int_equal(strlen(appform_data_hash(a)), 64);
	text = preview_text(a, 1000);
	for (size_t i = 0; i < ARRAY_SIZE(filled); i++)
		if (strcmp(filled[i][0], "org_region"))
			assert_non_null(strstr(text, filled[i][1]));
	assert_non_null(strstr(text, "遗失补办申请"));
	assert_non_null(strstr(text, "100.00 元"));
	assert_non_null(strstr(text, "深圳市电子商务安全证书管理有限公司"));
	assert_null(strchr(text, '{'));
	free(text);
	appform_free(a);
}

static void preview_wraps_to_the_terminal_width_without_splitting_characters(void **state)
{
	struct fx *f = *state;
	struct appform *a;
	int n;
	char **lines;

	set(f, "org_name", "深圳市前海深港现代服务业合作区示例科技发展有限公司第一分公司驻福田区办事处联络处");
	a = load(f);
	lines = appform_preview(a, 40, &n);
	assert_true(n > 20);
	for (int i = 0; i < n; i++) {
		const char *t = lines[i] + strspn(lines[i], " ");

		assert_true(appform_text_width(lines[i]) <= 40);
		assert_true(g_utf8_validate(lines[i], -1, NULL));
		assert_false(str_startswith(t, "，") || str_startswith(t, "。") || str_startswith(t, "）"));
		/* numbers are never split: each ID number is whole on one line */
		if (strstr(lines[i], "4403041980"))
			assert_non_null(strstr(lines[i], "440304198001011234"));
	}
	appform_lines_free(lines);
	appform_free(a);
}

static void missing_required_values_are_named_and_refused(void **state)
{
	struct fx *f = *state;
	struct appform *a;
	unsigned char *pdf = NULL;
	size_t len;
	char *err = NULL;

	set(f, "legal_id", NULL);
	set(f, "agent_name", "");
	set(f, "applicant_email", NULL);
	a = load(f);
	assert_non_null(appform_missing(a));
	assert_non_null(strstr(appform_missing(a), "申请表缺少必填项"));
	assert_non_null(strstr(appform_missing(a), "法定代表人身份证号码"));
	assert_non_null(strstr(appform_missing(a), "经办人信息 姓名"));
	assert_non_null(strstr(appform_missing(a), "申请人信息 常用联系邮箱"));
	/* the agent's name is named once, not again as the declaration's value */
	assert_null(strstr(appform_missing(a), "经办人姓名"));
	assert_false(appform_render(a, &pdf, &len, &err));
	assert_null(pdf);
	assert_string_equal(err, appform_missing(a));
	free(err);
	appform_free(a);
}

static void unknown_certificate_type_names_the_fee_table(void **state)
{
	struct fx *f = *state;
	struct appform *a;

	set(f, "cert_type", "服务器证书");
	a = load(f);
	assert_non_null(appform_missing(a));
	assert_non_null(strstr(appform_missing(a), "data/fees.tsv"));
	assert_non_null(strstr(appform_missing(a), "服务器证书"));
	appform_free(a);
}

static void data_hash_follows_the_printed_values_only(void **state)
{
	struct fx *f = *state;
	struct appform *a = load(f), *b;
	char h1[65];

	strcpy(h1, appform_data_hash(a));
	appform_free(a);
	set(f, "bank_account", "6222020200112233445");      /* not printed on the form */
	b = load(f);
	assert_string_equal(h1, appform_data_hash(b));
	appform_free(b);
	set(f, "org_address", "福华三路 99 号");
	b = load(f);
	assert_string_not_equal(h1, appform_data_hash(b));
	appform_free(b);
}

static void address_gets_the_region_names_once(void **state)
{
	struct fx *f = *state;
	struct appform *a;
	char *text;

	assert_true(store_exec(f->s, "INSERT INTO divisions(code, name, parent, level) VALUES "
				     "('440000','广东省',NULL,1),('440300','深圳市','440000',2),"
				     "('440304','福田区','440300',3)"));
	a = load(f);
	text = preview_text(a, 1000);
	assert_non_null(strstr(text, "广东省深圳市福田区福华三路 88 号"));
	free(text);
	appform_free(a);
	set(f, "org_address", "深圳市福田区福华三路 88 号");  /* already from the city down */
	a = load(f);
	text = preview_text(a, 1000);
	assert_non_null(strstr(text, "广东省深圳市福田区福华三路 88 号"));
	assert_null(strstr(text, "福田区深圳市"));
	free(text);
	appform_free(a);
}

static void renders_one_pdf_page(void **state)
{
	struct fx *f = *state;
	struct appform *a = load(f);
	unsigned char *pdf;
	size_t len;
	char *err = NULL;

	assert_true(appform_render(a, &pdf, &len, &err));
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	assert_non_null(memmem(pdf, len, "/Count 1", 8));
	assert_non_null(memmem(pdf, len, "/MediaBox [ 0 0 595.276 841.89 ]", 32));
	free(pdf);
	appform_free(a);
}

static void values_that_cannot_fit_one_page_are_refused(void **state)
{
	struct fx *f = *state;
	struct strbuf sb;
	struct appform *a;
	unsigned char *pdf = NULL;
	size_t len;
	char *err = NULL;

	sb_init(&sb);
	for (int i = 0; i < 200; i++)
		sb_adds(&sb, "福华三路八十八号财富大厦");
	set(f, "org_address", sb.s);
	sb_release(&sb);
	a = load(f);
	assert_null(appform_missing(a));
	assert_false(appform_render(a, &pdf, &len, &err));
	assert_null(pdf);
	assert_non_null(strstr(err, "无法排在一页 A4 纸上"));
	free(err);
	appform_free(a);
}

static void fee_table_parses_yuan_and_rejects_bad_rows(void **state)
{
	char *dir = tu_tmpdir(), *p = xasprintf("%s/fees.tsv", dir), *err = NULL;
	struct fees fs;
	long cents;
	FILE *fp;

	(void)state;
	assert_true(fees_parse_yuan("12.5", &cents) && cents == 1250);
	assert_true(fees_parse_yuan("0.05", &cents) && cents == 5);
	assert_true(fees_parse_yuan("480", &cents) && cents == 48000);
	assert_false(fees_parse_yuan("1.234", &cents));
	assert_false(fees_parse_yuan("-1", &cents));
	assert_false(fees_parse_yuan("1.", &cents));
	assert_true(fees_load(NULL, &fs, &err));           /* the shipped table */
	assert_non_null(fees_find(&fs, "机构证书"));
	assert_ptr_equal(fees_find(&fs, "organisation"), fees_find(&fs, "机构证书"));
	assert_null(fees_find(&fs, "服务器证书"));
	fees_release(&fs);
	fp = fopen(p, "w");
	fputs("# c\norg\t机构证书\t0.00\t100.00\nperson\t个人证书\tabc\t1\n", fp);
	fclose(fp);
	assert_false(fees_load(p, &fs, &err));
	assert_non_null(strstr(err, "第 3 行"));
	free(err);
	tu_rmrf(dir);
	free(dir);
	free(p);
}

static struct formprint_opts opts_for(struct fx *f, const char *printer)
{
	struct formprint_opts o = { .printer = printer, .operator_id = f->clerk, .actor = "clerk1" };
	return o;
}

static void prints_are_recorded_with_reprints_and_changes(void **state)
{
	struct fx *f = *state;
	struct formprint_opts o = opts_for(f, NULL);      /* [printer] name is empty */
	struct formprint_result r;
	struct formprint_info in;
	char *err = NULL, *pdfdir, *cnt;
	struct stat sb;

	assert_true(formprint_status(f->s, f->c, f->app, &in, &err));
	assert_int_equal(in.state, FORMPRINT_NEVER);
	formprint_info_release(&in);

	assert_true(formprint_run(f->s, f->c, f->app, &o, &r, &err));
	assert_int_equal(r.reprint, 0);
	assert_false(r.changed);
	assert_null(r.printer);
	pdfdir = xasprintf("%s/pdf/", f->dir);
	assert_true(str_startswith(r.pdf_path, pdfdir));
	assert_int_equal(stat(r.pdf_path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_non_null(strstr(r.message, r.pdf_path));
	assert_non_null(strstr(r.message, "未配置打印机"));
	formprint_result_release(&r);

	assert_true(formprint_status(f->s, f->c, f->app, &in, &err));
	assert_int_equal(in.state, FORMPRINT_CURRENT);
	assert_int_equal(in.prints, 1);
	assert_string_equal(in.last_by, "clerk1");
	formprint_info_release(&in);

	assert_true(formprint_run(f->s, f->c, f->app, &o, &r, &err));   /* a reprint, same data */
	assert_int_equal(r.reprint, 1);
	assert_false(r.changed);
	formprint_result_release(&r);

	set(f, "agent_mobile", "13700137000");
	assert_true(formprint_status(f->s, f->c, f->app, &in, &err));
	assert_int_equal(in.state, FORMPRINT_CHANGED);
	formprint_info_release(&in);
	assert_true(formprint_run(f->s, f->c, f->app, &o, &r, &err));
	assert_int_equal(r.reprint, 2);
	assert_true(r.changed);
	assert_non_null(strstr(r.message, "已修改"));
	formprint_result_release(&r);

	cnt = store_get_text(f->s, "SELECT group_concat(reprint || ':' || operator_id || ':' || length(sha256), ',') "
				   "FROM prints WHERE app_id = ?", "1");
	assert_string_equal(cnt, "0:1:64,1:1:64,2:1:64");
	free(cnt);
	cnt = store_get_text(f->s, "SELECT group_concat(action, ',') FROM audit_log WHERE action LIKE 'app.%print'", NULL);
	assert_string_equal(cnt, "app.print,app.reprint,app.reprint");
	free(cnt);
	free(pdfdir);
}

static void failed_printer_records_nothing(void **state)
{
	struct fx *f = *state;
	struct formprint_opts o = opts_for(f, "counter1");
	struct formprint_result r;
	char *err = NULL;

	assert_true(conf_set(f->c, "printer.command", "false", &err));
	assert_false(formprint_run(f->s, f->c, f->app, &o, &r, &err));
	assert_non_null(strstr(err, "申请表未打印"));
	free(err);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM prints", NULL, -1), 0);
	assert_true(conf_set(f->c, "printer.command", "true", &err));
	assert_true(formprint_run(f->s, f->c, f->app, &o, &r, &err));
	assert_string_equal(r.printer, "counter1");
	assert_non_null(strstr(r.message, "counter1"));
	formprint_result_release(&r);
}

static void incomplete_form_is_not_printed(void **state)
{
	struct fx *f = *state;
	struct formprint_opts o = opts_for(f, "");
	struct formprint_result r;
	char *err = NULL;

	set(f, "org_doc_no", NULL);
	assert_false(formprint_run(f->s, f->c, f->app, &o, &r, &err));
	assert_non_null(strstr(err, "单位基本信息 证件号码"));
	free(err);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM prints", NULL, -1), 0);
}

/* A field the form marks `print` is printed in the layout's `extra` section
 * with its label (one the layout prints already is not printed twice); no
 * such field, no section; its value is part of the data hash. */
static const char *extra_value;

static char *extra_column(void *ud, const char *column)
{
	(void)ud;
	if (!strcmp(column, "org_industry"))
		return extra_value ? xstrdup(extra_value) : NULL;
	for (size_t i = 0; i < ARRAY_SIZE(filled); i++)
		if (!strcmp(filled[i][0], column))
			return xstrdup(filled[i][1]);
	return NULL;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void print_fields_go_to_the_extra_section(void **state)
{
	struct fx *f = *state;
	static const struct appform_extra extra[] = {
		{ "所属行业", "org_industry", false },
		{ "机构名称", "org_name", true },          /* a field line of the layout prints it */
	};
	struct appform_source src = { extra_column, NULL, NULL, extra, ARRAY_SIZE(extra) };
	struct appform_source none = { extra_column, NULL, NULL, NULL, 0 };
	char *err = NULL, *text, h1[65];
	struct appform *a;

	extra_value = "软件和信息技术服务业";
	a = appform_build(f->c, f->appno, "2026-11-25", &src, &err);
	if (!a)
		fail_msg("appform_build: %s", err);
	text = preview_text(a, 200);
	assert_non_null(strstr(text, "【其他信息】（补充信息）"));
	assert_non_null(strstr(text, "所属行业：软件和信息技术服务业"));
	assert_int_equal(count(text, "机构名称："), 1);
	/* the section stands where the layout's extra line is: before the declaration */
	assert_true(strstr(text, "【其他信息】") < strstr(text, "【申请单位法定代表人授权委托及单位声明】"));
	free(text);
	strcpy(h1, appform_data_hash(a));
	appform_free(a);

	extra_value = "制造业";
	a = appform_build(f->c, f->appno, "2026-11-25", &src, &err);
	assert_non_null(a);
	assert_string_not_equal(h1, appform_data_hash(a));
	appform_free(a);

	a = appform_build(f->c, f->appno, "2026-11-25", &none, &err);
	assert_non_null(a);
	text = preview_text(a, 200);
	assert_null(strstr(text, "其他信息"));
	free(text);
	appform_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(complete_application_has_nothing_missing_and_previews_every_value, setup,
						teardown),
		cmocka_unit_test_setup_teardown(preview_wraps_to_the_terminal_width_without_splitting_characters, setup,
						teardown),
		cmocka_unit_test_setup_teardown(missing_required_values_are_named_and_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_certificate_type_names_the_fee_table, setup, teardown),
		cmocka_unit_test_setup_teardown(data_hash_follows_the_printed_values_only, setup, teardown),
		cmocka_unit_test_setup_teardown(address_gets_the_region_names_once, setup, teardown),
		cmocka_unit_test_setup_teardown(renders_one_pdf_page, setup, teardown),
		cmocka_unit_test_setup_teardown(values_that_cannot_fit_one_page_are_refused, setup, teardown),
		cmocka_unit_test(fee_table_parses_yuan_and_rejects_bad_rows),
		cmocka_unit_test_setup_teardown(prints_are_recorded_with_reprints_and_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_printer_records_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(incomplete_form_is_not_printed, setup, teardown),
		cmocka_unit_test_setup_teardown(print_fields_go_to_the_extra_section, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	appform_shutdown();
	return rc;
}
