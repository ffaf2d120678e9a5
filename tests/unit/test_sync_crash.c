/* test_sync_crash.c - certdesk sync killed with SIGKILL at random moments, and
 * clerks' processes writing while sync runs: nothing lost, nothing twice. */
#include "synctest.h"

struct fx {
	char *dir, *conf_path;
	struct conf *c;
	struct store *s;
	long long clerk, sup;
	struct centre ce;
	pid_t daemon;             /* a sync --daemon to stop even when a test fails */
};

static void write_conf(struct fx *f)
{
	FILE *o;
	char *url = centre_url(&f->ce);

	f->conf_path = xasprintf("%s/certdesk.conf", f->dir);
	o = fopen(f->conf_path, "w");
	assert_non_null(o);
	fprintf(o, "[branch]\ncode = 0001\n[store]\ndatabase = %s/test.db\n[security]\npwhash_opslimit = 1\n"
		   "pwhash_memlimit = 8192\n[central]\nurl = %s\ntoken = %s\ntimeout = 5\n"
		   "[sync]\nbatch = 5\nretries = 2\nbackoff_ms = 20\nbackoff_max_ms = 200\ninterval = 1\n",
		f->dir, url, ST_TOKEN);
	fclose(o);
	free(url);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	const char *args[] = { "--auto", "--set", "auto.review_delay=0", "--set", "auto.ship_delay=0.3", NULL };

	f->dir = tu_tmpdir();
	f->c = tu_conf(f->dir);
	f->s = tu_store(f->c);
	f->clerk = st_op(f->s, f->c, "clerk1", ROLE_CLERK);
	f->sup = st_op(f->s, f->c, "sup1", ROLE_SUPERVISOR);
	centre_start(&f->ce, f->dir, args);
	centre_conf(&f->ce, f->c);
	write_conf(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f->daemon > 0) {
		kill(f->daemon, SIGKILL);
		waitpid(f->daemon, NULL, 0);
	}
	centre_free(&f->ce);
	store_close(f->s);
	conf_free(f->c);
	tu_rmrf(f->dir);
	free(f->dir);
	free(f->conf_path);
	free(f);
	return 0;
}

static pid_t spawn_sync(struct fx *f, bool daemon)
{
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl(st_bin("certdesk"), "certdesk", "--config", f->conf_path, "sync", daemon ? "--daemon" : NULL,
		      (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int wait_rc(pid_t pid)
{
	int st;

	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Run certdesk sync until a run succeeds with nothing left to do. */
static void sync_until_quiet(struct fx *f, const char *centre_done_sql, long long want)
{
	for (int i = 0; i < 100; i++) {
		if (wait_rc(spawn_sync(f, false)) == 0 &&
		    store_get_int(f->s, "SELECT count(*) FROM outbox WHERE done_at IS NULL", NULL, -1) == 0 &&
		    (!centre_done_sql || centre_count(&f->ce, centre_done_sql) == want))
			return;
		usleep(100000);
	}
	fail_msg("sync never completed");
}

static void killed_sync_loses_nothing_and_sends_nothing_twice(void **state)
{
	struct fx *f = *state;
	enum { N = 200 };
	char no[APPNO_LEN + 1];
	int kills = 0, mid_push = 0, total = 0;
	unsigned seed = (unsigned)time(NULL);

	fprintf(stderr, "seed %u\n", seed);
	srand(seed);
	while (mid_push < 50) {
		pid_t pid;
		long long before = store_get_int(f->s, "SELECT count(*) FROM outbox WHERE done_at IS NULL", NULL, 0);

		if (before == 0) {
			/* the push finished: queue more so that every kill lands mid-push */
			assert_true(store_begin(f->s));
			for (int i = 0; i < N; i++, total++)
				st_queued_app(f->s, f->c, f->clerk, f->sup, "712C1B5A584A1BBE", false, total % 10 == 0, no);
			assert_true(store_commit(f->s));
			before = N;
		}
		pid = spawn_sync(f, kills % 2 == 1);

		usleep((useconds_t)(2000 + rand() % 40000));
		kill(pid, SIGKILL);
		wait_rc(pid);
		kills++;
		if (before > 0)
			mid_push++;
	}
	fprintf(stderr, "%d kills, %d while applications were still queued, %d applications\n", kills, mid_push, total);
	/* restart and let it finish: the centre reviews (auto) and ships meanwhile */
	sync_until_quiet(f, "SELECT count(*) FROM apps WHERE status = 'shipped'", total);
	sync_until_quiet(f, NULL, 0);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM apps"), total);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests WHERE kind = 'submit'"), total);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM attachments"), (total + 9) / 10);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM events WHERE type = 'shipped'"), total);
	/* statuses match: every application shipped on both sides, each change applied once */
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM applications WHERE status = 'shipped'", NULL, 0), total);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM status_history WHERE to_status = 'accepted' AND from_status <> to_status", NULL, 0), total);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM status_history WHERE to_status = 'shipped' AND from_status <> to_status", NULL, 0), total);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM status_history WHERE to_status = 'synced'", NULL, 0), total);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM applications WHERE tracking_no IS NULL OR "
					     "pin_delivery IS NULL", NULL, -1), 0);
}

