/* test_orders.c - 我的业务单: filters and pages, the actions each status
 * offers (centre outcomes included), 金融认证 re-entry, refunds, voiding, details. */
#include "fixture.h"

#include "form/shown.h"
#include "store/orders.h"
#include "store/refdata.h"

/* Paid, submitted, approved and synced: what the centre then answers about. */
static long long synced(struct fx *f, const char *org, const char *serial)
{
	char *err = NULL;
	long long id = fx_draft(f, f->clerk, org, serial);

	fx_set(f, id, "paid_at", "2026-11-20 10:00:00", f->clerk);
	fx_set(f, id, "pay_method", "微信支付", f->clerk);
	fx_ok(review_submit(f->s, id, f->clerk, &err), err);
	fx_ok(review_approve(f->s, id, f->sup, -1, &err), err);
	fx_ok(app_transition(f->s, id, ST_SYNCED, 0, "central", NULL, &err), err);
	return id;
}

static void central(struct fx *f, long long id, enum app_status to, const char *reason)
{
	char *err = NULL;

	fx_ok(app_transition(f->s, id, to, 0, "central", reason, &err), err);
}

/* The row of APP_ID in the unfiltered list. */
static struct order_row *row_of(struct fx *f, struct order_page *p, long long id)
{
	struct order_filter flt;
	char *err = NULL;

	order_filter_init(&flt);
	fx_ok(orders_page(f->s, &flt, 0, 100, p, &err), err);
	for (size_t i = 0; i < p->n; i++)
		if (p->rows[i].id == id)
			return &p->rows[i];
	fail_msg("application %lld not in the list", id);
	return NULL;
}

static unsigned actions_of(struct fx *f, long long id)
{
	struct order_page p;
	unsigned a = row_of(f, &p, id)->actions;

	order_page_release(&p);
	return a;
}

#define A(x) ACT_BIT(ACT_##x)

static void each_centre_outcome_shows_its_actions(void **state)
{
	struct fx *f = *state;
	long long accepted = synced(f, "深圳市受理公司", "C1");
	long long rejected = synced(f, "深圳市驳回公司", "C2");
	long long finauth = synced(f, "深圳市金融公司", "C3");
	long long shipped = synced(f, "深圳市寄出公司", "C4");
	long long refunded = synced(f, "深圳市退费公司", "C5");
	long long draft = fx_draft(f, f->clerk, "深圳市草稿公司", "C6");
	long long returned = fx_pending(f, "深圳市退回公司", "C7");
	char *err = NULL;

	central(f, accepted, ST_ACCEPTED, NULL);
	central(f, rejected, ST_REJECTED, "营业执照扫描件不清晰");
	central(f, finauth, ST_FINAUTH_FAILED, "基本户账号与户名不符");
	central(f, shipped, ST_ACCEPTED, NULL);
	central(f, shipped, ST_SHIPPED, "顺丰 SF1234567890");
	central(f, refunded, ST_REFUNDED, NULL);
	fx_ok(review_return(f->s, returned, f->sup, "缺少盖章", NULL, 0, &err), err);

	assert_int_equal(actions_of(f, accepted), A(VIEW) | A(REFUND));
	assert_int_equal(actions_of(f, rejected), A(EDIT) | A(VIEW) | A(REFUND));
	assert_int_equal(actions_of(f, finauth), A(FINAUTH) | A(VIEW) | A(REFUND));
	assert_int_equal(actions_of(f, shipped), A(VIEW));
	assert_int_equal(actions_of(f, refunded), A(VIEW));
	assert_int_equal(actions_of(f, draft), A(RESUME) | A(VIEW) | A(VOID));
	assert_int_equal(actions_of(f, returned), A(EDIT) | A(VIEW));
	/* unpaid: no refund to ask for */
	assert_int_equal(order_actions(ST_ACCEPTED, false), A(VIEW));
	assert_string_equal(order_action_name(ACT_FINAUTH), "金融认证");
	assert_string_equal(order_action_name(ACT_REFUND), "申请退费");
	assert_string_equal(order_action_name(ACT_VIEW), "查看详情");
	assert_string_equal(order_action_name(ACT_EDIT), "编辑");
}

