/* test_validate.c - every validator: what it accepts, how it normalises, and
 * the precise message for what it refuses. */
#include "testutil.h"

#include "core/appno.h"
#include "core/validate.h"

/* ---- helpers ------------------------------------------------------------ */

/* Valid: returns the normalised value (static copy), fails the test otherwise. */
static const char *ok_value(enum vkind k, const char *in)
{
	static char buf[1024];
	struct vresult r;

	if (!validate(k, in, &r)) {
		fprintf(stderr, "expected valid %s: \"%s\", got: %s\n", vkind_name(k), in, r.error);
		fail();
	}
	assert_null(r.error);
	snprintf(buf, sizeof(buf), "%s", r.value);
	vresult_release(&r);
	return buf;
}

/* Invalid: the message contains WANT (NULL: any message). */
static void refused(enum vkind k, const char *in, const char *want)
{
	struct vresult r;

	if (validate(k, in, &r)) {
		fprintf(stderr, "expected invalid %s: \"%s\", got value %s\n", vkind_name(k), in, r.value);
		fail();
	}
	assert_null(r.value);
	assert_null(r.warning);
	assert_non_null(r.error);
	if (want && !strstr(r.error, want)) {
		fprintf(stderr, "%s \"%s\": message \"%s\" lacks \"%s\"\n", vkind_name(k), in, r.error, want);
		fail();
	}
	vresult_release(&r);
}

/* Valid with a warning containing WANT (NULL: no warning expected). */
static void warned(enum vkind k, const char *in, const char *want)
{
	struct vresult r;

	assert_true(validate(k, in, &r));
	if (want) {
		assert_non_null(r.warning);
		if (!strstr(r.warning, want)) {
			fprintf(stderr, "warning \"%s\" lacks \"%s\"\n", r.warning, want);
			fail();
		}
	} else {
		assert_null(r.warning);
	}
	vresult_release(&r);
}

/* An ID number with its GB 11643 check character computed here. */
static void make_id(const char *region6, const char *birth8, const char *seq3, char out[19])
{
	static const char chk[] = "10X98765432";
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	int sum = 0;

	snprintf(out, 19, "%s%s%s", region6, birth8, seq3);
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = chk[sum % 11];
	out[18] = '\0';
}

/* A credit code with its GB 32100 check character computed here. */
static void make_uscc(const char *first17, char out[19])
{
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	int sum = 0;

	memcpy(out, first17, 17);
	for (int i = 0; i < 17; i++)
		sum += (int)(strchr(alpha, out[i]) - alpha) * w[i];
	out[17] = alpha[(31 - sum % 31) % 31];
	out[18] = '\0';
}

static int setup(void **state)
{
	(void)state;
	validate_set_today(2026, 11, 25);
	validate_set_region_lookup(NULL, NULL);
	return 0;
}

/* ---- general ------------------------------------------------------------ */

static void kinds_have_names_both_ways(void **state)
{
	(void)state;
	for (int k = 0; k < V__COUNT; k++) {
		assert_int_equal(vkind_parse(vkind_name((enum vkind)k)), k);
		assert_true(strlen(vkind_zh((enum vkind)k)) > 0);
	}
	assert_int_equal(vkind_parse("id"), V_ID);
	assert_int_equal(vkind_parse("cnaps"), V_CNAPS);
	assert_int_equal(vkind_parse("nonsense"), -1);
	assert_int_equal(vkind_parse(NULL), -1);
}

static void empty_invalid_utf8_and_control_characters_are_refused_for_every_kind(void **state)
{
	(void)state;
	for (int k = 0; k < V__COUNT; k++) {
		refused((enum vkind)k, "", "未填写");
		refused((enum vkind)k, "   \t ", "未填写");
		refused((enum vkind)k, NULL, "未填写");
		refused((enum vkind)k, "ab\xff" "cd", "UTF-8");
		refused((enum vkind)k, "\xe4\xb8", "UTF-8");          /* cut sequence */
		refused((enum vkind)k, "\xc0\xaf", "UTF-8");          /* overlong '/' */
		refused((enum vkind)k, "\xed\xa0\x80", "UTF-8");      /* surrogate */
		refused((enum vkind)k, "12\x1b[31m34", "控制字符");
		refused((enum vkind)k, "12\xe2\x80\xae" "34", "格式字符"); /* RLO */
	}
}

/* ---- 公民身份号码 -------------------------------------------------------- */

