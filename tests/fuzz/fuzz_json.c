/* fuzz_json.c - the centre's JSON responses as certdesk parses them. A
 * loopback HTTP server in this process answers each request with the fuzz
 * input (first byte: which call, second: the HTTP status, the rest: the
 * body) and the real client code runs against it: sync_pull applying the
 * status feed to a store holding applications in several states,
 * sync_push reading the centre's answer to a submission (central_ref, the
 * attachments it misses), cert_lookup filling the certificate cache, and the
 * identity-verification and payment polls. Invariants: no crash or leak; every message is UTF-8;
 * a status only moves along the lifecycle (status_can), whatever the feed
 * says; what the calls return holds the fields they promise. */
#include "fuzz.h"

#include "core/conf.h"
#include "core/status.h"
#include "store/app.h"
#include "store/operator.h"
#include "store/store.h"
#include "core/appno.h"
#include "sync/centre.h"
#include "sync/http.h"
#include "sync/sync.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sqlite3.h>     /* the harness plants its applications with its own statements */
#include <strings.h>
#include <sys/socket.h>

/* ---- the loopback centre ---------------------------------------------- */

static int listen_fd = -1;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static const uint8_t *answer;       /* the first request of an input gets this */
static size_t answer_len;
static int answer_status;
static int requests;                /* served for the current input */

/* Later requests of one input (the feed asks again while "more" is true). */
static const char feed_end[] = "{\"events\":[],\"cursor\":\"fuzz-end\",\"more\":false}";

static bool write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

/* One request on FD: read its head and body, answer, close. */
static void serve_one(int fd)
{
	char buf[16384], head[256];
	size_t n = 0, body = 0, need = 0;
	const char *end = NULL, *cl;
	char *out;          /* a copy: the client may give up before the write ends */
	size_t out_len;
	int status;

	while (!end && n < sizeof(buf) - 1) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - 1 - n);

		if (r <= 0)
			return;
		n += (size_t)r;
		buf[n] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	if (!end)
		return;
	if ((cl = strcasestr(buf, "\r\ncontent-length:")) && cl < end)
		need = strtoul(cl + 17, NULL, 10);
	body = n - (size_t)(end + 4 - buf);
	while (body < need) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r <= 0)
			return;
		body += (size_t)r;
	}
	pthread_mutex_lock(&mu);
	if (requests++ == 0) {
		out_len = answer_len;
		out = xmalloc(out_len + 1);
		memcpy(out, answer, out_len);
		status = answer_status;
	} else {
		out_len = strlen(feed_end);
		out = xstrdup(feed_end);
		status = 200;
	}
	pthread_mutex_unlock(&mu);
	snprintf(head, sizeof(head),
		 "HTTP/1.1 %d Fuzz\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n",
		 status, out_len);
	if (write_all(fd, head, strlen(head)))
		write_all(fd, out, out_len);
	free(out);
}

static void *serve(void *ud)
{
	(void)ud;
	for (;;) {
		int fd = accept(listen_fd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		serve_one(fd);
		close(fd);
	}
}

static int start_centre(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	pthread_t t;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(listen_fd, 16) != 0 ||
	    getsockname(listen_fd, (struct sockaddr *)&a, &len) != 0 || pthread_create(&t, NULL, serve, NULL) != 0) {
		perror("fuzz centre");
		abort();
	}
	pthread_detach(t);
	return ntohs(a.sin_port);
}

/* ---- the branch --------------------------------------------------------- */

static struct conf *conf;
static struct store *store;

/* Applications the feed can talk about, by fixed numbers (the seeds use
 * them): APP_STATUS[i] is the state of 261125000100000XX for seq i + 1. */
static const enum app_status app_state[] = { ST_SYNCED, ST_SYNCED, ST_ACCEPTED, ST_SHIPPED, ST_REFUND_REQUESTED,
					     ST_QUEUED };
#define NAPPS ARRAY_SIZE(app_state)