static void finauth_reentry_changes_only_bank_fields_and_reaches_the_centre(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *v;
	long long id = synced(f, "深圳市金融科技有限公司", "F1");
	struct order_bank bank = { "深圳市金融科技有限公司", "招商银行深圳分行", "308584000013", "755912345610901",
				   "755912345610901" };

	/* a wrong name or a mismatched confirmation: refused by the form's bank
	 * section rule before this (test_formstate.c) */
	assert_false(orders_finauth_resubmit(f->s, id, f->clerk, &bank, &err));     /* not failed yet */
	free(err);
	central(f, id, ST_FINAUTH_FAILED, "账户信息有误");
	/* nothing but the bank information may change now */
	assert_false(app_set_field(f->s, id, "agent_mobile", "13900000000", f->clerk, &err));
	assert_non_null(strstr(err, "金融认证"));
	free(err);
	assert_false(orders_finauth_resubmit(f->s, id, f->admin, &bank, &err));
	free(err);
	assert_int_equal(app_status(f->s, id), ST_FINAUTH_FAILED);
	fx_ok(orders_finauth_resubmit(f->s, id, f->clerk, &bank, &err), err);
	/* straight back to the centre: no second review */
	assert_int_equal(app_status(f->s, id), ST_QUEUED);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM outbox WHERE app_id = ? AND kind = 'finauth' AND done_at IS NULL", id), 1);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM status_history WHERE app_id = ? AND to_status = 'pending'", id), 1);
	v = app_get_field(f->s, id, "bank_account");
	assert_string_equal(v, "755912345610901");
	free(v);
	v = app_get_field(f->s, id, "bank_code");
	assert_string_equal(v, "308584000013");
	free(v);
}

static void finauth_resubmit_writes_checked_values_only_in_finauth_failed_by_a_clerk(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *v;
	long long id = synced(f, "深圳市复核科技有限公司", "F2");
	struct order_bank bank = { "深圳市复核科技有限公司", "招商银行深圳分行", "", "755912345610903", NULL };

	assert_false(orders_finauth_resubmit(f->s, id, f->clerk, &bank, &err)); /* not failed yet */
	assert_non_null(err);
	free(err);
	central(f, id, ST_FINAUTH_FAILED, "账户信息有误");
	assert_false(orders_finauth_resubmit(f->s, id, f->admin, &bank, &err));
	free(err);
	assert_int_equal(app_status(f->s, id), ST_FINAUTH_FAILED);
	fx_ok(orders_finauth_resubmit(f->s, id, f->clerk, &bank, &err), err);
	assert_int_equal(app_status(f->s, id), ST_QUEUED);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM outbox WHERE app_id = ? AND kind = 'finauth' AND done_at IS NULL", id), 1);
	v = app_get_field(f->s, id, "bank_account_confirm");
	assert_string_equal(v, "755912345610903");
	free(v);
	v = app_get_field(f->s, id, "bank_code");
	assert_true(v == NULL || !*v);
	free(v);
}

static void rejected_is_edited_and_resubmitted_to_review(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = synced(f, "深圳市编辑科技有限公司", "E1");

	central(f, id, ST_REJECTED, "申请表未盖公章");
	fx_set(f, id, "org_address", "深圳市南山区科技园 2 号", f->clerk);
	fx_ok(orders_resubmit(f->s, id, f->clerk, &err), err);
	assert_int_equal(app_status(f->s, id), ST_PENDING);
	fx_ok(review_approve(f->s, id, f->sup2, -1, &err), err);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM outbox WHERE app_id = ? AND kind = 'submit'", id), 2);
}

static void refund_needs_payment_and_a_reason_and_goes_to_the_centre(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = synced(f, "深圳市退款科技有限公司", "R1");
	long long unpaid = fx_pending(f, "深圳市未付公司", "R2");

	central(f, id, ST_ACCEPTED, NULL);
	assert_false(orders_refund(f->s, id, f->clerk, "", &err));
	free(err);
	assert_false(orders_refund(f->s, unpaid, f->clerk, "不办了", &err));  /* 待审核: not refundable */
	free(err);
	fx_ok(orders_refund(f->s, id, f->clerk, "客户找到原介质, 不再补办", &err), err);
	assert_int_equal(app_status(f->s, id), ST_REFUND_REQUESTED);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM outbox WHERE app_id = ? AND kind = 'refund'", id), 1);
	assert_false(orders_refund(f->s, id, f->clerk, "再来一次", &err));
	free(err);
	/* accepted but never paid */
	fx_ok(review_approve(f->s, unpaid, f->sup, -1, &err), err);
	central(f, unpaid, ST_ACCEPTED, NULL);
	assert_false(orders_refund(f->s, unpaid, f->clerk, "x", &err));
	assert_non_null(strstr(err, "未付款"));
	free(err);
}

static void only_drafts_are_voided(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long d = fx_draft(f, f->clerk, "深圳市作废公司", "V1");
	long long p = fx_pending(f, "深圳市待审公司", "V2");

	assert_false(orders_void(f->s, p, f->clerk, NULL, &err));
	assert_non_null(strstr(err, "待审核"));
	free(err);
	fx_ok(orders_void(f->s, d, f->clerk, NULL, &err), err);
	assert_int_equal(app_status(f->s, d), ST_VOIDED);
	assert_int_equal(actions_of(f, d), A(VIEW));
}

