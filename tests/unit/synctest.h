/* synctest.h - helpers of the sync tests: a certdesk-central on a random free
 * port of 127.0.0.1, its admin interface, throwaway TLS certificates, and
 * applications made ready for the outbox with the store's own functions. */
#ifndef CERTDESK_SYNCTEST_H
#define CERTDESK_SYNCTEST_H

#include "testutil.h"
#include "core/clock.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/file.h>
#include <jansson.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "store/app.h"
#include "store/operator.h"
#include "sync/http.h"
#include "sync/sync.h"

#define ST_TOKEN "branch-0001-secret"
#define ST_ADMIN "admin-secret"

struct centre {
	pid_t pid;
	int port;
	char *dir;
	char *db;
	char *log;                /* set: log to this file instead of -q */
	bool tls;
};

static inline const char *st_bin(const char *name)
{
	static char buf[2][512];
	static int k;
	const char *env = getenv(!strcmp(name, "certdesk") ? "CERTDESK_BIN" : "CERTDESK_CENTRAL_BIN");

	k ^= 1;
	if (env)
		return env;
	snprintf(buf[k], sizeof(buf[k]), "%s/build/%s", getenv("CERTDESK_ROOT") ? getenv("CERTDESK_ROOT") : ".", name);
	return buf[k];
}

