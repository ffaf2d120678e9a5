/* test_status.c - the status vocabulary: each rule of the status table for
 * each status (so that changing a rule fails here), the rules agreeing with
 * the lifecycle's transitions, and the store honouring them: edits,
 * attachments, submission, review, voiding, refunds and the list's actions. */
#include "fixture.h"

#include "core/status.h"
#include "store/attach.h"
#include "store/orders.h"

#define S(x) (1u << ST_##x)

static const struct {
	enum status_rule rule;
	const char *name;
	unsigned statuses;         /* bits 1 << enum app_status */
} expected[] = {
	{ SR_EDIT, "edit", S(DRAFT) | S(PENDING) | S(RETURNED) | S(APPROVED) | S(REJECTED) },
	{ SR_FINAUTH, "finauth", S(FINAUTH_FAILED) },
	{ SR_REOPEN, "reopen", S(APPROVED) },
	{ SR_ATTACH, "attach", S(DRAFT) | S(PENDING) | S(RETURNED) | S(APPROVED) | S(REJECTED) | S(FINAUTH_FAILED) },
	{ SR_SUBMIT, "submit", S(DRAFT) | S(RETURNED) | S(REJECTED) },
	{ SR_REVIEW, "review", S(PENDING) },
	{ SR_REFUND, "refund", S(SYNCED) | S(ACCEPTED) | S(REJECTED) | S(FINAUTH_FAILED) },
	{ SR_RESUME, "resume", S(DRAFT) },
	{ SR_REWORK, "rework", S(RETURNED) | S(REJECTED) },
	{ SR_VOID, "void", S(DRAFT) },
	{ SR_PRINT, "print", ((1u << ST__COUNT) - 1) & ~S(VOIDED) },
	{ SR_SEND, "send", S(QUEUED) },
};

static bool want(enum status_rule r, int st)
{
	for (size_t i = 0; i < ARRAY_SIZE(expected); i++)
		if (expected[i].rule == r)
			return (expected[i].statuses >> st) & 1u;
	fail_msg("rule %d has no expectation", (int)r);
	return false;
}

static void each_rule_holds_for_exactly_its_statuses(void **state)
{
	unsigned all = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(expected); i++) {
		all |= (unsigned)expected[i].rule;
		for (int st = 0; st < ST__COUNT; st++)
			if (status_allows(st, expected[i].rule) != want(expected[i].rule, st))
				fail_msg("rule %s for %s: the table says %d", expected[i].name, status_code(st),
					 status_allows(st, expected[i].rule));
		assert_false(status_allows(-1, expected[i].rule));
		assert_false(status_allows(ST__COUNT, expected[i].rule));
	}
	/* every rule of enum status_rule has its line above */
	assert_int_equal(all, (SR_SEND << 1) - 1);
}

/* A rule that leads somewhere is a transition of the lifecycle. */
static void rules_agree_with_the_transitions(void **state)
{
	(void)state;
	for (int st = 0; st < ST__COUNT; st++) {
		enum app_status s = (enum app_status)st;

		assert_int_equal(status_allows(st, SR_REFUND), status_can(s, ST_REFUND_REQUESTED));
		if (status_allows(st, SR_SUBMIT))
			assert_true(status_can(s, ST_PENDING));
		if (status_allows(st, SR_REOPEN))
			assert_true(status_can(s, ST_PENDING));
		if (status_allows(st, SR_REVIEW))
			assert_true(status_can(s, ST_APPROVED) && status_can(s, ST_RETURNED));
		if (status_allows(st, SR_FINAUTH))
			assert_true(status_can(s, ST_QUEUED));
		if (status_allows(st, SR_VOID))
			assert_true(status_can(s, ST_VOIDED));
		if (status_allows(st, SR_SEND))
			assert_true(status_can(s, ST_SYNCED));
	}
}

/* A filled-in, paid application of clerk1 put straight into ST. */
static long long app_in(struct fx *f, enum app_status st)
{
	static int n;
	char org[64], serial[16], *sql;
	long long id;

	snprintf(org, sizeof(org), "深圳市状态%d有限公司", ++n);
	snprintf(serial, sizeof(serial), "S%d", n);
	id = fx_draft(f, f->clerk, org, serial);
	fx_set(f, id, "paid_at", "2026-11-20 10:00:00", f->clerk);
	sql = xasprintf("UPDATE applications SET status = '%s' WHERE id = %lld", status_code(st), id);
	assert_true(store_exec(f->s, sql));
	free(sql);
	assert_int_equal(app_status(f->s, id), st);
	return id;
}

