/* test_form.c - the form-definition parser: every construct, every error
 * with its line number, and forms/replacement.form against the CA's guide. */
#include "testutil.h"

#include "form/form.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/validate.h"
#include "store/app.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	struct form_schema schema;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char *agr, *bad;
	FILE *fp;

	tu_open(&f->dir, &f->c, &f->s);
	/* A data directory of our own with one good and one bad agreement file. */
	agr = xasprintf("%s/data/agreements", f->dir);
	bad = xasprintf("mkdir -p '%s'", agr);
	assert_int_equal(system(bad), 0);
	free(bad);
	bad = xasprintf("%s/good.txt", agr);
	fp = fopen(bad, "w");
	fputs("\n版本：2026.3\n\n协议正文第一行。\n第二行。\n", fp);
	fclose(fp);
	free(bad);
	bad = xasprintf("%s/noversion.txt", agr);
	fp = fopen(bad, "w");
	fputs("协议正文, 没有版本行。\n", fp);
	fclose(fp);
	free(bad);
	free(agr);
	store_form_schema(&f->schema, f->s, f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_close(f->dir, f->c, f->s);
	free(f);
	return 0;
}

static struct form *parse_ok(struct fx *f, const char *text)
{
	char *err = NULL;
	struct form *form = form_parse(text, strlen(text), "t.form", &f->schema, &err);

	if (!form)
		fprintf(stderr, "unexpected errors:\n%s\n", err);
	assert_non_null(form);
	assert_null(err);
	return form;
}

/* Parsing fails and the errors contain WANT (e.g. "t.form:3: 未知指令"). */
static void parse_fails(struct fx *f, const char *text, const char *want)
{
	char *err = NULL;
	struct form *form = form_parse(text, strlen(text), "t.form", &f->schema, &err);

	assert_null(form);
	assert_non_null(err);
	if (!strstr(err, want))
		fprintf(stderr, "wanted \"%s\" in:\n%s\n", want, err);
	assert_non_null(strstr(err, want));
	free(err);
}

#define HEAD "screen s 录入信息\nsection sec 单位信息\n"   /* lines 1-2 */

