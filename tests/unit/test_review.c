/* test_review.c - the review queue: four eyes, claims, return with reasons and
 * fields, the two-supervisor race across processes, working-day ages, duplicates. */
#include "fixture.h"

#include <sys/wait.h>

#include "core/paths.h"
#include "store/workdays.h"

static void own_application_cannot_be_approved(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = fx_draft(f, f->sup, "深圳市自审科技有限公司", "AA01");   /* entered by a supervisor */

	fx_ok(review_submit(f->s, id, f->sup, &err), err);
	assert_false(review_approve(f->s, id, f->sup, -1, &err));
	assert_non_null(strstr(err, "双人复核"));
	free(err);
	assert_int_equal(app_status(f->s, id), ST_PENDING);
	fx_ok(review_approve(f->s, id, f->sup2, -1, &err), err);
	assert_int_equal(app_status(f->s, id), ST_QUEUED);
}

static void last_editor_cannot_approve_either(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = fx_pending(f, "深圳市改过科技有限公司", "AA02");

	fx_set(f, id, "agent_title", "财务总监", f->sup);        /* sup1 corrects a field */
	assert_false(review_approve(f->s, id, f->sup, -1, &err));
	assert_non_null(strstr(err, "双人复核"));
	free(err);
	fx_ok(review_approve(f->s, id, f->sup2, -1, &err), err);
}

static void only_supervisors_decide_and_clerks_submit(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = fx_draft(f, f->clerk, "深圳市角色科技有限公司", "AA03");

	assert_false(review_submit(f->s, id, f->admin, &err));   /* an admin does not do counter work */
	free(err);
	fx_ok(review_submit(f->s, id, f->clerk, &err), err);
	assert_false(review_approve(f->s, id, f->clerk2, -1, &err));
	assert_non_null(strstr(err, "主管"));
	free(err);
	assert_false(review_approve(f->s, id, f->admin, -1, &err));
	free(err);
	assert_false(review_return(f->s, id, f->clerk2, "不清楚", NULL, 0, &err));
	free(err);
	assert_false(review_claim(f->s, id, f->clerk2, false, &err));
	free(err);
	assert_int_equal(app_status(f->s, id), ST_PENDING);
}

static void approve_queues_for_sync_in_one_step(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = fx_pending(f, "深圳市同步科技有限公司", "AA04");

	fx_ok(review_approve(f->s, id, f->sup, -1, &err), err);
	assert_int_equal(app_status(f->s, id), ST_QUEUED);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM outbox WHERE app_id = ? AND kind = 'submit'", id), 1);
	assert_int_equal(fx_count(f, "SELECT approved_by FROM applications WHERE id = ?", id), f->sup);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM status_history WHERE app_id = ? AND to_status = 'approved'", id), 1);
	/* a second decision is refused and says who decided */
	assert_false(review_approve(f->s, id, f->sup2, -1, &err));
	assert_non_null(strstr(err, "sup1"));
	free(err);
	/* after approval the record is frozen for sync */
	assert_false(app_set_field(f->s, id, "agent_title", "x", f->clerk, &err));
	free(err);
}

static void edit_after_approval_voids_the_approval(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = fx_pending(f, "深圳市撤销科技有限公司", "AA05");

	/* approved but not yet queued (app_transition alone), then edited */
	fx_ok(app_transition(f->s, id, ST_APPROVED, f->sup, NULL, NULL, &err), err);
	fx_set(f, id, "mail_postcode", "518000", f->clerk);
	assert_int_equal(app_status(f->s, id), ST_PENDING);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM outbox WHERE app_id = ?", id), 0);
	fx_ok(review_approve(f->s, id, f->sup, -1, &err), err);
}

static void approval_of_what_was_not_seen_is_refused(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = fx_pending(f, "深圳市看过科技有限公司", "AA08");
	struct review_queue q;
	long long seen;

	fx_ok(review_claim(f->s, id, f->sup, false, &err), err);    /* a claim is not a change */
	fx_ok(review_queue_load(f->s, f->sup, NULL, &q, &err), err);
	seen = q.items[0].revision;
	review_queue_release(&q);
	fx_set(f, id, "agent_title", "出纳", f->clerk);              /* same second, still a new revision */
	assert_false(review_approve(f->s, id, f->sup, seen, &err));
	assert_non_null(strstr(err, "重新查看"));
	assert_non_null(strstr(err, "clerk1"));
	free(err);
	assert_int_equal(app_status(f->s, id), ST_PENDING);
	fx_ok(review_approve(f->s, id, f->sup, seen + 1, &err), err);
}

