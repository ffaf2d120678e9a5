/* test_steps.c - the 身份核验 and 支付 steps' records (idv_*, pay_*,
 * pin_delivery), when each step is done, the in-person ID check, the fee
 * from the table and the guide's texts (PIN rule, FAQ advice, hints). */
#include "testutil.h"

#include "store/app.h"
#include "store/operator.h"
#include "form/shown.h"
#include "store/orders.h"
#include "store/steps.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	long long clerk, app;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char no[APPNO_LEN + 1], *err = NULL;

	tu_open(&f->dir, &f->c, &f->s);
	f->clerk = tu_operator(f->s, f->c, "clerk1", ROLE_CLERK);
	f->app = app_create_draft(f->s, f->c, f->clerk, no, &err);
	assert_true(f->app > 0);
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

static void assert_field(struct fx *f, const char *col, const char *want)
{
	char *v = app_get_field(f->s, f->app, col);

	if (!want)
		assert_null(v);
	else
		assert_string_equal(v, want);
	free(v);
}

static void idv_is_missing_until_passed_and_records_method_operator_and_time(void **state)
{
	struct fx *f = *state;
	char *why = steps_idv_missing(f->s, f->app), *err = NULL, *by, *at;

	assert_non_null(strstr(why, "身份核验"));
	free(why);
	assert_true(steps_idv_record(f->s, f->app, IDV_METHOD_QR, "failed", "S-1", f->clerk, &err));
	why = steps_idv_missing(f->s, f->app);
	assert_non_null(strstr(why, "未通过"));
	free(why);
	assert_true(steps_idv_record(f->s, f->app, IDV_METHOD_QR, "expired", "S-1", f->clerk, &err));
	why = steps_idv_missing(f->s, f->app);
	assert_non_null(strstr(why, "过期"));
	free(why);
	assert_true(steps_idv_record(f->s, f->app, IDV_METHOD_QR, "passed", "S-2", f->clerk, &err));
	assert_null(steps_idv_missing(f->s, f->app));
	assert_field(f, "idv_method", "qr");
	assert_field(f, "idv_session", "S-2");
	by = app_get_field(f->s, f->app, "idv_by");
	assert_int_equal(atoll(by), f->clerk);
	free(by);
	at = app_get_field(f->s, f->app, "idv_at");
	assert_int_equal(strlen(at) >= 19, 1);
	free(at);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM audit_log WHERE action = 'app.idv'", NULL, 0), 3);
}

static void in_person_check_needs_the_same_id_number(void **state)
{
	struct fx *f = *state;
	char *err = NULL;

	/* no agent ID yet */
	assert_false(steps_idv_in_person(f->s, f->app, "110101199003074514", f->clerk, &err));
	assert_non_null(strstr(err, "还没有"));
	free(err);
	assert_true(app_set_field(f->s, f->app, "agent_id", "11010119900307451X", f->clerk, &err));
	assert_false(steps_idv_in_person(f->s, f->app, "110101199003074514", f->clerk, &err));
	assert_non_null(strstr(err, "不一致"));
	free(err);
	assert_false(steps_idv_in_person(f->s, f->app, "", f->clerk, &err));
	free(err);
	assert_field(f, "idv_status", NULL);
	/* lower-case x and spaces are the same number */
	assert_true(steps_idv_in_person(f->s, f->app, " 110101 19900307 451x", f->clerk, &err));
	assert_field(f, "idv_method", "in_person");
	assert_field(f, "idv_status", "passed");
	assert_field(f, "idv_session", NULL);
	assert_null(steps_idv_missing(f->s, f->app));
	{
		/* the supervisor's detail says which method was used, in Chinese */
		struct order_detail d;
		int found = 0;

		assert_true(form_detail_load(f->s, f->app, false, &d, &err));
		for (size_t i = 0; i < d.nfields; i++) {
			if (!strcmp(d.fields[i].column, "idv_method"))
				found += str_eq(d.fields[i].value, "柜台核验身份证原件");
			if (!strcmp(d.fields[i].column, "idv_status"))
				found += str_eq(d.fields[i].value, "通过");
		}
		assert_int_equal(found, 2);
		order_detail_release(&d);
	}
}