static void every_construct_is_parsed(void **state)
{
	struct fx *f = *state;
	const char *text =
		"\xEF\xBB\xBF# a comment\n"
		"form 测试表单\r\n"
		"\n"
		"screen intro 介绍\n"
		"  kind agreements\n"
		"  note 请阅读协议\n"
		"  agreement consent_tos_version 电子认证服务协议\n"
		"    file agreements/good.txt\n"
		"  consent-time consent_at\n"
		"screen entry 录入信息\n"
		"\twhen org_doc_type != 其他\n"
		"  note 注：屏幕提示\n"
		"section org 单位信息\n"
		"  note 分区提示\n"
		"  field org_name\n"
		"    label 机构名称\n"
		"    type text\n"
		"    required\n"
		"    max 80\n"
		"    hint 请填写全称\n"
		"    prefill cert.org_name\n"
		"  field org_doc_type\n"
		"    label 机构证件类型\n"
		"    type choice\n"
		"    choices 统一社会信用代码证 营业执照\n"
		"    choices 其他\n"
		"    default 统一社会信用代码证\n"
		"  field org_doc_no\n"
		"    label 机构证件号码\n"
		"    type text\n"
		"    check uscc when org_doc_type = 统一社会信用代码证\n"
		"  field org_region\n"
		"    label 省市\n"
		"    type division\n"
		"    levels 2\n"
		"section agent 经办人\n"
		"  field agent_name\n"
		"    label 姓名\n"
		"    type name\n"
		"section applicant 申请人\n"
		"  copy-from agent\n"
		"  when org_doc_type = 营业执照\n"
		"  field applicant_name\n"
		"    label 申请人姓名\n"
		"    type name\n"
		"    copy agent_name\n"
		"    readonly\n"
		"section bank 金融认证信息\n"
		"  field bank_account_name\n"
		"    label 基本户名称\n"
		"    type text\n"
		"    prefill from org_name when org_doc_type = 营业执照\n"
		"    rule equals org_name 基本户名称需与单位名称保持一致\n"
		"    rule differs agent_name 不应是经办人\n"
		"    note 字段提示\n"
		"  field bank_name\n"
		"    label 开户行\n"
		"    type bank\n"
		"    code-column bank_code\n"
		"  field invoice_kind\n"
		"    label 是否开票\n"
		"    type yesno\n"
		"    choices 电子发票 否\n"
		"  field invoice_purpose\n"
		"    label 发票用途\n"
		"    type text\n"
		"    fixed 介质服务费\n"
		"    when invoice_kind = 电子发票\n";
	struct form *form = parse_ok(f, text);
	const struct form_field *fld;
	const struct form_screen *scr;
	const struct form_section *sec;

	assert_string_equal(form->title, "测试表单");
	assert_int_equal(form->nscreens, 2);
	scr = form->screens[0];
	assert_int_equal(scr->kind, SK_AGREEMENTS);
	assert_int_equal(scr->nagreements, 1);
	assert_string_equal(scr->agreements[0].column, "consent_tos_version");
	assert_string_equal(scr->agreements[0].title, "电子认证服务协议");
	assert_string_equal(scr->agreements[0].version, "2026.3");
	assert_string_equal(scr->agreements[0].text, "协议正文第一行。\n第二行。\n");
	assert_string_equal(scr->consent_time, "consent_at");
	assert_string_equal(scr->notes.v[0], "请阅读协议");
	scr = form_screen_find(form, "entry");
	assert_int_equal(scr->kind, SK_FIELDS);
	assert_int_equal(scr->when.n, 1);
	assert_true(scr->when.v[0].negate);
	assert_int_equal(scr->when.v[0].line, 11);
	assert_string_equal(scr->notes.v[0], "注：屏幕提示");
	assert_int_equal(scr->nsections, 4);
	sec = form_section_find(form, "org");
	assert_string_equal(sec->title, "单位信息");
	assert_string_equal(sec->notes.v[0], "分区提示");
	assert_ptr_equal(sec->screen, scr);
	assert_int_equal(sec->nfields, 4);
	assert_int_equal(form->nfields, 10);

	fld = form_field_find(form, "org_name");
	assert_int_equal(fld->line, 15);
	assert_string_equal(fld->label, "机构名称");
	assert_int_equal(fld->type, FT_TEXT);
	assert_true(fld->required);
	assert_int_equal(fld->max, 80);
	assert_string_equal(fld->hint, "请填写全称");
	assert_int_equal(fld->nprefills, 1);
	assert_int_equal(fld->prefills[0].from, PF_CERT);
	assert_string_equal(fld->prefills[0].source, "org_name");
	assert_ptr_equal(fld->section, sec);
	assert_int_equal(fld->index, 0);

	fld = form_field_find(form, "org_doc_type");
	assert_int_equal(fld->type, FT_CHOICE);
	assert_int_equal(fld->choices.n, 3);
	assert_string_equal(fld->choices.v[2], "其他");
	assert_string_equal(fld->def, "统一社会信用代码证");
	assert_false(fld->required);
	assert_int_equal(fld->max, 0);

	fld = form_field_find(form, "org_doc_no");
	assert_int_equal(fld->nchecks, 1);
	assert_int_equal(fld->checks[0].type, FT_USCC);
	assert_int_equal(fld->checks[0].when.n, 1);
	assert_string_equal(fld->checks[0].when.v[0].field, "org_doc_type");
	assert_string_equal(fld->checks[0].when.v[0].value, "统一社会信用代码证");
	assert_false(fld->checks[0].when.v[0].negate);
	assert_int_equal(fld->max, form_type_default_max(FT_TEXT));

	assert_int_equal(form_field_find(form, "org_region")->levels, 2);

	sec = form_section_find(form, "applicant");
	assert_string_equal(sec->copy_from, "agent");
	assert_int_equal(sec->when.n, 1);
	fld = form_field_find(form, "applicant_name");
	assert_string_equal(fld->copy, "agent_name");
	assert_true(fld->readonly);

	fld = form_field_find(form, "bank_account_name");
	assert_int_equal(fld->prefills[0].from, PF_FIELD);
	assert_string_equal(fld->prefills[0].source, "org_name");
	assert_int_equal(fld->prefills[0].when.n, 1);
	assert_int_equal(fld->nrules, 2);
	assert_int_equal(fld->rules[0].op, RULE_EQUALS);
	assert_string_equal(fld->rules[0].other, "org_name");
	assert_string_equal(fld->rules[0].message, "基本户名称需与单位名称保持一致");
	assert_int_equal(fld->rules[0].line, 53);
	assert_int_equal(fld->rules[1].op, RULE_DIFFERS);
	assert_string_equal(fld->notes.v[0], "字段提示");

	assert_string_equal(form_field_find(form, "bank_name")->code_column, "bank_code");
	fld = form_field_find(form, "invoice_purpose");
	assert_string_equal(fld->fixed, "介质服务费");
	assert_int_equal(fld->when.n, 1);
	assert_null(form_field_find(form, "nope"));
	form_free(form);
}

