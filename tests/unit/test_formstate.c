/* test_formstate.c - the form model over a real store: defaults, saves per
 * field, validation on leave, conditions, prefills, copy, certificate choice,
 * cross-field rules, required fields, consent and the summary walk. */
#include "core/clock.h"
#include "testutil.h"

#include "form/form_lib.h"
#include "core/paths.h"
#include "core/validate.h"
#include "store/app.h"
#include "store/columns.h"
#include "store/operator.h"
#include "store/orders.h"
#include "store/refdata.h"


#define SERIAL1 "712C1B5A584A1BBE"
#define SERIAL2 "0A1B2C3D4E5F6071"
#define USCC1 "91350100M000100Y43"
#define USCC2 "91440300708461136T"
#define ID1 "11010519491231002X"
#define ID2 "440305198501011231"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	struct form *form;
	long long clerk, app;
	struct formstate *fs;
};

static void seed(struct store *s)
{
	assert_true(store_exec(s,
		"INSERT INTO divisions(code, name, parent, level) VALUES"
		" ('440000','广东省',NULL,1), ('440300','深圳市','440000',2), ('440305','南山区','440300',3),"
		" ('441900','东莞市','440000',2), ('110000','北京市',NULL,1), ('110100','北京市','110000',2),"
		" ('110101','东城区','110100',3);"
		"INSERT INTO banks(code, name, aliases) VALUES ('102100099996','中国工商银行','工行 工商'),"
		" ('105100000017','中国建设银行','建行');"
		"INSERT INTO cert_cache(serial, holder, cert_type, valid_from, valid_to, status, org_name,"
		" org_doc_type, org_doc_no, person_name, person_id, fetched_at) VALUES"
		" ('" SERIAL1 "','深圳市某某科技有限公司','机构证书','2024-01-01','2026-12-31','有效',"
		"  '深圳市某某科技有限公司','统一社会信用代码证','" USCC1 "',NULL,NULL,'2026-11-25 09:00:00'),"
		" ('" SERIAL2 "','张三','机构个人证书','2025-03-01','2027-02-28','有效',"
		"  '广州市另一家贸易有限公司','统一社会信用代码证','" USCC2 "','张三','" ID2 "','2026-11-25 09:00:00');"));
}

static struct form *load_form(struct store *s, const char *extra)
{
	char *path = paths_source_file("forms/replacement.form"), *text, *all_text, *err = NULL;
	struct form_schema schema;
	struct form *form;
	size_t len;

	assert_non_null(path);
	text = file_read_all(path, &len);
	assert_non_null(text);
	all_text = xasprintf("%s\n%s", text, extra ? extra : "");
	store_form_schema(&schema, s, paths_datadir());
	form = form_parse(all_text, strlen(all_text), path, &schema, &err);
	if (!form)
		fprintf(stderr, "%s\n", err);
	assert_non_null(form);
	free(all_text);
	free(text);
	free(path);
	return form;
}

static long long new_draft(struct fx *f)
{
	char no[APPNO_LEN + 1], *err = NULL;
	long long id = app_create_draft(f->s, f->c, f->clerk, no, &err);

	assert_true(id > 0);
	return id;
}

static struct formstate *open_fs(struct fx *f, long long app)
{
	char *err = NULL;
	struct formstate *fs = formstate_open(f->form, f->s, app, f->clerk, &err);

	if (!fs)
		fprintf(stderr, "%s\n", err);
	assert_non_null(fs);
	return fs;
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	tu_open(&f->dir, &f->c, &f->s);
	f->clerk = tu_operator(f->s, f->c, "clerk1", ROLE_CLERK);
	seed(f->s);
	f->form = load_form(f->s, NULL);
	f->app = new_draft(f);
	f->fs = open_fs(f, f->app);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	formstate_free(f->fs);
	form_free(f->form);
	tu_close(f->dir, f->c, f->s);
	free(f);
	return 0;
}

static const struct form_field *F(struct fx *f, const char *key)
{
	const struct form_field *fld = form_field_find(f->form, key);

	assert_non_null(fld);
	return fld;
}

/* Leave KEY with TYPED; the outcome must be WANT. Returns the message (caller frees). */
static char *leave(struct fx *f, const char *key, const char *typed, enum fs_outcome want)
{
	struct fs_result r;
	char *msg;

	formstate_leave(f->fs, F(f, key), typed, &r);
	if (r.outcome != want)
		fprintf(stderr, "%s = \"%s\": outcome %d (%s), wanted %d\n", key, typed, r.outcome,
			r.message ? r.message : "", want);
	assert_int_equal(r.outcome, want);
	msg = r.message;
	r.message = NULL;
	fs_result_release(&r);
	return msg;
}

static void ok(struct fx *f, const char *key, const char *typed)
{
	free(leave(f, key, typed, FS_OK));
}

static char *db(struct fx *f, const char *column)
{
	return app_get_field(f->s, f->app, column);
}

#define assert_db(f, column, want)                            \
	do {                                                  \
		char *v_ = db((f), (column));                 \
		if (want) {                                   \
			assert_non_null(v_);                  \
			assert_string_equal(v_, (want));      \
		} else {                                      \
			assert_null(v_);                      \
		}                                             \
		free(v_);                                     \
	} while (0)

static char *validator_message(enum vkind kind, const char *input)
{
	struct vresult r;
	char *m;

	assert_false(validate(kind, input, &r));
	m = xstrdup(r.error);
	vresult_release(&r);
	return m;
}

