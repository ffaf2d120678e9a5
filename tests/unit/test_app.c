/* test_app.c - application numbers, drafts, field saves and the lifecycle rules. */
#include "testutil.h"

#include <sys/wait.h>

#include "store/app.h"
#include "store/operator.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
	long long clerk, sup, sup2;
};

static long long add_op(struct fx *f, const char *login, enum role r)
{
	return tu_operator(f->s, f->c, login, r);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	tu_open(&f->dir, &f->c, &f->s);
	f->clerk = add_op(f, "clerk1", ROLE_CLERK);
	f->sup = add_op(f, "sup1", ROLE_SUPERVISOR);
	f->sup2 = add_op(f, "sup2", ROLE_SUPERVISOR);
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

static void appno_check_digit_roundtrip(void **state)
{
	char no[APPNO_LEN + 1], out[APPNO_LEN + 1];

	(void)state;
	assert_true(appno_format("261125", "0755", 42, no));
	assert_int_equal(strlen(no), 18);
	assert_memory_equal(no, "26112507550000042", 17);
	assert_null(appno_check(no, out));
	assert_string_equal(out, no);
	for (int pos = 0; pos < 18; pos++) {      /* every single-digit typo is caught */
		char bad[APPNO_LEN + 1];
		memcpy(bad, no, sizeof(bad));
		bad[pos] = bad[pos] == '9' ? '0' : (char)(bad[pos] + 1);
		assert_non_null(appno_check(bad, out));
	}
	assert_non_null(appno_check("12345", out));
	assert_non_null(appno_check("26112507550000042a", out));
	assert_false(appno_format("261125", "075", 1, no));
	assert_false(appno_format("261125", "0755", 0, no));
}

static void drafts_get_sequential_numbers(void **state)
{
	struct fx *f = *state;
	char a[APPNO_LEN + 1], b[APPNO_LEN + 1], *err = NULL;

	assert_true(app_create_draft(f->s, f->c, f->clerk, a, &err) > 0);
	assert_true(app_create_draft(f->s, f->c, f->clerk, b, &err) > 0);
	assert_true(strcmp(a, b) < 0);
	assert_memory_equal(a + 6, "0001", 4);
	assert_null(appno_check(a, a));
}

static void concurrent_processes_never_share_a_number(void **state)
{
	struct fx *f = *state;
	enum { KIDS = 4, EACH = 25 };

	for (int k = 0; k < KIDS; k++) {
		pid_t pid = fork();
		if (pid == 0) {
			char *err = NULL, no[APPNO_LEN + 1];
			struct store *s = store_open(f->c, 0, &err);
			int ok = 0;
			for (int i = 0; i < EACH && s; i++)
				ok += app_create_draft(s, f->c, f->clerk, no, &err) > 0;
			_exit(ok == EACH ? 0 : 1);
		}
	}
	for (int k = 0; k < KIDS; k++) {
		int status;
		wait(&status);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(DISTINCT app_no) FROM applications", NULL, 0), KIDS * EACH);
}

static void fields_save_and_bookkeeping_is_protected(void **state)
{
	struct fx *f = *state;
	char no[APPNO_LEN + 1], *err = NULL, *v;
	long long id = app_create_draft(f->s, f->c, f->clerk, no, &err);

	assert_true(app_set_field(f->s, id, "org_name", "深圳市某某科技有限公司", f->clerk, &err));
	v = app_get_field(f->s, id, "org_name");
	assert_string_equal(v, "深圳市某某科技有限公司");
	free(v);
	assert_false(app_set_field(f->s, id, "status", "approved", f->clerk, &err));
	free(err);
	assert_false(app_set_field(f->s, id, "no_such_column", "x", f->clerk, &err));
	free(err);
	assert_false(app_column_writable(f->s, "app_no"));
	assert_true(app_column_writable(f->s, "agent_mobile"));
}

static void four_eyes_and_roles(void **state)
{
	struct fx *f = *state;
	char no[APPNO_LEN + 1], *err = NULL;
	long long id = app_create_draft(f->s, f->c, f->sup, no, &err);   /* entered by a supervisor */

	assert_true(app_transition(f->s, id, ST_PENDING, f->sup, NULL, NULL, &err));
	assert_false(app_transition(f->s, id, ST_APPROVED, f->sup, NULL, NULL, &err));   /* own application */
	assert_non_null(strstr(err, "双人复核"));
	free(err);
	assert_false(app_transition(f->s, id, ST_APPROVED, f->clerk, NULL, NULL, &err)); /* not a supervisor */
	free(err);
	assert_false(app_transition(f->s, id, ST_RETURNED, f->sup2, NULL, "", &err));    /* reason required */
	free(err);
	assert_true(app_transition(f->s, id, ST_APPROVED, f->sup2, NULL, NULL, &err));
	assert_int_equal(app_status(f->s, id), ST_APPROVED);
	assert_false(app_transition(f->s, id, ST_COMPLETED, f->sup2, NULL, NULL, &err)); /* not in the table */
	free(err);
}

static void edit_after_approval_voids_it_and_queue_writes_outbox(void **state)
{
	struct fx *f = *state;
	char no[APPNO_LEN + 1], *err = NULL, idbuf[32];
	long long id = app_create_draft(f->s, f->c, f->clerk, no, &err);

	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	assert_true(app_transition(f->s, id, ST_PENDING, f->clerk, NULL, NULL, &err));
	assert_true(app_transition(f->s, id, ST_APPROVED, f->sup, NULL, NULL, &err));
	assert_true(app_set_field(f->s, id, "agent_title", "财务经理", f->clerk, &err));
	assert_int_equal(app_status(f->s, id), ST_PENDING);
	assert_true(app_transition(f->s, id, ST_APPROVED, f->sup, NULL, NULL, &err));
	assert_true(app_transition(f->s, id, ST_QUEUED, f->sup, NULL, NULL, &err));
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM outbox WHERE app_id = ?", idbuf, 0), 1);
	assert_int_equal(store_get_int(f->s, "SELECT COUNT(*) FROM status_history WHERE app_id = ?", idbuf, 0), 6);
	assert_false(app_set_field(f->s, id, "agent_title", "x", f->clerk, &err));   /* queued: frozen */
	assert_non_null(strstr(err, "待同步"));
	free(err);
	/* nothing is ever deleted */
	assert_false(store_exec(f->s, "DELETE FROM applications"));
}

struct seen {
	int n;
	long long id[4];
	char subject[4][64], no[4][APPNO_LEN + 1], at[4][32];
};

static void seen_draft(void *ud, const struct app_draft_row *row)
{
	struct seen *sn = ud;

	assert_true(sn->n < 4);
	sn->id[sn->n] = row->id;
	snprintf(sn->subject[sn->n], sizeof(sn->subject[0]), "%s", row->subject);
	snprintf(sn->no[sn->n], sizeof(sn->no[0]), "%s", row->app_no);
	snprintf(sn->at[sn->n], sizeof(sn->at[0]), "%s", row->updated_at);
	sn->n++;
}

static void drafts_each_lists_own_drafts_newest_first(void **state)
{
	struct fx *f = *state;
	char no[4][APPNO_LEN + 1], *err = NULL, *sql;
	long long org = app_create_draft(f->s, f->c, f->clerk, no[0], &err);
	long long holder = app_create_draft(f->s, f->c, f->clerk, no[1], &err);
	long long blank = app_create_draft(f->s, f->c, f->clerk, no[2], &err);
	long long other = app_create_draft(f->s, f->c, f->sup, no[3], &err);
	struct seen sn = { 0 };

	assert_true(org > 0 && holder > 0 && blank > 0 && other > 0);
	assert_true(app_set_field(f->s, org, "org_name", "深圳市某某科技有限公司", f->clerk, &err));
	assert_true(app_set_field(f->s, org, "cert_holder", "张三", f->clerk, &err));
	assert_true(app_set_field(f->s, holder, "org_name", "", f->clerk, &err));
	assert_true(app_set_field(f->s, holder, "cert_holder", "李四", f->clerk, &err));
	/* holder newest, then blank and org on the same second (higher id first) */
	sql = xasprintf("UPDATE applications SET updated_at = CASE id WHEN %lld THEN '2026-11-25T09:00:00+08:00' "
			"ELSE '2026-11-25T08:00:00+08:00' END", holder);
	assert_true(store_exec(f->s, sql));
	free(sql);

	app_drafts_each(f->s, f->clerk, seen_draft, &sn);
	assert_int_equal(sn.n, 3);
	assert_int_equal(sn.id[0], holder);
	assert_string_equal(sn.subject[0], "李四");
	assert_string_equal(sn.no[0], no[1]);
	assert_string_equal(sn.at[0], "2026-11-25T09:00:00+08:00");
	assert_int_equal(sn.id[1], blank);
	assert_string_equal(sn.subject[1], "(尚未填写)");
	assert_int_equal(sn.id[2], org);
	assert_string_equal(sn.subject[2], "深圳市某某科技有限公司");

	/* a draft that leaves the draft status leaves the list */
	assert_true(store_exec(f->s, "UPDATE applications SET status = 'voided'"));
	sn.n = 0;
	app_drafts_each(f->s, f->clerk, seen_draft, &sn);
	assert_int_equal(sn.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(appno_check_digit_roundtrip),
		cmocka_unit_test_setup_teardown(drafts_get_sequential_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(drafts_each_lists_own_drafts_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_processes_never_share_a_number, setup, teardown),
		cmocka_unit_test_setup_teardown(fields_save_and_bookkeeping_is_protected, setup, teardown),
		cmocka_unit_test_setup_teardown(four_eyes_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(edit_after_approval_voids_it_and_queue_writes_outbox, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
