/* validate.c - the field validators of validate.h: decode, normalise, check,
 * and say precisely (in Chinese) what is wrong. */
#include "core/clock.h"
#include "core/validate.h"
#include "core/utf8.h"

#include "core/appno.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- the input as code points ------------------------------------------ */

struct cps {
	uint32_t *c;
	size_t n;
};

static bool (*region_known)(const char *code6, void *ud);
static void *region_ud;
static int today_y, today_m, today_d;   /* 0: use the system clock */

void validate_set_region_lookup(bool (*known)(const char *code6, void *ud), void *ud)
{
	region_known = known;
	region_ud = ud;
}

void validate_set_today(int year, int month, int day)
{
	today_y = year;
	today_m = month;
	today_d = day;
}

static void today(int *y, int *m, int *d)
{
	if (today_y) {
		*y = today_y;
		*m = today_m;
		*d = today_d;
		return;
	}
	struct tm tm;

	clock_local(clock_now(), &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static void utf8_add(struct strbuf *sb, uint32_t c)
{
	char b[4];

	sb_add(sb, b, utf8_encode(c, b));
}

/* sb_detach() leaves a fresh buffer behind; these builders are done with it. */
static char *sb_take(struct strbuf *sb)
{
	char *p = sb_detach(sb);

	sb_release(sb);
	return p;
}

static char *cps_str(const uint32_t *c, size_t n)
{
	struct strbuf sb;

	sb_init(&sb);
	for (size_t i = 0; i < n; i++)
		utf8_add(&sb, c[i]);
	return sb_take(&sb);
}

/* One character as a string for a message; valid until the next call in this thread. */
static const char *ch(uint32_t c)
{
	static _Thread_local char buf[8];
	struct strbuf sb;

	sb_init(&sb);
	utf8_add(&sb, c);
	snprintf(buf, sizeof(buf), "%s", sb.s);
	sb_release(&sb);
	return buf;
}

static bool is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x3000;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/* Invisible characters that reorder or hide text on a terminal. */
static bool is_format(uint32_t c)
{
	return (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
	       (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static bool is_upper(uint32_t c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_alpha(uint32_t c)
{
	return is_upper(c) || (c >= 'a' && c <= 'z');
}

/* Full-width ASCII forms (what a Chinese input method types in 全角 mode)
 * and the ideographic space fold to ASCII. */
static uint32_t fold_width(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		return c - 0xFEE0;
	if (c == 0x3000)
		return ' ';
	return c;
}

/* ---- results ------------------------------------------------------------ */

static bool fail(struct vresult *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct vresult *r, const char *fmt, ...)
{
	va_list ap;

	free(r->error);
	va_start(ap, fmt);
	r->error = xvasprintf(fmt, ap);
	va_end(ap);
	return false;
}

static void warn(struct vresult *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct vresult *r, const char *fmt, ...)
{
	va_list ap;
	char *w;

	va_start(ap, fmt);
	w = xvasprintf(fmt, ap);
	va_end(ap);
	if (r->warning) {
		char *both = xasprintf("%s; %s", r->warning, w);
		free(r->warning);
		free(w);
		w = both;
	}
	r->warning = w;
}

static bool ok(struct vresult *r, char *value)
{
	r->value = value;
	return true;
}

/* Copy of IN with full-width folded, the ASCII characters in DROP removed and
 * lower-case letters upper-cased when UPPER. Caller frees out->c. */
static void compact(const struct cps *in, const char *drop, bool upper, struct cps *out)
{
	out->c = xcalloc(in->n + 1, sizeof(uint32_t));
	out->n = 0;
	for (size_t i = 0; i < in->n; i++) {
		uint32_t c = fold_width(in->c[i]);

		if (c < 0x80 && c && strchr(drop, (int)c))
			continue;
		if (upper && c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		out->c[out->n++] = c;
	}
}

static bool all_digits(const struct cps *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (!is_digit(s->c[i]))
			return false;
	return true;
}

/* ---- 公民身份号码 (GB 11643-1999) ---------------------------------------- */

/* Province-level codes of GB/T 2260. */
static bool province_ok(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
	       (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) ||
	       p == 71 || p == 81 || p == 82;
}

static bool date_exists(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int md;

	if (m < 1 || m > 12 || d < 1)
		return false;
	md = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		md = 29;
	return d <= md;
}

static int num(const struct cps *s, size_t from, size_t len)
{
	int v = 0;

	for (size_t i = from; i < from + len; i++)
		v = v * 10 + (int)(s->c[i] - '0');
	return v;
}

static char id_check_char(const struct cps *s)
{
	static const char chk[] = "10X98765432";
	int sum = 0, w = 1;

	/* weight of position i (1-based from the left) is 2^(18-i) mod 11 */
	for (int i = 16; i >= 0; i--) {
		w = (w * 2) % 11;
		sum += (int)(s->c[i] - '0') * w;
	}
	return chk[sum % 11];
}

static bool check_id(const struct cps *in, struct vresult *r)
{
	struct cps s;
	bool res = false;
	int y, m, d, ty, tm, td, prov;
	char code6[7], want;

	compact(in, " ", true, &s);
	if (s.n == 15 && all_digits(&s, 0, 15)) {
		fail(r, "这是 15 位的旧版身份证号码, 已停止使用; 请提供 18 位的公民身份号码 (见第二代身份证)");
		goto out;
	}
	if (s.n != 18) {
		fail(r, "公民身份号码应为 18 位, 现为 %zu 位", s.n);
		goto out;
	}
	for (size_t i = 0; i < 17; i++)
		if (!is_digit(s.c[i])) {
			fail(r, "第 %zu 位应为数字, 现为 \"%s\"", i + 1, ch(s.c[i]));
			goto out;
		}
	if (!is_digit(s.c[17]) && s.c[17] != 'X') {
		fail(r, "第 18 位校验码应为数字或 X, 现为 \"%s\"", ch(s.c[17]));
		goto out;
	}
	prov = num(&s, 0, 2);
	for (int i = 0; i < 6; i++)
		code6[i] = (char)s.c[i];
	code6[6] = '\0';
	/* 830000 is not a GB/T 2260 province, but it is the region code of the
	 * residence permits of Taiwan residents, which share this number format. */
	if (!province_ok(prov) && strcmp(code6, "830000")) {
		fail(r, "前 2 位 %02d 不是有效的省级行政区划代码", prov);
		goto out;
	}
	y = num(&s, 6, 4);
	m = num(&s, 10, 2);
	d = num(&s, 12, 2);
	if (!date_exists(y, m, d)) {
		fail(r, "第 7-14 位出生日期 %04d-%02d-%02d 不存在", y, m, d);
		goto out;
	}
	today(&ty, &tm, &td);
	if (y * 10000 + m * 100 + d > ty * 10000 + tm * 100 + td) {
		fail(r, "出生日期 %04d-%02d-%02d 晚于今天", y, m, d);
		goto out;
	}
	if ((ty - y) * 10000 + (tm - m) * 100 + (td - d) > VALIDATE_ID_MAX_AGE * 10000) {
		fail(r, "出生日期 %04d-%02d-%02d 距今超过 %d 年, 不合理", y, m, d, VALIDATE_ID_MAX_AGE);
		goto out;
	}
	want = id_check_char(&s);
	if ((uint32_t)want != s.c[17]) {
		fail(r, "第 18 位校验码应为 %c, 现为 %c; 请逐位核对号码", want, (char)s.c[17]);
		goto out;
	}
	/* Historical codes (renamed or merged counties) are still printed on
	 * valid cards, so an unknown county is only worth a second look. */
	if (region_known && prov < 71 && !region_known(code6, region_ud))
		warn(r, "地区代码 %s 不在现行行政区划表中 (可能是已撤销的旧代码), 请核对", code6);
	res = ok(r, cps_str(s.c, s.n));
out:
	free(s.c);
	return res;
}

/* ---- 统一社会信用代码 (GB 32100-2015) ------------------------------------ */

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int uscc_value(uint32_t c)
{
	const char *p;

	if (c == 0 || c >= 0x80 || !(p = strchr(uscc_alphabet, (int)c)))
		return -1;
	return (int)(p - uscc_alphabet);
}

/* Registration authorities and their organisation categories (GB 32100-2015
 * table 1 and 2). */
static const struct {
	char authority;
	const char *name;
	const char *categories;
	const char *categories_zh;
} uscc_authorities[] = {
	{ '1', "机构编制", "1239", "1 机关、2 事业单位、3 编办直接管理机构编制的群众团体、9 其他" },
	{ '2', "外交", "19", "1 外国常驻新闻机构、9 其他" },
	{ '3', "司法行政", "123459", "1 律师执业机构、2 公证处、3 基层法律服务所、4 司法鉴定机构、5 仲裁委员会、9 其他" },
	{ '4', "文化", "19", "1 外国在华文化中心、9 其他" },
	{ '5', "民政", "1239", "1 社会团体、2 民办非企业单位、3 基金会、9 其他" },
	{ '6', "旅游", "129", "1 外国旅游部门常驻代表机构、2 港澳台地区旅游部门常驻内地代表机构、9 其他" },
	{ '7', "宗教", "129", "1 宗教活动场所、2 宗教院校、9 其他" },
	{ '8', "工会", "19", "1 基层工会、9 其他" },
	{ '9', "工商 (市场监管)", "123", "1 企业、2 个体工商户、3 农民专业合作社" },
	{ 'A', "中央军委改革和编制办公室", "19", "1 军队事业单位、9 其他" },
	{ 'N', "农业", "1239", "1 组级、2 村级、3 乡镇级集体经济组织、9 其他" },
	{ 'Y', "其他", "1", "1" },
};

static char uscc_check_char(const struct cps *s)
{
	int sum = 0, w = 1;

	for (int i = 0; i < 17; i++) {
		sum += uscc_value(s->c[i]) * w;
		w = (w * 3) % 31;
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

static const char *uscc_confusable(uint32_t c)
{
	switch (c) {
	case 'O': return "; 是否应为数字 0?";
	case 'I': return "; 是否应为数字 1?";
	case 'Z': return "; 是否应为数字 2?";
	case 'S': return "; 是否应为数字 5?";
	case 'V': return "; 是否应为字母 U?";
	default: return "";
	}
}

/* S is already compacted and upper-cased. */
static bool check_uscc_compact(const struct cps *s, struct vresult *r)
{
	size_t a;
	char want, code6[7];
	int prov;

	if (s->n == 15 && all_digits(s, 0, 15))
		return fail(r, "这是 15 位的旧工商注册号; 请提供营业执照上的 18 位统一社会信用代码");
	if (s->n == 9 && uscc_value(s->c[0]) >= 0)
		return fail(r, "这像是 9 位的组织机构代码; 请提供 18 位的统一社会信用代码");
	if (s->n != 18)
		return fail(r, "统一社会信用代码应为 18 位, 现为 %zu 位", s->n);
	for (size_t i = 0; i < 18; i++) {
		uint32_t c = s->c[i];

		if (uscc_value(c) >= 0)
			continue;
		if (is_upper(c))
			return fail(r, "第 %zu 位 \"%c\" 不是统一社会信用代码使用的字符 (不使用 I、O、Z、S、V)%s",
				    i + 1, (char)c, uscc_confusable(c));
		return fail(r, "第 %zu 位 \"%s\" 不是数字或大写字母", i + 1, ch(c));
	}
	for (a = 0; a < ARRAY_SIZE(uscc_authorities); a++)
		if ((uint32_t)uscc_authorities[a].authority == s->c[0])
			break;
	if (a == ARRAY_SIZE(uscc_authorities))
		return fail(r, "第 1 位登记管理部门代码 \"%c\" 不存在 (应为 1-9、A、N 或 Y)", (char)s->c[0]);
	if (!strchr(uscc_authorities[a].categories, (int)s->c[1]))
		return fail(r, "第 2 位机构类别代码 \"%c\" 与登记管理部门 %c (%s) 不符, 应为: %s",
			    (char)s->c[1], uscc_authorities[a].authority, uscc_authorities[a].name,
			    uscc_authorities[a].categories_zh);
	if (!all_digits(s, 2, 8))
		return fail(r, "第 3-8 位登记管理机关行政区划码应为 6 位数字");
	want = uscc_check_char(s);
	if ((uint32_t)want != s->c[17])
		return fail(r, "第 18 位校验码应为 %c, 现为 %c; 请逐位核对代码", want, (char)s->c[17]);
	for (int i = 0; i < 6; i++)
		code6[i] = (char)s->c[2 + i];
	code6[6] = '\0';
	prov = num(s, 2, 2);
	/* 100000: registered by a national authority. */
	if (prov != 10 && !province_ok(prov))
		warn(r, "第 3-8 位行政区划码 %s 的省级代码 %02d 不存在, 请核对", code6, prov);
	else if (region_known && prov != 10 && prov < 71 && !region_known(code6, region_ud))
		warn(r, "第 3-8 位行政区划码 %s 不在现行行政区划表中 (可能是已撤销的旧代码), 请核对", code6);
	return ok(r, cps_str(s->c, s->n));
}

static bool check_uscc(const struct cps *in, struct vresult *r)
{
	struct cps s;
	bool res;

	compact(in, " ", true, &s);
	res = check_uscc_compact(&s, r);
	free(s.c);
	return res;
}

/* ---- 纳税人识别号 -------------------------------------------------------- */

static bool check_taxid(const struct cps *in, struct vresult *r)
{
	struct cps s;
	bool res = false;

	compact(in, " ", true, &s);
	if (s.n != 15 && s.n != 17 && s.n != 18 && s.n != 20) {
		fail(r, "纳税人识别号应为 15、17、18 或 20 位, 现为 %zu 位", s.n);
		goto out;
	}
	for (size_t i = 0; i < s.n; i++)
		if (!is_digit(s.c[i]) && !is_upper(s.c[i])) {
			fail(r, "第 %zu 位 \"%s\" 不是数字或大写字母", i + 1, ch(s.c[i]));
			goto out;
		}
	if (s.n == 18) {
		/* Since 2015 an organisation's taxpayer number is its credit code;
		 * a person's (or an old sole trader's) may be an 18-digit ID number. */
		struct vresult u = { 0 }, id = { 0 };
		bool id_shaped = all_digits(&s, 0, 17) && (is_digit(s.c[17]) || s.c[17] == 'X');
		bool uscc_shaped = strchr("123456789ANY", (int)s.c[0]) && all_digits(&s, 2, 8);

		if (check_uscc_compact(&s, &u)) {
			*r = u;
			res = true;
			goto out;
		}
		if (id_shaped && check_id(&s, &id)) {
			vresult_release(&u);
			*r = id;
			res = true;
			goto out;
		}
		if (id_shaped && province_ok(num(&s, 0, 2)) &&
		    (num(&s, 6, 2) == 19 || num(&s, 6, 2) == 20)) {
			fail(r, "按公民身份号码校验: %s", id.error);
			vresult_release(&u);
			vresult_release(&id);
			goto out;
		}
		if (uscc_shaped) {
			fail(r, "按统一社会信用代码校验: %s", u.error);
			vresult_release(&u);
			vresult_release(&id);
			goto out;
		}
		vresult_release(&u);
		vresult_release(&id);
	}
	res = ok(r, cps_str(s.c, s.n));
out:
	free(s.c);
	return res;
}

/* ---- 移动电话, 邮政编码 ------------------------------------------------- */

static bool check_mobile(const struct cps *in, struct vresult *r)
{
	struct cps s;
	size_t from = 0;
	bool res = false;

	compact(in, " -", false, &s);
	if (s.n >= 3 && s.c[0] == '+' && s.c[1] == '8' && s.c[2] == '6')
		from = 3;
	else if (s.n >= 4 && s.c[0] == '0' && s.c[1] == '0' && s.c[2] == '8' && s.c[3] == '6')
		from = 4;
	else if (s.n && s.c[0] == '+') {
		fail(r, "只受理中国大陆手机号码 (+86)");
		goto out;
	}
	for (size_t i = from; i < s.n; i++)
		if (!is_digit(s.c[i])) {
			fail(r, "手机号码只能包含数字, \"%s\" 不是数字", ch(s.c[i]));
			goto out;
		}
	if (s.n - from && s.c[from] == '0') {
		fail(r, "这像是固定电话号码; 请填写 11 位手机号码");
		goto out;
	}
	if (s.n - from != 11) {
		fail(r, "手机号码应为 11 位数字, 现为 %zu 位", s.n - from);
		goto out;
	}
	if (s.c[from] != '1' || s.c[from + 1] < '3') {
		fail(r, "手机号码应以 13-19 开头, 现为 %c%c", (char)s.c[from], (char)s.c[from + 1]);
		goto out;
	}
	res = ok(r, cps_str(s.c + from, 11));
out:
	free(s.c);
	return res;
}

static bool check_postcode(const struct cps *in, struct vresult *r)
{
	struct cps s;
	bool res = false;

	compact(in, " ", false, &s);
	for (size_t i = 0; i < s.n; i++)
		if (!is_digit(s.c[i])) {
			fail(r, "邮政编码只能包含数字, \"%s\" 不是数字", ch(s.c[i]));
			goto out;
		}
	if (s.n != 6) {
		fail(r, "邮政编码应为 6 位数字, 现为 %zu 位", s.n);
		goto out;
	}
	res = ok(r, cps_str(s.c, s.n));
out:
	free(s.c);
	return res;
}

/* ---- 电子邮箱 ------------------------------------------------------------ */

static bool email_local_char(uint32_t c)
{
	return c >= 0x80 || is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-.", (int)c));
}

static bool check_email(const struct cps *in, struct vresult *r)
{
	struct cps s;
	size_t at = 0, nat = 0, label = 0, tld = 0;
	bool res = false, tld_letters = true, tld_ascii = true;
	char *value = NULL;
	static const char *const tld_typos[] = { "con", "cmo", "ocm", "vom", "xom", "comm", "cpm" };

	compact(in, "", false, &s);
	for (size_t i = 0; i < s.n; i++) {
		/* IDNA treats these full stops as dots; Chinese input methods type them. */
		if (s.c[i] == 0x3002 || s.c[i] == 0xFF61)
			s.c[i] = '.';
		if (s.c[i] == '@') {
			at = i;
			nat++;
		}
	}
	for (size_t i = 0; i < s.n; i++)
		if (is_space(s.c[i])) {
			fail(r, "邮箱地址中不能有空格");
			goto out;
		}
	if (nat == 0) {
		fail(r, "邮箱地址缺少 @");
		goto out;
	}
	if (nat > 1) {
		fail(r, "邮箱地址只能有一个 @");
		goto out;
	}
	if (at == 0) {
		fail(r, "邮箱地址 @ 前缺少用户名");
		goto out;
	}
	value = cps_str(s.c, at);
	if (strlen(value) > 64) {
		fail(r, "邮箱用户名 (@ 之前) 最长 64 字节");
		goto out;
	}
	for (size_t i = 0; i < at; i++)
		if (!email_local_char(s.c[i])) {
			fail(r, "邮箱用户名中不能有 \"%s\"", ch(s.c[i]));
			goto out;
		}
	if (s.c[0] == '.' || s.c[at - 1] == '.' || strstr(value, "..")) {
		fail(r, "邮箱用户名不能以点开头或结尾, 也不能有连续的点");
		goto out;
	}
	if (at + 1 == s.n) {
		fail(r, "邮箱地址 @ 后缺少域名");
		goto out;
	}
	for (size_t i = at + 1; i <= s.n; i++) {
		uint32_t c = i < s.n ? s.c[i] : '.';

		if (c == '.') {
			size_t len = i - (at + 1 + label);
			size_t start = at + 1 + label;

			if (len == 0) {
				fail(r, "邮箱域名不能以点开头或结尾, 也不能有连续的点");
				goto out;
			}
			if (len > 63) {
				fail(r, "邮箱域名的每一段最长 63 个字符");
				goto out;
			}
			if (s.c[start] == '-' || s.c[i - 1] == '-') {
				fail(r, "邮箱域名的每一段不能以连字符开头或结尾");
				goto out;
			}
			tld = start;
			label = i - at;
			continue;
		}
		if (!(c >= 0x80 || is_alpha(c) || is_digit(c) || c == '-')) {
			fail(r, "邮箱域名中不能有 \"%s\"", ch(c));
			goto out;
		}
	}
	if (tld == at + 1) {
		fail(r, "邮箱域名不完整, 缺少 .com、.cn 之类的后缀");
		goto out;
	}
	for (size_t i = tld; i < s.n; i++) {
		if (!is_alpha(s.c[i]))
			tld_letters = false;
		if (s.c[i] >= 0x80)
			tld_ascii = false;
	}
	free(value);
	value = cps_str(s.c + tld, s.n - tld);
	/* an ASCII suffix is letters (com, cn) or an IDN in punycode (xn--fiqs8s) */
	if (tld_ascii && !(tld_letters && strlen(value) >= 2) &&
	    !(strncasecmp(value, "xn--", 4) == 0 && strlen(value) > 4)) {
		fail(r, "邮箱域名后缀 \".%s\" 不存在", value);
		goto out;
	}
	for (size_t i = at + 1; i < s.n; i++)
		if (s.c[i] >= 'A' && s.c[i] <= 'Z')
			s.c[i] += 'a' - 'A';
	for (size_t i = 0; i < ARRAY_SIZE(tld_typos); i++)
		if (!strcasecmp(value, tld_typos[i]))
			warn(r, "域名后缀 \".%s\" 是否应为 \".com\"? 请核对", value);
	free(value);
	value = cps_str(s.c, s.n);
	if (strlen(value) > 254) {
		fail(r, "邮箱地址最长 254 字节");
		goto out;
	}
	res = ok(r, value);
	value = NULL;
out:
	free(value);
	free(s.c);
	return res;
}

/* ---- 证书序列号 ---------------------------------------------------------- */

static bool check_serial(const struct cps *in, struct vresult *r)
{
	struct cps s;
	size_t from = 0, sig;
	bool res = false, lower = false, upper = false;

	compact(in, " :-", false, &s);
	if (s.n > 2 && s.c[0] == '0' && (s.c[1] == 'x' || s.c[1] == 'X'))
		from = 2;
	if (s.n == from) {
		fail(r, "证书序列号为空");
		goto out;
	}
	for (size_t i = from; i < s.n; i++) {
		uint32_t c = s.c[i];

		if (c >= 'a' && c <= 'f')
			lower = true;
		else if (c >= 'A' && c <= 'F')
			upper = true;
		else if (!is_digit(c)) {
			fail(r, "证书序列号第 %zu 位 \"%s\" 不是十六进制字符 (0-9、A-F)", i - from + 1, ch(c));
			goto out;
		}
	}
	for (sig = from; sig < s.n && s.c[sig] == '0'; sig++)
		;
	if (sig == s.n) {
		fail(r, "证书序列号不能为 0");
		goto out;
	}
	/* 20 octets (RFC 5280); one extra 00 octet is how DER pads a serial
	 * whose first bit is set, and some viewers show it. */
	if (s.n - sig > 40 || s.n - from > 42) {
		fail(r, "证书序列号最长 20 字节 (40 位十六进制), 现为 %zu 位", s.n - from);
		goto out;
	}
	if (lower && upper)
		warn(r, "序列号中大小写字母混用; 查询区分大小写, 请按证书上的写法核对");
	res = ok(r, cps_str(s.c + from, s.n - from));
out:
	free(s.c);
	return res;
}

/* ---- 银行账号, 联行号 ---------------------------------------------------- */

/* Letter prefixes of special-purpose accounts: NRA (境外机构境内账户), OSA
 * (离岸账户), FTE/FTN/FTU/FTI/FTF (自由贸易账户). */
static const char *const account_prefixes[] = { "NRA", "OSA", "FTE", "FTN", "FTU", "FTI", "FTF" };

static bool check_account(const struct cps *in, struct vresult *r)
{
	struct cps s;
	size_t from = 0;
	bool res = false;

	compact(in, " -", true, &s);
	if (s.n && is_upper(s.c[0])) {
		for (size_t i = 0; i < ARRAY_SIZE(account_prefixes) && !from; i++) {
			const char *p = account_prefixes[i];

			if (s.n >= 3 && s.c[0] == (uint32_t)p[0] && s.c[1] == (uint32_t)p[1] &&
			    s.c[2] == (uint32_t)p[2])
				from = 3;
		}
		if (!from) {
			fail(r, "银行账号只能包含数字 (字母前缀仅限 NRA、OSA、FTE、FTN、FTU、FTI、FTF)");
			goto out;
		}
	}
	for (size_t i = from; i < s.n; i++)
		if (!is_digit(s.c[i])) {
			fail(r, "银行账号第 %zu 位 \"%s\" 不是数字", i + 1, ch(s.c[i]));
			goto out;
		}
	if (s.n - from == 0 || s.n < 6 || s.n > 40) {
		fail(r, "银行账号应为 6-40 位, 现为 %zu 位", s.n);
		goto out;
	}
	res = ok(r, cps_str(s.c, s.n));
out:
	free(s.c);
	return res;
}

static bool check_cnaps(const struct cps *in, struct vresult *r)
{
	struct cps s;
	char d[13];
	int want;
	bool res = false;

	compact(in, " ", false, &s);
	for (size_t i = 0; i < s.n; i++)
		if (!is_digit(s.c[i])) {
			fail(r, "联行号只能包含数字, 第 %zu 位 \"%s\" 不是数字", i + 1, ch(s.c[i]));
			goto out;
		}
	if (s.n != 12) {
		fail(r, "联行号应为 12 位数字, 现为 %zu 位", s.n);
		goto out;
	}
	for (int i = 0; i < 12; i++)
		d[i] = (char)s.c[i];
	d[12] = '\0';
	want = iso7064_mod11_10(d, 11);
	if (d[11] - '0' != want) {
		fail(r, "第 12 位校验位应为 %d, 现为 %c; 请核对联行号", want, d[11]);
		goto out;
	}
	res = ok(r, xstrdup(d));
out:
	free(s.c);
	return res;
}

static bool check_appno(const struct cps *in, struct vresult *r)
{
	struct cps s;
	char *typed, out[APPNO_LEN + 1];
	const char *err;

	compact(in, "", false, &s);
	typed = cps_str(s.c, s.n);
	free(s.c);
	err = appno_check(typed, out);
	free(typed);
	if (err)
		return fail(r, "%s", err);
	return ok(r, xstrdup(out));
}

/* ---- 姓名/名称, 文本 ----------------------------------------------------- */

static bool is_middle_dot_variant(uint32_t c)
{
	return c == 0x2022 || c == 0x30FB || c == 0xFF0E || c == 0x2027 || c == 0xFF65 ||
	       c == 0x2219 || c == 0x22C5 || c == 0x0387 || c == 0x00B7;
}

static bool is_emoji(uint32_t c)
{
	return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || c == 0xFE0F;
}

/* A character that makes a name a name: a letter of any script. Digits,
 * punctuation and symbols alone are not a name. */
static bool is_name_letter(uint32_t c)
{
	if (c < 0x80)
		return is_alpha(c);
	if (c < 0xC0 || c == 0xD7 || c == 0xF7 || c == 0xB7)
		return false;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF0F) ||
	    (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65))
		return false;
	return !is_digit(fold_width(c)) && !is_emoji(c);
}

static bool check_name(const struct cps *in, struct vresult *r)
{
	struct cps s;
	bool res = false, letter = false, digits_only = true;
	static const char forbidden[] = "<>\"\\`|{}^~=;$%@#*?";

	s.c = xcalloc(in->n + 1, sizeof(uint32_t));
	s.n = 0;
	for (size_t i = 0; i < in->n; i++) {
		uint32_t c = in->c[i];

		if (is_middle_dot_variant(c))
			c = 0xB7;
		if (is_space(c)) {
			/* runs of spaces collapse; none around the middle dot */
			if (s.n && (s.c[s.n - 1] == ' ' || s.c[s.n - 1] == 0xB7))
				continue;
			c = ' ';
		} else if (c == 0xB7 && s.n && s.c[s.n - 1] == ' ') {
			s.n--;
		}
		s.c[s.n++] = c;
	}
	for (size_t i = 0; i < s.n; i++) {
		uint32_t c = s.c[i];

		if (c < 0x80 && strchr(forbidden, (int)c)) {
			fail(r, "姓名/名称中不能有字符 \"%c\"", (char)c);
			goto out;
		}
		if (is_emoji(c)) {
			fail(r, "姓名/名称中不能有表情符号");
			goto out;
		}
		if (c == 0xB7 && (i == 0 || i + 1 == s.n || s.c[i + 1] == 0xB7)) {
			fail(r, "间隔号 · 不能在开头或结尾, 也不能连用");
			goto out;
		}
		if (is_name_letter(c))
			letter = true;
		if (!is_digit(fold_width(c)) && c != ' ')
			digits_only = false;
	}
	if (digits_only) {
		fail(r, "姓名/名称不能只有数字");
		goto out;
	}
	if (!letter) {
		fail(r, "姓名/名称至少要有一个文字");
		goto out;
	}
	if (s.n > VALIDATE_NAME_MAX) {
		fail(r, "姓名/名称最长 %d 个字, 现为 %zu 个字", VALIDATE_NAME_MAX, s.n);
		goto out;
	}
	res = ok(r, cps_str(s.c, s.n));
out:
	free(s.c);
	return res;
}

static bool check_text(const struct cps *in, struct vresult *r)
{
	if (in->n > VALIDATE_TEXT_MAX)
		return fail(r, "内容最长 %d 个字, 现为 %zu 个字", VALIDATE_TEXT_MAX, in->n);
	return ok(r, cps_str(in->c, in->n));
}

/* ---- the entry point ---------------------------------------------------- */

static bool (*const checks[V__COUNT])(const struct cps *, struct vresult *) = {
	[V_TEXT] = check_text,     [V_NAME] = check_name,         [V_ID] = check_id,
	[V_USCC] = check_uscc,     [V_TAXID] = check_taxid,       [V_MOBILE] = check_mobile,
	[V_EMAIL] = check_email,   [V_POSTCODE] = check_postcode, [V_SERIAL] = check_serial,
	[V_ACCOUNT] = check_account, [V_CNAPS] = check_cnaps,     [V_APPNO] = check_appno,
};

bool validate(enum vkind kind, const char *input, struct vresult *r)
{
	const unsigned char *p = (const unsigned char *)(input ? input : "");
	size_t len = strlen((const char *)p), chars = 0;
	struct cps s;
	size_t b = 0, e;
	bool res;

	memset(r, 0, sizeof(*r));
	if ((unsigned)kind >= V__COUNT)
		return fail(r, "未知的校验类型");
	s.c = xcalloc(len + 1, sizeof(uint32_t));
	s.n = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_decode((const char *)p + i, len - i, &s.c[s.n]);

		if (s.c[s.n] == UTF8_INVALID) {
			free(s.c);
			return fail(r, "第 %zu 个字符处编码无效 (不是 UTF-8)", chars + 1);
		}
		i += n;
		s.n++;
		chars++;
	}
	while (b < s.n && is_space(s.c[b]))
		b++;
	e = s.n;
	while (e > b && is_space(s.c[e - 1]))
		e--;
	for (size_t i = b; i < e; i++) {
		unsigned c = (unsigned)s.c[i];

		if (is_control(c) || is_format(c)) {
			free(s.c);
			return fail(r, "第 %zu 个字符是%s (U+%04X), 请删除", i - b + 1,
				    is_control(c) ? "控制字符" : "不可见的格式字符", c);
		}
	}
	if (b == e) {
		free(s.c);
		return fail(r, "%s未填写", vkind_zh(kind));
	}
	{
		struct cps t = { s.c + b, e - b };

		res = checks[kind](&t, r);
	}
	free(s.c);
	if (!res) {
		free(r->value);
		r->value = NULL;
		free(r->warning);
		r->warning = NULL;
	}
	return res;
}

void vresult_release(struct vresult *r)
{
	if (!r)
		return;
	free(r->value);
	free(r->error);
	free(r->warning);
	r->value = r->error = r->warning = NULL;
}

static const char *const vkind_names[] = {
#define X(e, name, zh) [e] = name,
	VKIND_TABLE(X)
#undef X
};

static const char *const vkind_zhs[] = {
#define X(e, name, zh) [e] = zh,
	VKIND_TABLE(X)
#undef X
};

int vkind_parse(const char *name)
{
	for (int i = 0; name && i < V__COUNT; i++)
		if (!strcmp(name, vkind_names[i]))
			return i;
	return -1;
}

const char *vkind_name(enum vkind kind)
{
	return (unsigned)kind < V__COUNT ? vkind_names[kind] : "?";
}

const char *vkind_zh(enum vkind kind)
{
	return (unsigned)kind < V__COUNT ? vkind_zhs[kind] : "?";
}