static void type_table_maps_to_validators(void **state)
{
	(void)state;
	assert_int_equal(form_type_parse("text"), FT_TEXT);
	assert_int_equal(form_type_parse("division"), FT_DIVISION);
	assert_int_equal(form_type_parse("bank"), FT_BANK);
	assert_int_equal(form_type_parse("yesno"), FT_YESNO);
	assert_int_equal(form_type_parse("nope"), -1);
	assert_int_equal(form_type_vkind(FT_USCC), V_USCC);
	assert_int_equal(form_type_vkind(FT_ID), V_ID);
	assert_int_equal(form_type_vkind(FT_MOBILE), V_MOBILE);
	assert_int_equal(form_type_vkind(FT_ACCOUNT), V_ACCOUNT);
	assert_int_equal(form_type_vkind(FT_CHOICE), -1);
	assert_int_equal(form_type_vkind(FT_DIVISION), -1);
	for (int t = 0; t < FT__COUNT; t++) {
		assert_int_equal(form_type_parse(form_type_name((enum form_type)t)), t);
		assert_true(strlen(form_type_zh((enum form_type)t)) > 0);
	}
	assert_int_equal(form_screen_kind_parse("summary"), SK_SUMMARY);
	assert_int_equal(form_screen_kind_parse("x"), -1);
	assert_int_equal(form_utf8_len("机构a"), 3);
}

static void yesno_and_division_have_defaults(void **state)
{
	struct fx *f = *state;
	struct form *form = parse_ok(f, HEAD "field invoice_kind\nlabel 开票\ntype yesno\n"
					   "field mail_region\nlabel 省市县\ntype division\n");

	assert_int_equal(form_field_find(form, "invoice_kind")->choices.n, 2);
	assert_string_equal(form_field_find(form, "invoice_kind")->choices.v[0], "是");
	assert_int_equal(form_field_find(form, "mail_region")->levels, 3);
	form_free(form);
}

static void unknown_directive_is_reported_with_its_line(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nlable 错字\n", "t.form:6: 未知指令「lable」");
}

static void unknown_type_is_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype texte\n", "t.form:5: 未知的字段类型「texte」");
}

static void duplicate_field_key_is_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nfield org_name\nlabel 又一个\ntype text\n",
		    "t.form:6: 字段「org_name」重复 (第 3 行已定义)");
}

static void duplicate_section_and_screen_keys_are_reported(void **state)
{
	parse_fails(*state, HEAD "section sec 又一个\n", "t.form:3: section「sec」重复");
	parse_fails(*state, HEAD "screen s 又一个\n", "t.form:3: 界面「s」重复");
}

static void condition_on_unknown_field_is_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nwhen invoice_kind = 电子发票\n",
		    "t.form:6: 条件中的字段「invoice_kind」不存在");
}

static void condition_value_must_be_a_choice(void **state)
{
	parse_fails(*state, HEAD "field invoice_kind\nlabel 开票\ntype yesno\nchoices 电子发票 否\n"
				 "field invoice_title\nlabel 抬头\ntype text\nwhen invoice_kind = 纸质发票\n",
		    "t.form:10: 「纸质发票」不是字段「invoice_kind」的选项");
}

static void malformed_condition_is_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nwhen org_name\n",
		    "t.form:6: 条件应写作「when 字段 = 值」");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nwhen org_name == x\n", "t.form:6: 条件应写作");
}

static void prefill_from_unknown_field_is_reported(void **state)
{
	parse_fails(*state, HEAD "field bank_account_name\nlabel 户名\ntype text\nprefill from org_nmae\n",
		    "t.form:6: 预填来源字段「org_nmae」不存在");
}

static void prefill_from_unknown_certificate_column_is_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nprefill cert.holdr\n",
		    "t.form:6: 证书缓存中没有「holdr」这一列");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nprefill org_address\n",
		    "t.form:6: 应写作「prefill from 字段");
}

