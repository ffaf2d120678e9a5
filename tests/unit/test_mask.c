/* test_mask.c - masking of personal information: characters, not bytes. */
#include "testutil.h"

#include "core/mask.h"

/* Compare and free. */
static void is(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void null_in_null_out_and_empty_stays_empty(void **state)
{
	(void)state;
	assert_null(mask_id(NULL));
	assert_null(mask_mobile(NULL));
	assert_null(mask_account(NULL));
	assert_null(mask_email(NULL));
	assert_null(mask_address(NULL));
	assert_null(mask_name(NULL));
	is(mask_id(""), "");
	is(mask_mobile(""), "");
	is(mask_account(""), "");
	is(mask_email(""), "");
	is(mask_address(""), "");
	is(mask_name(""), "");
}

static void id_keeps_region_and_last_four(void **state)
{
	(void)state;
	is(mask_id("11010519491231002X"), "110105********002X");
	is(mask_id("110105491231002"), "110105*****1002");     /* legacy 15 */
	is(mask_id("12345"), "1***5");
	is(mask_id("12"), "**");
}

static void mobile_keeps_three_and_four(void **state)
{
	(void)state;
	is(mask_mobile("13812341234"), "138****1234");
	is(mask_mobile("+86 13812341234"), "+86 138****1234");
	is(mask_mobile("1234567"), "******7");
}

static void account_keeps_only_the_last_four(void **state)
{
	(void)state;
	is(mask_account("6222020200001234"), "************1234");
	is(mask_account("NRA110000001234"), "***********1234");
	is(mask_account("12345"), "*2345");
	is(mask_account("1234"), "****");
}

static void email_hides_the_user_name_and_its_length(void **state)
{
	(void)state;
	is(mask_email("zhangsan@example.com"), "z***@example.com");
	is(mask_email("z@example.com"), "z***@example.com");
	is(mask_email("张三丰@公司.中国"), "张***@公司.中国");
	is(mask_email("@example.com"), "***@example.com");
	is(mask_email("not-an-address"), "n***");
}

static void address_keeps_six_characters(void **state)
{
	(void)state;
	is(mask_address("广东省深圳市福田区深南大道1号"), "广东省深圳市****");
	is(mask_address("Room 1, Lane 2"), "Room 1****");
	is(mask_address("北京市"), "北****");
	is(mask_address("深圳市福田区"), "深圳市****");
}

static void name_keeps_first_and_last_character(void **state)
{
	(void)state;
	is(mask_name("王小明"), "王*明");
	is(mask_name("王明"), "王*");
	is(mask_name("王"), "*");
	is(mask_name("欧阳小明"), "欧**明");
	is(mask_name("阿卜杜·热合曼"), "阿*****曼");
	is(mask_name("𠮷野家"), "𠮷*家");                       /* four-byte character */
	is(mask_name("John Smith"), "J********h");
}

static void control_characters_and_bad_bytes_never_pass_through(void **state)
{
	(void)state;
	is(mask_name("\x1b[31m"), "?***m");
	is(mask_address("ab\x07" "cdefgh"), "ab?cde****");
	is(mask_name("\xff\xfe\xfd"), "?*?");
	is(mask_email("a@b\x1b.com"), "a***@b?.com");
	is(mask_id("\xe4\xb8"), "**");                          /* cut sequence: two characters */
}

/* Found by tests/fuzz/fuzz_mask: sequences with the right shape but not
 * well-formed were kept whole, so the masked text was not UTF-8. */
static void overlongs_surrogates_and_beyond_unicode_become_question_marks(void **state)
{
	(void)state;
	is(mask_name("\xe0\x80\x80"), "?*?");                /* overlong U+0000 */
	is(mask_name("\xc0\xaf"), "?*");                      /* overlong '/' */
	is(mask_name("\xed\xa0\x80"), "?*?");                /* surrogate U+D800 */
	is(mask_name("\xf4\x90\x80\x80"), "?**?");            /* U+110000 */
	is(mask_name("\xf0\x80\x80\x80"), "?**?");            /* overlong four bytes */
	is(mask_address("\xed\x9f\xbf\xf4\x8f\xbf\xbf"), "\xed\x9f\xbf****"); /* U+D7FF, U+10FFFF stay whole */
}

/* Found by tests/fuzz/fuzz_mask: a bidi embedding among the kept characters
 * went out as it was, and could reorder a log line or a list row. */
static void bidi_controls_and_separators_become_question_marks(void **state)
{
	(void)state;
	is(mask_name("\xe2\x80\xae王明"), "?*明");                 /* U+202E RLO */
	is(mask_id("\xe2\x80\xaa" "11010519491231002X"), "?11010*********002X"); /* U+202A LRE */
	is(mask_address("深圳\xe2\x81\xa6福田\xe2\x80\xa8区"), "深圳?福田?****");  /* U+2066, U+2028 */
	is(mask_email("a@b\xe2\x81\xa9.cn"), "a***@b?.cn");          /* U+2069 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(null_in_null_out_and_empty_stays_empty),
		cmocka_unit_test(id_keeps_region_and_last_four),
		cmocka_unit_test(mobile_keeps_three_and_four),
		cmocka_unit_test(account_keeps_only_the_last_four),
		cmocka_unit_test(email_hides_the_user_name_and_its_length),
		cmocka_unit_test(address_keeps_six_characters),
		cmocka_unit_test(name_keeps_first_and_last_character),
		cmocka_unit_test(control_characters_and_bad_bytes_never_pass_through),
		cmocka_unit_test(overlongs_surrogates_and_beyond_unicode_become_question_marks),
		cmocka_unit_test(bidi_controls_and_separators_become_question_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