static void a_new_draft_gets_defaults_and_fixed_values(void **state)
{
	struct fx *f = *state;

	assert_string_equal(formstate_get(f->fs, "org_doc_type"), "统一社会信用代码证");
	assert_string_equal(formstate_get(f->fs, "auth_method"), "银行金融认证");
	assert_string_equal(formstate_get(f->fs, "invoice_kind"), "电子发票");
	assert_string_equal(formstate_get(f->fs, "invoice_purpose"), "介质服务费");
	assert_string_equal(formstate_get(f->fs, "org_name"), "");
	assert_string_equal(formstate_get(f->fs, "no_such_key"), "");
	assert_db(f, "invoice_purpose", "介质服务费");
	assert_db(f, "org_doc_type", "统一社会信用代码证");
	assert_db(f, "org_name", NULL);
	assert_false(formstate_field_editable(f->fs, F(f, "invoice_purpose")));
	assert_false(formstate_field_editable(f->fs, F(f, "cert_holder")));
	assert_true(formstate_field_editable(f->fs, F(f, "org_name")));
	assert_int_equal(formstate_app_id(f->fs), f->app);
	assert_ptr_equal(formstate_form(f->fs), f->form);
}

static void each_field_is_saved_as_it_is_left(void **state)
{
	struct fx *f = *state;

	ok(f, "org_name", "  深圳市某某科技有限公司 ");
	assert_db(f, "org_name", "深圳市某某科技有限公司");     /* saved at once, trimmed */
	ok(f, "agent_title", "财务经理");
	free(leave(f, "org_doc_type", "", FS_MISSING));             /* the clerk cleared a default */
	formstate_free(f->fs);
	f->fs = open_fs(f, f->app);                                 /* resume the draft */
	assert_string_equal(formstate_get(f->fs, "org_name"), "深圳市某某科技有限公司");
	assert_string_equal(formstate_get(f->fs, "agent_title"), "财务经理");
	assert_string_equal(formstate_get(f->fs, "org_doc_type"), "");   /* stays cleared */
	assert_db(f, "org_doc_type", "");
}