static void prefill_cycle_is_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nprefill from bank_account_name\n"
				 "field bank_account_name\nlabel 户名\ntype text\nprefill from org_name\n",
		    "t.form:3: 字段「org_name」的预填 (prefill from) 构成循环");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nprefill from org_name\n",
		    "t.form:6: 字段「org_name」不能从自己预填");
}

static void rule_naming_unknown_field_is_reported(void **state)
{
	parse_fails(*state, HEAD "field bank_account_name\nlabel 户名\ntype text\nrule equals org_name 须一致\n",
		    "t.form:6: 规则中的字段「org_name」不存在");
	parse_fails(*state, HEAD "field bank_account_name\nlabel 户名\ntype text\nrule same org_name 须一致\n",
		    "t.form:6: 应写作「rule equals 字段 提示」");
	parse_fails(*state, HEAD "field bank_account_name\nlabel 户名\ntype text\nrule equals org_name\n",
		    "t.form:6: 应写作「rule equals");
}

static void field_key_must_be_a_writable_column(void **state)
{
	parse_fails(*state, HEAD "field org_nmae\nlabel 名称\ntype text\n",
		    "t.form:3: 字段键「org_nmae」不是 applications 表中可写的列");
	parse_fails(*state, HEAD "field status\nlabel 状态\ntype text\n", "t.form:3: 字段键「status」不是");
	parse_fails(*state, HEAD "field Org-Name\nlabel 名称\ntype text\n", "t.form:3: 字段键「Org-Name」只能由");
	parse_fails(*state, HEAD "field bank_name\nlabel 开户行\ntype bank\ncode-column app_no\n",
		    "t.form:3: code-column「app_no」不是 applications 表中可写的列");
}

static void writable_check_uses_the_callback(void **state)
{
	struct fx *f = *state;
	struct form_schema none = { 0 };
	char *err = NULL;
	const char *text = HEAD "field anything_goes\nlabel 名称\ntype text\n";
	struct form *form = form_parse(text, strlen(text), "t.form", &none, &err);

	assert_non_null(form);       /* without a schema, names are not checked */
	form_free(form);
	form = form_parse(text, strlen(text), "t.form", NULL, &err);
	assert_non_null(form);
	form_free(form);
	(void)f;
}

static void bad_max_is_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nmax 0\n",
		    "t.form:6: 「max」应为 1 到 1000 之间的整数 (字符数), 而不是「0」");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nmax 12a\n", "t.form:6: 「max」应为");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nmax 5000\n", "t.form:6: 「max」应为");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nmax\n", "t.form:6: 「max」缺少内容");
	parse_fails(*state, HEAD "field org_doc_type\nlabel 类型\ntype choice\nchoices a b\nmax 5\n",
		    "t.form:3: 「choice」类型的字段不能设置 max");
}

static void missing_label_and_type_are_reported(void **state)
{
	parse_fails(*state, HEAD "field org_name\ntype text\n", "t.form:3: 字段「org_name」缺少 label");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\n", "t.form:3: 字段「org_name」缺少 type");
}

static void directives_outside_their_block_are_reported(void **state)
{
	parse_fails(*state, HEAD "label 名称\n", "t.form:3: 「label」只能写在 field 之内");
	parse_fails(*state, "screen s 界面\nfield org_name\n", "t.form:2: field 必须写在 section 之内");
	parse_fails(*state, "section x 分区\n", "t.form:1: section 必须写在 screen 之内");
	parse_fails(*state, HEAD "copy-from agent\nfield org_name\nlabel 名\ntype text\ncopy-from agent\n",
		    "t.form:7: 「copy-from」只能写在 section 之内");
	parse_fails(*state, HEAD "kind summary\n", "t.form:3: 「kind」只能写在 screen 之内、第一个 section 之前");
	parse_fails(*state, HEAD "file x.txt\n", "t.form:3: 「file」只能写在 agreement 之内");
	parse_fails(*state, "screen s 界面\nkind summary\nform 标题\n", "t.form:3: 「form」只能写一次");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nrequired yes\n",
		    "t.form:6: 「required」后面不应有内容");
	parse_fails(*state, "screen s\n", "t.form:1: 应写作「screen 键 标题」");
}

