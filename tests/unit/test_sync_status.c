/* test_sync_status.c - what the 同步状态 screen reads without the network:
 * the summary and the applications the centre refused. */
#include "testutil.h"

#include "store/operator.h"
#include "store/store.h"
#include "sync/sync.h"

struct fx {
	char *dir;
	struct conf *c;
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));

	tu_open(&f->dir, &f->c, &f->s);
	tu_operator(f->s, f->c, "clerk1", ROLE_CLERK);
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

static void add_app(struct fx *f, const char *no, const char *org, const char *holder, const char *error,
		    const char *updated)
{
	char *sql = sqlite3_mprintf("INSERT INTO applications(app_no, status, created_by, created_at, updated_at,"
				    " org_name, cert_holder, sync_error) VALUES (%Q, 'queued', 1, %Q, %Q, %Q, %Q, %Q)",
				    no, updated, updated, org, holder, error);

	assert_true(store_exec(f->s, sql));
	sqlite3_free(sql);
}

static void refused_applications_are_listed_newest_first_with_persons_masked(void **state)
{
	struct fx *f = *state;
	struct sync_failure *list;
	int n;

	add_app(f, "261125000100000019", "深圳市示例科技有限公司", "深圳市示例科技有限公司", "中心拒收: 缺少附件",
		"2026-11-25 09:00:00");
	add_app(f, "261125000100000027", NULL, "张三丰", "中心拒收: 申请单号无效", "2026-11-25 10:00:00");
	add_app(f, "261125000100000035", "没有错误的机构", NULL, NULL, "2026-11-25 11:00:00");
	n = sync_failures_load(f->s, 10, &list);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].app_no, "261125000100000027");
	assert_string_equal(list[0].subject, "张*丰");
	assert_string_equal(list[0].error, "中心拒收: 申请单号无效");
	assert_string_equal(list[1].subject, "深圳市示例科技有限公司");
	sync_failures_free(list, n);
	n = sync_failures_load(f->s, 1, &list);
	assert_int_equal(n, 1);
	sync_failures_free(list, n);
}

static void summary_counts_the_queue_and_the_refused(void **state)
{
	struct fx *f = *state;
	struct sync_summary sum;

	add_app(f, "261125000100000019", "甲", NULL, "拒收", "2026-11-25 09:00:00");
	add_app(f, "261125000100000027", "乙", NULL, NULL, "2026-11-25 09:00:00");
	assert_true(store_exec(f->s, "INSERT INTO outbox(app_id, kind, created_at) SELECT id, 'submit', created_at"
				     " FROM applications"));
	assert_true(sync_status(f->s, &sum));
	assert_int_equal(sum.queued, 2);
	assert_int_equal(sum.failed, 1);
	assert_string_equal(sum.last_success, "");
	assert_null(sum.last_error);
	assert_false(sum.running);
	sync_summary_release(&sum);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(refused_applications_are_listed_newest_first_with_persons_masked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(summary_counts_the_queue_and_the_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