static void id_valid_numbers_are_normalised(void **state)
{
	char id[19];

	(void)state;
	/* the standard's own example */
	assert_string_equal(ok_value(V_ID, "11010519491231002X"), "11010519491231002X");
	assert_string_equal(ok_value(V_ID, "11010519491231002x"), "11010519491231002X");
	assert_string_equal(ok_value(V_ID, " 110105 19491231 002X "), "11010519491231002X");
	/* full-width digits and Ｘ as a Chinese input method types them */
	assert_string_equal(ok_value(V_ID, "１１０１０５１９４９１２３１００２Ｘ"), "11010519491231002X");
	assert_string_equal(ok_value(V_ID, "１１０１０５１９４９１２３１００２ｘ"), "11010519491231002X");

	static const char *const regions[] = { "110101", "150102", "210102", "230102", "310101",
					       "370102", "410102", "460105", "500101", "540102",
					       "610102", "650102", "710000", "810000", "820000", "830000" };
	for (size_t i = 0; i < ARRAY_SIZE(regions); i++) {
		make_id(regions[i], "19800229", "123", id);   /* a leap day */
		assert_string_equal(ok_value(V_ID, id), id);
	}
	make_id("440305", "20261125", "001", id);          /* born today */
	ok_value(V_ID, id);
	make_id("440305", "18961125", "001", id);          /* exactly 130 */
	ok_value(V_ID, id);
	make_id("440305", "20000229", "001", id);
	ok_value(V_ID, id);
}

static void id_every_single_digit_typo_is_caught(void **state)
{
	char id[19];

	(void)state;
	make_id("440305", "19900307", "312", id);
	for (int pos = 0; pos < 17; pos++) {
		char bad[19];

		memcpy(bad, id, sizeof(bad));
		bad[pos] = bad[pos] == '9' ? '0' : (char)(bad[pos] + 1);
		refused(V_ID, bad, NULL);
	}
}

static void id_check_digit_message_names_the_right_one(void **state)
{
	(void)state;
	refused(V_ID, "110105194912310021", "第 18 位校验码应为 X");
	refused(V_ID, "110105194912310020", "现为 0");
}

static void id_legacy_15_digit_numbers_are_refused_with_their_own_message(void **state)
{
	(void)state;
	refused(V_ID, "110105491231002", "15 位的旧版身份证号码");
	refused(V_ID, "110105 491231 002", "15 位");
}

static void id_shape_errors(void **state)
{
	(void)state;
	refused(V_ID, "1101051949123100", "应为 18 位, 现为 16 位");
	refused(V_ID, "11010519491231002X1", "现为 19 位");
	refused(V_ID, "1101051949A231002X", "第 11 位应为数字");
	refused(V_ID, "11010519491231002Y", "第 18 位校验码应为数字或 X");
	refused(V_ID, "11010519491231002-", "第 18 位");
	refused(V_ID, "110105１９49123１00２張", "第 18 位");
}

static void id_province_is_checked_hard(void **state)
{
	char id[19];
	static const char *const bad[] = { "000000", "100000", "160101", "240101", "380101", "470101",
					   "550101", "660101", "720000", "800000", "840000", "990000",
					   "831000" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		make_id(bad[i], "19800101", "123", id);
		refused(V_ID, id, "省级行政区划代码");
	}
	make_id("990101", "19800101", "123", id);
	refused(V_ID, id, "前 2 位 99 不是有效的省级行政区划代码");
}

static void id_birth_date_must_exist_and_be_plausible(void **state)
{
	char id[19];

	(void)state;
	make_id("110105", "20310230", "002", id);
	refused(V_ID, id, "出生日期 2031-02-30 不存在");
	make_id("110105", "19900229", "002", id);
	refused(V_ID, id, "出生日期 1990-02-29 不存在");
	make_id("110105", "19001301", "002", id);
	refused(V_ID, id, "1900-13-01 不存在");
	make_id("110105", "19900100", "002", id);
	refused(V_ID, id, "1990-01-00 不存在");
	make_id("110105", "19900431", "002", id);
	refused(V_ID, id, "1990-04-31 不存在");
	make_id("110105", "19000229", "002", id);               /* 1900 is not a leap year */
	refused(V_ID, id, "1900-02-29 不存在");
	make_id("110105", "20261126", "002", id);               /* tomorrow */
	refused(V_ID, id, "出生日期 2026-11-26 晚于今天");
	make_id("110105", "20310203", "002", id);
	refused(V_ID, id, "晚于今天");
	make_id("110105", "18961124", "002", id);               /* 130 years and a day */
	refused(V_ID, id, "超过 130 年");
	make_id("110105", "18000101", "002", id);
	refused(V_ID, id, "不合理");
}