static void return_with_reason_and_fields_then_resubmit_and_approve(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	const char *bad[] = { "agent_mobile", "bank_account" };
	long long id = fx_pending(f, "深圳市退回科技有限公司", "AA06");
	size_t n;
	char **fields, *reason;

	assert_false(review_return(f->s, id, f->sup, "", bad, 2, &err));     /* a reason is required */
	assert_non_null(strstr(err, "原因"));
	free(err);
	assert_false(review_return(f->s, id, f->sup, "x", (const char *[]){ "no_such" }, 1, &err));
	free(err);
	fx_ok(review_return(f->s, id, f->sup, "经办人手机号不是本人实名; 账号与开户许可证不符", bad, 2, &err), err);
	assert_int_equal(app_status(f->s, id), ST_RETURNED);
	fields = review_return_fields(f->s, id, &n);
	assert_int_equal(n, 2);
	assert_string_equal(fields[0], "agent_mobile");
	assert_string_equal(fields[1], "bank_account");
	assert_null(fields[2]);
	review_fields_free(fields);
	reason = app_get_field(f->s, id, "return_reason");
	assert_non_null(strstr(reason, "实名"));
	free(reason);
	/* the clerk corrects exactly those fields and resubmits */
	fx_set(f, id, "agent_mobile", "13900001111", f->clerk);
	fx_set(f, id, "bank_account", "4000022309200654321", f->clerk);
	fx_ok(review_submit(f->s, id, f->clerk, &err), err);
	assert_int_equal(app_status(f->s, id), ST_PENDING);
	fx_ok(review_approve(f->s, id, f->sup, -1, &err), err);
	assert_int_equal(app_status(f->s, id), ST_QUEUED);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM status_history WHERE app_id = ? AND reason LIKE '%实名%'", id), 1);
}

static void claims_show_the_holder_and_block_others(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	long long id = fx_pending(f, "深圳市领取科技有限公司", "AA07");
	struct review_queue q;

	fx_ok(review_claim(f->s, id, f->sup, false, &err), err);
	fx_ok(review_claim(f->s, id, f->sup, false, &err), err);              /* claiming twice is harmless */
	fx_ok(review_queue_load(f->s, f->sup2, NULL, &q, &err), err);
	assert_int_equal(q.n, 1);
	assert_string_equal(q.items[0].claimed_login, "sup1");
	assert_int_equal(q.claimed_by_others, 1);
	review_queue_release(&q);
	assert_false(review_approve(f->s, id, f->sup2, -1, &err));
	assert_non_null(strstr(err, "sup1"));
	free(err);
	assert_false(review_return(f->s, id, f->sup2, "不对", NULL, 0, &err));
	free(err);
	assert_false(review_claim(f->s, id, f->sup2, false, &err));
	assert_non_null(strstr(err, "sup1"));
	free(err);
	assert_false(review_release(f->s, id, f->sup2, &err));
	free(err);
	fx_ok(review_release(f->s, id, f->sup, &err), err);
	fx_ok(review_claim(f->s, id, f->sup2, false, &err), err);
	fx_ok(review_claim(f->s, id, f->sup, true, &err), err);               /* take over, audited */
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM audit_log WHERE action = 'review.claim' "
					    "AND detail LIKE '接手%sup2%'", NULL, 0), 1);
	fx_ok(review_approve(f->s, id, f->sup, -1, &err), err);
	assert_int_equal(fx_count(f, "SELECT claimed_by IS NULL FROM applications WHERE id = ?", id), 1);
}

/* Two supervisors in two processes decide the same application at the same
 * moment: exactly one decision stands, the other is told who decided. */