static void pay_record_and_which_states_let_the_journey_go_on(void **state)
{
	struct fx *f = *state;
	struct steps_pay p = { .method = "wechat", .status = PAY_UNPAID, .order_no = "P-1", .fee_cents = 10000,
			       .pin_delivery = "规则" };
	char *err = NULL, *why = steps_pay_missing(f->s, f->app);

	assert_non_null(why);
	free(why);
	assert_true(steps_pay_record(f->s, f->app, &p, f->clerk, &err));
	why = steps_pay_missing(f->s, f->app);
	assert_non_null(strstr(why, "尚未支付"));
	free(why);
	p.status = PAY_PAID;
	p.paid_at = "2026-11-25 11:00:00";
	assert_true(steps_pay_record(f->s, f->app, &p, f->clerk, &err));
	assert_null(steps_pay_missing(f->s, f->app));
	assert_field(f, "pay_method", "wechat");
	assert_field(f, "pay_status", "paid");
	assert_field(f, "pay_order_no", "P-1");
	assert_field(f, "paid_at", "2026-11-25 11:00:00");
	assert_field(f, "fee_cents", "10000");
	assert_field(f, "pin_delivery", "规则");
	/* a transfer 待到账 goes on: the centre confirms it during its review */
	p = (struct steps_pay){ .method = "transfer", .status = PAY_PENDING, .order_no = "P-2", .fee_cents = 10000 };
	assert_true(steps_pay_record(f->s, f->app, &p, f->clerk, &err));
	assert_null(steps_pay_missing(f->s, f->app));
	assert_field(f, "paid_at", NULL);
	p = (struct steps_pay){ .method = "none", .status = PAY_FREE, .fee_cents = 0 };
	assert_true(steps_pay_record(f->s, f->app, &p, f->clerk, &err));
	assert_null(steps_pay_missing(f->s, f->app));
	{
		char *sum = steps_summary(f->s, f->app);

		assert_non_null(strstr(sum, "免支付"));
		assert_non_null(strstr(sum, "未打印"));
		free(sum);
	}
	p = (struct steps_pay){ .method = "transfer", .status = PAY_PENDING, .order_no = "P-3", .fee_cents = 10000,
				.pin_delivery = "机构证书PIN码发至经办人" };
	assert_true(steps_pay_record(f->s, f->app, &p, f->clerk, &err));
	{
		char *sum = steps_summary(f->s, f->app);

		assert_non_null(strstr(sum, "对公账号付款 待到账  100.00元"));
		assert_non_null(strstr(sum, "订单编号            P-3"));
		assert_non_null(strstr(sum, "证书PIN码           机构证书PIN码发至经办人"));
		free(sum);
	}
	assert_string_equal(steps_pay_status_name(PAY_PENDING), "待到账");
	assert_string_equal(steps_pay_method_name("transfer"), "对公账号付款");
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM audit_log WHERE action = 'app.pay'", NULL, 0), 5);
}

static void fee_comes_from_the_table_by_certificate_type(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *code = NULL;
	long cents = -1;

	assert_false(steps_fee(f->s, f->app, &cents, &code, &err));
	assert_non_null(strstr(err, "fees.tsv"));
	free(err);
	assert_true(app_set_field(f->s, f->app, "cert_type", "机构证书", f->clerk, &err));
	assert_true(steps_fee(f->s, f->app, &cents, &code, &err));
	assert_int_equal(cents, 10000);
	assert_string_equal(code, "organisation");
	free(code);
}

static void pin_rule_by_method_and_type_from_the_guide(void **state)
{
	char *r;

	(void)state;
	r = steps_pin_rule("wechat", "organisation");
	assert_non_null(strstr(r, "0.01"));
	free(r);
	r = steps_pin_rule("alipay", "personal");
	assert_non_null(strstr(r, "附言"));
	free(r);
	r = steps_pin_rule("transfer", "organisation");
	assert_non_null(strstr(r, "经办人手机号码"));
	free(r);
	r = steps_pin_rule("transfer", "personal");
	assert_non_null(strstr(r, "申请人手机号码"));
	free(r);
	r = steps_pin_rule("none", "organisation");
	assert_non_null(r);
	free(r);
}

static void texts_hints_and_faq_advice(void **state)
{
	char *t;

	(void)state;
	t = steps_text("attach.form_scan.hint");
	assert_non_null(strstr(t, "加盖公章"));
	assert_non_null(strstr(t, "不超过2M"));
	free(t);
	t = steps_text("attach.license_scan.hint");
	assert_non_null(strstr(t, "三合一"));
	free(t);
	assert_null(steps_text("attach.form_scan"));   /* a key prefix is not a key */
	assert_null(steps_text("no.such.key"));
	t = steps_faq_answer("实名电信认证无法通过");
	assert_non_null(strstr(t, "电信运营商"));
	assert_false(strncmp(t, "答", strlen("答")) == 0);
	free(t);
	assert_null(steps_faq_answer("没有这个问题"));
}

static void texts_file_comments_and_a_bad_line(void **state)
{
	char *dir = tu_tmpdir(), *p = xasprintf("%s/steps.tsv", dir), *t;
	FILE *fp = fopen(p, "w");

	(void)state;
	assert_non_null(fp);
	fputs("# comment\n"
	      "pay.free\t第一行\\n第二行\r\n"
	      "\n"
	      "  # a comment after the first text\n"
	      "idv.intro\n"                         /* bad: a key without a tab has no text */
	      "pay.intro\t\"引号\"照原样\t含 Tab\n"   /* quotes are ordinary; a later tab stays */
	      "pay.free\t第二次出现\n"             /* the first line with a key wins */
	      "pay.transfer\t\n", fp);
	fclose(fp);
	t = steps_text_in(p, "pay.free");
	assert_string_equal(t, "第一行\n第二行");
	free(t);
	assert_null(steps_text_in(p, "idv.intro"));
	t = steps_text_in(p, "pay.intro");
	assert_string_equal(t, "\"引号\"照原样\t含 Tab");
	free(t);
	t = steps_text_in(p, "pay.transfer");
	assert_string_equal(t, "");
	free(t);
	assert_null(steps_text_in(p, "# comment"));
	assert_null(steps_text_in(p, "pay"));
	tu_rmrf(dir);
	assert_null(steps_text_in(p, "pay.free"));     /* no file: no text */
	free(dir);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(idv_is_missing_until_passed_and_records_method_operator_and_time, setup,
						teardown),
		cmocka_unit_test_setup_teardown(in_person_check_needs_the_same_id_number, setup, teardown),
		cmocka_unit_test_setup_teardown(pay_record_and_which_states_let_the_journey_go_on, setup, teardown),
		cmocka_unit_test_setup_teardown(fee_comes_from_the_table_by_certificate_type, setup, teardown),
		cmocka_unit_test(pin_rule_by_method_and_type_from_the_guide),
		cmocka_unit_test(texts_hints_and_faq_advice),
		cmocka_unit_test(texts_file_comments_and_a_bad_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