static bool known_regions(const char *code6, void *ud)
{
	int *calls = ud;

	(*calls)++;
	return !strcmp(code6, "110105") || !strcmp(code6, "440305");
}

static void id_unknown_region_is_only_a_warning(void **state)
{
	char id[19];
	int calls = 0;

	(void)state;
	make_id("110199", "19800101", "123", id);
	warned(V_ID, id, NULL);                                 /* no lookup: no warning */
	validate_set_region_lookup(known_regions, &calls);
	warned(V_ID, id, "地区代码 110199 不在现行行政区划表中");
	warned(V_ID, "11010519491231002X", NULL);
	assert_int_equal(calls, 2);
	make_id("810000", "19800101", "123", id);               /* not a GB/T 2260 county */
	warned(V_ID, id, NULL);
	assert_int_equal(calls, 2);
	refused(V_ID, "110199194912310021", NULL);              /* invalid: no warning either */
	validate_set_region_lookup(NULL, NULL);
}

/* ---- 统一社会信用代码 ---------------------------------------------------- */

static void uscc_valid_codes_are_normalised(void **state)
{
	char c[19];

	(void)state;
	assert_string_equal(ok_value(V_USCC, "91350100M000100Y43"), "91350100M000100Y43");
	assert_string_equal(ok_value(V_USCC, "91350100m000100y43"), "91350100M000100Y43");
	assert_string_equal(ok_value(V_USCC, " 9135 0100 M000 100Y 43 "), "91350100M000100Y43");
	assert_string_equal(ok_value(V_USCC, "９１３５０１００Ｍ０００１００Ｙ４３"), "91350100M000100Y43");
	make_uscc("91440300MA5DXXX0P", c);
	assert_string_equal(ok_value(V_USCC, c), c);
	make_uscc("12100000400000624", c);                      /* national registration */
	ok_value(V_USCC, c);
}

static void uscc_every_authority_and_category_pair_of_the_standard(void **state)
{
	static const char *const pairs[] = { "11", "12", "13", "19", "21", "29", "31", "32", "33",
					     "34", "35", "39", "41", "49", "51", "52", "53", "59",
					     "61", "62", "69", "71", "72", "79", "81", "89", "91",
					     "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1" };
	static const char *const wrong[] = { "10", "14", "22", "36", "42", "54", "63", "73", "82",
					     "94", "99", "A2", "N4", "Y2", "Y9", "B1", "01", "M1" };
	char body[18], c[19];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		snprintf(body, sizeof(body), "%s440300MA5DXXX0P", pairs[i]);
		make_uscc(body, c);
		assert_string_equal(ok_value(V_USCC, c), c);
	}
	for (size_t i = 0; i < ARRAY_SIZE(wrong); i++) {
		snprintf(body, sizeof(body), "%s440300MA5DXXX0P", wrong[i]);
		make_uscc(body, c);
		refused(V_USCC, c, wrong[i][0] == 'B' || wrong[i][0] == '0' || wrong[i][0] == 'M'
				       ? "第 1 位登记管理部门代码"
				       : "第 2 位机构类别代码");
	}
	make_uscc("94440300MA5DXXX0P", c);
	refused(V_USCC, c, "与登记管理部门 9 (工商 (市场监管)) 不符, 应为: 1 企业、2 个体工商户、3 农民专业合作社");
}

static void uscc_alphabet_excludes_i_o_z_s_v(void **state)
{
	(void)state;
	refused(V_USCC, "91350100MO00100Y43", "第 10 位 \"O\" 不是统一社会信用代码使用的字符");
	refused(V_USCC, "91350100MO00100Y43", "是否应为数字 0");
	refused(V_USCC, "9135010OM000100Y43", "数字 0");
	refused(V_USCC, "91350100MI00100Y43", "数字 1");
	refused(V_USCC, "91350100MZ00100Y43", "数字 2");
	refused(V_USCC, "91350100MS00100Y43", "数字 5");
	refused(V_USCC, "91350100MV00100Y43", "字母 U");
	refused(V_USCC, "91350100M-00100Y43", "不是数字或大写字母");
	refused(V_USCC, "91350100M中00100Y43", "不是数字或大写字母");
}