static void set(const char *name, const char *value)
{
	char *err = NULL;

	if (!conf_set(conf, name, value, &err)) {
		fprintf(stderr, "fuzz conf %s: %s\n", name, err);
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *err = NULL, *db = xasprintf("%s/fuzz.db", fuzz_dir()), *url;
	struct operator op;

	(void)argc;
	(void)argv;
	conf = conf_load(NULL, &err);
	url = xasprintf("http://127.0.0.1:%d/", start_centre());
	set("store.database", db);
	set("store.journal", "delete");
	set("security.pwhash_opslimit", "1");
	set("security.pwhash_memlimit", "8192");
	set("central.url", url);
	set("central.token", "fuzz-token");
	set("central.timeout", "5");
	set("central.lookup_timeout", "5");
	set("sync.retries", "0");
	set("sync.backoff_ms", "0");
	set("sync.max_response", "65536");
	free(url);
	free(db);
	if (!(store = store_open(conf, STORE_CREATE, &err)) ||
	    !operator_add(store, conf, "fuzz", "测试员", ROLE_CLERK, "passw0rd1", &err) ||
	    !operator_find(store, "fuzz", &op)) {
		fprintf(stderr, "fuzz store: %s\n", err ? err : "?");
		abort();
	}
	for (size_t i = 0; i < NAPPS; i++) {
		char no[APPNO_LEN + 1], fixed[APPNO_LEN + 1], day[16];
		long long id = app_create_draft(store, conf, op.id, no, &err);
		sqlite3_stmt *st;

		snprintf(day, sizeof(day), "%s", "261125");
		if (!id || !appno_format(day, "0001", (long)i + 1, fixed)) {
			fprintf(stderr, "fuzz app: %s\n", err ? err : "?");
			abort();
		}
		st = store_prepare(store, "UPDATE applications SET app_no = ?, status = ? WHERE id = ?");
		sqlite3_bind_text(st, 1, fixed, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, status_code(app_state[i]), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			abort();
		sqlite3_finalize(st);
	}
	operator_release(&op);
	/* the queued application waits in the outbox for sync_push */
	if (!store_exec(store, "INSERT INTO outbox(app_id, kind, created_at) VALUES (6, 'submit', '2026-11-25 10:00:00')") ||
	    !store_exec(store, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF"))
		abort();
	return 0;
}

/* ---- invariants ----------------------------------------------------------- */

static void statuses(int out[NAPPS])
{
	for (size_t i = 0; i < NAPPS; i++)
		out[i] = app_status(store, (long long)i + 1);
}

/* Is TO reachable from FROM through allowed transitions (or equal)? */
static bool reachable(int from, int to)
{
	bool seen[ST__COUNT] = { false };
	int queue[ST__COUNT], head = 0, tail = 0;

	seen[from] = true;
	queue[tail++] = from;
	while (head < tail) {
		int s = queue[head++];

		if (s == to)
			return true;
		for (int t = 0; t < ST__COUNT; t++)
			if (!seen[t] && status_can((enum app_status)s, (enum app_status)t)) {
				seen[t] = true;
				queue[tail++] = t;
			}
	}
	return false;
}

static void msg_ok(const char *what, const char *m)
{
	FUZZ_CHECK(m && *m && fuzz_utf8_str(m), "%s: missing or not UTF-8", what);
}

static void opt_ok(const char *what, const char *s)
{
	FUZZ_CHECK(!s || fuzz_utf8_str(s), "%s is not UTF-8", what);
}

static void check_pull(void)
{
	struct http_client hc;
	struct sync_result res;
	int before[NAPPS], after[NAPPS];
	char *err = NULL;
	enum sync_rc rc;

	memset(&res, 0, sizeof(res));
	FUZZ_CHECK(http_init(&hc, conf, 0, &err), "http_init: %s", err);
	statuses(before);
	FUZZ_CHECK(store_begin(store), "begin: %s", store_errmsg(store));
	rc = sync_pull(conf, store, &hc, &res);
	statuses(after);
	for (size_t i = 0; i < NAPPS; i++)
		FUZZ_CHECK(after[i] >= 0 && reachable(before[i], after[i]), "application %zu went from %s to %s", i + 1,
			   status_code((enum app_status)before[i]), after[i] < 0 ? "?" : status_code((enum app_status)after[i]));
	FUZZ_CHECK(rc == SYNC_OK || rc == SYNC_FAILED, "sync_pull returned %d", rc);
	if (rc != SYNC_OK)
		msg_ok("pull error", res.error);
	else
		FUZZ_CHECK(res.pulled >= 0, "pulled %ld", res.pulled);
	store_rollback(store);
	sync_result_release(&res);
	http_release(&hc);
}

static void check_push(void)
{
	struct http_client hc;
	struct sync_result res;
	int before[NAPPS], after[NAPPS];
	char *err = NULL;
	enum sync_rc rc;

	memset(&res, 0, sizeof(res));
	FUZZ_CHECK(http_init(&hc, conf, 0, &err), "http_init: %s", err);
	statuses(before);
	FUZZ_CHECK(store_begin(store), "begin: %s", store_errmsg(store));
	rc = sync_push(conf, store, &hc, &res);
	statuses(after);
	for (size_t i = 0; i < NAPPS; i++)
		FUZZ_CHECK(after[i] >= 0 && reachable(before[i], after[i]), "push moved application %zu from %s to %s",
			   i + 1, status_code((enum app_status)before[i]),
			   after[i] < 0 ? "?" : status_code((enum app_status)after[i]));
	if (rc != SYNC_OK)
		msg_ok("push error", res.error);
	else
		FUZZ_CHECK(res.pushed == 1, "push ok but %ld pushed", res.pushed);
	{
		char *e = store_get_text(store, "SELECT sync_error FROM applications WHERE id = 6", NULL);
		FUZZ_CHECK(!e || fuzz_utf8_str(e), "sync_error saved is not UTF-8");
		free(e);
		e = store_get_text(store, "SELECT last_error FROM outbox WHERE app_id = 6", NULL);
		FUZZ_CHECK(!e || fuzz_utf8_str(e), "outbox last_error is not UTF-8");
		free(e);
	}
	store_rollback(store);
	sync_result_release(&res);
	http_release(&hc);
}

static void check_lookup(void)
{
	static const char serial[] = "712C1B5A584A1BBE";
	struct cert_info *list = NULL;
	bool offline = false;
	char *err = NULL;
	int n;

	FUZZ_CHECK(store_begin(store), "begin: %s", store_errmsg(store));
	n = cert_lookup(conf, store, serial, &list, &offline, &err);
	FUZZ_CHECK(n >= -1, "cert_lookup returned %d", n);
	if (n < 0)
		msg_ok("lookup error", err);
	if (err)
		msg_ok("lookup message", err);
	for (int i = 0; i < n; i++) {
		const struct cert_info *c = &list[i];

		FUZZ_CHECK(c->serial && !strcmp(c->serial, serial), "certificate %d is another serial", i);
		opt_ok("holder", c->holder);
		opt_ok("cert_type", c->cert_type);
		opt_ok("valid_from", c->valid_from);
		opt_ok("valid_to", c->valid_to);
		opt_ok("status", c->status);
		opt_ok("org_name", c->org_name);
		opt_ok("org_doc_no", c->org_doc_no);
		opt_ok("person_name", c->person_name);
		opt_ok("person_id", c->person_id);
	}
	cert_info_free(list, n > 0 ? n : 0);
	free(err);
	store_rollback(store);
}

static void check_idv(void)
{
	struct idv_session s;
	char *err = NULL;

	if (centre_idv_poll(conf, "fuzz-session", &s, &err)) {
		FUZZ_CHECK(!err, "idv: ok with a message");
		msg_ok("session id", s.id);
		msg_ok("session status", s.status);
		opt_ok("reason", s.reason);
		opt_ok("qr_payload", s.qr_payload);
		opt_ok("expires_at", s.expires_at);
		idv_session_release(&s);
	} else {
		msg_ok("idv error", err);
	}
	free(err);
}

static void check_pay(void)
{
	struct pay_order o;
	char *err = NULL;

	if (centre_pay_poll(conf, "fuzz-order", &o, &err)) {
		FUZZ_CHECK(!err, "pay: ok with a message");
		msg_ok("order_no", o.order_no);
		msg_ok("order status", o.status);
		opt_ok("method", o.method);
		opt_ok("qr_payload", o.qr_payload);
		opt_ok("paid_at", o.paid_at);
		opt_ok("to_account_name", o.to_account_name);
		opt_ok("to_bank", o.to_bank);
		opt_ok("to_account", o.to_account);
		opt_ok("to_amount", o.to_amount);
		opt_ok("memo", o.memo);
		pay_order_release(&o);
	} else {
		msg_ok("pay error", err);
	}
	free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int codes[] = { 200, 200, 200, 200, 400, 404, 409, 429, 500, 503 };

	if (size < 2)
		return 0;
	pthread_mutex_lock(&mu);
	answer = data + 2;
	answer_len = size - 2;
	answer_status = codes[data[1] % ARRAY_SIZE(codes)];
	requests = 0;
	pthread_mutex_unlock(&mu);
	switch (data[0] % 5) {
	case 0: check_pull(); break;
	case 1: check_lookup(); break;
	case 2: check_idv(); break;
	case 3: check_pay(); break;
	default: check_push(); break;
	}
	return 0;
}
