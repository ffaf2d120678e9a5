/* bench_sync.c - push 10,000 queued applications to a local certdesk-central
 * over HTTPS, with the reused keep-alive connection and with the naive
 * baseline (a new connection per application); then the pull rate of the
 * feed the centre's automatic reviewer produces for them. Prints figures only. */
#include "core/conf.h"
#include "core/util.h"
#include "store/app.h"
#include "store/operator.h"
#include "store/store.h"
#include "sync/http.h"
#include "sync/sync.h"

#include <signal.h>
#include <sqlite3.h>   /* the centre's database, read directly */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define TOKEN "bench-token"
static int N = 10000;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(bool ok, const char *what, const char *err)
{
	if (!ok) {
		fprintf(stderr, "bench_sync: %s: %s\n", what, err ? err : "?");
		exit(1);
	}
}

static pid_t centre_start(const char *dir, const char *db, bool automatic, int *port)
{
	char *portfile = xasprintf("%s/port", dir), *cert = xasprintf("%s/srv.pem", dir),
	     *key = xasprintf("%s/srv.key", dir);
	pid_t pid;

	unlink(portfile);
	pid = fork();
	if (pid == 0) {
		execl("build/certdesk-central", "certdesk-central", "-q", "-d", db, "-p", "0", "--port-file", portfile, "-t",
		      "0001=" TOKEN, "--tls-cert", cert, "--tls-key", key, "--seed-demo",
		      automatic ? "--auto" : "--quiet", "--set", "auto.review_delay=0", "--set", "auto.ship_delay=100000", "--set", "auto.reject_incomplete=no",
		      (char *)NULL);
		_exit(127);
	}
	*port = 0;
	for (int i = 0; i < 500 && !*port; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			if (fscanf(f, "%d", port) != 1)
				*port = 0;
			fclose(f);
		}
		if (!*port)
			usleep(10000);
	}
	check(*port > 0, "certdesk-central did not start", NULL);
	free(portfile);
	free(cert);
	free(key);
	return pid;
}

static void centre_stop(pid_t pid)
{
	int st;
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

static long long centre_count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(h, 5000);
		if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				n = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
	}
	sqlite3_close(h);
	return n;
}

static void queue_apps(struct store *s, struct conf *c, long long clerk, long long sup, int n)
{
	char *err = NULL;

	check(store_begin(s), "begin", NULL);
	for (int i = 0; i < n; i++) {
		char no[APPNO_LEN + 1];
		long long id = app_create_draft(s, c, clerk, no, &err);
		check(id > 0, "app_create_draft", err);
		check(app_set_field(s, id, "org_name", "深圳市示例科技有限公司", clerk, &err) &&
		      app_set_field(s, id, "bank_account_name", "深圳市示例科技有限公司", clerk, &err) &&
		      app_set_field(s, id, "cert_serial", "712C1B5A584A1BBE", clerk, &err) &&
		      app_set_field(s, id, "pay_method", "wechat", clerk, &err) &&
		      app_transition(s, id, ST_PENDING, clerk, NULL, NULL, &err) &&
		      app_transition(s, id, ST_APPROVED, sup, NULL, NULL, &err) &&
		      app_transition(s, id, ST_QUEUED, sup, NULL, NULL, &err), "queue", err);
	}
	check(store_commit(s), "commit", NULL);
}

static int run_sync(const char *conf_path, int kill_after_us)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl("build/certdesk", "certdesk", "--config", conf_path, "sync", (char *)NULL);
		_exit(127);
	}
	if (kill_after_us > 0) {
		usleep((useconds_t)kill_after_us);
		kill(pid, SIGKILL);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static long long centre_events(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = 0;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(h, 5000);
		if (sqlite3_prepare_v2(h, "SELECT count(*) FROM events WHERE type = 'accepted'", -1, &st, NULL) == SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				n = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
		}
	}
	sqlite3_close(h);
	return n;
}

static long long op_id(struct store *s, struct conf *c, const char *login, enum role r)
{
	char *err = NULL;
	struct operator op;
	long long id;

	if (!operator_find(s, login, &op)) {
		check(operator_add(s, c, login, "基准", r, "passw0rd1", &err), "operator_add", err);
		check(operator_find(s, login, &op), "operator_find", NULL);
	}
	id = op.id;
	operator_release(&op);
	return id;
}

static double push(struct conf *c, struct store *s, const char *url, bool naive, long *pushed)
{
	struct http_client hc;
	struct sync_result res = { 0 };
	char *err = NULL;
	double t0;
	enum sync_rc rc;

	conf_set(c, "central.url", url, &err);
	check(http_init(&hc, c, 0, &err), "http_init", err);
	hc.fresh_connection = naive;
	t0 = now_s();
	rc = sync_push(c, s, &hc, &res);
	t0 = now_s() - t0;
	check(rc == SYNC_OK, "push", res.error);
	*pushed = res.pushed;
	http_release(&hc);
	sync_result_release(&res);
	return t0;
}