static void uscc_check_character_and_shape(void **state)
{
	char c[19];

	(void)state;
	refused(V_USCC, "91350100M000100Y44", "第 18 位校验码应为 3, 现为 4");
	refused(V_USCC, "91350100M000100Y4", "应为 18 位, 现为 17 位");
	refused(V_USCC, "350100400013233", "15 位的旧工商注册号");
	refused(V_USCC, "M000100Y4", "9 位的组织机构代码");
	make_uscc("9144A300MA5DXXX0P", c);
	refused(V_USCC, c, "第 3-8 位登记管理机关行政区划码应为 6 位数字");
	/* every single-character typo changes the check character */
	make_uscc("91440300MA5DXXX0P", c);
	for (int pos = 0; pos < 17; pos++) {
		char bad[19];

		memcpy(bad, c, sizeof(bad));
		bad[pos] = bad[pos] == '8' ? '7' : (bad[pos] == '9' ? '8' : '8');
		if (bad[pos] == c[pos])
			bad[pos] = '7';
		refused(V_USCC, bad, NULL);
	}
}

static void uscc_region_oddities_are_warnings(void **state)
{
	char c[19];
	int calls = 0;

	(void)state;
	make_uscc("91990300MA5DXXX0P", c);
	warned(V_USCC, c, "省级代码 99 不存在");
	make_uscc("91440399MA5DXXX0P", c);
	warned(V_USCC, c, NULL);
	validate_set_region_lookup(known_regions, &calls);
	warned(V_USCC, c, "行政区划码 440399 不在现行行政区划表中");
	make_uscc("91440305MA5DXXX0P", c);
	warned(V_USCC, c, NULL);
	make_uscc("12100000400000624", c);                      /* 100000: national, not looked up */
	warned(V_USCC, c, NULL);
	assert_int_equal(calls, 2);
	validate_set_region_lookup(NULL, NULL);
}

/* ---- 纳税人识别号 -------------------------------------------------------- */

static void taxid_lengths_and_alphabet(void **state)
{
	(void)state;
	assert_string_equal(ok_value(V_TAXID, "440300123456789"), "440300123456789");
	assert_string_equal(ok_value(V_TAXID, "44030012345678X"), "44030012345678X");
	assert_string_equal(ok_value(V_TAXID, "44030012345678901"), "44030012345678901");
	assert_string_equal(ok_value(V_TAXID, "44030012345678901234"), "44030012345678901234");
	assert_string_equal(ok_value(V_TAXID, "440300 12345678 x"), "44030012345678X");
	refused(V_TAXID, "4403001234567", "15、17、18 或 20 位, 现为 13 位");
	refused(V_TAXID, "4403001234567890", "现为 16 位");
	refused(V_TAXID, "440300123456789012345", "现为 21 位");
	refused(V_TAXID, "44030012345678-", "第 15 位 \"-\" 不是数字或大写字母");
}

static void taxid_of_18_is_checked_as_credit_code_or_id(void **state)
{
	(void)state;
	assert_string_equal(ok_value(V_TAXID, "91350100m000100y43"), "91350100M000100Y43");
	assert_string_equal(ok_value(V_TAXID, "11010519491231002x"), "11010519491231002X");
	refused(V_TAXID, "91350100M000100Y44", "按统一社会信用代码校验: 第 18 位校验码应为 3");
	refused(V_TAXID, "91350100MO00100Y43", "按统一社会信用代码校验");
	refused(V_TAXID, "110105194912310021", "按公民身份号码校验: 第 18 位校验码应为 X");
	/* neither shape: an 18-character number of some other scheme */
	assert_string_equal(ok_value(V_TAXID, "L1234567890ABCDEFG"), "L1234567890ABCDEFG");
}

/* ---- 移动电话, 电子邮箱, 邮政编码 ---------------------------------------- */

