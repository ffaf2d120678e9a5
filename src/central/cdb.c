/* cdb.c - certdesk-central's configuration file and its own SQLite database. */
#include "central/central.h"
#include "core/clock.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static bool parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		return (*out = true), true;
	if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		return (*out = false), true;
	return false;
}

static bool parse_num(const char *v, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(v, &end);
	return *v && !*end && !errno && *out >= 0;
}

bool central_conf_set(struct central_conf *cc, const char *name, const char *v, char **err)
{
	static const struct {
		const char *name;
		size_t off;
	} nums[] = {
		{ "auto.review_delay", offsetof(struct central_conf, review_delay) },
		{ "auto.ship_delay", offsetof(struct central_conf, ship_delay) },
		{ "auto.refund_delay", offsetof(struct central_conf, refund_delay) },
		{ "auto.idv_delay", offsetof(struct central_conf, idv_delay) },
		{ "auto.pay_delay", offsetof(struct central_conf, pay_delay) },
		{ "auto.transfer_delay", offsetof(struct central_conf, transfer_delay) },
		{ "server.idv_ttl", offsetof(struct central_conf, idv_ttl) },
	};
	double d;

	*err = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(nums); i++)
		if (!strcmp(name, nums[i].name)) {
			if (!parse_num(v, &d))
				return (*err = xasprintf("%s: 应为非负数 (秒)", name)), false;
			*(double *)((char *)cc + nums[i].off) = d;
			return true;
		}
	if (!strcmp(name, "server.database"))
		set_str(&cc->database, v);
	else if (!strcmp(name, "server.listen"))
		set_str(&cc->listen, v);
	else if (!strcmp(name, "server.port")) {
		if (!parse_num(v, &d) || d > 65535)
			return (*err = xasprintf("server.port: 应为 0-65535")), false;
		cc->port = (int)d;
	} else if (!strcmp(name, "server.port_file"))
		set_str(&cc->port_file, v);
	else if (!strcmp(name, "server.tls_cert"))
		set_str(&cc->tls_cert, v);
	else if (!strcmp(name, "server.tls_key"))
		set_str(&cc->tls_key, v);
	else if (!strcmp(name, "server.client_ca"))
		set_str(&cc->client_ca, v);
	else if (!strcmp(name, "server.require_client_cert") || !strcmp(name, "auto.enabled") ||
		 !strcmp(name, "auto.reject_incomplete") || !strcmp(name, "auto.reject_unknown_cert") ||
		 !strcmp(name, "server.quiet")) {
		bool b;
		if (!parse_bool(v, &b))
			return (*err = xasprintf("%s: 应为 yes 或 no", name)), false;
		if (!strcmp(name, "server.require_client_cert"))
			cc->require_client_cert = b;
		else if (!strcmp(name, "auto.enabled"))
			cc->auto_mode = b;
		else if (!strcmp(name, "auto.reject_incomplete"))
			cc->reject_incomplete = b;
		else if (!strcmp(name, "server.quiet"))
			cc->quiet = b;
		else
			cc->reject_unknown_cert = b;
	} else if (!strcmp(name, "server.admin_token"))
		set_str(&cc->admin_token, v);
	else if (!strcmp(name, "auto.carrier"))
		set_str(&cc->carrier, v);
	else if (str_startswith(name, "branches.")) {
		const char *code = name + strlen("branches.");
		int i;

		if (strlen(code) != 4 || strspn(code, "0123456789") != 4 || !*v)
			return (*err = xasprintf("%s: 网点代码应为 4 位数字, 凭据不能为空", name)), false;
		for (i = 0; i < cc->nbranches; i++)
			if (!strcmp(cc->branch_code[i], code))
				break;
		if (i == cc->nbranches) {
			if (cc->nbranches == CENTRAL_MAX_BRANCHES)
				return (*err = xstrdup("网点太多")), false;
			cc->branch_code[cc->nbranches++] = xstrdup(code);
		}
		set_str(&cc->branch_token[i], v);
	} else {
		*err = xasprintf("未知配置项 %s", name);
		return false;
	}
	return true;
}