static void two_supervisors_race_one_decision_stands(void **state)
{
	struct fx *f = *state;
	enum { ROUNDS = 40 };

	for (int round = 0; round < ROUNDS; round++) {
		long long id = fx_pending(f, "深圳市并发科技有限公司", "AB00");
		int go[2], codes[2] = { -1, -1 }, ok = 0, told = 0;
		pid_t pids[2];

		assert_int_equal(pipe(go), 0);
		for (int k = 0; k < 2; k++) {
			pid_t pid = fork();

			assert_true(pid >= 0);
			if (pid == 0) {
				char *err = NULL, c;
				struct store *s = store_open(f->c, 0, &err);
				long long me = k ? f->sup2 : f->sup;
				bool done;

				close(go[1]);
				if (!s || read(go[0], &c, 1) != 1)
					_exit(9);
				/* odd rounds: one approves, the other returns */
				if (k == 1 && round % 2)
					done = review_return(s, id, me, "资料不全", NULL, 0, &err);
				else
					done = review_approve(s, id, me, -1, &err);
				store_close(s);
				_exit(done ? 0 : err && strstr(err, "已由") && strstr(err, "未生效") ? 3 : 4);
			}
			pids[k] = pid;
		}
		close(go[0]);
		assert_int_equal(write(go[1], "gg", 2), 2);     /* release both at once */
		close(go[1]);
		for (int k = 0; k < 2; k++) {
			int status;

			assert_int_equal(waitpid(pids[k], &status, 0), pids[k]);
			assert_true(WIFEXITED(status));
			codes[k] = WEXITSTATUS(status);
			ok += codes[k] == 0;
			told += codes[k] == 3;
		}
		if (ok != 1 || told != 1)
			fprintf(stderr, "round %d: exit codes %d %d\n", round, codes[0], codes[1]);
		assert_int_equal(ok, 1);
		assert_int_equal(told, 1);
		assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM status_history WHERE app_id = ? AND from_status = 'pending'", id), 1);
		assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM outbox WHERE app_id = ?", id),
				 app_status(f->s, id) == ST_QUEUED ? 1 : 0);
	}
}

static void queue_is_oldest_first_with_working_day_ages(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	struct review_queue q;
	long long a, b, c;

	fx_ok(workdays_ensure(f->s, &err), err);
	a = fx_pending(f, "深圳市甲公司", "AC01");
	b = fx_pending(f, "深圳市乙公司", "AC02");
	c = fx_pending(f, "深圳市丙公司", "AC03");
	/* submitted: b before the National Day week, a on the Friday before it, c today */
	store_exec(f->s, "UPDATE status_history SET at = '2025-09-26 16:00:00' WHERE to_status = 'pending' AND app_id = 1");
	store_exec(f->s, "UPDATE status_history SET at = '2025-09-25 09:00:00' WHERE to_status = 'pending' AND app_id = 2");
	store_exec(f->s, "UPDATE status_history SET at = '2025-10-09 09:00:00' WHERE to_status = 'pending' AND app_id = 3");
	assert_int_equal(a, 1);
	fx_ok(review_queue_load(f->s, f->sup, "2025-10-09", &q, &err), err);
	assert_int_equal(q.n, 3);
	assert_int_equal(q.items[0].id, b);
	assert_int_equal(q.items[1].id, a);
	assert_int_equal(q.items[2].id, c);
	/* 09-25 → 10-09: 26 (Fri), 28 (Sun, 调休), 29, 30, 10-09 = 5 working days */
	assert_int_equal(q.items[0].age_workdays, 5);
	assert_true(q.items[0].overdue);
	assert_string_equal(q.items[0].due, "2025-09-29");
	/* 09-26 → 10-09: 28, 29, 30, 10-09 = 4 */
	assert_int_equal(q.items[1].age_workdays, 4);
	assert_int_equal(q.items[2].age_workdays, 0);
	assert_false(q.items[2].overdue);
	assert_int_equal(q.overdue, 2);
	assert_int_equal(q.unclaimed, 3);
	assert_false(q.items[0].own);
	assert_string_equal(q.items[0].clerk_login, "clerk1");
	review_queue_release(&q);
	assert_int_equal(review_queue_count(f->s), 3);
	/* the clerk who entered them sees them as their own */
	fx_ok(review_queue_load(f->s, f->clerk, "2025-10-09", &q, &err), err);
	assert_true(q.items[0].own);
	review_queue_release(&q);
}

/* Past the end of the holiday calendar (2026-12-31): deadlines and ages are
 * counted as Monday to Friday and flagged, and the queue carries the warning. */