static void choices_defaults_and_type_attributes_are_checked(void **state)
{
	parse_fails(*state, HEAD "field org_doc_type\nlabel 类型\ntype choice\n", "t.form:3: choice 字段「org_doc_type」缺少 choices");
	parse_fails(*state, HEAD "field org_doc_type\nlabel 类型\ntype choice\nchoices a b\ndefault c\n",
		    "t.form:3: 默认值「c」不是字段「org_doc_type」的选项");
	parse_fails(*state, HEAD "field org_doc_type\nlabel 类型\ntype choice\nchoices a a\n", "t.form:6: 选项「a」重复");
	parse_fails(*state, HEAD "field invoice_kind\nlabel 开票\ntype yesno\nchoices 是 否 不确定\n",
		    "t.form:3: yesno 字段「invoice_kind」的 choices 应正好两项");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nchoices a b\n", "t.form:3: 只有 choice 和 yesno");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nlevels 3\n", "t.form:3: 只有 division 字段可以设置 levels");
	parse_fails(*state, HEAD "field org_region\nlabel 省市\ntype division\nlevels 4\n", "t.form:6: 「levels」应为 2");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\ncode-column bank_code\n",
		    "t.form:3: 只有 bank 字段可以设置 code-column");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\ncheck choice\n", "t.form:6: 「check」后应为有校验规则的类型");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\nlabel 又一个\n", "t.form:6: 「label」重复");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\ntype name\n", "t.form:6: 「type」重复");
	parse_fails(*state, HEAD "field org_name\nlabel 名称\ntype text\ndefault a\nfixed b\n",
		    "t.form:3: 字段「org_name」不能同时有 default 和 fixed");
}

static void copy_needs_copy_from_and_a_field_of_that_section(void **state)
{
	const char *agent = "screen s 录入信息\nsection agent 经办人\nfield agent_name\nlabel 经办人\ntype name\nfield agent_mobile\nlabel 手机\ntype mobile\n";
	char *t;

	t = xasprintf("%ssection applicant 申请人\nfield applicant_name\nlabel 姓名\ntype name\ncopy agent_name\n", agent);
	parse_fails(*state, t, "t.form:10: 字段「applicant_name」有 copy, 但所在 section「applicant」没有 copy-from");
	free(t);
	t = xasprintf("%ssection applicant 申请人\ncopy-from agent\nfield applicant_name\nlabel 姓名\ntype name\n"
		      "copy agent_mobile\n", agent);
	parse_fails(*state, t, "t.form:11: 复制来源字段「agent_mobile」的类型 (mobile) 与本字段 (name) 不同");
	free(t);
	t = xasprintf("%ssection applicant 申请人\ncopy-from agnet\n", agent);
	parse_fails(*state, t, "t.form:9: copy-from 的 section「agnet」不存在");
	free(t);
	t = xasprintf("%ssection other 其他\nfield legal_name\nlabel 法人\ntype name\n"
		      "section applicant 申请人\ncopy-from agent\nfield applicant_name\nlabel 姓名\ntype name\ncopy legal_name\n",
		      agent);
	parse_fails(*state, t, "t.form:15: 复制来源字段「legal_name」不在 section「agent」中");
	free(t);
}

static void agreements_are_read_and_checked(void **state)
{
	parse_fails(*state, "screen intro 介绍\nkind agreements\nagreement consent_tos_version 协议\nfile agreements/none.txt\n",
		    "t.form:3: 无法读取协议文件");
	parse_fails(*state, "screen intro 介绍\nkind agreements\nagreement consent_tos_version 协议\nfile agreements/noversion.txt\n",
		    "t.form:3: 协议文件");
	parse_fails(*state, "screen intro 介绍\nkind agreements\nagreement consent_tos_version 协议\n", "t.form:3: 协议「协议」缺少 file");
	parse_fails(*state, "screen intro 介绍\nkind agreements\nagreement app_no 协议\nfile agreements/good.txt\n",
		    "t.form:3: 协议版本列「app_no」不是 applications 表中可写的列");
	parse_fails(*state, "screen intro 介绍\nagreement consent_tos_version 协议\nfile agreements/good.txt\n",
		    "t.form:2: agreement 只能用在 kind agreements 的界面");
	parse_fails(*state, "screen intro 介绍\nkind agreements\n", "t.form:1: kind agreements 的界面「intro」没有 agreement");
	parse_fails(*state, "screen intro 介绍\nkind agreements\nagreement consent_tos_version 协议\nfile ../../etc/passwd\n",
		    "t.form:4: 协议文件应为 data/ 下的相对路径");
	parse_fails(*state, "screen intro 介绍\nkind agreements\nagreement consent_tos_version 协议\nfile agreements/good.txt\n"
			    "consent-time status\n", "t.form:1: consent-time「status」不是");
	parse_fails(*state, "screen intro 介绍\nkind cartoon\n", "t.form:2: 未知的界面类型「cartoon」");
}

