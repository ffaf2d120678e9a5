/* logic.c - certdesk-central's endpoints and reviewer rules over its database:
 * idempotent submission, attachments, the status feed, decisions, identity
 * sessions and payment orders. */
#include "core/clock.h"
#include "central/central.h"
#include "core/appno.h"
#include "core/centreapi.h"
#include "core/mask.h"
#include "core/util.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers ---------------------------------------------------------- */

static double now_s(void)
{
	return clock_now_s();
}

void central_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

struct creply creply_error(int status, const char *code, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	struct creply r = { status, NULL, 0 };

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	r.body = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg);
	free(msg);
	return r;
}

static struct creply ok_reply(int status, json_t *body)
{
	struct creply r = { status, body, 0 };
	return r;
}

static sqlite3_stmt *prep(struct cdb *d, const char *sql)
{
	return cdb_prep(d, sql);
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static bool hex64(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

/* Compare two names as a bank's check would: surrounding blanks ignored,
 * full-width parentheses equal to half-width ones; nothing else forgiven. */
static bool same_name(const char *a, const char *b)
{
	struct strbuf x, y;
	const char *in[2] = { a ? a : "", b ? b : "" };
	struct strbuf *out[2] = { &x, &y };
	bool eq;

	for (int k = 0; k < 2; k++) {
		sb_init(out[k]);
		for (const char *p = in[k]; *p;) {
			if (!strncmp(p, "（", 3)) {
				sb_addc(out[k], '(');
				p += 3;
			} else if (!strncmp(p, "）", 3)) {
				sb_addc(out[k], ')');
				p += 3;
			} else if (*p == ' ' || *p == '\t') {
				p++;
			} else {
				sb_addc(out[k], *p++);
			}
		}
	}
	eq = x.len > 0 && !strcmp(x.s, y.s);
	sb_release(&x);
	sb_release(&y);
	return eq;
}

static char *canonical_hash(json_t *req)
{
	char *txt = json_dumps(req, JSON_SORT_KEYS | JSON_COMPACT);
	char hex[65];

	central_sha256_hex(txt, strlen(txt), hex);
	free(txt);
	return xstrdup(hex);
}

static bool app_branch_ok(const char *app_no, const char *branch)
{
	return strlen(app_no) == APPNO_LEN && !strncmp(app_no + 6, branch, 4);
}

static struct creply check_app_no(const char *app_no, const char *branch)
{
	char norm[APPNO_LEN + 1];
	const char *why;

	if (!app_no)
		return creply_error(422, "invalid_request", "缺少申请单号 app_no");
	if ((why = appno_check(app_no, norm)) || strcmp(norm, app_no))
		return creply_error(422, "invalid_app_no", "申请单号无效: %s", why ? why : "格式不规范");
	if (!app_branch_ok(app_no, branch))
		return creply_error(403, "wrong_branch", "申请单号 %s 不属于本网点 %s", app_no, branch);
	return ok_reply(0, NULL);
}

/* ---- events ----------------------------------------------------------- */

/* Append an event of any code (steals data). Lock held, inside a transaction. */
static void add_event_code(struct cdb *d, const char *branch, const char *app_no, const char *type, json_t *data)
{
	char now[32];
	char *txt;
	sqlite3_stmt *st;

	clock_now_text(now);
	if (!data)
		data = json_object();
	txt = json_dumps(data, JSON_COMPACT);
	st = prep(d, "INSERT INTO events(branch, app_no, type, data, at) VALUES (?,?,?,?,?)");
	sqlite3_bind_text(st, 1, branch, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, txt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_step(st);
	cdb_unprep(d, st);
	free(txt);
	json_decref(data);
}

/* Append an event of the feed's vocabulary (core/centreapi.h). */
static void add_event(struct cdb *d, const char *branch, const char *app_no, enum feed_event type, json_t *data)
{
	add_event_code(d, branch, app_no, feed_event_code(type), data);
}

/* ---- certificates ----------------------------------------------------- */

static json_t *cert_json(sqlite3_stmt *st)
{
	static const char *const cols[] = { "serial", "holder", "cert_type", "valid_from", "valid_to", "status",
					    "org_name", "org_doc_type", "org_doc_no", "person_name", "person_id",
					    "revoked_at", "revoke_reason" };
	json_t *o = json_object();

	for (int i = 0; i < (int)ARRAY_SIZE(cols); i++) {
		const unsigned char *t = sqlite3_column_text(st, i);
		json_object_set_new(o, cols[i], t ? json_string((const char *)t) : json_null());
	}
	return o;
}

struct creply central_cert_lookup(struct cdb *d, const char *serial)
{
	sqlite3_stmt *st;
	json_t *list = json_array();
	char today[11];

	clock_today(today);
	if (blank(serial) || strlen(serial) > 64)
		return json_decref(list), creply_error(422, "invalid_serial", "请输入证书序列号");
	pthread_mutex_lock(&d->lock);
	/* = on TEXT is binary: the lookup is case-sensitive, as the CA's is. */
	st = prep(d, "SELECT serial, holder, cert_type, valid_from, valid_to,"
		     " CASE WHEN status = 'valid' AND valid_to < ?2 THEN 'expired' ELSE status END,"
		     " org_name, org_doc_type, org_doc_no, person_name, person_id, revoked_at, revoke_reason"
		     " FROM certs WHERE serial = ?1");
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, cert_json(st));
	cdb_unprep(d, st);
	pthread_mutex_unlock(&d->lock);
	return ok_reply(200, json_pack("{s:o}", "certificates", list));
}

/* ---- applications ----------------------------------------------------- */

static json_t *missing_list(struct cdb *d, const char *app_no)
{
	json_t *a = json_array();
	sqlite3_stmt *st = prep(d, "SELECT e.sha256 FROM expected e WHERE e.app_no = ?1 AND NOT EXISTS"
				   " (SELECT 1 FROM attachments a WHERE a.app_no = ?1 AND a.sha256 = e.sha256)"
				   " ORDER BY e.sha256");

	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_string((const char *)sqlite3_column_text(st, 0)));
	cdb_unprep(d, st);
	return a;
}

static char *app_field(struct cdb *d, const char *app_no, const char *col)
{
	char *sql = xasprintf("SELECT %s FROM apps WHERE app_no = ?", col);
	sqlite3_stmt *st = prep(d, sql);
	char *v = NULL;

	free(sql);
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = col_text(st, 0);
	cdb_unprep(d, st);
	return v;
}

static void set_app_status(struct cdb *d, const char *app_no, const char *status, double due, const char *reason)
{
	char now[32];
	sqlite3_stmt *st = prep(d, "UPDATE apps SET status = ?, updated_at = ?, due_at = ?, reason = ? WHERE app_no = ?");

	clock_now_text(now);
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	if (due > 0)
		sqlite3_bind_double(st, 3, due);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, app_no, -1, SQLITE_STATIC);
	sqlite3_step(st);
	cdb_unprep(d, st);
}