static void deadlines_past_the_calendar_are_estimated(void **state)
{
	struct fx *f = *state;
	char *err = NULL;
	struct review_queue q;

	fx_pending(f, "深圳市年末科技有限公司", "AE01");
	fx_pending(f, "深圳市年中科技有限公司", "AE02");
	store_exec(f->s, "UPDATE status_history SET at = '2026-12-30T09:00:00+08:00' WHERE to_status = 'pending' AND app_id = 1");
	store_exec(f->s, "UPDATE status_history SET at = '2026-12-31T16:00:00+08:00' WHERE to_status = 'pending' AND app_id = 2");
	fx_ok(review_queue_load(f->s, f->sup, "2026-12-31", &q, &err), err);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.items[0].due, "2027-01-04");   /* 12-31, then 2027 as weekdays: 01-01, 01-04 */
	assert_true(q.items[0].due_estimated);
	assert_int_equal(q.items[0].age_workdays, 1);
	assert_false(q.items[0].age_estimated);
	assert_non_null(q.calendar_warning);
	assert_non_null(strstr(q.calendar_warning, "只到 2026-12-31"));
	review_queue_release(&q);
	/* a Monday in 2027: the ages are estimated too */
	fx_ok(review_queue_load(f->s, f->sup, "2027-01-04", &q, &err), err);
	assert_int_equal(q.items[0].age_workdays, 3);
	assert_true(q.items[0].age_estimated);
	assert_string_equal(q.items[1].due, "2027-01-05");   /* 01-01, 01-04, 01-05 */
	assert_true(q.items[1].due_estimated);
	review_queue_release(&q);
	/* mid-year nothing is estimated and there is no warning */
	store_exec(f->s, "UPDATE status_history SET at = '2026-09-30T09:00:00+08:00' WHERE to_status = 'pending'");
	fx_ok(review_queue_load(f->s, f->sup, "2026-10-09", &q, &err), err);
	assert_null(q.calendar_warning);
	assert_string_equal(q.items[0].due, "2026-10-10");  /* 10-08, 10-09, 10-10 (Saturday, worked) */
	assert_false(q.items[0].due_estimated);
	assert_int_equal(q.items[0].age_workdays, 2);
	assert_false(q.items[0].age_estimated);
	review_queue_release(&q);
}

static void duplicate_open_replacements_are_flagged(void **state)
{
	struct fx *f = *state;
	char *err = NULL, *w;
	long long a = fx_pending(f, "深圳市重复科技有限公司", "DUP1");
	long long b = fx_draft(f, f->clerk2, "深圳市重复科技有限公司", "DUP1");
	long long c = fx_draft(f, f->clerk2, "深圳市另一家有限公司", "OTHER");
	struct review_dup *d;
	struct review_queue q;

	w = review_duplicate_warning(f->s, a);
	assert_non_null(w);
	assert_non_null(strstr(w, "证书序列号"));
	free(w);
	/* same credit code (the fixture gives all the same) but a different serial */
	assert_int_equal(review_duplicates(f->s, c, "OTHER", "91440300MA5EXAMPLE", &d), 2);
	assert_true(d[0].same_credit_code && !d[0].same_serial);
	free(d);
	/* the 证书选择 screen asks before the application exists */
	assert_int_equal(review_duplicates(f->s, 0, "DUP1", NULL, &d), 2);
	free(d);
	fx_ok(review_queue_load(f->s, f->sup, NULL, &q, &err), err);
	assert_int_equal(q.items[0].duplicates, 2);
	review_queue_release(&q);
	/* voided ones are not open */
	fx_ok(app_transition(f->s, b, ST_VOIDED, f->clerk2, NULL, NULL, &err), err);
	fx_ok(app_transition(f->s, c, ST_VOIDED, f->clerk2, NULL, NULL, &err), err);
	assert_null(review_duplicate_warning(f->s, a));
	assert_int_equal(review_duplicates(f->s, 0, "", "", &d), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(own_application_cannot_be_approved, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(last_editor_cannot_approve_either, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(only_supervisors_decide_and_clerks_submit, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(approve_queues_for_sync_in_one_step, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(edit_after_approval_voids_the_approval, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(approval_of_what_was_not_seen_is_refused, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(return_with_reason_and_fields_then_resubmit_and_approve, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(claims_show_the_holder_and_block_others, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(two_supervisors_race_one_decision_stands, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(queue_is_oldest_first_with_working_day_ages, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(deadlines_past_the_calendar_are_estimated, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(duplicate_open_replacements_are_flagged, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