static void mobile_numbers(void **state)
{
	(void)state;
	assert_string_equal(ok_value(V_MOBILE, "13800138000"), "13800138000");
	assert_string_equal(ok_value(V_MOBILE, "+86 138 0013 8000"), "13800138000");
	assert_string_equal(ok_value(V_MOBILE, "+8613800138000"), "13800138000");
	assert_string_equal(ok_value(V_MOBILE, "0086-138-0013-8000"), "13800138000");
	assert_string_equal(ok_value(V_MOBILE, "１３８００１３８０００"), "13800138000");
	assert_string_equal(ok_value(V_MOBILE, "19912345678"), "19912345678");
	for (int second = 3; second <= 9; second++) {
		char m[] = "1x012345678";
		m[1] = (char)('0' + second);
		ok_value(V_MOBILE, m);
	}
	refused(V_MOBILE, "1380013800", "应为 11 位数字, 现为 10 位");
	refused(V_MOBILE, "138001380001", "现为 12 位");
	refused(V_MOBILE, "12800138000", "应以 13-19 开头, 现为 12");
	refused(V_MOBILE, "23800138000", "现为 23");
	refused(V_MOBILE, "010-87654321", "固定电话");
	refused(V_MOBILE, "+852 9123 4567", "+86");
	refused(V_MOBILE, "138OO138000", "\"O\" 不是数字");
	refused(V_MOBILE, "86 13800138000", "现为 13 位");
}