static void leaving_returns_the_validators_message_and_keeps_what_was_typed(void **state)
{
	struct fx *f = *state;
	char *want = validator_message(V_MOBILE, "1380013800"), *got, *again;

	got = leave(f, "agent_mobile", "1380013800", FS_INVALID);
	assert_string_equal(got, want);
	assert_db(f, "agent_mobile", "1380013800");                 /* nothing typed is lost */
	again = formstate_field_error(f->fs, F(f, "agent_mobile"));
	assert_string_equal(again, want);
	free(again);
	free(got);
	free(want);
	ok(f, "agent_mobile", "13800138000");
	assert_null(formstate_field_error(f->fs, F(f, "agent_mobile")));
	want = validator_message(V_ID, "110105194912310021");
	got = leave(f, "legal_id", "110105194912310021", FS_INVALID);
	assert_string_equal(got, want);
	free(got);
	free(want);
	ok(f, "legal_id", ID1);
	ok(f, "mail_postcode", "");                                 /* optional: empty is fine */
	want = validator_message(V_POSTCODE, "51800");
	got = leave(f, "mail_postcode", "51800", FS_INVALID);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void maximum_length_counts_characters(void **state)
{
	struct fx *f = *state;
	char thirty[200] = "", *m;

	for (int i = 0; i < 30; i++)
		strcat(thirty, "经");
	ok(f, "agent_title", thirty);
	strcat(thirty, "理");
	m = leave(f, "agent_title", thirty, FS_INVALID);
	assert_string_equal(m, "职务最多可填写 30 个字");
	free(m);
}

static void a_choice_must_be_one_of_its_choices(void **state)
{
	struct fx *f = *state;
	char *m = leave(f, "org_doc_type", "身份证", FS_INVALID);

	assert_non_null(strstr(m, "统一社会信用代码证、组织机构代码证、营业执照"));
	free(m);
	ok(f, "org_doc_type", "营业执照");
	m = leave(f, "org_doc_type", "", FS_MISSING);
	assert_string_equal(m, "请选择机构证件类型");
	free(m);
	m = leave(f, "org_name", " ", FS_MISSING);
	assert_string_equal(m, "请填写机构名称");
	free(m);
}

static void the_credit_code_is_checked_only_for_its_document_type(void **state)
{
	struct fx *f = *state;
	char *want = validator_message(V_USCC, "91350100M000100Y44"), *got;

	got = leave(f, "org_doc_no", "91350100M000100Y44", FS_INVALID);
	assert_string_equal(got, want);
	free(got);
	free(want);
	ok(f, "org_doc_no", USCC1);
	ok(f, "org_doc_type", "组织机构代码证");
	ok(f, "org_doc_no", "12345678-9");
	ok(f, "org_doc_type", "统一社会信用代码证");
	got = formstate_field_error(f->fs, F(f, "org_doc_no"));     /* the type changed under it */
	assert_non_null(got);
	free(got);
}

static void invoice_fields_show_only_for_an_electronic_invoice(void **state)
{
	struct fx *f = *state;
	const struct form_screen *entry = form_screen_find(f->form, "entry");
	const struct form_field **miss;
	size_t n;
	bool title_missing = false;

	assert_true(formstate_field_visible(f->fs, F(f, "invoice_title")));
	n = formstate_missing(f->fs, entry, &miss);
	for (size_t i = 0; i < n; i++)
		title_missing |= miss[i] == F(f, "invoice_title");
	free(miss);
	assert_true(title_missing);
	ok(f, "invoice_kind", "否");
	assert_false(formstate_field_visible(f->fs, F(f, "invoice_title")));
	assert_false(formstate_field_visible(f->fs, F(f, "invoice_taxid")));
	assert_false(formstate_field_visible(f->fs, F(f, "invoice_purpose")));
	assert_true(formstate_field_visible(f->fs, F(f, "invoice_kind")));
	assert_null(formstate_field_error(f->fs, F(f, "invoice_title")));
	assert_int_equal(formstate_missing(f->fs, entry, NULL), n - 1);
	ok(f, "invoice_kind", "电子发票");
	assert_true(formstate_field_visible(f->fs, F(f, "invoice_title")));
	assert_int_equal(formstate_missing(f->fs, entry, NULL), n);
}

static void prefills_follow_their_source_until_the_clerk_changes_them(void **state)
{
	struct fx *f = *state;
	char *m;

	ok(f, "org_name", "深圳市甲公司");
	assert_string_equal(formstate_get(f->fs, "bank_account_name"), "深圳市甲公司");
	assert_string_equal(formstate_get(f->fs, "invoice_title"), "深圳市甲公司");
	assert_db(f, "bank_account_name", "深圳市甲公司");
	assert_db(f, "invoice_title", "深圳市甲公司");
	ok(f, "org_name", "深圳市乙公司");                            /* a typo fixed: they follow */
	assert_string_equal(formstate_get(f->fs, "bank_account_name"), "深圳市乙公司");
	assert_string_equal(formstate_get(f->fs, "invoice_title"), "深圳市乙公司");
	ok(f, "invoice_title", "深圳市乙公司（开票）");                /* the clerk changes one */
	ok(f, "org_name", "深圳市丙公司");
	assert_string_equal(formstate_get(f->fs, "bank_account_name"), "深圳市丙公司");
	assert_string_equal(formstate_get(f->fs, "invoice_title"), "深圳市乙公司（开票）");
	m = leave(f, "bank_account_name", "深圳市丁公司", FS_INVALID);
	assert_string_equal(m, "基本户名称需与单位名称保持一致");
	free(m);
	assert_db(f, "bank_account_name", "深圳市丁公司");
	m = formstate_field_error(f->fs, F(f, "bank_account_name"));
	assert_string_equal(m, "基本户名称需与单位名称保持一致");
	free(m);
	ok(f, "org_name", "深圳市丁公司");                            /* the rule now holds */
	assert_null(formstate_field_error(f->fs, F(f, "bank_account_name")));
}

/* The TUI defers the commit of a field's save to after the screen update:
 * when that commit fails, the state shows the database again and names the
 * fields lost (with the prefills that followed them). */
static void a_lost_deferred_save_reloads_and_names_the_field(void **state)
{
	struct fx *f = *state;
	const struct form_field *lost;

	ok(f, "org_name", "深圳市甲公司");
	store_defer(f->s, true);
	ok(f, "org_address", "深圳市南山区科技园");
	ok(f, "org_name", "深圳市乙公司");
	assert_true(store_pending(f->s));
	assert_string_equal(formstate_get(f->fs, "bank_account_name"), "深圳市乙公司");
	assert_null(formstate_take_lost(f->fs));
	/* a foreign key checked at COMMIT makes the flush fail */
	assert_true(store_exec(f->s, "PRAGMA defer_foreign_keys = ON"));
	assert_true(store_exec(f->s, "INSERT INTO status_history(app_id, from_status, to_status, actor, at) "
				     "VALUES (424242, 'draft', 'pending', 'x', '2026-11-25 00:00:00')"));
	assert_false(store_flush(f->s));
	free(store_take_lost(f->s));
	assert_string_equal(formstate_get(f->fs, "org_name"), "深圳市甲公司");
	assert_string_equal(formstate_get(f->fs, "org_address"), "");
	assert_string_equal(formstate_get(f->fs, "bank_account_name"), "深圳市甲公司");
	assert_db(f, "org_name", "深圳市甲公司");
	lost = formstate_take_lost(f->fs);
	assert_non_null(lost);
	assert_string_equal(lost->key, "org_name");   /* the first lost, in form order */
	assert_null(formstate_take_lost(f->fs));
	/* typed again, saved */
	ok(f, "org_address", "深圳市南山区科技园");
	assert_true(store_flush(f->s));
	assert_db(f, "org_address", "深圳市南山区科技园");
	store_defer(f->s, false);
}

/* Several fields saved by one key (the certificate's prefills) are one
 * write: all of them, and the application's revision moves once. */
static void one_key_is_one_write(void **state)
{
	struct fx *f = *state;
	char id[32];
	long long before;

	snprintf(id, sizeof(id), "%lld", f->app);
	before = store_get_int(f->s, "SELECT revision FROM applications WHERE id = ?", id, -1);
	ok(f, "org_name", "深圳市甲公司");           /* and bank_account_name, invoice_title follow */
	assert_db(f, "bank_account_name", "深圳市甲公司");
	assert_db(f, "invoice_title", "深圳市甲公司");
	assert_int_equal(store_get_int(f->s, "SELECT revision FROM applications WHERE id = ?", id, -1), before + 1);
}

/* 查看详情, the review screen and the export show an application as the form
 * and the column-roles table say (form/shown.h): every field of the form is
 * there, in form order, under its section's title, with its label and the
 * mask its type needs; a field that only confirms another (typed twice) is
 * not shown twice; a bank's code follows its bank; what the form does not
 * label comes with the roles table's label, before or after the form. */
static void every_form_field_is_in_the_details(void **state)
{
	struct fx *f = *state;
	struct order_detail d;
	char *err = NULL;
	size_t nshown, at = 0;
	struct detail_spec *shown = form_shown_fields(f->form, &nshown);

	assert_true(order_detail_load(f->s, f->app, false, shown, nshown, &d, &err));
	assert_int_equal(d.nfields, nshown);
	for (size_t i = 0; i < f->form->nfields; i++) {
		const struct form_field *fld = f->form->fields[i];
		const struct detail_field *row = NULL;
		const char *want_mask = fld->type == FT_ID ? "id" : fld->type == FT_MOBILE ? "mobile"
				      : fld->type == FT_ACCOUNT ? "account" : fld->type == FT_EMAIL ? "email" : NULL;
		const char *mask = column_mask_name(column_mask(fld->key));
		bool confirms = false;
		size_t k;

		for (size_t r = 0; r < fld->nrules; r++)
			confirms = confirms || (fld->rules[r].op == RULE_EQUALS && fld->type == FT_ACCOUNT);
		for (k = 0; k < d.nfields; k++)
			if (!strcmp(d.fields[k].column, fld->key)) {
				row = &d.fields[k];
				break;
			}
		if (confirms) {
			assert_null(row);
			continue;
		}
		if (!row || strcmp(row->label, fld->label) || strcmp(row->group, fld->section->title) ||
		    (want_mask && (!mask || strcmp(mask, want_mask))))
			fail_msg("forms/replacement.form:%d: %s (%s, %s) shown as (%s, %s, %s)", fld->line, fld->key,
				 fld->section->title, fld->label, row ? row->group : "absent", row ? row->label : "-",
				 mask ? mask : "-");
		if (k < at)
			fail_msg("forms/replacement.form:%d: %s shown out of the form's order", fld->line, fld->key);
		at = k;
		if (fld->code_column) {
			assert_true(k + 1 < d.nfields);
			assert_string_equal(d.fields[k + 1].column, fld->code_column);
			assert_string_equal(d.fields[k + 1].group, fld->section->title);
		}
	}
	/* a region field is shown by its names */
	for (size_t k = 0; k < nshown; k++)
		if (!strcmp(shown[k].column, "org_region") || !strcmp(shown[k].column, "mail_region"))
			assert_true(shown[k].division);
		else
			assert_false(shown[k].division);
	/* the agreements before the form, the centre's answers after it */
	assert_string_equal(d.fields[0].column, "consent_tos_version");
	assert_string_equal(d.fields[0].group, "协议");
	assert_string_equal(d.fields[d.nfields - 1].column, "sync_error");
	assert_string_equal(d.fields[d.nfields - 1].label, "同步错误");
	order_detail_release(&d);
	free(shown);
}

/* Where the clerk is (for resuming) is bookkeeping, not an edit. */
static void the_screen_is_kept_without_an_edit(void **state)
{
	struct fx *f = *state;
	char id[32];
	long long rev, edited;

	snprintf(id, sizeof(id), "%lld", f->app);
	rev = store_get_int(f->s, "SELECT revision FROM applications WHERE id = ?", id, -1);
	edited = store_get_int(f->s, "SELECT COUNT(*) FROM applications WHERE id = ? AND updated_at IS NOT NULL", id, -1);
	app_set_screen_later(f->s, f->app, "print");
	assert_db(f, "screen", "print");
	assert_int_equal(store_get_int(f->s, "SELECT revision FROM applications WHERE id = ?", id, -1), rev);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM applications WHERE id = ? AND updated_at IS NOT NULL",
				       id, -1), edited);
}