/* Add the current status and missing attachments to a reply body. */
static void add_current(struct cdb *d, json_t *body, const char *app_no)
{
	char *status = app_field(d, app_no, "status");

	json_object_set_new(body, "status", json_string(status ? status : "unknown"));
	json_object_set_new(body, "missing_attachments", missing_list(d, app_no));
	free(status);
}

static struct creply conflict(const char *what)
{
	return creply_error(409, "idempotency_conflict",
			    "同一%s已用不同内容提交过; 重发必须与首次内容一致, 修改后的内容请作为新的一次提交", what);
}

/* A write holds the centre's lock and one transaction, committed or (when
 * the request failed) rolled back at its end. */
static void tx_open(struct cdb *d)
{
	pthread_mutex_lock(&d->lock);
	cdb_exec(d, "BEGIN IMMEDIATE");
}

static void tx_close(struct cdb *d, bool commit)
{
	cdb_exec(d, commit ? "COMMIT" : "ROLLBACK");
	pthread_mutex_unlock(&d->lock);
}

/* A stored idempotency record for (app_no, kind, rkey): true when *r is already
 * the answer — the first result replayed (with the application's current
 * state), or 409 when the same key came with another body (WHAT names the key). */
static bool find_request(struct cdb *d, const char *app_no, const char *kind, const char *rkey, const char *hash,
			 const char *what, struct creply *r)
{
	sqlite3_stmt *st = prep(d, "SELECT body_hash, status, response FROM requests WHERE app_no = ? AND kind = ?"
				   " AND rkey = ?");
	int found = 0;

	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rkey, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (strcmp((const char *)sqlite3_column_text(st, 0), hash)) {
			found = -1;
		} else {
			found = 1;
			r->status = 200;
			r->body = json_loads((const char *)sqlite3_column_text(st, 2), 0, NULL);
			if (!r->body)
				r->body = json_object();
			json_object_set_new(r->body, "replayed", json_true());
		}
	}
	cdb_unprep(d, st);
	if (found == 1)
		add_current(d, r->body, app_no);
	else if (found < 0)
		*r = conflict(what);
	return found != 0;
}

static void save_request(struct cdb *d, const char *app_no, const char *kind, const char *rkey, const char *hash,
			 int status, json_t *response)
{
	char now[32];
	char *txt = json_dumps(response, JSON_COMPACT);
	sqlite3_stmt *st = prep(d, "INSERT INTO requests(app_no, kind, rkey, body_hash, status, response, at)"
				   " VALUES (?,?,?,?,?,?,?)");

	clock_now_text(now);
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, status);
	sqlite3_bind_text(st, 6, txt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	sqlite3_step(st);
	cdb_unprep(d, st);
	free(txt);
}

struct creply central_submit(struct cdb *d, const struct central_conf *cc, const char *branch, json_t *req)
{
	const char *app_no = jstr(req, "app_no");
	json_t *application = json_object_get(req, "application");
	json_t *atts = json_object_get(req, "attachments");
	json_int_t submission = json_integer_value(json_object_get(req, "submission"));
	struct creply r = check_app_no(app_no, branch);
	char rkey[32], now[32], *hash, *status = NULL, *txt;
	long long prev_sub = 0;
	size_t i;
	json_t *a, *body;
	sqlite3_stmt *st;