/* A clerk's process (this binary run again with --clerk, not a fork that
 * would share the parent's SQLite state): create and queue n applications,
 * count every failure. */
static int clerk_process(const char *conf_path, int n)
{
	static const char *const typed[][2] = {
		{ "org_name", "深圳市示例科技有限公司" }, { "org_doc_no", "91440300MA5DC6QX2N" },
		{ "agent_name", "李四" }, { "agent_id", "440301198506152345" }, { "agent_mobile", "13800138000" },
		{ "bank_account_name", "深圳市示例科技有限公司" }, { "bank_account", "4000021109200012345" },
		{ "mail_address", "深圳市福田区示例路 1 号" },
	};
	char *err = NULL;
	struct conf *c = conf_load(conf_path, &err);
	struct store *s = c ? store_open(c, 0, &err) : NULL;
	int failures = 0;
	struct operator clerk, sup;

	if (!s || !operator_find(s, "clerk1", &clerk) || !operator_find(s, "sup1", &sup))
		return 99;
	for (int i = 0; i < n; i++) {
		char no[APPNO_LEN + 1];
		long long id = app_create_draft(s, c, clerk.id, no, &err);
		if (!id) {
			fprintf(stderr, "create: %s\n", err);
			failures++;
			xfree(&err);
			continue;
		}
		/* a fast clerk: one field saved every 10 ms (typing is much slower) */
		for (size_t k = 0; k < sizeof(typed) / sizeof(typed[0]); k++) {
			usleep(10000);
			if (!app_set_field(s, id, typed[k][0], typed[k][1], clerk.id, &err)) {
				fprintf(stderr, "clerk: %s\n", err);
				failures++;
				xfree(&err);
			}
		}
		usleep(10000);
		if (!app_set_field(s, id, "cert_serial", "712C1B5A584A1BBE", clerk.id, &err) ||
		    !app_transition(s, id, ST_PENDING, clerk.id, NULL, NULL, &err) ||
		    !app_transition(s, id, ST_APPROVED, sup.id, NULL, NULL, &err) ||
		    !app_transition(s, id, ST_QUEUED, sup.id, NULL, NULL, &err)) {
			fprintf(stderr, "clerk: %s\n", err);
			failures++;
			xfree(&err);
		}
	}
	operator_release(&clerk);
	operator_release(&sup);
	store_close(s);
	conf_free(c);
	return failures;
}

static void clerks_write_while_sync_runs(void **state)
{
	struct fx *f = *state;
	enum { CLERKS = 3, EACH = 12 };
	pid_t clerks[CLERKS], daemon;
	struct sync_summary sum;

	f->daemon = daemon = spawn_sync(f, true);
	for (int i = 0; i < CLERKS; i++) {
		clerks[i] = fork();
		if (clerks[i] == 0) {
			char each[16];
			snprintf(each, sizeof(each), "%d", EACH);
			execl("/proc/self/exe", "test_sync_crash", "--clerk", f->conf_path, each, (char *)NULL);
			_exit(127);
		}
	}
	for (int i = 0; i < CLERKS; i++)
		assert_int_equal(wait_rc(clerks[i]), 0);       /* no SQLITE_BUSY reached a clerk */
	/* a second sync process is refused while the daemon runs */
	assert_int_equal(wait_rc(spawn_sync(f, false)), 1);
	sync_status(f->s, &sum);
	assert_true(sum.running);
	sync_summary_release(&sum);
	for (int i = 0; i < 100 && store_get_int(f->s, "SELECT count(*) FROM outbox WHERE done_at IS NULL", NULL, 0); i++)
		usleep(100000);
	kill(daemon, SIGTERM);
	f->daemon = 0;
	assert_int_equal(wait_rc(daemon), 0);
	sync_until_quiet(f, "SELECT count(*) FROM apps", CLERKS * EACH);
	assert_int_equal(centre_count(&f->ce, "SELECT count(*) FROM requests WHERE kind = 'submit'"), CLERKS * EACH);
	assert_int_equal(store_get_int(f->s, "SELECT count(*) FROM applications WHERE status IN ('synced','accepted',"
					     "'shipped')", NULL, 0), CLERKS * EACH);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--clerk"))
		return clerk_process(argv[2], atoi(argv[3]));
	{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(killed_sync_loses_nothing_and_sends_nothing_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(clerks_write_while_sync_runs, setup, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
	}
}