static void taxid_comes_from_the_credit_code_only(void **state)
{
	struct fx *f = *state;
	long long app2;

	ok(f, "org_doc_no", USCC1);
	assert_string_equal(formstate_get(f->fs, "invoice_taxid"), USCC1);
	assert_db(f, "invoice_taxid", USCC1);
	/* Another draft with a business licence number: no taxid prefill. */
	app2 = new_draft(f);
	formstate_free(f->fs);
	f->fs = open_fs(f, app2);
	ok(f, "org_doc_type", "营业执照");
	ok(f, "org_doc_no", "440301000123456");
	assert_string_equal(formstate_get(f->fs, "invoice_taxid"), "");
}

static void mailing_region_and_address_follow_the_unit(void **state)
{
	struct fx *f = *state;
	char *d;

	ok(f, "org_region", "440305");
	ok(f, "org_address", "科技园南区一路 1 号");
	assert_string_equal(formstate_get(f->fs, "mail_region"), "440305");
	assert_string_equal(formstate_get(f->fs, "mail_address"), "科技园南区一路 1 号");
	d = formstate_display(f->fs, F(f, "mail_region"));
	assert_string_equal(d, "广东省 深圳市 南山区");
	free(d);
	ok(f, "mail_address", "福田区深南大道 2 号");                 /* mailed elsewhere */
	ok(f, "org_address", "科技园南区一路 3 号");
	assert_string_equal(formstate_get(f->fs, "mail_address"), "福田区深南大道 2 号");
}

static void the_applicant_copies_the_agent_on_one_key(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	const struct form_section *applicant = form_section_find(f->form, "applicant");

	ok(f, "agent_name", "李四");
	ok(f, "agent_id", ID1);
	ok(f, "agent_mobile", "13800138000");
	ok(f, "agent_email", "lisi@example.com");
	assert_string_equal(formstate_get(f->fs, "applicant_name"), "");  /* not by itself */
	assert_int_equal(formstate_copy_section(f->fs, applicant, &err), 4);
	assert_string_equal(formstate_get(f->fs, "applicant_name"), "李四");
	assert_string_equal(formstate_get(f->fs, "applicant_id"), ID1);
	assert_string_equal(formstate_get(f->fs, "applicant_mobile"), "13800138000");
	assert_string_equal(formstate_get(f->fs, "applicant_email"), "lisi@example.com");
	assert_db(f, "applicant_email", "lisi@example.com");
	assert_int_equal(formstate_copy_section(f->fs, applicant, &err), 0);
	assert_int_equal(formstate_copy_section(f->fs, form_section_find(f->form, "agent"), &err), 0);
}

