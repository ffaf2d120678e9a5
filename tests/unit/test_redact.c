/* test_redact.c - sensitive values inside free text are masked, the rest kept. */
#include "testutil.h"

#include "core/appno.h"
#include "core/redact.h"

static void expect_redacted(const char *in, const char *want)
{
	char *got = redact_text(in);

	if (strcmp(got, want))
		fprintf(stderr, "redact_text(\"%s\")\n  got  \"%s\"\n  want \"%s\"\n", in, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void id_numbers_are_masked_even_when_mistyped(void **state)
{
	(void)state;
	expect_redacted("身份证 11010519491231002X 已核对", "身份证 110105********002X 已核对");
	expect_redacted("11010519491231002x", "110105********002x");
	expect_redacted("校验码错: 110105194912310021", "校验码错: 110105********0021");
	expect_redacted("旧号 110105491231002", "旧号 110105*****1002");
	expect_redacted("id=11010519491231002X;", "id=110105********002X;");
}

static void mobiles_accounts_and_emails_are_masked(void **state)
{
	(void)state;
	expect_redacted("手机13800138000", "手机138****8000");
	expect_redacted("tel13800138000", "tel138****8000");
	expect_redacted("138-0013-8000 / 138 0013 8000", "138****8000 / 138****8000");
	expect_redacted("账号 6222 0202 0000 1234 567 开户", "账号 ***************4567 开户");
	expect_redacted("6222020200001234567", "***************4567");
	expect_redacted("邮箱 zhang.san@example.com。", "邮箱 z***@example.com。");
	expect_redacted("13800138000@qq.com", "1***@qq.com");
}

/* Found by tests/fuzz/fuzz_redact: the domain of anything shaped like an
 * address was kept as it was, numbers and all. */
static void numbers_in_an_address_domain_are_masked_too(void **state)
{
	(void)state;
	expect_redacted("联系 x@13800138000", "联系 x***@138****8000");
	expect_redacted("a@6222020200001234567.bank.cn", "a***@***************4567.bank.cn");
	expect_redacted("zhang@163.com", "z***@163.com");
}

static void ordinary_text_is_kept(void **state)
{
	char no[APPNO_LEN + 1], *text, *got;

	(void)state;
	expect_redacted("draft -> pending: 资料不清晰", "draft -> pending: 资料不清晰");
	expect_redacted("2026-11-25 10:00:00 app:12 第 2 项", "2026-11-25 10:00:00 app:12 第 2 项");
	expect_redacted("共 2 13800138000", "共 2 138****8000");   /* a lone 2 is not part of the number */
	expect_redacted("邮编 518000 电话 0755-1234", "邮编 518000 电话 0755-1234");
	expect_redacted("备注 @ 符号 a@", "备注 @ 符号 a@");        /* no domain: not an address */
	expect_redacted("", "");
	assert_null(redact_text(NULL));
	/* an application number is not personal data */
	assert_true(appno_format("261125", "0755", 42, no));
	text = xasprintf("申请 %s 已提交", no);
	got = redact_text(text);
	assert_string_equal(got, text);
	free(got);
	free(text);
}

static void control_characters_never_pass(void **state)
{
	(void)state;
	expect_redacted("a\x1b[31mb\x07\n", "a?[31mb??");
	expect_redacted("x\xc2\x9by", "x?y");
}

/* What is not a control character but must not reach a terminal either. */
static void bidi_overrides_and_invalid_utf8_never_pass(void **state)
{
	(void)state;
	expect_redacted("a\xE2\x80\xAE" "b", "a" "\xEF\xBF\xBD" "b");
	expect_redacted("a\xFF\xFE" "b", "a" "\xEF\xBF\xBD\xEF\xBF\xBD" "b");
	expect_redacted("\x1B]0;x\x07 \xC2\x9B", "?]0;x? ?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_numbers_are_masked_even_when_mistyped),
		cmocka_unit_test(mobiles_accounts_and_emails_are_masked),
		cmocka_unit_test(numbers_in_an_address_domain_are_masked_too),
		cmocka_unit_test(ordinary_text_is_kept),
		cmocka_unit_test(control_characters_never_pass),
		cmocka_unit_test(bidi_overrides_and_invalid_utf8_never_pass),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