static void bad_text_is_reported_never_crashes(void **state)
{
	struct fx *f = *state;
	static const char nul[] = "screen s 界面\nsection a\0b 分区\n";
	char *err = NULL;

	parse_fails(f, HEAD "field org_name\nlabel \xE6\x9C\n", "t.form:4: 不是有效的 UTF-8 文本");
	parse_fails(f, HEAD "field org_name\nlabel a\x01b\n", "t.form:4: 含有控制字符");
	assert_null(form_parse(nul, sizeof(nul) - 1, "t.form", &f->schema, &err));
	assert_non_null(strstr(err, "t.form:2: 含有 NUL 字节"));
	free(err);
	parse_fails(f, "", "t.form: 没有定义任何 screen");
	parse_fails(f, "# only a comment\n\n", "没有定义任何 screen");
	parse_fails(f, "screen s 界面\nsection bad-key 分区\n", "t.form:2: 键「bad-key」只能由小写字母");
}

/* `note @key` and `hint @key` are the text of KEY in the text catalogue; an
 * unknown key is an error at its line, and the catalogue is loaded on first
 * use when nobody loaded it (certdesk forms check). */
static void notes_and_hints_refer_to_the_text_catalogue(void **state)
{
	struct fx *f = *state;
	char *cat = xasprintf("%s/text.txt", f->dir), *want, *err = NULL;
	FILE *fp = fopen(cat, "w");
	struct form *form;
	const struct form_field *fld;

	assert_non_null(fp);
	fputs("hint.a\t甲提示\nhint.b\t乙\\n提示\n", fp);
	fclose(fp);
	assert_true(text_load(cat, &err));
	form = parse_ok(f, HEAD "  note @hint.a\n"
				"  field org_name\n    label 名称\n    type text\n    hint @hint.b\n"
				"    note @hint.a\n");
	assert_string_equal(form_section_find(form, "sec")->notes.v[0], "甲提示");
	fld = form_field_find(form, "org_name");
	assert_non_null(fld);
	assert_string_equal(fld->hint, "乙\n提示");
	assert_string_equal(fld->notes.v[0], "甲提示");
	form_free(form);
	want = xasprintf("t.form:6: 文本目录 %s 中没有键「hint.nope」", cat);
	parse_fails(f, HEAD "  field org_name\n    label 名称\n    type text\n    note @hint.nope\n", want);
	free(want);
	want = xasprintf("t.form:4: 文本目录 %s 中没有键「hint.c」", cat);
	parse_fails(f, HEAD "  field org_name\n    hint @hint.c\n    label 名称\n    type text\n", want);
	free(want);
	text_unload();
	form = parse_ok(f, HEAD "  note @hint.pin_delivery\n");
	assert_true(str_startswith(form_section_find(form, "sec")->notes.v[0], "温馨提示：如付款方式选择支付宝/微信"));
	assert_non_null(text_path());
	form_free(form);
	text_unload();
	unlink(cat);
	free(cat);
}

static void every_line_error_is_listed(void **state)
{
	struct fx *f = *state;
	const char *text = HEAD "field org_name\nlable x\ntype txt\nmax -1\n";
	char *err = NULL;

	assert_null(form_parse(text, strlen(text), "t.form", &f->schema, &err));
	assert_non_null(strstr(err, "t.form:4: 未知指令「lable」"));
	assert_non_null(strstr(err, "t.form:5: 未知的字段类型「txt」"));
	assert_non_null(strstr(err, "t.form:6: 「max」应为"));
	free(err);
}

static void missing_file_is_an_error_not_a_crash(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	assert_null(form_load("/nonexistent/x.form", &f->schema, &err));
	assert_non_null(strstr(err, "/nonexistent/x.form: 无法读取表单文件"));
	free(err);
}