static void the_chosen_certificate_prefills_what_it_knows(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *m, *norm, *want;

	assert_true(formstate_choose_cert(f->fs, SERIAL1, &err));
	assert_string_equal(formstate_get(f->fs, "cert_serial"), SERIAL1);
	assert_string_equal(formstate_get(f->fs, "cert_holder"), "深圳市某某科技有限公司");
	assert_string_equal(formstate_get(f->fs, "cert_type"), "机构证书");
	assert_string_equal(formstate_get(f->fs, "cert_valid_to"), "2026-12-31");
	assert_string_equal(formstate_get(f->fs, "cert_status"), "有效");
	assert_string_equal(formstate_get(f->fs, "org_name"), "深圳市某某科技有限公司");
	assert_string_equal(formstate_get(f->fs, "org_doc_no"), USCC1);
	assert_string_equal(formstate_get(f->fs, "bank_account_name"), "深圳市某某科技有限公司");   /* chained */
	assert_string_equal(formstate_get(f->fs, "invoice_taxid"), USCC1);
	assert_string_equal(formstate_get(f->fs, "applicant_name"), "");
	assert_db(f, "cert_holder", "深圳市某某科技有限公司");
	assert_db(f, "org_name", "深圳市某某科技有限公司");

	/* The clerk corrects the name, then picks the other certificate. */
	ok(f, "org_name", "深圳市某某科技股份有限公司");
	assert_true(formstate_choose_cert(f->fs, SERIAL2, &err));
	assert_string_equal(formstate_get(f->fs, "cert_holder"), "张三");
	assert_string_equal(formstate_get(f->fs, "cert_type"), "机构个人证书");
	assert_string_equal(formstate_get(f->fs, "org_name"), "深圳市某某科技股份有限公司");   /* edited: kept */
	assert_string_equal(formstate_get(f->fs, "org_doc_no"), USCC2);                     /* untouched: replaced */
	assert_string_equal(formstate_get(f->fs, "invoice_taxid"), USCC2);
	assert_string_equal(formstate_get(f->fs, "applicant_name"), "张三");
	assert_string_equal(formstate_get(f->fs, "applicant_id"), ID2);

	/* The query box is checked like the field, without saving. */
	m = formstate_check(f->fs, F(f, "cert_serial"), " " SERIAL1 " ", &norm);
	assert_null(m);
	assert_string_equal(norm, SERIAL1);
	free(norm);
	m = formstate_check(f->fs, F(f, "cert_serial"), "XYZ", &norm);
	want = validator_message(V_SERIAL, "XYZ");
	assert_string_equal(m, want);
	assert_null(norm);
	free(m);
	free(want);
	m = formstate_check(f->fs, F(f, "cert_serial"), "", NULL);
	assert_non_null(m);
	free(m);

	assert_false(formstate_choose_cert(f->fs, "FFFF", &err));
	assert_non_null(strstr(err, "没有找到序列号为 FFFF 的证书"));
	free(err);
	assert_false(formstate_choose_cert(f->fs, "712c1b5a584a1bbe", &err));   /* case-sensitive */
	free(err);
}

static void the_bank_account_typed_twice_must_match(void **state)
{
	struct fx *f = *state;
	const struct form_field *bad;
	char *m;

	ok(f, "bank_account", "6222020200012345678");
	m = leave(f, "bank_account_confirm", "6222020200012345679", FS_INVALID);
	assert_string_equal(m, "两次输入的基本户账号不一致，请核对");
	free(m);
	ok(f, "bank_account_confirm", "6222020200012345678");
	ok(f, "bank_account", "6222020200012345670");                 /* changed afterwards */
	m = formstate_field_error(f->fs, F(f, "bank_account_confirm"));
	assert_string_equal(m, "两次输入的基本户账号不一致，请核对");
	free(m);
	ok(f, "org_name", "深圳市甲公司");
	ok(f, "org_region", "440305");
	ok(f, "org_address", "科技园");
	ok(f, "org_doc_no", USCC1);
	ok(f, "legal_name", "王五");
	ok(f, "legal_id", ID1);
	ok(f, "agent_name", "李四");
	ok(f, "agent_id", ID1);
	ok(f, "agent_mobile", "13800138000");
	ok(f, "agent_email", "lisi@example.com");
	ok(f, "agent_title", "经理");
	assert_int_equal(formstate_copy_section(f->fs, form_section_find(f->form, "applicant"), &m), 4);
	{
		struct fs_result r;

		assert_int_equal(formstate_leave_bank(f->fs, F(f, "bank_name"), "中国工商银行", "102100099996", &r), FS_OK);
		fs_result_release(&r);
	}
	assert_false(formstate_screen_ok(f->fs, form_screen_find(f->form, "entry"), &bad, &m));
	assert_ptr_equal(bad, F(f, "bank_account_confirm"));
	assert_string_equal(m, "两次输入的基本户账号不一致，请核对");
	free(m);
	ok(f, "bank_account_confirm", "6222020200012345670");
	assert_true(formstate_screen_ok(f->fs, form_screen_find(f->form, "entry"), &bad, &m));
	assert_null(bad);
	assert_null(m);
}