bool central_conf_load(struct central_conf *cc, const char *file, char **err)
{
	FILE *f;
	char line[1024], section[64] = "";
	int lineno = 0;

	memset(cc, 0, sizeof(*cc));
	cc->database = xstrdup("certdesk-central.db");
	cc->listen = xstrdup("127.0.0.1");
	cc->port = 8443;
	cc->admin_token = xstrdup("");
	cc->carrier = xstrdup("顺丰速运");
	cc->review_delay = 5;
	cc->ship_delay = 10;
	cc->refund_delay = 5;
	cc->idv_delay = 3;
	cc->pay_delay = 3;
	cc->transfer_delay = 10;
	cc->idv_ttl = 300;
	cc->reject_incomplete = true;
	cc->reject_unknown_cert = true;
	*err = NULL;
	if (!file)
		return true;
	if (!(f = fopen(file, "r"))) {
		*err = xasprintf("%s: 无法打开: %s", file, strerror(errno));
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = str_trim(line), *eq, *name;
		bool ok;

		lineno++;
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');
			if (!e || (size_t)(e - s - 1) >= sizeof(section))
				goto bad;
			memcpy(section, s + 1, (size_t)(e - s - 1));
			section[e - s - 1] = 0;
			continue;
		}
		if (!(eq = strchr(s, '=')))
			goto bad;
		*eq = 0;
		/* a comment after the value: blank, then ; or # */
		for (char *c = eq + 1; *c; c++)
			if ((*c == ';' || *c == '#') && (c[-1] == ' ' || c[-1] == '\t')) {
				*c = 0;
				break;
			}
		name = xasprintf("%s.%s", section, str_trim(s));
		ok = central_conf_set(cc, name, str_trim(eq + 1), err);
		free(name);
		if (!ok) {
			char *e = *err;
			*err = xasprintf("%s:%d: %s", file, lineno, e);
			free(e);
			fclose(f);
			return false;
		}
	}
	fclose(f);
	return true;
bad:
	*err = xasprintf("%s:%d: 无法解析", file, lineno);
	fclose(f);
	return false;
}