/* A text field is data: a new field on an existing column needs no C change. */
static void an_extra_text_field_needs_no_code(void **state)
{
	struct fx *f = *state;
	char *path = paths_source_file("forms/replacement.form"), *text, *more, *err = NULL;
	size_t len;
	struct form *form;
	const struct form_field *fld;
	struct form_schema schema;

	store_form_schema(&schema, f->s, paths_datadir());
	assert_non_null(path);
	text = file_read_all(path, &len);
	assert_non_null(text);
	more = xasprintf("%s\nscreen extra 补充信息\nsection extra 补充\n  field pin_delivery\n    label PIN码领取方式\n"
			 "    type text\n    max 40\n    hint 例如：短信发送至经办人\n", text);
	form = form_parse(more, strlen(more), path, &schema, &err);
	if (!form)
		fprintf(stderr, "%s\n", err);
	assert_non_null(form);
	fld = form_field_find(form, "pin_delivery");
	assert_non_null(fld);
	assert_string_equal(fld->label, "PIN码领取方式");
	assert_string_equal(fld->section->screen->title, "补充信息");
	assert_ptr_equal(form->fields[form->nfields - 1], fld);
	form_free(form);
	free(more);
	free(text);
	free(path);
}

static const struct form_field *need(const struct form *form, const char *key)
{
	const struct form_field *f = form_field_find(form, key);

	if (!f)
		fprintf(stderr, "no field %s\n", key);
	assert_non_null(f);
	return f;
}