/* 金融认证 re-entry: the bank section alone, held in memory (formstate_hold)
 * until it is right; the section rule refuses what the re-entry refused (a
 * name other than the unit's, the account confirmed differently) with the
 * form's own messages, and nothing reaches the database meanwhile. */
static void the_bank_section_alone_is_checked_in_memory_by_the_section_rule(void **state)
{
	struct fx *f = *state;
	const struct form_section *bank = form_section_find(f->form, "bank");
	const struct form_field *bad;
	struct fs_result r;
	char *m;

	ok(f, "org_name", "深圳市金融科技有限公司");          /* bank_account_name follows */
	formstate_hold(f->fs);
	m = leave(f, "bank_account_name", "别的公司", FS_INVALID);
	assert_string_equal(m, "基本户名称需与单位名称保持一致");
	free(m);
	assert_int_equal(formstate_leave_bank(f->fs, F(f, "bank_name"), "中国工商银行", "102100099996", &r), FS_OK);
	fs_result_release(&r);
	ok(f, "bank_account", "755912345610901");
	ok(f, "bank_account_confirm", "755912345610901");
	assert_false(formstate_section_ok(f->fs, bank, &bad, &m));
	assert_ptr_equal(bad, F(f, "bank_account_name"));
	assert_string_equal(m, "基本户名称需与单位名称保持一致");
	free(m);
	ok(f, "bank_account_name", "深圳市金融科技有限公司");
	m = leave(f, "bank_account_confirm", "755912345610902", FS_INVALID);
	free(m);
	assert_false(formstate_section_ok(f->fs, bank, &bad, &m));
	assert_ptr_equal(bad, F(f, "bank_account_confirm"));
	assert_string_equal(m, "两次输入的基本户账号不一致，请核对");
	free(m);
	ok(f, "bank_account_confirm", "755912345610901");
	assert_true(formstate_section_ok(f->fs, bank, &bad, &m));
	assert_null(bad);
	assert_null(m);
	/* all of it in memory only: the caller writes it in one transaction */
	assert_string_equal(formstate_get(f->fs, "bank_code"), "102100099996");
	assert_db(f, "bank_account_name", "深圳市金融科技有限公司");
	assert_db(f, "bank_name", NULL);
	assert_db(f, "bank_code", NULL);
	assert_db(f, "bank_account", NULL);
	assert_db(f, "bank_account_confirm", NULL);
}

static void divisions_must_be_chosen_to_the_last_level(void **state)
{
	struct fx *f = *state;
	char *m;

	m = leave(f, "org_region", "440300", FS_INVALID);
	assert_string_equal(m, "请选择到区县一级");
	free(m);
	ok(f, "org_region", "441900");                                /* a city without counties */
	ok(f, "org_region", "110101");                                /* a municipality's district */
	m = formstate_display(f->fs, F(f, "org_region"));
	assert_string_equal(m, "北京市 东城区");
	free(m);
	m = leave(f, "org_region", "999999", FS_INVALID);
	assert_string_equal(m, "行政区划代码 999999 不存在");
	free(m);
	m = leave(f, "org_region", "44", FS_INVALID);
	assert_non_null(strstr(m, "6 位数字"));
	free(m);
	m = leave(f, "org_region", "", FS_MISSING);
	assert_string_equal(m, "请选择省市");
	free(m);
}

static void the_bank_comes_from_the_directory_with_its_code(void **state)
{
	struct fx *f = *state;
	struct fs_result r;

	assert_int_equal(formstate_leave_bank(f->fs, F(f, "bank_name"), "中国工商银行", "102100099996", &r), FS_OK);
	fs_result_release(&r);
	assert_db(f, "bank_name", "中国工商银行");
	assert_db(f, "bank_code", "102100099996");
	assert_string_equal(formstate_get(f->fs, "bank_code"), "102100099996");
	ok(f, "bank_name", "中国建设银行");                           /* typed in full: code looked up */
	assert_db(f, "bank_code", "105100000017");
	assert_int_equal(formstate_leave_bank(f->fs, F(f, "bank_name"), "中国工商银行", "105100000017", &r), FS_INVALID);
	assert_non_null(strstr(r.message, "不符"));
	fs_result_release(&r);
	assert_db(f, "bank_code", NULL);
	assert_int_equal(formstate_leave(f->fs, F(f, "bank_name"), "宇宙银行", &r), FS_INVALID);
	assert_non_null(strstr(r.message, "不在银行目录中"));
	fs_result_release(&r);
	assert_int_equal(formstate_leave(f->fs, F(f, "bank_name"), "", &r), FS_MISSING);
	assert_string_equal(r.message, "请选择基本户开户行");
	fs_result_release(&r);
}

static void required_fields_and_leaving_a_screen_forward(void **state)
{
	struct fx *f = *state;
	const struct form_screen *entry = form_screen_find(f->form, "entry"), *cert = form_screen_find(f->form, "cert");
	const struct form_field **miss, *bad;
	char *msg;
	size_t n = formstate_missing(f->fs, entry, &miss);

	assert_int_equal(n, 22);    /* 26 required, less the four with defaults or a fixed value */
	assert_ptr_equal(miss[0], F(f, "org_name"));
	assert_ptr_equal(miss[n - 1], F(f, "invoice_title"));
	free(miss);
	assert_int_equal(formstate_missing(f->fs, NULL, NULL), 23);   /* + cert_serial */
	assert_false(formstate_screen_ok(f->fs, entry, &bad, &msg));
	assert_ptr_equal(bad, F(f, "org_name"));
	assert_string_equal(msg, "请填写机构名称");
	free(msg);
	assert_false(formstate_screen_ok(f->fs, cert, &bad, &msg));
	assert_ptr_equal(bad, F(f, "cert_serial"));
	assert_string_equal(msg, "缺少证书序列号");
	free(msg);
	ok(f, "cert_serial", SERIAL1);                                /* readonly: typing changes nothing */
	assert_string_equal(formstate_get(f->fs, "cert_serial"), "");
	assert_true(formstate_choose_cert(f->fs, SERIAL1, &msg));
	assert_true(formstate_screen_ok(f->fs, cert, &bad, &msg));
	assert_true(formstate_screen_ok(f->fs, form_screen_find(f->form, "submit"), &bad, &msg));
}