	if (r.status)
		return r;
	if (!json_is_integer(json_object_get(req, "submission")) || submission < 1)
		return creply_error(422, "invalid_request", "submission 应为从 1 开始的整数");
	if (!json_is_object(application))
		return creply_error(422, "invalid_request", "缺少 application 对象");
	if (atts && !json_is_array(atts))
		return creply_error(422, "invalid_request", "attachments 应为数组");
	json_array_foreach(atts, i, a)
		if (!hex64(jstr(a, "sha256")) || blank(jstr(a, "kind")))
			return creply_error(422, "invalid_request", "第 %zu 个附件缺少 kind 或 64 位小写十六进制 sha256", i + 1);
	snprintf(rkey, sizeof(rkey), "%lld", (long long)submission);
	hash = canonical_hash(req);
	clock_now_text(now);
	tx_open(d);
	if (find_request(d, app_no, "submit", rkey, hash, "申请单号和提交序号", &r))
		goto done;
	st = prep(d, "SELECT status, submission FROM apps WHERE app_no = ?");
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		status = col_text(st, 0);
		prev_sub = sqlite3_column_int64(st, 1);
	}
	cdb_unprep(d, st);
	if (status && submission <= prev_sub) {
		r = creply_error(409, "stale_submission", "申请 %s 已有第 %lld 次提交, 不能再接收第 %lld 次", app_no,
				 prev_sub, (long long)submission);
		goto done;
	}
	if (status && strcmp(status, "rejected")) {
		r = creply_error(409, "not_resubmittable", "申请 %s 当前状态为 %s, 只有审核不通过的申请可以重新提交",
				 app_no, status);
		goto done;
	}
	txt = json_dumps(req, JSON_COMPACT);
	st = prep(d, "INSERT INTO apps(app_no, branch, central_ref, status, submission, body, received_at, updated_at)"
		     " VALUES (?1, ?2, 'SZCA' || substr(?1, 1, 6) || substr(?1, 11, 7), 'awaiting_attachments', ?3, ?4, ?5, ?5)"
		     " ON CONFLICT(app_no) DO UPDATE SET submission = ?3, body = ?4, updated_at = ?5,"
		     " status = 'awaiting_attachments', reason = NULL");
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, branch, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, submission);
	sqlite3_bind_text(st, 4, txt, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_step(st);
	cdb_unprep(d, st);
	free(txt);
	st = prep(d, "DELETE FROM expected WHERE app_no = ?");
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	sqlite3_step(st);
	cdb_unprep(d, st);
	st = prep(d, "INSERT OR IGNORE INTO expected(app_no, sha256, kind) VALUES (?,?,?)");
	json_array_foreach(atts, i, a) {
		sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, jstr(a, "sha256"), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, jstr(a, "kind"), -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	cdb_unprep(d, st);
	{
		json_t *miss = missing_list(d, app_no);
		if (json_array_size(miss) == 0)
			set_app_status(d, app_no, "received", now_s() + cc->review_delay, NULL);
		json_decref(miss);
	}
	{
		char *ref = app_field(d, app_no, "central_ref");
		body = json_pack("{s:s,s:I,s:s,s:s}", "app_no", app_no, "submission", (json_int_t)submission,
				 "central_ref", ref, "received_at", now);
		free(ref);
	}
	save_request(d, app_no, "submit", rkey, hash, 201, body);
	add_current(d, body, app_no);
	r = ok_reply(201, body);
	{
		/* the log names the agent only masked (mask.h), for tracing a counter's calls */
		char *name = mask_name(jstr(application, "agent_name"));
		char *mobile = mask_mobile(jstr(application, "agent_mobile"));
		central_log(cc, "submit %s #%lld branch %s agent %s %s", app_no, (long long)submission, branch,
			    name ? name : "-", mobile ? mobile : "-");
		free(name);
		free(mobile);
	}
done:
	tx_close(d, r.status < 300);
	free(status);
	free(hash);
	return r;
}

struct creply central_app_get(struct cdb *d, const char *branch, const char *app_no)
{
	sqlite3_stmt *st;
	struct creply r = check_app_no(app_no, branch);

	if (r.status)
		return r;
	pthread_mutex_lock(&d->lock);
	st = prep(d, "SELECT central_ref, status, submission, received_at, updated_at, reason, new_serial,"
		     " (SELECT count(*) FROM requests q WHERE q.app_no = a.app_no AND q.kind = 'submit')"
		     " FROM apps a WHERE app_no = ?");
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_t *b = json_object();
		static const char *const names[] = { "central_ref", "status", NULL, "received_at", "updated_at",
						     "reason", "new_serial" };
		json_object_set_new(b, "app_no", json_string(app_no));
		for (int i = 0; i < 7; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			if (names[i])
				json_object_set_new(b, names[i], t ? json_string((const char *)t) : json_null());
		}
		json_object_set_new(b, "submission", json_integer(sqlite3_column_int64(st, 2)));
		json_object_set_new(b, "submissions_received", json_integer(sqlite3_column_int64(st, 7)));
		json_object_set_new(b, "missing_attachments", missing_list(d, app_no));
		r = ok_reply(200, b);
	} else {
		r = creply_error(404, "not_found", "中心没有申请 %s", app_no);
	}
	cdb_unprep(d, st);
	pthread_mutex_unlock(&d->lock);
	return r;
}

struct creply central_attach(struct cdb *d, const struct central_conf *cc, const char *branch, const char *app_no,
			     const char *sha256, const char *kind, const char *name, const char *mime,
			     const void *data, size_t len, bool force_mismatch)
{
	struct creply r = check_app_no(app_no, branch);
	char actual[65], now[32];
	sqlite3_stmt *st;
	int exists;

	if (r.status)
		return r;
	if (!hex64(sha256))
		return creply_error(422, "invalid_request", "附件地址中的 sha256 应为 64 位小写十六进制");
	if (len > CENTRAL_MAX_ATTACHMENT)
		return creply_error(413, "too_large", "附件超过 %ld 字节", CENTRAL_MAX_ATTACHMENT);
	central_sha256_hex(data, len, actual);
	if (force_mismatch || strcmp(actual, sha256)) {
		r = creply_error(422, "checksum_mismatch", "附件校验失败: 收到内容的 SHA-256 与声明的不一致, 请重新上传");
		json_object_set_new(json_object_get(r.body, "error"), "expected", json_string(sha256));
		json_object_set_new(json_object_get(r.body, "error"), "actual", json_string(actual));
		central_log(cc, "attachment %s checksum mismatch", app_no);
		return r;
	}
	clock_now_text(now);
	tx_open(d);
	st = prep(d, "SELECT (SELECT count(*) FROM apps WHERE app_no = ?1),"
		     " (SELECT count(*) FROM expected WHERE app_no = ?1 AND sha256 = ?2),"
		     " (SELECT count(*) FROM attachments WHERE app_no = ?1 AND sha256 = ?2)");
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	sqlite3_step(st);
	if (!sqlite3_column_int(st, 0)) {
		r = creply_error(404, "not_found", "中心没有申请 %s; 请先提交申请再上传附件", app_no);
	} else if (!sqlite3_column_int(st, 1)) {
		r = creply_error(409, "unexpected_attachment", "申请 %s 的本次提交没有声明这个附件", app_no);
	}
	exists = sqlite3_column_int(st, 2);
	cdb_unprep(d, st);
	if (r.status)
		goto done;
	if (!exists) {
		st = prep(d, "INSERT INTO attachments(app_no, sha256, kind, name, mime, size, content, at)"
			     " VALUES (?,?,?,?,?,?,?,?)");
		sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, mime, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)len);
		sqlite3_bind_blob(st, 7, len ? data : "", (int)len, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, now, -1, SQLITE_STATIC);
		sqlite3_step(st);
		cdb_unprep(d, st);
	}
	{
		json_t *miss = missing_list(d, app_no);
		char *status = app_field(d, app_no, "status");
		if (json_array_size(miss) == 0 && str_eq(status, "awaiting_attachments"))
			set_app_status(d, app_no, "received", now_s() + cc->review_delay, NULL);
		json_decref(miss);
		free(status);
	}
	r = ok_reply(exists ? 200 : 201, json_pack("{s:s,s:s,s:I}", "app_no", app_no, "sha256", sha256, "size",
						   (json_int_t)len));
	add_current(d, r.body, app_no);
done:
	tx_close(d, r.status < 300);
	return r;
}

/* A request on an application the centre has (金融认证, 退费): false with
 * *r the answer when it is a replay, a key conflict or an unknown
 * application; else *status is the application's status (caller frees). */