void central_conf_release(struct central_conf *cc)
{
	free(cc->database);
	free(cc->listen);
	free(cc->port_file);
	free(cc->tls_cert);
	free(cc->tls_key);
	free(cc->client_ca);
	free(cc->admin_token);
	free(cc->carrier);
	for (int i = 0; i < cc->nbranches; i++) {
		free(cc->branch_code[i]);
		free(cc->branch_token[i]);
	}
	memset(cc, 0, sizeof(*cc));
}

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS certs(serial TEXT PRIMARY KEY, holder TEXT NOT NULL, cert_type TEXT NOT NULL,"
	"  valid_from TEXT, valid_to TEXT, status TEXT NOT NULL, org_name TEXT, org_doc_type TEXT, org_doc_no TEXT,"
	"  person_name TEXT, person_id TEXT, revoked_at TEXT, revoke_reason TEXT, replaces TEXT);"
	"CREATE TABLE IF NOT EXISTS apps(app_no TEXT PRIMARY KEY, branch TEXT NOT NULL, central_ref TEXT NOT NULL,"
	"  status TEXT NOT NULL, submission INTEGER NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL, due_at REAL, new_serial TEXT, reason TEXT);"
	"CREATE INDEX IF NOT EXISTS apps_due ON apps(status, due_at);"
	/* idempotency records: one per (application, kind, key); the first response is replayed */
	"CREATE TABLE IF NOT EXISTS requests(app_no TEXT NOT NULL, kind TEXT NOT NULL, rkey TEXT NOT NULL,"
	"  body_hash TEXT NOT NULL, status INTEGER NOT NULL, response TEXT NOT NULL, at TEXT NOT NULL,"
	"  PRIMARY KEY(app_no, kind, rkey));"
	"CREATE TABLE IF NOT EXISTS expected(app_no TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT,"
	"  PRIMARY KEY(app_no, sha256));"
	"CREATE TABLE IF NOT EXISTS attachments(app_no TEXT NOT NULL, sha256 TEXT NOT NULL, kind TEXT, name TEXT,"
	"  mime TEXT, size INTEGER NOT NULL, content BLOB NOT NULL, at TEXT NOT NULL, PRIMARY KEY(app_no, sha256));"
	"CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY AUTOINCREMENT, branch TEXT NOT NULL,"
	"  app_no TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, at TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS events_branch ON events(branch, seq);"
	"CREATE TABLE IF NOT EXISTS idv(id TEXT PRIMARY KEY, branch TEXT NOT NULL, app_no TEXT, name TEXT,"
	"  status TEXT NOT NULL, reason TEXT, created_at TEXT NOT NULL, expires_at REAL NOT NULL, due_at REAL);"
	"CREATE TABLE IF NOT EXISTS payments(order_no TEXT PRIMARY KEY, branch TEXT NOT NULL, app_no TEXT NOT NULL,"
	"  method TEXT NOT NULL, amount_cents INTEGER NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL,"
	"  due_at REAL, paid_at TEXT, UNIQUE(app_no, method));";

bool cdb_exec(struct cdb *d, const char *sql)
{
	char *e = NULL;

	if (sqlite3_exec(d->db, sql, NULL, NULL, &e) != SQLITE_OK) {
		fprintf(stderr, "certdesk-central: SQL: %s\n", e ? e : "?");
		sqlite3_free(e);
		return false;
	}
	return true;
}

bool cdb_open(struct cdb *d, const char *path, char **err)
{
	int rc;

	*err = NULL;
	memset(d, 0, sizeof(*d));
	if (strcmp(path, ":memory:")) {
		/* the applications hold customers' personal data: a new database
		 * (and so its -wal and -shm, which SQLite gives the same mode) is 0600 */
		int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	rc = sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK) {
		*err = xasprintf("%s: 无法打开数据库: %s", path, sqlite3_errstr(rc));
		sqlite3_close(d->db);
		d->db = NULL;
		return false;
	}
	sqlite3_busy_timeout(d->db, 10000);
	/* A simulator: durable against a killed process (the OS keeps the pages),
	 * not against power loss; that keeps 1,000s of commits a second cheap. */
	if (!cdb_exec(d, "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = OFF;") || !cdb_exec(d, schema)) {
		*err = xasprintf("%s: 无法初始化数据库: %s", path, sqlite3_errmsg(d->db));
		sqlite3_close(d->db);
		d->db = NULL;
		return false;
	}
	pthread_mutex_init(&d->lock, NULL);
	return true;
}

sqlite3_stmt *cdb_prep(struct cdb *d, const char *sql)
{
	sqlite3_stmt *st = NULL;

	for (int i = 0; i < d->ncache; i++)
		if (!d->cache[i].busy && !strcmp(d->cache[i].sql, sql)) {
			d->cache[i].busy = true;
			return d->cache[i].st;
		}
	if (sqlite3_prepare_v3(d->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		die("certdesk-central: SQL %s: %s", sql, sqlite3_errmsg(d->db));
	if (d->ncache < CDB_STMT_CACHE) {
		d->cache[d->ncache].sql = xstrdup(sql);
		d->cache[d->ncache].st = st;
		d->cache[d->ncache++].busy = true;
	}
	return st;
}

void cdb_unprep(struct cdb *d, sqlite3_stmt *st)
{
	for (int i = 0; i < d->ncache; i++)
		if (d->cache[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			d->cache[i].busy = false;
			return;
		}
	sqlite3_finalize(st);
}

void cdb_close(struct cdb *d)
{
	if (!d->db)
		return;
	for (int i = 0; i < d->ncache; i++) {
		sqlite3_finalize(d->cache[i].st);
		free(d->cache[i].sql);
	}
	d->ncache = 0;
	sqlite3_close(d->db);
	d->db = NULL;
	pthread_mutex_destroy(&d->lock);
}

/* Demo certificates: each kind of holder, each status. The serials are
 * upper-case hex as the CA issues them; lookups are case-sensitive. */
bool cdb_seed_demo(struct cdb *d, char **err)
{
	static const char *const rows[][11] = {
		{ "712C1B5A584A1BBE", "深圳市示例科技有限公司", "organisation", "2024-03-01", "2027-02-28", "valid",
		  "深圳市示例科技有限公司", "统一社会信用代码证", "91440300MA5DC6QX2N", NULL, NULL },
		{ "5E3A9C0D71B24F86", "深圳市前海示范贸易有限公司", "organisation", "2021-06-15", "2024-06-14", "expired",
		  "深圳市前海示范贸易有限公司", "统一社会信用代码证", "91440300MA5FKQ0T8B", NULL, NULL },
		{ "0A1B2C3D4E5F6071", "广东示例物流有限公司", "organisation", "2023-01-10", "2026-01-09", "revoked",
		  "广东示例物流有限公司", "统一社会信用代码证", "91440101MA59UQ2L4N", NULL, NULL },
		{ "3F9E8D7C6B5A4938", "张三", "personal", "2024-09-01", "2026-08-31", "valid",
		  NULL, NULL, NULL, "张三", "110105199001011232" },
		{ "6D2E4F8A1C3B5E70", "李四", "personal", "2020-02-01", "2023-01-31", "expired",
		  NULL, NULL, NULL, "李四", "440301198506152345" },
		{ "1C8B7A6F5E4D3C2B", "深圳市示例科技有限公司 王五", "org_personal", "2024-05-20", "2027-05-19", "valid",
		  "深圳市示例科技有限公司", "统一社会信用代码证", "91440300MA5DC6QX2N", "王五", "440304199203043452" },
		{ "4B7D9F1E3A5C8E20", "深圳市南山示例服务中心 赵六", "org_personal", "2022-11-11", "2025-11-10", "revoked",
		  "深圳市南山示例服务中心", "事业单位法人证书", "12440300455755880W", "赵六", "44030519881111456X" },
		{ "712c1b5a584a1bbe", "深圳市小写示例有限公司", "organisation", "2024-01-01", "2026-12-31", "valid",
		  "深圳市小写示例有限公司", "统一社会信用代码证", "91440300MA5G9ENA1Y", NULL, NULL },
	};
	sqlite3_stmt *st;

	*err = NULL;
	pthread_mutex_lock(&d->lock);
	if (sqlite3_prepare_v2(d->db,
			       "INSERT OR REPLACE INTO certs(serial, holder, cert_type, valid_from, valid_to, status,"
			       " org_name, org_doc_type, org_doc_no, person_name, person_id, revoked_at, revoke_reason)"
			       " VALUES (?,?,?,?,?,?,?,?,?,?,?, CASE WHEN ?6 = 'revoked' THEN '2025-01-01T00:00:00+08:00' END,"
			       " CASE WHEN ?6 = 'revoked' THEN 'keyCompromise' END)",
			       -1, &st, NULL) != SQLITE_OK) {
		*err = xasprintf("无法写入演示证书: %s", sqlite3_errmsg(d->db));
		pthread_mutex_unlock(&d->lock);
		return false;
	}
	cdb_exec(d, "BEGIN IMMEDIATE");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		for (int j = 0; j < 11; j++)
			sqlite3_bind_text(st, j + 1, rows[i][j], -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	cdb_exec(d, "COMMIT");
	pthread_mutex_unlock(&d->lock);
	return true;
}

void central_log(const struct central_conf *cc, const char *fmt, ...)
{
	va_list ap;
	char now[32];

	if (cc && cc->quiet)
		return;
	clock_now_text(now);
	va_start(ap, fmt);
	fprintf(stderr, "%s certdesk-central: ", now);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