static void consent_records_the_agreement_versions_and_time(void **state)
{
	struct fx *f = *state;
	struct form_screen *intro = f->form->screens[0];
	const struct form_field *bad;
	char *msg, *err = NULL, *at;

	assert_false(formstate_consented(f->fs, intro));
	assert_false(formstate_screen_ok(f->fs, intro, &bad, &msg));
	assert_null(bad);
	assert_non_null(strstr(msg, "同意"));
	free(msg);
	/* the time in the branch zone with its offset, whatever the host's TZ */
	setenv("TZ", "UTC", 1);
	setenv("CERTDESK_NOW", "2026-11-24T23:30:00Z", 1);
	assert_true(clock_init(NULL, &err));
	assert_true(formstate_consent(f->fs, intro, &err));
	unsetenv("CERTDESK_NOW");
	assert_db(f, "consent_tos_version", intro->agreements[0].version);
	assert_db(f, "consent_privacy_version", intro->agreements[1].version);
	at = db(f, "consent_at");
	assert_non_null(at);
	assert_int_equal(strlen(at), CLOCK_TEXT - 1);
	assert_memory_equal(at, "2026-11-25T07:30:", 17);
	assert_string_equal(at + 19, "+08:00");
	free(at);
	assert_true(formstate_consented(f->fs, intro));
	assert_true(formstate_screen_ok(f->fs, intro, &bad, &msg));
	/* A new version of a text asks for consent again. */
	free(intro->agreements[1].version);
	intro->agreements[1].version = xstrdup("2099.1");
	assert_false(formstate_consented(f->fs, intro));
}

static void navigation_skips_hidden_readonly_and_fixed_fields(void **state)
{
	struct fx *f = *state;
	const struct form_screen *entry = form_screen_find(f->form, "entry"), *cert = form_screen_find(f->form, "cert");
	const struct form_field *at, *bad;
	char *msg;

	assert_ptr_equal(formstate_next(f->fs, entry, NULL, 1), F(f, "org_name"));
	assert_ptr_equal(formstate_next(f->fs, entry, NULL, -1), F(f, "invoice_taxid"));
	assert_ptr_equal(formstate_next(f->fs, entry, F(f, "org_name"), 1), F(f, "org_doc_type"));
	assert_ptr_equal(formstate_next(f->fs, entry, F(f, "org_doc_type"), -1), F(f, "org_name"));
	assert_null(formstate_next(f->fs, entry, F(f, "org_name"), -1));
	assert_ptr_equal(formstate_next(f->fs, entry, F(f, "invoice_kind"), 1), F(f, "invoice_title"));   /* fixed 发票用途 skipped */
	ok(f, "invoice_kind", "否");
	assert_null(formstate_next(f->fs, entry, F(f, "invoice_kind"), 1));
	assert_ptr_equal(formstate_next(f->fs, entry, NULL, -1), F(f, "invoice_kind"));
	for (at = formstate_next(f->fs, entry, NULL, 1); at; at = formstate_next(f->fs, entry, at, 1))
		assert_ptr_equal(at->section->screen, entry);
	assert_null(formstate_next(f->fs, cert, NULL, 1));            /* certificate fields are all readonly */
	/* One section on its own: the financial re-entry. */
	assert_false(formstate_section_ok(f->fs, form_section_find(f->form, "bank"), &bad, &msg));
	assert_ptr_equal(bad, F(f, "bank_account_name"));
	free(msg);
	assert_true(formstate_section_ok(f->fs, form_section_find(f->form, "invoice"), &bad, &msg));
}

struct walk {
	struct strbuf sections, labels;
	const struct form_section *last;
	char *region;
};

static void collect(const struct form_screen *scr, const struct form_section *sec, const struct form_field *fld,
		    const char *display, void *ud)
{
	struct walk *w = ud;

	(void)scr;
	if (sec != w->last)
		sb_addf(&w->sections, "%s|", sec->title);
	w->last = sec;
	sb_addf(&w->labels, "%s|", fld->label);
	if (!strcmp(fld->key, "org_region"))
		w->region = xstrdup(display);
}

static void the_summary_walks_visible_fields_by_section(void **state)
{
	struct fx *f = *state;
	struct walk w = { 0 };

	sb_init(&w.sections);
	sb_init(&w.labels);
	ok(f, "org_region", "440305");
	ok(f, "invoice_kind", "否");
	formstate_walk(f->fs, collect, &w);
	assert_string_equal(w.sections.s, "证书信息|单位信息|法定代表人|经办人信息|申请人信息|金融认证信息|邮寄信息|电子发票信息|");
	assert_non_null(strstr(w.labels.s, "|机构名称|机构证件类型|机构证件号码|省市|单位地址|认证方式|"));
	assert_non_null(strstr(w.labels.s, "|是否开票|"));
	assert_null(strstr(w.labels.s, "发票抬头"));                  /* hidden: not in the summary */
	assert_string_equal(w.region, "广东省 深圳市 南山区");
	free(w.region);
	sb_release(&w.sections);
	sb_release(&w.labels);
}