static bool existing_request(struct cdb *d, const char *app_no, const char *kind, const char *key,
			     const char *hash, const char *what, struct creply *r, char **status)
{
	if (find_request(d, app_no, kind, key, hash, what, r))
		return false;
	*status = app_field(d, app_no, "status");
	if (!*status) {
		*r = creply_error(404, "not_found", "中心没有申请 %s", app_no);
		return false;
	}
	return true;
}

struct creply central_finauth(struct cdb *d, const struct central_conf *cc, const char *branch, const char *app_no,
			      json_t *req)
{
	static const char *const fields[] = { "bank_account_name", "bank_name", "bank_code", "bank_account" };
	struct creply r = check_app_no(app_no, branch);
	json_int_t attempt = json_integer_value(json_object_get(req, "attempt"));
	char rkey[32], *hash, *status = NULL, *body = NULL;
	json_t *app = NULL, *resp;

	if (r.status)
		return r;
	if (!json_is_integer(json_object_get(req, "attempt")) || attempt < 1)
		return creply_error(422, "invalid_request", "attempt 应为从 1 开始的整数");
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (i != 2 && blank(jstr(req, fields[i])))
			return creply_error(422, "invalid_request", "缺少金融认证信息 %s", fields[i]);
	snprintf(rkey, sizeof(rkey), "%lld", (long long)attempt);
	hash = canonical_hash(req);
	tx_open(d);
	if (!existing_request(d, app_no, "finauth", rkey, hash, "金融认证提交序号", &r, &status))
		goto done;
	if (strcmp(status, "finauth_failed")) {
		r = creply_error(409, "not_finauth_failed", "申请 %s 当前状态为 %s, 只有金融认证失败的申请可以重新提交金融认证",
				 app_no, status);
		goto done;
	}
	body = app_field(d, app_no, "body");
	app = json_loads(body ? body : "{}", 0, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		json_object_set(json_object_get(app, "application"), fields[i], json_object_get(req, fields[i]));
	{
		char *txt = json_dumps(app, JSON_COMPACT);
		sqlite3_stmt *st = prep(d, "UPDATE apps SET body = ? WHERE app_no = ?");
		sqlite3_bind_text(st, 1, txt, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, app_no, -1, SQLITE_STATIC);
		sqlite3_step(st);
		cdb_unprep(d, st);
		free(txt);
	}
	set_app_status(d, app_no, "received", now_s() + cc->review_delay, NULL);
	resp = json_pack("{s:s,s:I}", "app_no", app_no, "attempt", (json_int_t)attempt);
	save_request(d, app_no, "finauth", rkey, hash, 201, resp);
	add_current(d, resp, app_no);
	r = ok_reply(201, resp);
	central_log(cc, "finauth %s attempt %lld", app_no, (long long)attempt);
done:
	tx_close(d, r.status < 300);
	json_decref(app);
	free(body);
	free(status);
	free(hash);
	return r;
}

struct creply central_refund(struct cdb *d, const struct central_conf *cc, const char *branch, const char *app_no,
			     json_t *req)
{
	struct creply r = check_app_no(app_no, branch);
	const char *rid = jstr(req, "request_id");
	char *hash, *status = NULL;
	json_t *resp;

	if (r.status)
		return r;
	if (blank(rid) || strlen(rid) > 64)
		return creply_error(422, "invalid_request", "缺少 request_id");
	hash = canonical_hash(req);
	tx_open(d);
	if (!existing_request(d, app_no, "refund", rid, hash, "退费请求编号", &r, &status))
		goto done;
	if (!strcmp(status, "shipped") || !strcmp(status, "refunded") || !strcmp(status, "refund_requested")) {
		r = creply_error(409, "not_refundable", "申请 %s 当前状态为 %s, 不能申请退费", app_no, status);
		goto done;
	}
	set_app_status(d, app_no, "refund_requested", now_s() + cc->refund_delay, jstr(req, "reason"));
	resp = json_pack("{s:s,s:s}", "app_no", app_no, "request_id", rid);
	save_request(d, app_no, "refund", rid, hash, 201, resp);
	add_current(d, resp, app_no);
	r = ok_reply(201, resp);
	central_log(cc, "refund requested %s", app_no);
done:
	tx_close(d, r.status < 300);
	free(status);
	free(hash);
	return r;
}

struct creply central_feed(struct cdb *d, const char *branch, const char *after, long limit)
{
	long long cursor = 0, last;
	char *end;
	sqlite3_stmt *st;
	json_t *events = json_array();
	long n = 0;
	bool more;

	if (after && *after) {
		cursor = strtoll(after, &end, 10);
		if (*end || cursor < 0)
			return json_decref(events), creply_error(422, "invalid_cursor", "游标无效: %s", after);
	}
	if (limit <= 0)
		limit = 500;
	if (limit > 1000)
		limit = 1000;
	last = cursor;
	pthread_mutex_lock(&d->lock);
	st = prep(d, "SELECT seq, app_no, type, data, at FROM events WHERE branch = ? AND seq > ? ORDER BY seq LIMIT ?");
	sqlite3_bind_text(st, 1, branch, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, cursor);
	sqlite3_bind_int64(st, 3, limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW && n < limit) {
		json_t *e = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
		if (!e)
			e = json_object();
		last = sqlite3_column_int64(st, 0);
		json_object_set_new(e, "seq", json_integer(last));
		json_object_set_new(e, "app_no", json_string((const char *)sqlite3_column_text(st, 1)));
		json_object_set_new(e, "type", json_string((const char *)sqlite3_column_text(st, 2)));
		json_object_set_new(e, "at", json_string((const char *)sqlite3_column_text(st, 4)));
		json_array_append_new(events, e);
		n++;
	}
	cdb_unprep(d, st);
	{
		sqlite3_stmt *c = prep(d, "SELECT EXISTS (SELECT 1 FROM events WHERE branch = ? AND seq > ?)");
		sqlite3_bind_text(c, 1, branch, -1, SQLITE_STATIC);
		sqlite3_bind_int64(c, 2, last);
		sqlite3_step(c);
		more = sqlite3_column_int(c, 0) != 0;
		cdb_unprep(d, c);
	}
	pthread_mutex_unlock(&d->lock);
	{
		char cur[32];
		snprintf(cur, sizeof(cur), "%lld", last);
		return ok_reply(200, json_pack("{s:o,s:s,s:b}", "events", events, "cursor", cur, "more", more));
	}
}

/* ---- decisions -------------------------------------------------------- */

static const char *pay_kind(const char *m)
{
	if (!m)
		return "";
	if (!strcmp(m, "wechat") || !strcmp(m, "微信支付") || !strcmp(m, "微信"))
		return "wechat";
	if (!strcmp(m, "alipay") || !strcmp(m, "支付宝"))
		return "alipay";
	if (!strcmp(m, "transfer") || !strcmp(m, "对公账号付款") || !strcmp(m, "对公转账") || !strcmp(m, "公对公转账"))
		return "transfer";
	return m;
}

static bool personal_cert(const char *t)
{
	return t && (!strcmp(t, "personal") || !strcmp(t, "个人证书") || !strcmp(t, "org_personal") ||
		     !strcmp(t, "机构个人证书"));
}

static const char *last4(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 4 ? s + n - 4 : (s ? s : "");
}

static bool wants_invoice(const char *k)
{
	return !blank(k) && strcmp(k, "否") && strcmp(k, "no") && strcmp(k, "none");
}

/* The reviewer's rules before accepting (auto mode): complete data, a known
 * certificate. Returns a Chinese reason to reject, or NULL. */
static char *review_problems(struct cdb *d, const struct central_conf *cc, json_t *app)
{
	static const struct {
		const char *field, *label;
	} required[] = {
		{ "org_name", "机构名称" },   { "org_doc_no", "机构证件号码" }, { "agent_name", "经办人姓名" },
		{ "agent_id", "经办人身份证号码" }, { "agent_mobile", "经办人移动电话" }, { "bank_account_name", "基本户名称" },
		{ "bank_account", "基本户账号" }, { "mail_address", "收件地址" },
	};
	struct strbuf sb;

	sb_init(&sb);
	if (cc->reject_incomplete)
		for (size_t i = 0; i < ARRAY_SIZE(required); i++)
			if (blank(jstr(app, required[i].field)))
				sb_addf(&sb, "%s%s", sb.len ? "、" : "资料不完整, 缺少: ", required[i].label);
	if (!sb.len && cc->reject_unknown_cert) {
		const char *serial = jstr(app, "cert_serial");
		sqlite3_stmt *st = prep(d, "SELECT count(*) FROM certs WHERE serial = ?");
		sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
		sqlite3_step(st);
		if (blank(serial) || !sqlite3_column_int(st, 0))
			sb_addf(&sb, "遗失证书序列号「%s」在 CA 系统中不存在", serial ? serial : "");
		cdb_unprep(d, st);
	}
	if (!sb.len) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

static void accept_app(struct cdb *d, const struct central_conf *cc, const char *branch, const char *app_no,
		       json_t *app)
{
	unsigned char rnd[8];
	char serial[17], now[32], today[11];
	const char *old = jstr(app, "cert_serial");
	const char *pay = pay_kind(jstr(app, "pay_method"));
	sqlite3_stmt *st;
	bool had_old = false;

	clock_now_text(now);
	clock_today(today);
	randombytes_buf(rnd, sizeof(rnd));
	for (int i = 0; i < 8; i++)
		snprintf(serial + 2 * i, 3, "%02X", rnd[i]);
	/* the new certificate, holder data from the old one (or the application) */
	st = prep(d, "INSERT INTO certs(serial, holder, cert_type, valid_from, valid_to, status, org_name, org_doc_type,"
		     " org_doc_no, person_name, person_id, replaces)"
		     " SELECT ?1, coalesce(o.holder, ?3), coalesce(o.cert_type, ?4), ?5, coalesce(o.valid_to,"
		     " date(?5, '+1 year')), 'valid', coalesce(o.org_name, ?3), o.org_doc_type, o.org_doc_no,"
		     " o.person_name, o.person_id, ?2 FROM (SELECT 1) LEFT JOIN certs o ON o.serial = ?2");
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, old, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, jstr(app, "org_name") ? jstr(app, "org_name") : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, jstr(app, "cert_type") ? jstr(app, "cert_type") : "organisation", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, today, -1, SQLITE_STATIC);
	sqlite3_step(st);
	cdb_unprep(d, st);
	st = prep(d, "UPDATE certs SET status = 'revoked', revoked_at = ?, revoke_reason = 'keyCompromise'"
		     " WHERE serial = ? AND status <> 'revoked'");
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, old, -1, SQLITE_STATIC);
	sqlite3_step(st);
	had_old = sqlite3_changes(d->db) > 0;
	cdb_unprep(d, st);
	st = prep(d, "UPDATE apps SET new_serial = ? WHERE app_no = ?");
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, app_no, -1, SQLITE_STATIC);
	sqlite3_step(st);
	cdb_unprep(d, st);
	set_app_status(d, app_no, "accepted", now_s() + cc->ship_delay, NULL);
	{
		char *ref = app_field(d, app_no, "central_ref");
		add_event(d, branch, app_no, FEED_ACCEPTED, json_pack("{s:s,s:s}", "central_ref", ref, "new_serial", serial));
		free(ref);
	}
	if (!strcmp(pay, "transfer")) {
		bool personal = personal_cert(jstr(app, "cert_type"));
		const char *mobile = jstr(app, personal ? "applicant_mobile" : "agent_mobile");
		add_event(d, branch, app_no, FEED_PIN_ISSUED,
			  json_pack("{s:s,s:s,s:s}", "method", "sms", "recipient", personal ? "applicant" : "agent",
				    "mobile_last4", last4(mobile)));
	} else {
		add_event(d, branch, app_no, FEED_PIN_ISSUED,
			  json_pack("{s:s,s:s,s:s}", "method", "transfer_memo", "amount", "0.01", "account_last4",
				    last4(jstr(app, "bank_account"))));
	}
	if (wants_invoice(jstr(app, "invoice_kind"))) {
		char *link = xasprintf("https://invoice.szca.example/v1/%s.pdf", app_no);
		add_event(d, branch, app_no, FEED_INVOICE_ISSUED, json_pack("{s:s}", "link", link));
		free(link);
	}
	if (had_old)
		add_event(d, branch, app_no, FEED_REVOKED,
			  json_pack("{s:s,s:s,s:s}", "serial", old, "reason", "keyCompromise", "revoked_at", now));
}