static void replacement_form_follows_the_guide(void **state)
{
	struct fx *f = *state;
	struct form_schema schema;
	char *path = paths_source_file("forms/replacement.form"), *err = NULL;
	struct form *form;
	const struct form_screen *entry;
	const struct form_field *fld;
	static const char *const sections[] = { "单位信息", "法定代表人", "经办人信息", "申请人信息",
						"金融认证信息", "邮寄信息", "电子发票信息" };
	static const char *const required[] = {
		"org_name", "org_doc_type", "org_doc_no", "org_region", "org_address", "auth_method",
		"legal_name", "legal_id", "agent_name", "agent_id", "agent_mobile", "agent_email", "agent_title",
		"applicant_name", "applicant_id", "applicant_mobile", "applicant_email", "bank_account_name",
		"bank_name", "bank_account", "bank_account_confirm", "mail_region", "mail_address", "invoice_kind",
		"invoice_purpose", "invoice_title",
	};
	const char *pin = "温馨提示：如付款方式选择支付宝/微信，则需要进行单位金融认证，证书PIN码将以转账交易附言方式发送至对公账户，"
			  "请向贵司财务人员获取；如付款方式选择公对公转账，机构证书PIN码将通过短信方式发至经办人手机号码，"
			  "个人证书PIN码将通过短信方式发至申请人手机号码。";

	store_form_schema(&schema, f->s, paths_datadir());
	assert_non_null(path);
	form = form_load(path, &schema, &err);
	if (!form)
		fprintf(stderr, "%s\n", err);
	assert_non_null(form);
	assert_int_equal(form->screens[0]->kind, SK_AGREEMENTS);
	assert_string_equal(form->screens[0]->title, "介质遗失补办介绍");
	assert_int_equal(form->screens[0]->nagreements, 2);
	assert_string_equal(form->screens[0]->agreements[0].title, "电子认证服务协议");
	assert_string_equal(form->screens[0]->agreements[1].title, "敏感个人信息授权书");
	assert_non_null(form->screens[0]->agreements[0].version);
	assert_non_null(form->screens[0]->agreements[1].version);
	assert_int_equal(form->screens[1]->kind, SK_CERTIFICATE);
	assert_string_equal(form->screens[1]->title, "证书选择");
	assert_string_equal(need(form, "cert_serial")->hint, "注：区分大小写，示例：712C1B5A584A1BBE");
	assert_int_equal(form->screens[form->nscreens - 1]->kind, SK_SUMMARY);

	entry = form_screen_find(form, "entry");
	assert_non_null(entry);
	assert_string_equal(entry->title, "录入信息");
	assert_int_equal(entry->nsections, ARRAY_SIZE(sections));
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		assert_string_equal(entry->sections[i]->title, sections[i]);
	for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
		assert_true(need(form, required[i])->required);
		assert_ptr_equal(need(form, required[i])->section->screen, entry);
	}
	assert_false(need(form, "mail_postcode")->required);
	assert_false(need(form, "invoice_taxid")->required);

	fld = need(form, "org_doc_type");
	assert_int_equal(fld->choices.n, 8);
	assert_string_equal(fld->choices.v[0], "统一社会信用代码证");
	assert_string_equal(fld->def, "统一社会信用代码证");
	fld = need(form, "org_doc_no");
	assert_int_equal(fld->checks[0].type, FT_USCC);
	assert_string_equal(fld->checks[0].when.v[0].value, "统一社会信用代码证");
	assert_int_equal(need(form, "org_region")->type, FT_DIVISION);
	assert_int_equal(need(form, "mail_region")->type, FT_DIVISION);
	assert_string_equal(need(form, "auth_method")->choices.v[0], "银行金融认证");
	assert_string_equal(need(form, "auth_method")->notes.v[0], pin);
	assert_string_equal(form_section_find(form, "bank")->notes.v[0], pin);

	assert_int_equal(need(form, "legal_id")->type, FT_ID);
	assert_string_equal(need(form, "agent_mobile")->hint, "请填写实名手机号码");
	assert_non_null(strstr(need(form, "agent_mobile")->notes.v[0], "经办人需使用本人实名认证的手机号码"));
	assert_string_equal(need(form, "agent_email")->hint, "此邮箱用于接收电子发票，请正确填写");
	assert_string_equal(form_section_find(form, "applicant")->copy_from, "agent");
	assert_string_equal(need(form, "applicant_mobile")->copy, "agent_mobile");

	fld = need(form, "bank_account_name");
	assert_string_equal(fld->prefills[0].source, "org_name");
	assert_string_equal(fld->rules[0].message, "基本户名称需与单位名称保持一致");
	fld = need(form, "bank_name");
	assert_int_equal(fld->type, FT_BANK);
	assert_string_equal(fld->code_column, "bank_code");
	assert_non_null(strstr(fld->notes.v[0], "请正确选择搜索下拉框弹出的基本户开户行信息，例如：中国工商银行，输入工商关键字即可。"));
	assert_string_equal(need(form, "bank_account_confirm")->rules[0].other, "bank_account");

	assert_string_equal(need(form, "mail_address")->hint, "接收邮寄证书的详细地址");
	assert_string_equal(need(form, "mail_address")->prefills[0].source, "org_address");
	assert_string_equal(need(form, "mail_region")->prefills[0].source, "org_region");
	assert_int_equal(need(form, "mail_postcode")->type, FT_POSTCODE);

	fld = need(form, "invoice_kind");
	assert_int_equal(fld->type, FT_YESNO);
	assert_string_equal(fld->choices.v[0], "电子发票");
	assert_string_equal(fld->choices.v[1], "否");
	assert_string_equal(need(form, "invoice_purpose")->fixed, "介质服务费");
	assert_string_equal(need(form, "invoice_title")->hint, "发票名称请完整填写");
	assert_string_equal(need(form, "invoice_title")->when.v[0].value, "电子发票");
	fld = need(form, "invoice_taxid");
	assert_string_equal(fld->hint, "电子发票纳税人识别号请务必正确填写，否则无法做为报销凭证（个人、政府机关可不填写）");
	assert_string_equal(fld->prefills[0].source, "org_doc_no");
	assert_string_equal(fld->prefills[0].when.v[0].value, "统一社会信用代码证");
	form_free(form);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_construct_is_parsed, setup, teardown),
		cmocka_unit_test(type_table_maps_to_validators),
		cmocka_unit_test_setup_teardown(yesno_and_division_have_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_directive_is_reported_with_its_line, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_type_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_field_key_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_section_and_screen_keys_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(condition_on_unknown_field_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(condition_value_must_be_a_choice, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_condition_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(prefill_from_unknown_field_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(prefill_from_unknown_certificate_column_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(prefill_cycle_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(rule_naming_unknown_field_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(field_key_must_be_a_writable_column, setup, teardown),
		cmocka_unit_test_setup_teardown(writable_check_uses_the_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_max_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_label_and_type_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(directives_outside_their_block_are_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(choices_defaults_and_type_attributes_are_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(copy_needs_copy_from_and_a_field_of_that_section, setup, teardown),
		cmocka_unit_test_setup_teardown(agreements_are_read_and_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_text_is_reported_never_crashes, setup, teardown),
		cmocka_unit_test_setup_teardown(notes_and_hints_refer_to_the_text_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(every_line_error_is_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_file_is_an_error_not_a_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(an_extra_text_field_needs_no_code, setup, teardown),
		cmocka_unit_test_setup_teardown(replacement_form_follows_the_guide, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
