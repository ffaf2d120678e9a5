/* bench_orders.c - with 100,000 applications in the store: time to show a
 * page of the filtered order list (count + window; median and p99), and
 * `certdesk export` wall time and peak memory (10,000 vs 100,000 rows, to
 * show that constant-memory mode does not grow the process).
 * Targets (issue 6): list <= 50 ms, export <= 3 s and <= 50 MB. */
#include <sqlite3.h>   /* the benchmark plants its rows with its own statements */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/util.h"
#include "store/operator.h"
#include "store/orders.h"
#include "store/store.h"

enum { APPS = 100000, PAGE = 40, REPEAT = 200 };

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void seed(struct store *s, const long long *clerks, int nclerks)
{
	static const char *const statuses[] = { "draft", "pending", "returned", "queued", "synced", "accepted",
						"rejected", "finauth_failed", "shipped", "completed", "refunded",
						"voided" };
	static const char *const cities[] = { "深圳市", "广州市", "东莞市", "佛山市", "珠海市" };
	sqlite3_stmt *st;

	store_begin(s);
	st = store_prepare(s, "INSERT INTO applications(app_no, status, created_by, last_edited_by, created_at, "
			      "updated_at, org_name, org_doc_no, cert_serial, agent_name, agent_id, agent_mobile, "
			      "bank_account, mail_address, fee_cents, pay_method, paid_at) "
			      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	for (int i = 0; i < APPS; i++) {
		char no[32], at[32], org[96], doc[32], serial[32], id[32], mobile[32], acct[32], addr[96];
		int day = i * 365 / APPS;        /* spread over 2025-11-26 .. 2026-11-25 */
		struct tm tm = { .tm_year = 125, .tm_mon = 10, .tm_mday = 26 + day, .tm_hour = 9 + i % 8,
				 .tm_min = i % 60, .tm_sec = i % 53 };
		time_t t = timegm(&tm);
		long long clerk = clerks[i % nclerks];

		gmtime_r(&t, &tm);
		strftime(at, sizeof(at), "%Y-%m-%d %H:%M:%S", &tm);
		snprintf(no, sizeof(no), "%02d%02d%02d0755%06d%02d", tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday, i,
			 i % 100);
		snprintf(org, sizeof(org), "%s第%d科技有限公司", cities[i % 5], i);
		snprintf(doc, sizeof(doc), "91440300MA5G%06d", i);
		snprintf(serial, sizeof(serial), "712C1B5A%08X", (unsigned)i);
		snprintf(id, sizeof(id), "4403051990%08d", i);
		snprintf(mobile, sizeof(mobile), "138%08d", i);
		snprintf(acct, sizeof(acct), "4000022309%09d", i);
		snprintf(addr, sizeof(addr), "%s福田区深南大道 %d 号", cities[i % 5], i % 9000);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, no, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, statuses[i % ARRAY_SIZE(statuses)], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, clerk);
		sqlite3_bind_int64(st, 4, clerk);
		sqlite3_bind_text(st, 5, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, org, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, doc, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 9, serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 10, "陈经办", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 12, mobile, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 13, acct, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 14, addr, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 15, 48000);
		sqlite3_bind_text(st, 16, "微信支付", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 17, at, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			die("seed: %s", store_errmsg(s));
	}
	sqlite3_finalize(st);
	store_commit(s);
	store_exec(s, "ANALYZE");
}

/* One screenful: the count (for 第 n/N 条) and the window at OFFSET. */
static void bench_list(struct store *s, const char *what, const struct order_filter *f, long offset)
{
	double t[REPEAT], cpu[REPEAT];
	long n = 0;
	size_t rows = 0;

	for (int r = 0; r < REPEAT; r++) {
		struct order_page p;
		char *err = NULL;
		double t0 = now_ms(), c0 = cpu_ms();

		n = orders_count(s, f);
		if (!orders_page(s, f, offset, PAGE, &p, &err))
			die("orders_page: %s", err);
		t[r] = now_ms() - t0;
		cpu[r] = cpu_ms() - c0;
		rows = p.n;
		order_page_release(&p);
	}
	qsort(t, REPEAT, sizeof(t[0]), cmp_double);
	qsort(cpu, REPEAT, sizeof(cpu[0]), cmp_double);
	/* CPU time too: on a shared host the wall clock also measures the neighbours. */
	printf("  list %-34s %6ld matches, %2zu rows: median %6.2f ms  p99 %6.2f ms  (cpu median %5.2f p99 %5.2f)%s\n",
	       what, n, rows, t[REPEAT / 2], t[REPEAT * 99 / 100], cpu[REPEAT / 2], cpu[REPEAT * 99 / 100],
	       t[REPEAT * 99 / 100] > 50 ? "  over the 50 ms target" : "");
}

static void bench_export(const char *conf, const char *dir, const char *what, char *const extra[])
{
	char *out = xasprintf("%s/export.xlsx", dir);
	char *argv[16];
	int argc = 0, status;
	struct rusage ru;
	double t0 = now_ms(), dt;
	pid_t pid;

	argv[argc++] = "build/certdesk";
	argv[argc++] = "--config";
	argv[argc++] = (char *)conf;
	argv[argc++] = "export";
	for (int i = 0; extra[i]; i++)
		argv[argc++] = extra[i];
	argv[argc++] = "-o";
	argv[argc++] = out;
	argv[argc] = NULL;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("certdesk export failed");
	dt = now_ms() - t0;
	printf("  export %-32s %6.2f s (cpu %.2f s)  peak RSS %5.1f MB%s\n", what, dt / 1000,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
	       (double)ru.ru_maxrss / 1024, dt > 3000 || ru.ru_maxrss > 50 * 1024 ? "  over the 3 s / 50 MB target" : "");
	unlink(out);
	free(out);
}

int main(void)
{
	char dir[] = "/tmp/certdesk-bench-orders-XXXXXX";
	char *err = NULL, *conf_path, *db;
	struct conf *c;
	struct store *s;
	long long clerks[6];
	struct order_filter f;
	double t0;
	FILE *cf;

	if (!mkdtemp(dir))
		die("mkdtemp");
	db = xasprintf("%s/bench.db", dir);
	conf_path = xasprintf("%s/certdesk.conf", dir);
	cf = fopen(conf_path, "w");
	fprintf(cf, "[store]\ndatabase = %s\n[security]\npwhash_opslimit = 1\npwhash_memlimit = 8192\n", db);
	fclose(cf);
	c = conf_load(conf_path, &err);
	if (!c || !(s = store_open(c, STORE_CREATE, &err)))
		die("%s", err);
	for (int i = 0; i < 6; i++) {
		char login[16];
		struct operator op;

		snprintf(login, sizeof(login), "clerk%d", i + 1);
		if (!operator_add(s, c, login, "柜员", ROLE_CLERK, "passw0rd1", &err) || !operator_find(s, login, &op))
			die("operator: %s", err);
		clerks[i] = op.id;
		operator_release(&op);
	}
	{
		double load[3];

		if (getloadavg(load, 3) == 3)
			printf("  host load average %.2f (targets: list <= 50 ms, export <= 3 s and <= 50 MB)\n", load[0]);
	}
	t0 = now_ms();
	seed(s, clerks, 6);
	printf("  seeded %d applications in %.1f s\n", APPS, (now_ms() - t0) / 1000);

	order_filter_init(&f);
	bench_list(s, "all, first page", &f, 0);
	bench_list(s, "all, page at row 50,000", &f, 50000);
	f.status = ST_ACCEPTED;
	bench_list(s, "状态 成功受理", &f, 0);
	f.status = -1;
	f.subject = "第4242";
	bench_list(s, "主题 contains 第4242", &f, 0);
	f.subject = "深圳";
	bench_list(s, "主题 contains 深圳", &f, 0);
	f.subject = NULL;
	f.from = "2026-03-01";
	f.to = "2026-03-31";
	f.clerk = clerks[2];
	bench_list(s, "March, one clerk", &f, 0);
	order_filter_init(&f);
	f.app_no = "2605";
	bench_list(s, "业务单号 2605…", &f, 0);
	store_close(s);
	conf_free(c);

	bench_export(conf_path, dir, "10,000 rows (one month)", (char *[]){ "--from", "2026-05-01", "--to", "2026-06-06", NULL });
	bench_export(conf_path, dir, "100,000 rows (all)", (char *[]){ NULL });
	if (getenv("BENCH_KEEP")) {
		printf("  kept %s\n", db);
	} else {
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cleanup of %s failed\n", dir);
		free(cmd);
	}
	free(db);
	free(conf_path);
	return 0;
}