static void hidden_values_are_removed_before_submission(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	ok(f, "org_name", "深圳市甲公司");
	assert_db(f, "invoice_title", "深圳市甲公司");
	ok(f, "invoice_kind", "否");
	assert_db(f, "invoice_title", "深圳市甲公司");                /* kept while editing */
	assert_true(formstate_clear_hidden(f->fs, &err));
	assert_db(f, "invoice_title", NULL);
	assert_db(f, "invoice_purpose", NULL);
	assert_db(f, "org_name", "深圳市甲公司");
	assert_string_equal(formstate_get(f->fs, "invoice_title"), "");
}

static void a_frozen_application_refuses_edits_and_memory_stays_true(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	struct fs_result r;

	ok(f, "org_name", "深圳市甲公司");
	assert_true(app_transition(f->s, f->app, ST_VOIDED, f->clerk, NULL, "客户放弃", &err));
	assert_int_equal(formstate_leave(f->fs, F(f, "org_name"), "深圳市乙公司", &r), FS_FAILED);
	assert_non_null(strstr(r.message, "已作废"));
	fs_result_release(&r);
	assert_string_equal(formstate_get(f->fs, "org_name"), "深圳市甲公司");
	assert_string_equal(formstate_get(f->fs, "bank_account_name"), "深圳市甲公司");
	assert_null(formstate_open(f->form, f->s, 99999, f->clerk, &err));
	assert_non_null(err);
	free(err);
}

/* The shipped GB/T 2260 table and bank directory, as the counter has them. */
static void the_shipped_reference_data_completes_every_selection(void **state)
{
	struct fx *f = *state;
	char *div = paths_source_file("data/divisions.tsv"), *banks = paths_source_file("data/banks.tsv");
	char *err = NULL, *m;
	struct fs_result r;

	assert_true(store_exec(f->s, "DELETE FROM divisions; DELETE FROM banks"));
	assert_true(refdata_ensure_from(f->s, div, banks, &err));
	ok(f, "org_region", "441900");                                /* 东莞市: no counties */
	m = formstate_display(f->fs, F(f, "org_region"));
	assert_string_equal(m, "广东省 东莞市");
	free(m);
	ok(f, "org_region", "110101");                                /* a municipality's district */
	m = formstate_display(f->fs, F(f, "org_region"));
	assert_string_equal(m, "北京市 东城区");
	free(m);
	m = leave(f, "org_region", "110100", FS_INVALID);
	assert_string_equal(m, "请选择到区县一级");
	free(m);
	assert_int_equal(formstate_leave_bank(f->fs, F(f, "bank_name"), "中国工商银行", "102100099996", &r), FS_OK);
	fs_result_release(&r);
	ok(f, "bank_name", "国家开发银行");
	assert_string_equal(formstate_get(f->fs, "bank_code"), "201100000017");
	free(div);
	free(banks);
}

/* A new text field: one column and a few lines of form, no C. */
static void a_new_field_needs_only_its_column_and_the_form(void **state)
{
	struct fx *f = *state;
	struct walk w = { 0 };

	formstate_free(f->fs);
	form_free(f->form);
	assert_true(store_exec(f->s, "ALTER TABLE applications ADD COLUMN remark TEXT"));
	f->form = load_form(f->s, "screen extra 补充信息\nsection extra 补充\n  field remark\n    label 备注\n"
				  "    type text\n    max 50\n    hint 客户的特别要求\n");
	f->fs = open_fs(f, f->app);
	ok(f, "remark", "请尽快寄出");
	assert_db(f, "remark", "请尽快寄出");
	sb_init(&w.sections);
	sb_init(&w.labels);
	formstate_walk(f->fs, collect, &w);
	assert_non_null(strstr(w.sections.s, "|补充|"));
	assert_non_null(strstr(w.labels.s, "|备注|"));
	free(w.region);
	sb_release(&w.sections);
	sb_release(&w.labels);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(a_new_draft_gets_defaults_and_fixed_values),
		T(each_field_is_saved_as_it_is_left),
		T(leaving_returns_the_validators_message_and_keeps_what_was_typed),
		T(maximum_length_counts_characters),
		T(a_choice_must_be_one_of_its_choices),
		T(the_credit_code_is_checked_only_for_its_document_type),
		T(invoice_fields_show_only_for_an_electronic_invoice),
		T(prefills_follow_their_source_until_the_clerk_changes_them),
		T(taxid_comes_from_the_credit_code_only),
		T(mailing_region_and_address_follow_the_unit),
		T(the_applicant_copies_the_agent_on_one_key),
		T(the_chosen_certificate_prefills_what_it_knows),
		T(the_bank_account_typed_twice_must_match),
		T(the_bank_section_alone_is_checked_in_memory_by_the_section_rule),
		T(divisions_must_be_chosen_to_the_last_level),
		T(the_bank_comes_from_the_directory_with_its_code),
		T(required_fields_and_leaving_a_screen_forward),
		T(consent_records_the_agreement_versions_and_time),
		T(navigation_skips_hidden_readonly_and_fixed_fields),
		T(the_summary_walks_visible_fields_by_section),
		T(hidden_values_are_removed_before_submission),
		T(a_frozen_application_refuses_edits_and_memory_stays_true),
		T(the_shipped_reference_data_completes_every_selection),
		T(a_lost_deferred_save_reloads_and_names_the_field),
		T(one_key_is_one_write),
		T(the_screen_is_kept_without_an_edit),
		T(every_form_field_is_in_the_details),
		T(a_new_field_needs_only_its_column_and_the_form),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