static bool decide_locked(struct cdb *d, const struct central_conf *cc, const char *app_no, const char *action,
			  const char *arg1, const char *arg2, bool automatic, char **err)
{
	char *status = NULL, *branch = NULL, *body = NULL;
	json_t *req = NULL, *app;
	bool ok = false;

	status = app_field(d, app_no, "status");
	branch = app_field(d, app_no, "branch");
	body = app_field(d, app_no, "body");
	if (!status) {
		*err = xasprintf("中心没有申请 %s", app_no);
		goto out;
	}
	req = json_loads(body, 0, NULL);
	app = json_object_get(req, "application");
	if (!strcmp(action, "accept")) {
		char *why;
		if (strcmp(status, "received")) {
			*err = xasprintf("申请 %s 状态为 %s, 只能受理已收齐资料的申请 (received)", app_no, status);
			goto out;
		}
		if (automatic && (why = review_problems(d, cc, app))) {
			set_app_status(d, app_no, "rejected", 0, why);
			add_event(d, branch, app_no, FEED_REJECTED, json_pack("{s:s}", "reason", why));
			free(why);
		} else if (!same_name(jstr(app, "bank_account_name"), jstr(app, "org_name"))) {
			/* 金融认证: the basic account must belong to the organisation itself */
			why = xasprintf("基本户名称「%s」与机构名称「%s」不一致",
					jstr(app, "bank_account_name") ? jstr(app, "bank_account_name") : "",
					jstr(app, "org_name") ? jstr(app, "org_name") : "");
			set_app_status(d, app_no, "finauth_failed", 0, why);
			add_event(d, branch, app_no, FEED_FINAUTH_FAILED, json_pack("{s:s}", "reason", why));
			free(why);
		} else {
			accept_app(d, cc, branch, app_no, app);
		}
	} else if (!strcmp(action, "reject") || !strcmp(action, "finauth-fail")) {
		bool rej = !strcmp(action, "reject");
		const char *reason = arg1;
		if (strcmp(status, "received") && strcmp(status, "awaiting_attachments")) {
			*err = xasprintf("申请 %s 状态为 %s, 已经审核过", app_no, status);
			goto out;
		}
		if (rej && blank(reason)) {
			*err = xstrdup("审核不通过必须写明原因");
			goto out;
		}
		if (!rej && blank(reason))
			reason = "金融认证未通过, 请核对基本户名称、开户行和账号";
		set_app_status(d, app_no, rej ? "rejected" : "finauth_failed", 0, reason);
		add_event(d, branch, app_no, rej ? FEED_REJECTED : FEED_FINAUTH_FAILED, json_pack("{s:s}", "reason", reason));
	} else if (!strcmp(action, "ship")) {
		if (strcmp(status, "accepted")) {
			*err = xasprintf("申请 %s 状态为 %s, 只有成功受理的申请可以寄出", app_no, status);
			goto out;
		}
		if (blank(arg1) || blank(arg2)) {
			*err = xstrdup("寄出需要快递公司和运单号");
			goto out;
		}
		set_app_status(d, app_no, "shipped", 0, NULL);
		add_event(d, branch, app_no, FEED_SHIPPED, json_pack("{s:s,s:s}", "carrier", arg1, "tracking_no", arg2));
	} else if (!strcmp(action, "refund")) {
		if (!strcmp(status, "shipped") || !strcmp(status, "refunded")) {
			*err = xasprintf("申请 %s 状态为 %s, 不能退费", app_no, status);
			goto out;
		}
		set_app_status(d, app_no, "refunded", 0, NULL);
		add_event(d, branch, app_no, FEED_REFUNDED,
			  json_pack("{s:I}", "amount_cents", json_integer_value(json_object_get(app, "fee_cents"))));
	} else {
		*err = xasprintf("未知决定 %s (accept | reject | finauth-fail | ship | refund)", action);
		goto out;
	}
	central_log(cc, "decide %s %s%s", app_no, action, automatic ? " (auto)" : "");
	ok = true;
out:
	json_decref(req);
	free(status);
	free(branch);
	free(body);
	return ok;
}