static void email_addresses(void **state)
{
	(void)state;
	assert_string_equal(ok_value(V_EMAIL, "zhang.san@example.com"), "zhang.san@example.com");
	assert_string_equal(ok_value(V_EMAIL, "Zhang.San@Example.COM"), "Zhang.San@example.com");
	assert_string_equal(ok_value(V_EMAIL, "a+tag@mail.szca.com.cn"), "a+tag@mail.szca.com.cn");
	assert_string_equal(ok_value(V_EMAIL, "12345@qq.com"), "12345@qq.com");
	assert_string_equal(ok_value(V_EMAIL, "x＠qq。com"), "x@qq.com");
	assert_string_equal(ok_value(V_EMAIL, "ｘ＠ｑｑ．ｃｏｍ"), "x@qq.com");
	assert_string_equal(ok_value(V_EMAIL, "张三@公司.中国"), "张三@公司.中国");
	assert_string_equal(ok_value(V_EMAIL, "info@例子.xn--fiqs8s"), "info@例子.xn--fiqs8s");
	assert_string_equal(ok_value(V_EMAIL, "a@my-host.example.cn"), "a@my-host.example.cn");
	refused(V_EMAIL, "zhang.example.com", "缺少 @");
	refused(V_EMAIL, "a@b@c.com", "只能有一个 @");
	refused(V_EMAIL, "@qq.com", "缺少用户名");
	refused(V_EMAIL, "a@", "缺少域名");
	refused(V_EMAIL, "a@qq", "缺少 .com、.cn 之类的后缀");
	refused(V_EMAIL, "a b@qq.com", "不能有空格");
	refused(V_EMAIL, "a@qq .com", "不能有空格");
	refused(V_EMAIL, ".a@qq.com", "不能以点开头");
	refused(V_EMAIL, "a.@qq.com", "不能以点开头或结尾");
	refused(V_EMAIL, "a..b@qq.com", "连续的点");
	refused(V_EMAIL, "a@qq..com", "连续的点");
	refused(V_EMAIL, "a@.qq.com", "不能以点开头");
	refused(V_EMAIL, "a@qq.com.", "结尾");
	refused(V_EMAIL, "a@-qq.com", "连字符");
	refused(V_EMAIL, "a@qq_mail.com", "邮箱域名中不能有 \"_\"");
	refused(V_EMAIL, "a(b)@qq.com", "邮箱用户名中不能有 \"(\"");
	refused(V_EMAIL, "a@1.2.3.4", "后缀 \".4\" 不存在");
	refused(V_EMAIL, "a@qq.c", "后缀 \".c\" 不存在");
	refused(V_EMAIL, "a@qq.c0m", "不存在");
	refused(V_EMAIL, "a，b@qq.com", "\",\"");

	char local[80], longdom[300];
	memset(local, 'a', 65);
	strcpy(local + 65, "@qq.com");
	refused(V_EMAIL, local, "最长 64 字节");
	strcpy(local + 64, "@qq.com");
	ok_value(V_EMAIL, local);
	strcpy(longdom, "a@");
	for (int i = 0; i < 5; i++)
		strcat(longdom, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
	strcat(longdom, "com");
	refused(V_EMAIL, longdom, "最长 254 字节");
	memset(local, 'b', 64);
	strcpy(local + 64, ".com");
	snprintf(longdom, sizeof(longdom), "a@%s", local);
	refused(V_EMAIL, longdom, "最长 63 个字符");
	warned(V_EMAIL, "a@qq.con", "\".con\" 是否应为 \".com\"");
	warned(V_EMAIL, "a@qq.com", NULL);
}

static void postcodes(void **state)
{
	(void)state;
	assert_string_equal(ok_value(V_POSTCODE, "518000"), "518000");
	assert_string_equal(ok_value(V_POSTCODE, " 518 000 "), "518000");
	assert_string_equal(ok_value(V_POSTCODE, "５１８０００"), "518000");
	assert_string_equal(ok_value(V_POSTCODE, "999077"), "999077");
	refused(V_POSTCODE, "51800", "应为 6 位数字, 现为 5 位");
	refused(V_POSTCODE, "5180001", "现为 7 位");
	refused(V_POSTCODE, "51800A", "\"A\" 不是数字");
}

/* ---- 证书序列号 ---------------------------------------------------------- */

static void serial_keeps_case_and_strips_separators(void **state)
{
	(void)state;
	assert_string_equal(ok_value(V_SERIAL, "712C1B5A584A1BBE"), "712C1B5A584A1BBE");
	assert_string_equal(ok_value(V_SERIAL, "712c1b5a584a1bbe"), "712c1b5a584a1bbe");
	assert_string_equal(ok_value(V_SERIAL, "71 2C 1B 5A 58 4A 1B BE"), "712C1B5A584A1BBE");
	assert_string_equal(ok_value(V_SERIAL, "71:2C:1B:5A:58:4A:1B:BE"), "712C1B5A584A1BBE");
	assert_string_equal(ok_value(V_SERIAL, "712C-1B5A-584A-1BBE"), "712C1B5A584A1BBE");
	assert_string_equal(ok_value(V_SERIAL, "712C：1B5A"), "712C1B5A");
	assert_string_equal(ok_value(V_SERIAL, "0x712C1B5A"), "712C1B5A");
	assert_string_equal(ok_value(V_SERIAL, "1A2B3"), "1A2B3");              /* odd: fine */
	assert_string_equal(ok_value(V_SERIAL, "1"), "1");
	assert_string_equal(ok_value(V_SERIAL, "00712C"), "00712C");            /* as typed */
	warned(V_SERIAL, "712c1B5A", "大小写字母混用");
	warned(V_SERIAL, "712C1B5A", NULL);
}

static void serial_limits(void **state)
{
	char s[64];

	(void)state;
	memset(s, 'F', 40);
	s[40] = '\0';
	ok_value(V_SERIAL, s);                                  /* 20 octets */
	s[0] = '0';
	s[1] = '0';
	memset(s + 2, 'F', 40);
	s[42] = '\0';
	ok_value(V_SERIAL, s);                                  /* DER pad octet shown */
	memset(s, 'F', 41);
	s[41] = '\0';
	refused(V_SERIAL, s, "最长 20 字节");
	memset(s, '0', 44);
	s[44] = '1';
	s[45] = '\0';
	refused(V_SERIAL, s, "最长 20 字节");
	refused(V_SERIAL, "0", "不能为 0");
	refused(V_SERIAL, "00:00:00", "不能为 0");
	refused(V_SERIAL, "0x", "第 2 位");
	refused(V_SERIAL, "712G", "第 4 位 \"G\" 不是十六进制字符");
	refused(V_SERIAL, "712C_1B", "\"_\"");
}

/* ---- 银行账号, 联行号, 申请单号 ------------------------------------------ */

static void bank_accounts(void **state)
{
	char s[64];

	(void)state;
	assert_string_equal(ok_value(V_ACCOUNT, "6222020200001234567"), "6222020200001234567");
	assert_string_equal(ok_value(V_ACCOUNT, "6222 0202 0000 1234 567"), "6222020200001234567");
	assert_string_equal(ok_value(V_ACCOUNT, "4000-0234-0920-0123"), "4000023409200123");
	assert_string_equal(ok_value(V_ACCOUNT, "１２３４５６"), "123456");
	assert_string_equal(ok_value(V_ACCOUNT, "NRA 1100 0000 1234"), "NRA110000001234");
	assert_string_equal(ok_value(V_ACCOUNT, "nra110000001234"), "NRA110000001234");
	ok_value(V_ACCOUNT, "OSA12345678");
	ok_value(V_ACCOUNT, "FTE12345678");
	ok_value(V_ACCOUNT, "FTN12345678");
	ok_value(V_ACCOUNT, "FTU12345678");
	ok_value(V_ACCOUNT, "FTI12345678");
	ok_value(V_ACCOUNT, "FTF12345678");
	refused(V_ACCOUNT, "12345", "应为 6-40 位, 现为 5 位");
	refused(V_ACCOUNT, "NRA12", "现为 5 位");
	memset(s, '1', 41);
	s[41] = '\0';
	refused(V_ACCOUNT, s, "现为 41 位");
	s[40] = '\0';
	ok_value(V_ACCOUNT, s);
	refused(V_ACCOUNT, "ABC123456", "字母前缀仅限 NRA、OSA");
	refused(V_ACCOUNT, "6222O20200001234", "第 5 位 \"O\" 不是数字");
	refused(V_ACCOUNT, "NRA12345X678", "第 9 位");
}

static void cnaps_codes(void **state)
{
	static const char *const real[] = { "102100099996", "105100000017", "308584000013",
					    "103100000026", "104100000004", "301290000007" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(real); i++)
		assert_string_equal(ok_value(V_CNAPS, real[i]), real[i]);
	assert_string_equal(ok_value(V_CNAPS, "1021 0009 9996"), "102100099996");
	assert_string_equal(ok_value(V_CNAPS, "１０２１０００９９９９６"), "102100099996");
	refused(V_CNAPS, "102100099995", "第 12 位校验位应为 6, 现为 5");
	refused(V_CNAPS, "10210009999", "应为 12 位数字, 现为 11 位");
	refused(V_CNAPS, "1021000999961", "现为 13 位");
	refused(V_CNAPS, "10210009999A", "第 12 位 \"A\" 不是数字");
	for (int pos = 0; pos < 11; pos++) {
		char bad[13];

		memcpy(bad, "308584000013", sizeof(bad));
		bad[pos] = bad[pos] == '9' ? '0' : (char)(bad[pos] + 1);
		refused(V_CNAPS, bad, "校验位");
	}
}

static void application_numbers(void **state)
{
	char no[APPNO_LEN + 1], typed[64];

	(void)state;
	assert_true(appno_format("261125", "0755", 42, no));
	assert_string_equal(ok_value(V_APPNO, no), no);
	snprintf(typed, sizeof(typed), "%.6s %.4s %.8s", no, no + 6, no + 10);
	assert_string_equal(ok_value(V_APPNO, typed), no);
	no[17] = no[17] == '9' ? '0' : (char)(no[17] + 1);
	refused(V_APPNO, no, "校验位");
	refused(V_APPNO, "12345", "18 位");
	refused(V_APPNO, "26112507550000042a", "只能包含数字");
}

/* ---- 姓名/名称, 文本 ----------------------------------------------------- */

static void names_normalise_the_middle_dot_and_spaces(void **state)
{
	(void)state;
	assert_string_equal(ok_value(V_NAME, "王小明"), "王小明");
	assert_string_equal(ok_value(V_NAME, "  王小明 "), "王小明");
	assert_string_equal(ok_value(V_NAME, "阿卜杜·热合曼"), "阿卜杜·热合曼");
	assert_string_equal(ok_value(V_NAME, "阿卜杜•热合曼"), "阿卜杜·热合曼");
	assert_string_equal(ok_value(V_NAME, "阿卜杜・热合曼"), "阿卜杜·热合曼");
	assert_string_equal(ok_value(V_NAME, "阿卜杜．热合曼"), "阿卜杜·热合曼");
	assert_string_equal(ok_value(V_NAME, "阿卜杜‧热合曼"), "阿卜杜·热合曼");
	assert_string_equal(ok_value(V_NAME, "约翰 · 史密斯"), "约翰·史密斯");
	assert_string_equal(ok_value(V_NAME, "John   Smith"), "John Smith");
	assert_string_equal(ok_value(V_NAME, "Zoë O'Brien-Müller"), "Zoë O'Brien-Müller");
	assert_string_equal(ok_value(V_NAME, "Иван Петров"), "Иван Петров");
	assert_string_equal(ok_value(V_NAME, "深圳市某某科技有限公司（福田分公司）"),
			    "深圳市某某科技有限公司（福田分公司）");
	assert_string_equal(ok_value(V_NAME, "3M中国有限公司"), "3M中国有限公司");
	assert_string_equal(ok_value(V_NAME, "P&G (China) Co., Ltd."), "P&G (China) Co., Ltd.");
	assert_string_equal(ok_value(V_NAME, "王"), "王");
	assert_string_equal(ok_value(V_NAME, "𠮷野家"), "𠮷野家");            /* outside the BMP */
}

static void names_refused(void **state)
{
	char s[512] = "";

	(void)state;
	refused(V_NAME, "12345", "不能只有数字");
	refused(V_NAME, "123 456", "不能只有数字");
	refused(V_NAME, "１２３", "不能只有数字");
	refused(V_NAME, "---", "至少要有一个文字");
	refused(V_NAME, "（）", "至少要有一个文字");
	refused(V_NAME, "王*明", "不能有字符 \"*\"");
	refused(V_NAME, "<script>", "不能有字符 \"<\"");
	refused(V_NAME, "王小明😀", "表情符号");
	refused(V_NAME, "·王小明", "间隔号");
	refused(V_NAME, "王小明·", "间隔号");
	refused(V_NAME, "阿卜杜··热合曼", "不能连用");
	refused(V_NAME, "王\t小明", "控制字符");
	refused(V_NAME, "王\n小明", "控制字符");
	for (int i = 0; i < VALIDATE_NAME_MAX; i++)
		strcat(s, "王");
	ok_value(V_NAME, s);
	strcat(s, "王");
	refused(V_NAME, s, "最长 100 个字, 现为 101 个字");
}

static void text_is_trimmed_and_clean(void **state)
{
	char *s = xcalloc(VALIDATE_TEXT_MAX * 3 + 8, 1);

	(void)state;
	assert_string_equal(ok_value(V_TEXT, "  广东省深圳市福田区深南大道 1 号  "),
			    "广东省深圳市福田区深南大道 1 号");
	assert_string_equal(ok_value(V_TEXT, "\u3000经理\u3000"), "经理");
	assert_string_equal(ok_value(V_TEXT, "12"), "12");
	refused(V_TEXT, "第一行\n第二行", "第 4 个字符是控制字符 (U+000A)");
	refused(V_TEXT, "a\x7f", "U+007F");
	refused(V_TEXT, "a\xc2\x85", "U+0085");                 /* C1 next-line */
	refused(V_TEXT, "a\xe2\x80\x8b" "b", "U+200B");         /* zero-width space */
	for (int i = 0; i < VALIDATE_TEXT_MAX; i++)
		strcat(s, "字");
	ok_value(V_TEXT, s);
	strcat(s, "字");
	refused(V_TEXT, s, "最长 500 个字");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(kinds_have_names_both_ways, setup),
		cmocka_unit_test_setup(empty_invalid_utf8_and_control_characters_are_refused_for_every_kind, setup),
		cmocka_unit_test_setup(id_valid_numbers_are_normalised, setup),
		cmocka_unit_test_setup(id_every_single_digit_typo_is_caught, setup),
		cmocka_unit_test_setup(id_check_digit_message_names_the_right_one, setup),
		cmocka_unit_test_setup(id_legacy_15_digit_numbers_are_refused_with_their_own_message, setup),
		cmocka_unit_test_setup(id_shape_errors, setup),
		cmocka_unit_test_setup(id_province_is_checked_hard, setup),
		cmocka_unit_test_setup(id_birth_date_must_exist_and_be_plausible, setup),
		cmocka_unit_test_setup(id_unknown_region_is_only_a_warning, setup),
		cmocka_unit_test_setup(uscc_valid_codes_are_normalised, setup),
		cmocka_unit_test_setup(uscc_every_authority_and_category_pair_of_the_standard, setup),
		cmocka_unit_test_setup(uscc_alphabet_excludes_i_o_z_s_v, setup),
		cmocka_unit_test_setup(uscc_check_character_and_shape, setup),
		cmocka_unit_test_setup(uscc_region_oddities_are_warnings, setup),
		cmocka_unit_test_setup(taxid_lengths_and_alphabet, setup),
		cmocka_unit_test_setup(taxid_of_18_is_checked_as_credit_code_or_id, setup),
		cmocka_unit_test_setup(mobile_numbers, setup),
		cmocka_unit_test_setup(email_addresses, setup),
		cmocka_unit_test_setup(postcodes, setup),
		cmocka_unit_test_setup(serial_keeps_case_and_strips_separators, setup),
		cmocka_unit_test_setup(serial_limits, setup),
		cmocka_unit_test_setup(bank_accounts, setup),
		cmocka_unit_test_setup(cnaps_codes, setup),
		cmocka_unit_test_setup(application_numbers, setup),
		cmocka_unit_test_setup(names_normalise_the_middle_dot_and_spaces, setup),
		cmocka_unit_test_setup(names_refused, setup),
		cmocka_unit_test_setup(text_is_trimmed_and_clean, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