int main(void)
{
	char dir[] = "/tmp/certdesk-bench-sync-XXXXXX";
	char *err = NULL, *cmd, *dbpath, *cdb1, *cdb2, *url, *ca;
	struct conf *c;
	struct store *s;
	long long clerk, sup;
	int port;
	pid_t pid;
	double t, t_keep, t_naive;
	long pushed;

	if (getenv("BENCH_SYNC_N"))          /* a shorter run for profiling */
		N = atoi(getenv("BENCH_SYNC_N"));
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	check(mkdtemp(dir) != NULL, "mkdtemp", NULL);
	cmd = xasprintf("cd %s && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "
			"srv.key -out srv.pem -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null",
			dir);
	check(system(cmd) == 0, "openssl", NULL);
	free(cmd);
	c = conf_load(NULL, &err);
	dbpath = xasprintf("%s/branch.db", dir);
	ca = xasprintf("%s/srv.pem", dir);
	conf_set(c, "store.database", dbpath, &err);
	conf_set(c, "security.pwhash_opslimit", "1", &err);
	conf_set(c, "security.pwhash_memlimit", "8192", &err);
	conf_set(c, "central.token", TOKEN, &err);
	conf_set(c, "central.ca_file", ca, &err);
	conf_set(c, "sync.batch", "200", &err);
	s = store_open(c, STORE_CREATE, &err);
	check(s != NULL, "store_open", err);
	clerk = op_id(s, c, "clerk", ROLE_CLERK);
	sup = op_id(s, c, "sup", ROLE_SUPERVISOR);

	printf("sync push: %d queued applications (no attachments), HTTPS to certdesk-central on 127.0.0.1\n", N);
	t = now_s();
	queue_apps(s, c, clerk, sup, N);
	printf("  (queued in %.1f s)\n", now_s() - t);

	/* the naive baseline: a new TCP+TLS connection per application */
	cdb1 = xasprintf("%s/central-naive.db", dir);
	pid = centre_start(dir, cdb1, false, &port);
	url = xasprintf("https://127.0.0.1:%d/", port);
	if (getenv("BENCH_SYNC_SKIP_NAIVE")) {
		check(store_exec(s, "UPDATE outbox SET done_at = 'x'"), "skip", NULL);
		pushed = N;
		t_naive = 1;
	} else {
		t_naive = push(c, s, url, true, &pushed);
	}
	check(pushed == N, "naive push count", NULL);
	printf("  naive (new connection per application): %6.0f applications/s (%.2f s)\n", N / t_naive, t_naive);
	centre_stop(pid);
	free(url);

	/* back to 待同步 and a fresh centre for the real client */
	check(store_exec(s, "UPDATE outbox SET done_at = NULL; UPDATE applications SET status = 'queued'"), "reset",
	      store_errmsg(s));
	cdb2 = xasprintf("%s/central.db", dir);
	pid = centre_start(dir, cdb2, false, &port);
	url = xasprintf("https://127.0.0.1:%d/", port);
	t_keep = push(c, s, url, false, &pushed);
	check(pushed == N, "push count", NULL);
	printf("  certdesk sync (one keep-alive connection): %6.0f applications/s (%.2f s)\n", N / t_keep, t_keep);
	printf("  speed-up: %.1fx (targets: >= 1000/s and >= 3x)\n", t_naive / t_keep);
	centre_stop(pid);
	free(url);

	/* the pull: the automatic reviewer accepts all of them */
	pid = centre_start(dir, cdb2, true, &port);
	url = xasprintf("https://127.0.0.1:%d/", port);
	for (int i = 0; i < 600 && centre_events(cdb2) < N; i++)
		usleep(100000);
	check(centre_events(cdb2) == N, "the centre did not accept everything", NULL);
	{
		struct http_client hc;
		struct sync_result res = { 0 };
		long long changes;

		conf_set(c, "central.url", url, &err);
		check(http_init(&hc, c, 0, &err), "http_init", err);
		t = now_s();
		check(sync_pull(c, s, &hc, &res) == SYNC_OK, "pull", res.error);
		t = now_s() - t;
		changes = store_get_int(s, "SELECT count(*) FROM applications WHERE status = 'accepted'", NULL, 0);
		printf("sync pull: %ld feed events (%lld status changes to 成功受理 + PIN notices) in %.2f s:"
		       " %.0f events/s, %.0f status changes/s\n", res.pulled, changes, t, res.pulled / t, changes / t);
		http_release(&hc);
		sync_result_release(&res);
	}
	/* crash: certdesk sync killed with SIGKILL at random moments of a push */
	{
		char *conf_path = xasprintf("%s/certdesk.conf", dir);
		FILE *o = fopen(conf_path, "w");
		int kills = 0, total = N;
		long long at_centre, submits;

		check(o != NULL, "conf", NULL);
		fprintf(o, "[branch]\ncode = 0001\n[store]\ndatabase = %s\n[central]\nurl = %s\ntoken = %s\n"
			   "ca_file = %s\n[sync]\nbatch = 20\nretries = 2\nbackoff_ms = 20\nbackoff_max_ms = 200\n",
			dbpath, url, TOKEN, ca);
		fclose(o);
		srand((unsigned)time(NULL));
		t = now_s();
		while (kills < 200) {
			if (store_get_int(s, "SELECT count(*) FROM outbox WHERE done_at IS NULL", NULL, 0) == 0) {
				queue_apps(s, c, clerk, sup, 500);
				total += 500;
			}
			run_sync(conf_path, 5000 + rand() % 60000);
			kills++;
		}
		for (int i = 0; i < 50 && run_sync(conf_path, 0) != 0; i++)
			usleep(100000);
		at_centre = centre_count(cdb2, "SELECT count(*) FROM apps");
		submits = centre_count(cdb2, "SELECT count(*) FROM requests WHERE kind = 'submit'");
		printf("crash: %d SIGKILLs of certdesk sync mid-push (%.1f s); %d applications, at the centre %lld"
		       " (%lld submissions), branch 已提交 or later %lld: %s\n", kills, now_s() - t, total, at_centre,
		       submits, store_get_int(s, "SELECT count(*) FROM applications WHERE status IN ('synced','accepted')",
					      NULL, 0),
		       at_centre == total && submits == total ? "each exactly once" : "MISMATCH");
		free(conf_path);
	}
	centre_stop(pid);
	free(url);
	store_close(s);
	conf_free(c);
	cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_sync: could not remove %s\n", dir);
	free(cmd);
	free(dbpath);
	free(ca);
	free(cdb1);
	free(cdb2);
	return 0;
}