bool central_emit(struct cdb *d, const struct central_conf *cc, const char *app_no, const char *type, json_t *data, char **err)
{
	char *branch;
	bool ok = false;

	*err = NULL;
	tx_open(d);
	branch = app_field(d, app_no, "branch");
	if (!branch) {
		*err = xasprintf("中心没有申请 %s", app_no);
	} else if (!type || !*type) {
		*err = xstrdup("缺少 type");
	} else {
		add_event_code(d, branch, app_no, type, json_is_object(data) ? json_incref(data) : NULL);
		central_log(cc, "emit %s %s", app_no, type);
		ok = true;
	}
	tx_close(d, ok);
	free(branch);
	return ok;
}

bool central_decide(struct cdb *d, const struct central_conf *cc, const char *app_no, const char *action,
		    const char *arg1, const char *arg2, char **err)
{
	bool ok;

	*err = NULL;
	tx_open(d);
	ok = decide_locked(d, cc, app_no, action, arg1, arg2, false, err);
	tx_close(d, ok);
	return ok;
}

void central_auto_tick(struct cdb *d, const struct central_conf *cc)
{
	double now = now_s();
	sqlite3_stmt *st;
	char **due = NULL, **what = NULL, stamp[32];
	size_t n = 0;

	clock_now_text(stamp);
	tx_open(d);
	st = prep(d, "SELECT app_no, status FROM apps WHERE status IN ('received','accepted','refund_requested')"
		     " AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT 500");
	sqlite3_bind_double(st, 1, now);
	while (sqlite3_step(st) == SQLITE_ROW) {
		due = xrealloc(due, (n + 1) * sizeof(*due));
		what = xrealloc(what, (n + 1) * sizeof(*what));
		due[n] = col_text(st, 0);
		what[n] = col_text(st, 1);
		n++;
	}
	cdb_unprep(d, st);
	for (size_t i = 0; i < n; i++) {
		char *err = NULL, tracking[32];
		unsigned char rnd[6];

		if (!strcmp(what[i], "received")) {
			decide_locked(d, cc, due[i], "accept", NULL, NULL, true, &err);
		} else if (!strcmp(what[i], "accepted")) {
			randombytes_buf(rnd, sizeof(rnd));
			snprintf(tracking, sizeof(tracking), "SF%02u%02u%02u%02u%02u%02u", rnd[0] % 100, rnd[1] % 100,
				 rnd[2] % 100, rnd[3] % 100, rnd[4] % 100, rnd[5] % 100);
			decide_locked(d, cc, due[i], "ship", cc->carrier, tracking, true, &err);
		} else {
			decide_locked(d, cc, due[i], "refund", NULL, NULL, true, &err);
		}
		if (err)
			central_log(cc, "auto %s: %s", due[i], err);
		free(err);
		free(due[i]);
		free(what[i]);
	}
	free(due);
	free(what);
	/* identity sessions and payments of the demo */
	st = prep(d, "UPDATE idv SET status = 'passed', due_at = NULL WHERE status = 'pending' AND due_at <= ?1"
		     " AND expires_at > ?1");
	sqlite3_bind_double(st, 1, now);
	sqlite3_step(st);
	cdb_unprep(d, st);
	st = prep(d, "UPDATE payments SET status = CASE status WHEN 'unpaid' THEN 'paid' ELSE 'confirmed' END,"
		     " paid_at = ?2, due_at = NULL"
		     " WHERE status IN ('unpaid','pending_transfer') AND due_at <= ?1");
	sqlite3_bind_double(st, 1, now);
	sqlite3_bind_text(st, 2, stamp, -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	cdb_unprep(d, st);
	tx_close(d, true);
}

/* ---- identity verification and payment ------------------------------- */

static void random_hex(char *out, int bytes)
{
	unsigned char rnd[32];

	randombytes_buf(rnd, (size_t)bytes);
	for (int i = 0; i < bytes; i++)
		snprintf(out + 2 * i, 3, "%02x", rnd[i]);
}

static json_t *idv_json(sqlite3_stmt *st, double now)
{
	const char *status = (const char *)sqlite3_column_text(st, 1);
	double exp = sqlite3_column_double(st, 3);
	json_t *o;
	char when[CLOCK_TEXT];

	if (!strcmp(status, "pending") && exp <= now)
		status = "expired";
	clock_text((time_t)exp, when);
	o = json_pack("{s:s,s:s,s:s,s:s}", "session_id", (const char *)sqlite3_column_text(st, 0), "status", status,
		      "expires_at", when, "qr_payload", "");
	{
		char *qr = xasprintf("https://idv.szca.example/v1/s/%s", (const char *)sqlite3_column_text(st, 0));
		json_object_set_new(o, "qr_payload", json_string(qr));
		free(qr);
	}
	if (!strcmp(status, "failed"))
		json_object_set_new(o, "reason", json_string((const char *)sqlite3_column_text(st, 2)));
	if (sqlite3_column_text(st, 4))
		json_object_set_new(o, "app_no", json_string((const char *)sqlite3_column_text(st, 4)));
	return o;
}

struct creply central_idv_create(struct cdb *d, const struct central_conf *cc, const char *branch, json_t *req)
{
	const char *app_no = jstr(req, "app_no"), *name = jstr(req, "name");
	char id[33], now[32];
	double t = now_s();
	sqlite3_stmt *st;
	struct creply r;

	if (app_no) {
		r = check_app_no(app_no, branch);
		if (r.status)
			return r;
	}
	if (blank(name))
		return creply_error(422, "invalid_request", "缺少被核验人姓名 name");
	random_hex(id, 16);
	clock_now_text(now);
	pthread_mutex_lock(&d->lock);
	st = prep(d, "INSERT INTO idv(id, branch, app_no, name, status, created_at, expires_at, due_at)"
		     " VALUES (?,?,?,?,'pending',?,?,?)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, branch, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 6, t + cc->idv_ttl);
	if (cc->auto_mode)
		sqlite3_bind_double(st, 7, t + cc->idv_delay);
	sqlite3_step(st);
	cdb_unprep(d, st);
	st = prep(d, "SELECT id, status, reason, expires_at, app_no FROM idv WHERE id = ?");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_step(st);
	r = ok_reply(201, idv_json(st, t));
	cdb_unprep(d, st);
	pthread_mutex_unlock(&d->lock);
	central_log(cc, "idv session %s created", id);
	return r;
}

struct creply central_idv_get(struct cdb *d, const char *branch, const char *id)
{
	sqlite3_stmt *st;
	struct creply r;

	pthread_mutex_lock(&d->lock);
	st = prep(d, "SELECT id, status, reason, expires_at, app_no FROM idv WHERE id = ? AND branch = ?");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, branch, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = ok_reply(200, idv_json(st, now_s()));
	else
		r = creply_error(404, "not_found", "没有这个核验会话");
	cdb_unprep(d, st);
	pthread_mutex_unlock(&d->lock);
	return r;
}

bool central_idv_set(struct cdb *d, const char *id, const char *result, const char *reason, char **err)
{
	sqlite3_stmt *st;
	bool ok;

	*err = NULL;
	if (strcmp(result, "pass") && strcmp(result, "fail"))
		return (*err = xstrdup("结果应为 pass 或 fail")), false;
	if (!strcmp(result, "fail") && blank(reason))
		return (*err = xstrdup("核验失败需要原因")), false;
	pthread_mutex_lock(&d->lock);
	st = prep(d, "UPDATE idv SET status = ?, reason = ?, due_at = NULL WHERE id = ? AND status = 'pending'"
		     " AND expires_at > ?");
	sqlite3_bind_text(st, 1, !strcmp(result, "pass") ? "passed" : "failed", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, !strcmp(result, "pass") ? NULL : reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, now_s());
	sqlite3_step(st);
	ok = sqlite3_changes(d->db) == 1;
	cdb_unprep(d, st);
	pthread_mutex_unlock(&d->lock);
	if (!ok)
		*err = xasprintf("核验会话 %s 不存在、已结束或已过期", id);
	return ok;
}

static json_t *pay_json(sqlite3_stmt *st)
{
	const char *order = (const char *)sqlite3_column_text(st, 0), *method = (const char *)sqlite3_column_text(st, 1);
	json_int_t cents = sqlite3_column_int64(st, 2);
	json_t *o = json_pack("{s:s,s:s,s:I,s:s,s:s}", "order_no", order, "method", method, "amount_cents", cents,
			      "status", (const char *)sqlite3_column_text(st, 3), "app_no",
			      (const char *)sqlite3_column_text(st, 4));

	if (sqlite3_column_text(st, 5))
		json_object_set_new(o, "paid_at", json_string((const char *)sqlite3_column_text(st, 5)));
	if (!strcmp(method, "transfer")) {
		char amount[32];
		snprintf(amount, sizeof(amount), "%lld.%02lld", (long long)cents / 100, (long long)cents % 100);
		json_object_set_new(o, "transfer",
				    json_pack("{s:s,s:s,s:s,s:s,s:s}", "account_name", "深圳市电子商务安全证书管理有限公司",
					      "bank", "招商银行深圳分行营业部", "account", "755900000000001", "amount",
					      amount, "memo", order));
	} else {
		char *qr = !strcmp(method, "wechat") ? xasprintf("weixin://wxpay/bizpayurl?pr=%s", order)
						     : xasprintf("https://qr.alipay.com/%s", order);
		json_object_set_new(o, "qr_payload", json_string(qr));
		free(qr);
	}
	return o;
}

static struct creply pay_select(struct cdb *d, const char *where, const char *a, const char *b, int status)
{
	char *sql = xasprintf("SELECT order_no, method, amount_cents, status, app_no, paid_at FROM payments WHERE %s",
			      where);
	sqlite3_stmt *st = prep(d, sql);
	struct creply r;

	free(sql);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = ok_reply(status, pay_json(st));
	else
		r = creply_error(404, "not_found", "没有这个支付订单");
	cdb_unprep(d, st);
	return r;
}

struct creply central_pay_create(struct cdb *d, const struct central_conf *cc, const char *branch, json_t *req)
{
	const char *app_no = jstr(req, "app_no"), *method = jstr(req, "method");
	json_int_t cents = json_integer_value(json_object_get(req, "amount_cents"));
	struct creply r = check_app_no(app_no, branch);
	char order[40], now[32];
	sqlite3_stmt *st;
	long long have = -1;
	time_t t = clock_now();
	struct tm tm;

	if (r.status)
		return r;
	if (!method || (strcmp(method, "wechat") && strcmp(method, "alipay") && strcmp(method, "transfer")))
		return creply_error(422, "invalid_request", "method 应为 wechat、alipay 或 transfer");
	if (!json_is_integer(json_object_get(req, "amount_cents")) || cents <= 0)
		return creply_error(422, "invalid_request", "amount_cents 应为正整数 (分)");
	tx_open(d);
	st = prep(d, "SELECT amount_cents FROM payments WHERE app_no = ? AND method = ?");
	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, method, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int64(st, 0);
	cdb_unprep(d, st);
	if (have >= 0 && have != cents) {
		r = creply_error(409, "idempotency_conflict", "申请 %s 已有 %s 订单, 金额不同 (%lld 分)", app_no, method, have);
	} else if (have >= 0) {
		r = pay_select(d, "app_no = ? AND method = ?", app_no, method, 200);
	} else {
		unsigned char rnd[2];
		randombytes_buf(rnd, 2);
		clock_local(t, &tm);
		snprintf(order, sizeof(order), "P%02d%02d%02d%s%05u", tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday,
			 app_no + 10, (unsigned)(rnd[0] << 8 | rnd[1]) % 100000);
		clock_now_text(now);
		st = prep(d, "INSERT INTO payments(order_no, branch, app_no, method, amount_cents, status, created_at, due_at)"
			     " VALUES (?,?,?,?,?,?,?,?)");
		sqlite3_bind_text(st, 1, order, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, branch, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, app_no, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, method, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, cents);
		sqlite3_bind_text(st, 6, strcmp(method, "transfer") ? "unpaid" : "pending_transfer", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		if (cc->auto_mode)
			sqlite3_bind_double(st, 8, now_s() + (strcmp(method, "transfer") ? cc->pay_delay : cc->transfer_delay));
		sqlite3_step(st);
		cdb_unprep(d, st);
		r = pay_select(d, "order_no = ? AND ?2 IS NULL", order, NULL, 201);
		central_log(cc, "payment order %s (%s) for %s", order, method, app_no);
	}
	tx_close(d, r.status < 300);
	return r;
}

struct creply central_pay_get(struct cdb *d, const char *branch, const char *order_no)
{
	struct creply r;

	pthread_mutex_lock(&d->lock);
	r = pay_select(d, "order_no = ? AND branch = ?", order_no, branch, 200);
	pthread_mutex_unlock(&d->lock);
	return r;
}

bool central_pay_set(struct cdb *d, const char *order_no, const char *result, char **err)
{
	sqlite3_stmt *st;
	bool ok;
	char stamp[32];

	*err = NULL;
	clock_now_text(stamp);
	if (strcmp(result, "paid") && strcmp(result, "confirm"))
		return (*err = xstrdup("结果应为 paid (扫码支付完成) 或 confirm (对公转账到账)")), false;
	pthread_mutex_lock(&d->lock);
	st = prep(d, "UPDATE payments SET status = ?1, paid_at = ?4, due_at = NULL"
		     " WHERE order_no = ?2 AND status = ?3");
	sqlite3_bind_text(st, 4, stamp, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 1, !strcmp(result, "paid") ? "paid" : "confirmed", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, order_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, !strcmp(result, "paid") ? "unpaid" : "pending_transfer", -1, SQLITE_STATIC);
	sqlite3_step(st);
	ok = sqlite3_changes(d->db) == 1;
	cdb_unprep(d, st);
	pthread_mutex_unlock(&d->lock);
	if (!ok)
		*err = xasprintf("订单 %s 不存在或状态不符 (扫码订单用 paid, 对公转账用 confirm)", order_no);
	return ok;
}

struct creply central_stats(struct cdb *d)
{
	sqlite3_stmt *st;
	struct creply r;

	pthread_mutex_lock(&d->lock);
	st = prep(d, "SELECT (SELECT count(*) FROM apps), (SELECT count(*) FROM requests WHERE kind = 'submit'),"
		     " (SELECT count(*) FROM attachments), (SELECT count(*) FROM events)");
	sqlite3_step(st);
	r = ok_reply(200, json_pack("{s:I,s:I,s:I,s:I}", "applications", (json_int_t)sqlite3_column_int64(st, 0),
				    "submissions", (json_int_t)sqlite3_column_int64(st, 1), "attachments",
				    (json_int_t)sqlite3_column_int64(st, 2), "events", (json_int_t)sqlite3_column_int64(st, 3)));
	cdb_unprep(d, st);
	pthread_mutex_unlock(&d->lock);
	return r;
}