static void filters_and_pages(void **state)
{
	struct fx *f = *state;
	struct order_filter flt;
	struct order_page p;
	char *err = NULL;
	long long ids[30];

	for (int i = 0; i < 30; i++) {
		char org[64];
		snprintf(org, sizeof(org), "%s科技有限公司%02d", i % 3 ? "深圳市" : "广州市", i);
		ids[i] = fx_draft(f, i % 2 ? f->clerk2 : f->clerk, org, "S");
	}
	/* spread the creation dates: day i of November */
	for (int i = 0; i < 30; i++) {
		char *sql = xasprintf("UPDATE applications SET created_at = '2026-11-%02d 09:00:00' WHERE id = %lld",
				      i + 1, ids[i]);
		assert_true(store_exec(f->s, sql));
		free(sql);
	}
	fx_ok(review_submit(f->s, ids[3], f->clerk2, &err), err);
	order_filter_init(&flt);
	assert_int_equal(orders_count(f->s, &flt), 30);
	fx_ok(orders_page(f->s, &flt, 0, 10, &p, &err), err);
	assert_int_equal(p.n, 10);
	assert_int_equal(p.rows[0].id, ids[29]);             /* newest first */
	assert_int_equal(p.rows[0].seq, 1);
	assert_string_equal(p.rows[0].business_type, "遗失补办申请");
	assert_int_equal(p.rows[0].fee_cents, 48000);
	assert_string_equal(p.rows[0].created, "2026-11-30 09:00:00");
	assert_string_equal(p.rows[0].agent, "陈经办 138****1234");   /* masked in the list */
	order_page_release(&p);
	fx_ok(orders_page(f->s, &flt, 25, 10, &p, &err), err);
	assert_int_equal(p.n, 5);
	assert_int_equal(p.rows[0].seq, 26);
	assert_int_equal(p.rows[4].id, ids[0]);
	order_page_release(&p);

	flt.subject = "广州";
	assert_int_equal(orders_count(f->s, &flt), 10);
	flt.subject = NULL;
	flt.clerk = f->clerk2;
	assert_int_equal(orders_count(f->s, &flt), 15);
	flt.clerk = 0;
	flt.from = "2026-11-10";
	flt.to = "2026-11-12";
	assert_int_equal(orders_count(f->s, &flt), 3);
	flt.from = flt.to = NULL;
	flt.status = ST_PENDING;
	fx_ok(orders_page(f->s, &flt, 0, 10, &p, &err), err);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.rows[0].id, ids[3]);
	assert_string_equal(status_name(p.rows[0].status), "待审核");
	order_page_release(&p);
	flt.status = -1;
	{
		char *first = app_get_field(f->s, ids[0], "app_no");
		char prefix[16];

		snprintf(prefix, sizeof(prefix), "%.10s", first);
		flt.app_no = prefix;
		assert_int_equal(orders_count(f->s, &flt), 30);    /* same day, same branch */
		flt.app_no = first;
		assert_int_equal(orders_count(f->s, &flt), 1);
		free(first);
	}
	flt.app_no = NULL;
	{
		const char *name = NULL;

		assert_string_equal(order_business_type_at(0, &name), "replacement");
		assert_string_equal(name, "遗失补办申请");
		assert_null(order_business_type_at(1, &name));
	}
	flt.business_type = order_business_type_parse("遗失补办申请");
	assert_int_equal(orders_count(f->s, &flt), 30);
	flt.from = "2026-13-01";
	assert_false(orders_page(f->s, &flt, 0, 10, &p, &err));
	assert_non_null(strstr(err, "开始时间"));
	free(err);
	flt.from = "2026-11-20";
	flt.to = "2026-11-01";
	assert_string_equal(order_filter_check(&flt), "开始时间晚于结束时间");
	/* only days that exist */
	flt.to = NULL;
	flt.from = "2026-02-30";
	assert_string_equal(order_filter_check(&flt), "开始时间应为 YYYY-MM-DD");
	flt.from = "2026-02-29";
	assert_string_equal(order_filter_check(&flt), "开始时间应为 YYYY-MM-DD");
	flt.from = "2028-02-29";
	assert_string_equal(order_filter_check(&flt), "");
	flt.from = "2026/11/01";
	assert_string_equal(order_filter_check(&flt), "开始时间应为 YYYY-MM-DD");
}