/* OK must be what RULE says for ST; a refusal leaves the status as it was. */
static void honoured(struct fx *f, long long id, enum app_status st, bool rule, bool ok, char *err, const char *what)
{
	if (ok != rule)
		fail_msg("%s in %s: %s (%s)", what, status_code(st), ok ? "done" : "refused", err ? err : "");
	if (!ok)
		assert_int_equal(app_status(f->s, id), st);
	free(err);
}

static void the_store_honours_the_rules(void **state)
{
	struct fx *f = *state;
	const unsigned char gif[13] = { 'G', 'I', 'F', '8', '9', 'a', 2, 0, 3, 0 };

	for (int i = 0; i < ST__COUNT; i++) {
		enum app_status st = (enum app_status)i;
		char *err = NULL, *warn = NULL;
		long long id;
		bool ok;

		id = app_in(f, st);
		ok = app_set_field(f->s, id, "agent_mobile", "13900000000", f->clerk, &err);
		honoured(f, id, st, status_allows(st, SR_EDIT), ok, err, "edit");
		if (ok)
			assert_int_equal(app_status(f->s, id), status_allows(st, SR_REOPEN) ? ST_PENDING : st);

		id = app_in(f, st);
		err = NULL;
		ok = app_set_field(f->s, id, "bank_name", "招商银行深圳分行", f->clerk, &err);
		honoured(f, id, st, status_allows(st, SR_EDIT) || status_allows(st, SR_FINAUTH), ok, err, "bank edit");

		id = app_in(f, st);
		err = NULL;
		ok = attach_add(f->s, id, ATTACH_LICENSE_SCAN, "x.gif", gif, sizeof(gif), f->clerk, &warn, &err) > 0;
		free(warn);
		warn = NULL;
		honoured(f, id, st, status_allows(st, SR_ATTACH), ok, err, "attach");
		if (ok)
			assert_int_equal(app_status(f->s, id), status_allows(st, SR_REOPEN) ? ST_PENDING : st);

		id = app_in(f, st);
		err = NULL;
		ok = review_submit(f->s, id, f->clerk, &err);
		honoured(f, id, st, status_allows(st, SR_SUBMIT), ok, err, "submit");

		id = app_in(f, st);
		err = NULL;
		ok = review_claim(f->s, id, f->sup, false, &err);
		honoured(f, id, st, status_allows(st, SR_REVIEW), ok, err, "claim");

		id = app_in(f, st);
		err = NULL;
		ok = orders_void(f->s, id, f->clerk, NULL, &err);
		honoured(f, id, st, status_allows(st, SR_VOID), ok, err, "void");

		id = app_in(f, st);
		err = NULL;
		ok = orders_refund(f->s, id, f->clerk, "客户不再需要", &err);
		honoured(f, id, st, status_allows(st, SR_REFUND), ok, err, "refund");
	}
}

/* The 操作 column: each order action shown exactly where its rule holds. */
static void list_actions_come_from_the_rules(void **state)
{
	(void)state;
	for (int i = 0; i < ST__COUNT; i++) {
		enum app_status st = (enum app_status)i;

		for (int paid = 0; paid < 2; paid++) {
			unsigned a = order_actions(st, paid);

			assert_int_equal(!!(a & ACT_BIT(ACT_VIEW)), 1);
			assert_int_equal(!!(a & ACT_BIT(ACT_RESUME)), status_allows(st, SR_RESUME));
			assert_int_equal(!!(a & ACT_BIT(ACT_EDIT)), status_allows(st, SR_REWORK));
			assert_int_equal(!!(a & ACT_BIT(ACT_FINAUTH)), status_allows(st, SR_FINAUTH));
			assert_int_equal(!!(a & ACT_BIT(ACT_VOID)), status_allows(st, SR_VOID));
			assert_int_equal(!!(a & ACT_BIT(ACT_REFUND)), paid && status_allows(st, SR_REFUND));
		}
	}
	assert_string_equal(order_action_short(ACT_RESUME), "继续");
	assert_string_equal(order_action_short(ACT_REFUND), "退费");
	assert_string_equal(order_action_short(ACT_VIEW), "详情");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_rule_holds_for_exactly_its_statuses),
		cmocka_unit_test(rules_agree_with_the_transitions),
		cmocka_unit_test_setup_teardown(the_store_honours_the_rules, fx_setup, fx_teardown),
		cmocka_unit_test(list_actions_come_from_the_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