static inline double st_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start certdesk-central with extra arguments (NULL-terminated). */
static inline void centre_start(struct centre *ce, const char *dir, const char *const *extra)
{
	char *portfile = xasprintf("%s/central.port", dir);
	const char *argv[48];
	char port[16];
	int n = 0;

	unlink(portfile);
	free(ce->dir);
	ce->dir = xstrdup(dir);
	snprintf(port, sizeof(port), "%d", ce->port > 0 ? ce->port : 0);
	if (!ce->db)
		ce->db = xasprintf("%s/central.db", dir);
	argv[n++] = st_bin("certdesk-central");
	if (!ce->log)
		argv[n++] = "-q";
	argv[n++] = "-d";
	argv[n++] = ce->db;
	argv[n++] = "-p";
	argv[n++] = port;
	argv[n++] = "--port-file";
	argv[n++] = portfile;
	argv[n++] = "-t";
	argv[n++] = "0001=" ST_TOKEN;
	argv[n++] = "--admin-token";
	argv[n++] = ST_ADMIN;
	argv[n++] = "--seed-demo";
	for (int i = 0; extra && extra[i]; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	ce->pid = fork();
	if (ce->pid == 0) {
		if (ce->log) {
			int fd = open(ce->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
			dup2(fd, 2);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			if (fscanf(f, "%d", &ce->port) == 1) {
				fclose(f);
				break;
			}
			fclose(f);
		}
		usleep(10000);
	}
	free(portfile);
	assert_true(ce->port > 0);
}

static inline void centre_stop(struct centre *ce)
{
	int st;

	if (ce->pid > 0) {
		kill(ce->pid, SIGTERM);
		waitpid(ce->pid, &st, 0);
	}
	ce->pid = 0;
}

static inline void centre_free(struct centre *ce)
{
	centre_stop(ce);
	free(ce->dir);
	free(ce->db);
	free(ce->log);
	memset(ce, 0, sizeof(*ce));
}

static inline char *centre_url(const struct centre *ce)
{
	return xasprintf("%s://127.0.0.1:%d/", ce->tls ? "https" : "http", ce->port);
}

/* Point the configuration at the centre (token, url) with fast retries. */
static inline void centre_conf(const struct centre *ce, struct conf *c)
{
	char *err = NULL, *url = centre_url(ce);

	conf_set(c, "central.url", url, &err);
	conf_set(c, "central.token", ST_TOKEN, &err);
	conf_set(c, "central.timeout", "5", &err);
	conf_set(c, "central.lookup_timeout", "1", &err);
	conf_set(c, "sync.retries", "2", &err);
	conf_set(c, "sync.backoff_ms", "20", &err);
	conf_set(c, "sync.backoff_max_ms", "200", &err);
	free(url);
}

/* An admin call with libcurl; returns the HTTP status, *out the body (may be NULL). */
static inline long centre_admin(const struct centre *ce, const char *method, const char *path, const char *body,
				json_t **out)
{
	CURL *h = curl_easy_init();
	char *url = xasprintf("http://127.0.0.1:%d%s", ce->port, path);
	struct curl_slist *hd = curl_slist_append(NULL, "Authorization: Bearer " ST_ADMIN);
	FILE *mem;
	char *buf = NULL;
	size_t len = 0;
	long status = 0;

	mem = open_memstream(&buf, &len);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, mem);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (body)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	fclose(mem);
	if (out)
		*out = json_loads(buf ? buf : "", 0, NULL);
	free(buf);
	free(url);
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	return status;
}

static inline void centre_fault(const struct centre *ce, const char *mode, int count, const char *path)
{
	char *b = xasprintf("{\"mode\":\"%s\",\"count\":%d,\"path\":\"%s\",\"retry_after\":1}", mode, count,
			    path ? path : "/v1/");
	assert_int_equal(centre_admin(ce, "POST", "/admin/v1/faults", b, NULL), 200);
	free(b);
}

static inline void centre_clear(const struct centre *ce)
{
	assert_int_equal(centre_admin(ce, "DELETE", "/admin/v1/faults", NULL, NULL), 200);
}

/* certdesk-central decide on the centre's database (a second process, as the reviewer). */
static inline int centre_decide(const struct centre *ce, const char *app_no, const char *action, const char *a1,
				const char *a2)
{
	char *cmd = xasprintf("'%s' -q -d '%s' decide %s %s %s%s%s %s%s%s", st_bin("certdesk-central"), ce->db, app_no,
			      action, a1 ? "'" : "", a1 ? a1 : "", a1 ? "'" : "", a2 ? "'" : "", a2 ? a2 : "",
			      a2 ? "'" : "");
	int rc = system(cmd);

	free(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* store_get_text, freed: does the value contain want? */
static inline bool st_text_has(struct store *s, const char *sql, const char *want)
{
	char *v = store_get_text(s, sql, NULL);
	bool ok = v && strstr(v, want);

	if (!ok)
		fprintf(stderr, "%s -> %s, wanted %s\n", sql, v ? v : "(null)", want);
	free(v);
	return ok;
}

/* A single number from the centre's database. */
static inline long long centre_count(const struct centre *ce, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_open_v2(ce->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static inline long long st_op(struct store *s, const struct conf *c, const char *login, enum role r)
{
	char *err = NULL;
	struct operator op;
	long long id;

	if (!operator_find(s, login, &op)) {
		assert_true(operator_add(s, c, login, "测试员", r, "passw0rd1", &err));
		assert_true(operator_find(s, login, &op));
	}
	id = op.id;
	operator_release(&op);
	return id;
}

static inline void st_set(struct store *s, long long id, const char *col, const char *v, long long op)
{
	char *err = NULL;

	if (!app_set_field(s, id, col, v, op, &err)) {
		fprintf(stderr, "app_set_field %s: %s\n", col, err);
		fail();
	}
}

static inline void st_move(struct store *s, long long id, enum app_status to, long long op, const char *why)
{
	char *err = NULL;

	if (!app_transition(s, id, to, op, NULL, why, &err)) {
		fprintf(stderr, "app_transition -> %s: %s\n", status_code(to), err);
		fail();
	}
}

/* A complete application as the clerk enters it. */
static const char *const st_fields[][2] = {
	{ "org_name", "深圳市示例科技有限公司" }, { "org_doc_type", "统一社会信用代码证" },
	{ "org_doc_no", "91440300MA5DC6QX2B" }, { "org_address", "深圳市福田区示例路 1 号" },
	{ "auth_method", "银行金融认证" }, { "legal_name", "张三" }, { "legal_id", "110105199001011234" },
	{ "agent_name", "李四" }, { "agent_id", "440301198506152345" }, { "agent_mobile", "13800138000" },
	{ "agent_email", "lisi@example.com" }, { "agent_title", "行政" }, { "applicant_name", "李四" },
	{ "bank_name", "中国工商银行深圳分行" }, { "bank_account", "4000021109200012345" },
	{ "mail_region", "440304" }, { "mail_address", "深圳市福田区示例路 1 号" }, { "mail_postcode", "518000" },
	{ "invoice_kind", "电子发票" }, { "invoice_title", "深圳市示例科技有限公司" },
	{ "pay_method", "wechat" }, { "fee_cents", "20000" }, { "cert_type", "organisation" },
};

/* A complete application entered by clerk, approved by sup and queued.
 * bank_name_differs makes the financial authentication fail at the centre. */
static inline long long st_queued_app(struct store *s, const struct conf *c, long long clerk, long long sup,
				      const char *serial, bool bank_name_differs, bool attach, char appno[APPNO_LEN + 1])
{
	char *err = NULL;
	long long id = app_create_draft(s, c, clerk, appno, &err);

	assert_true(id > 0);
	assert_true(store_begin(s));
	for (size_t i = 0; i < sizeof(st_fields) / sizeof(st_fields[0]); i++)
		st_set(s, id, st_fields[i][0], st_fields[i][1], clerk);
	st_set(s, id, "cert_serial", serial, clerk);
	st_set(s, id, "bank_account_name", bank_name_differs ? "深圳市另一家公司" : "深圳市示例科技有限公司", clerk);
	if (attach) {
		static const char jpg[] = "\xff\xd8\xff\xe0 scanned application form \xff\xd9";
		unsigned char h[32];
		char hex[65], now[32];
		sqlite3_stmt *st = store_prepare(s, "INSERT INTO attachments(app_id, kind, name, mime, size, sha256, content,"
						    " created_by, created_at) VALUES (?, 'form_scan', '申请表.jpg', 'image/jpeg',"
						    " ?, ?, ?, ?, ?)");
		crypto_hash_sha256(h, (const unsigned char *)jpg, sizeof(jpg) - 1);
		for (int i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", h[i]);
		clock_now_text(now);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, (int)sizeof(jpg) - 1);
		sqlite3_bind_text(st, 3, hex, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 4, jpg, (int)sizeof(jpg) - 1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, clerk);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	st_move(s, id, ST_PENDING, clerk, NULL);
	st_move(s, id, ST_APPROVED, sup, NULL);
	st_move(s, id, ST_QUEUED, sup, NULL);
	assert_true(store_commit(s));
	return id;
}

/* Throwaway certificates: a CA, the centre's (IP 127.0.0.1), a branch client
 * certificate, and an unrelated CA. */
static inline void st_make_certs(const char *dir)
{
	char *cmd = xasprintf(
		"cd '%s' && k='-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes' && "
		"openssl req -x509 $k -keyout ca.key -out ca.pem -days 2 -subj /CN=certdesk-test-ca 2>/dev/null && "
		"openssl req -x509 $k -keyout other.key -out other.pem -days 2 -subj /CN=unrelated-ca 2>/dev/null && "
		"openssl req $k -keyout srv.key -out srv.csr -subj /CN=127.0.0.1 2>/dev/null && "
		"printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext && "
		"openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 "
		"-extfile san.ext 2>/dev/null && "
		"openssl req $k -keyout cli.key -out cli.csr -subj /CN=branch-0001 2>/dev/null && "
		"openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cli.pem -days 2 2>/dev/null && "
		"openssl req $k -keyout rogue.key -out rogue.csr -subj /CN=rogue 2>/dev/null && "
		"openssl x509 -req -in rogue.csr -CA other.pem -CAkey other.key -CAcreateserial -out rogue.pem -days 2 "
		"2>/dev/null",
		dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

#endif