static void detail_has_everything_grouped_and_the_history(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	const char *bad[] = { "agent_mobile" };
	long long id = fx_pending(f, "深圳市详情科技有限公司", "D1");
	struct order_detail d;
	bool saw_masked = false, saw_org = false;

	fx_ok(review_return(f->s, id, f->sup, "手机号非本人实名", bad, 1, &err), err);
	fx_ok(form_detail_load(f->s, id, false, &d, &err), err);
	assert_int_equal(d.status, ST_RETURNED);
	assert_int_equal(d.actions, A(EDIT) | A(VIEW));
	assert_string_equal(d.clerk_login, "clerk1");
	assert_string_equal(d.return_reason, "手机号非本人实名");
	assert_string_equal(d.return_fields[0], "agent_mobile");
	for (size_t i = 0; i < d.nfields; i++) {
		if (!strcmp(d.fields[i].column, "agent_id")) {
			assert_string_equal(d.fields[i].group, "经办人信息");
			assert_string_equal(d.fields[i].value, "110105********0022");
			saw_masked = true;
		}
		if (!strcmp(d.fields[i].column, "org_name")) {
			assert_string_equal(d.fields[i].label, "机构名称");
			saw_org = true;
		}
		if (!strcmp(d.fields[i].column, "fee_cents"))
			assert_string_equal(d.fields[i].value, "480.00");
		if (!strcmp(d.fields[i].column, "bank_account"))
			assert_null(strstr(d.fields[i].value, "2309200"));
	}
	assert_true(saw_masked && saw_org);
	/* timeline: created, submitted, returned — who, from, to, why */
	assert_int_equal(d.nhistory, 3);
	assert_int_equal(d.history[0].from, -1);
	assert_int_equal(d.history[0].to, ST_DRAFT);
	assert_int_equal(d.history[2].from, ST_PENDING);
	assert_int_equal(d.history[2].to, ST_RETURNED);
	assert_string_equal(d.history[2].actor, "sup1");
	assert_string_equal(d.history[2].operator_name, "王主管");
	assert_string_equal(d.history[2].reason, "手机号非本人实名");
	order_detail_release(&d);
	/* the review screen shows the full values */
	fx_ok(form_detail_load(f->s, id, true, &d, &err), err);
	for (size_t i = 0; i < d.nfields; i++)
		if (!strcmp(d.fields[i].column, "agent_id"))
			assert_string_equal(d.fields[i].value, "110105199001010022");
	order_detail_release(&d);
	assert_false(form_detail_load(f->s, 999, false, &d, &err));
	free(err);
}

/* The export's 申请信息 cursor: oldest first, the values of the specs as
 * 查看详情 shows them masked, NULL for an empty value or a column the table
 * does not have; after the last row it stays at the end. */
static void details_cursor_streams_masked_values(void **state)
{
	struct fx *f = *state;
	static const struct detail_spec shown[] = {
		{ "单位信息", "org_name", "机构名称", false },
		{ "经办人信息", "agent_id", "身份证号码", false },
		{ "支付信息", "fee_cents", "补办费用 (元)", false },
		{ "其他", "no_such_column", "没有的列", false },
		{ "中心回执", "tracking_no", "快递单号", false },
		{ "邮寄信息", "mail_region", "省市县", true },
		{ "单位信息", "org_region", "省市", true },
	};
	struct order_filter flt;
	struct detail_cursor *c;
	char *const *v;
	const char *no = NULL;
	long long a = fx_pending(f, "深圳市甲导出公司", "E1");
	long long b = fx_pending(f, "深圳市乙导出公司", "E2");

	char *err = NULL;

	(void)b;
	/* a region by its names; a code the table does not know as it is */
	fx_ok(refdata_ensure(f->s, &err), err);
	assert_true(store_exec(f->s, "UPDATE applications SET mail_region = '440305', org_region = '990000'"));
	(void)a;
	order_filter_init(&flt);
	c = order_details_open(f->s, &flt, shown, ARRAY_SIZE(shown));
	assert_non_null(v = order_details_next(c, &no));
	assert_int_equal(strlen(no), APPNO_LEN);
	assert_string_equal(v[0], "深圳市甲导出公司");
	assert_string_equal(v[1], "110105********0022");
	assert_string_equal(v[2], "480.00");
	assert_null(v[3]);
	assert_null(v[4]);
	assert_string_equal(v[5], "广东省 深圳市 南山区");
	assert_string_equal(v[6], "990000");
	assert_non_null(v = order_details_next(c, &no));
	assert_string_equal(v[0], "深圳市乙导出公司");
	assert_null(order_details_next(c, &no));
	assert_null(order_details_next(c, &no));
	order_details_close(c);
	order_details_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_centre_outcome_shows_its_actions, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(finauth_reentry_changes_only_bank_fields_and_reaches_the_centre, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(finauth_resubmit_writes_checked_values_only_in_finauth_failed_by_a_clerk, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(rejected_is_edited_and_resubmitted_to_review, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(refund_needs_payment_and_a_reason_and_goes_to_the_centre, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(only_drafts_are_voided, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(filters_and_pages, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(detail_has_everything_grouped_and_the_history, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(details_cursor_streams_masked_values, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
