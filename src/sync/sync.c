/* sync.c - push the outbox to the centre and apply its status feed; both
 * resume exactly where they stopped (idempotent sends, a stored cursor). */
#include "core/clock.h"
#include "sync/sync.h"
#include "sync/http.h"
#include "core/conf.h"
#include "core/status.h"
#include "core/util.h"
#include "core/centreapi.h"
#include "core/log.h"
#include "store/app.h"
#include "store/outbox.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

/* ---- the branch's sync lock ------------------------------------------- */

static int lock_open(struct store *s)
{
	char *path = xasprintf("%s.sync.lock", store_path(s));
	/* like the database: 0660 for a shared group; flock works on a read-only fd */
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);

	if (fd < 0 && errno == EACCES)
		fd = open(path, O_RDONLY | O_CLOEXEC);

	free(path);
	return fd;
}

/* fd of the held lock, -1 when another process holds it, -2 on error. */
static int lock_take(struct store *s)
{
	int fd = lock_open(s);

	if (fd < 0)
		return -2;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void lock_drop(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

/* ---- summary ---------------------------------------------------------- */

/* A stored time of sync_state, as the screen shows it (branch time). */
static void copy_state(struct store *s, const char *key, char out[32])
{
	char *v = store_state_get(s, key);

	clock_show(v, true, out, 32);
	free(v);
}

bool sync_status(struct store *s, struct sync_summary *out)
{
	int fd;

	memset(out, 0, sizeof(*out));
	out->queued = outbox_queued(s);
	out->failed = outbox_refused_apps(s);
	out->unhandled = feed_unhandled_count(s);
	copy_state(s, "last_run", out->last_run);
	copy_state(s, "last_success", out->last_success);
	copy_state(s, "next_retry", out->next_retry);
	out->last_error = store_state_get(s, "last_error");
	if (out->last_error && !*out->last_error)
		xfree(&out->last_error);
	fd = lock_take(s);
	out->running = fd == -1;
	lock_drop(fd);
	return true;
}

void sync_summary_release(struct sync_summary *sum)
{
	free(sum->last_error);
	memset(sum, 0, sizeof(*sum));
}

void sync_result_release(struct sync_result *res)
{
	free(res->error);
	memset(res, 0, sizeof(*res));
}

static void set_error(struct sync_result *res, const char *msg)
{
	free(res->error);
	res->error = xstrdup(msg);
}

/* ---- push ------------------------------------------------------------- */

/* json_object_set_new for outbox_app_values */
static void put_value(void *ud, const char *column, bool integer, long long i, const char *text)
{
	json_object_set_new(ud, column, integer ? json_integer(i) : json_string(text));
}

static void put_attachment(void *ud, const char *kind, const char *name, const char *mime, long long size,
			   const char *sha256)
{
	json_array_append_new(ud, json_pack("{s:s,s:s,s:s,s:I,s:s}", "kind", kind, "name", name, "mime", mime, "size",
					    (json_int_t)size, "sha256", sha256));
}

/* The request of one outbox row: its endpoint, path and body (caller frees both). */
static enum centre_endpoint build_request(struct store *s, const struct outbox_row *r, char **path, char **body)
{
	enum centre_endpoint ep;

	json_t *req, *app = json_object();

	outbox_app_values(s, r->app_id, put_value, app);
	if (!strcmp(r->kind, "finauth")) {
		long long attempt = outbox_nth(s, r);
		req = json_pack("{s:I,s:O,s:O,s:O,s:O}", "attempt", (json_int_t)attempt, "bank_account_name",
				json_object_get(app, "bank_account_name") ? json_object_get(app, "bank_account_name") : json_null(),
				"bank_name", json_object_get(app, "bank_name") ? json_object_get(app, "bank_name") : json_null(),
				"bank_code", json_object_get(app, "bank_code") ? json_object_get(app, "bank_code") : json_null(),
				"bank_account", json_object_get(app, "bank_account") ? json_object_get(app, "bank_account") : json_null());
		*path = xasprintf(CENTRE_PATH_FINAUTH, r->app_no);
		ep = CE_FINAUTH;
	} else if (!strcmp(r->kind, "refund")) {
		char rid[64], *reason = outbox_refund_reason(s, r->app_id);
		snprintf(rid, sizeof(rid), "%s-%lld", r->app_no, r->id);
		req = json_pack("{s:s,s:s}", "request_id", rid, "reason", reason ? reason : "");
		free(reason);
		*path = xasprintf(CENTRE_PATH_REFUND, r->app_no);
		ep = CE_REFUND;
	} else {
		long long n = outbox_nth(s, r);
		json_t *atts = json_array();

		outbox_attachments(s, r->app_id, put_attachment, atts);
		req = json_pack("{s:s,s:I,s:O,s:o}", "app_no", r->app_no, "submission", (json_int_t)(n ? n : 1),
				"application", app, "attachments", atts);
		*path = xstrdup(CENTRE_PATH_SUBMIT);
		ep = CE_SUBMIT;
	}
	*body = json_dumps(req, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(req);
	json_decref(app);
	return ep;
}

/* Upload the attachments the centre says it is missing. */
static enum http_outcome upload_missing(struct store *s, struct http_client *hc, const struct outbox_row *r, json_t *missing,
					struct sync_result *res, struct http_result *hr)
{
	size_t i;
	json_t *v;

	json_array_foreach(missing, i, v) {
		const char *sha = json_string_value(v);
		char *kind, *name, *mime, *path, *ek, *en;
		void *data;
		size_t len;
		enum http_outcome o;

		if (!outbox_attachment_content(s, r->app_id, sha, &kind, &name, &mime, &data, &len)) {
			/* quote only a well-formed digest: 12 bytes of anything else could
			 * end inside a UTF-8 character (found by tests/fuzz/fuzz_json) */
			bool hex = sha && strlen(sha) == 64 && strspn(sha, "0123456789abcdefABCDEF") == 64;

			memset(hr, 0, sizeof(*hr));
			hr->error = hex ? xasprintf("中心要求的附件 %.12s… 在本地不存在", sha)
					: xstrdup("中心要求的附件标识无效 (不是 SHA-256 摘要)");
			return HTTP_REFUSED;
		}
		ek = curl_easy_escape(hc->h, kind, 0);
		en = curl_easy_escape(hc->h, name, 0);
		path = xasprintf(CENTRE_PATH_ATTACHMENT, r->app_no, sha, ek, en);
		curl_free(ek);
		curl_free(en);
		o = http_call(hc, centre_method(CE_ATTACHMENT), path, mime, data, len, hr);
		free(path);
		free(kind);
		free(name);
		free(mime);
		free(data);
		if (o != HTTP_OK)
			return o;
		res->uploaded++;
		http_result_release(hr);
	}
	memset(hr, 0, sizeof(*hr));
	return HTTP_OK;
}

struct done_row {
	struct outbox_row r;
	char *central_ref;
};

/* Record delivered rows in one short transaction. */
static bool flush_done(struct store *s, struct done_row *rows, int n, struct sync_result *res)
{
	char now[32];

	if (n == 0)
		return true;
	clock_now_text(now);
	if (!store_begin(s)) {
		set_error(res, "数据库忙, 推送结果未能保存 (下次同步会重发, 中心不会重复受理)");
		return false;
	}
	for (int i = 0; i < n; i++) {
		struct outbox_row *r = &rows[i].r;
		char *err = NULL;

		if (strcmp(r->kind, "refund") && status_allows(app_status(s, r->app_id), SR_SEND)) {
			char *why = xasprintf("%s已提交中心 (中心编号 %s)", !strcmp(r->kind, "finauth") ? "金融认证信息" : "申请",
					      rows[i].central_ref ? rows[i].central_ref : "-");
			bool ok = app_transition(s, r->app_id, ST_SYNCED, 0, "sync", why, &err);
			free(why);
			free(err);
			if (!ok) {
				set_error(res, "无法保存推送结果 (下次同步会重发, 中心不会重复受理)");
				store_rollback(s);
				return false;
			}
		} else if (!strcmp(r->kind, "refund")) {
			app_note(s, r->app_id, "sync", "退费申请已提交中心");
		}
		outbox_delivered(s, r, rows[i].central_ref, now);
	}
	if (!store_commit(s)) {
		set_error(res, "数据库忙, 推送结果未能保存 (下次同步会重发, 中心不会重复受理)");
		return false;
	}
	res->pushed += n;
	return true;
}

/* A row the centre refused or could not take: the error goes on the
 * application and on the outbox row; the row stays for the next run. */
static void record_failure(struct store *s, const struct outbox_row *r, const char *msg, double retry_at, bool refused)
{
	char next[CLOCK_TEXT] = "";

	if (retry_at > 0)
		clock_text((time_t)retry_at, next);
	if (!store_begin(s))
		return;
	outbox_attempt_failed(s, r, msg, *next ? next : NULL);
	if (refused) {
		char obj[32];
		app_set_centre(s, r->app_id, "sync_error", msg);
		snprintf(obj, sizeof(obj), "app:%lld", r->app_id);
		store_audit(s, 0, "sync", AUDIT_SYNC_REFUSED, obj, msg);
	}
	store_commit(s);
}

enum sync_rc sync_push(const struct conf *c, struct store *s, struct http_client *hc, struct sync_result *res)
{
	int batch = (int)conf_int(c, "sync.batch");
	struct outbox_row *rows;
	struct done_row *done;
	int ndone = 0;
	long long after = 0;
	enum sync_rc rc = SYNC_OK;

	if (batch < 1)
		batch = 1;
	rows = xcalloc((size_t)batch, sizeof(*rows));
	done = xcalloc((size_t)batch, sizeof(*done));
	for (;;) {
		int n = outbox_pending(s, after, rows, batch);

		if (n == 0)
			break;
		for (int i = 0; i < n && rc != SYNC_FAILED; i++) {
			struct outbox_row *r = &rows[i];

			if (hc->stop && *hc->stop) {
				set_error(res, "同步进程已停止, 下次启动时继续");
				rc = SYNC_FAILED;
				break;
			}
			struct http_result hr;
			char *path, *body;
			enum http_outcome o;
			enum centre_endpoint ep;

			after = r->id;
			ep = build_request(s, r, &path, &body);
			o = http_call(hc, centre_method(ep), path, NULL, body, strlen(body), &hr);
			free(path);
			free(body);
			if (o == HTTP_OK && !strcmp(r->kind, "submit")) {
				json_t *missing = json_incref(json_object_get(hr.body, "missing_attachments"));
				char *ref = xstrdup(json_string_value(json_object_get(hr.body, "central_ref")));
				http_result_release(&hr);
				o = upload_missing(s, hc, r, missing, res, &hr);
				json_decref(missing);
				if (o == HTTP_OK) {
					done[ndone].r = *r;
					done[ndone++].central_ref = ref;
				} else {
					free(ref);
				}
			} else if (o == HTTP_OK) {
				done[ndone].r = *r;
				done[ndone++].central_ref = NULL;
			}
			if (o == HTTP_REFUSED) {
				char *msg = xasprintf("申请 %s 同步失败: %s", r->app_no, hr.error);
				/* a refusal: the data needs a person; recorded, not retried within this run */
				record_failure(s, r, hr.error, 0, true);
				set_error(res, msg);
				free(msg);
				res->refused++;
				rc = SYNC_PARTIAL;
			} else if (o == HTTP_UNAVAILABLE && hc->stop && *hc->stop) {
				set_error(res, hr.error);   /* stopped, not failed: the row is sent next time */
				rc = SYNC_FAILED;
			} else if (o == HTTP_UNAVAILABLE) {
				record_failure(s, r, hr.error, hr.retry_at, false);
				set_error(res, hr.error);
				if (hr.retry_at > 0) {
					char next[CLOCK_TEXT];
					clock_text((time_t)hr.retry_at, next);
					store_state_set(s, "next_retry", next);
				}
				rc = SYNC_FAILED;
			}
			http_result_release(&hr);
			if (ndone == batch || rc == SYNC_FAILED) {
				if (!flush_done(s, done, ndone, res))
					rc = SYNC_FAILED;
				for (int k = 0; k < ndone; k++)
					free(done[k].central_ref);
				ndone = 0;
			}
		}
		if (rc == SYNC_FAILED)
			break;
	}
	if (ndone) {
		if (!flush_done(s, done, ndone, res))
			rc = SYNC_FAILED;
		for (int k = 0; k < ndone; k++)
			free(done[k].central_ref);
	}
	free(rows);
	free(done);
	return rc;
}

/* ---- pull ------------------------------------------------------------- */

static const char *pin_recipient(const char *r)
{
	return r && !strcmp(r, "applicant") ? "申请人" : "经办人";
}

/* Apply one feed event inside the caller's transaction. false: the
 * transaction was lost (database error); the batch must be retried. */
static bool apply_event(struct store *s, json_t *e)
{
	const char *app_no = json_string_value(json_object_get(e, "app_no"));
	const char *type = json_string_value(json_object_get(e, "type"));
	const char *reason = json_string_value(json_object_get(e, "reason"));
	long long id = app_no ? app_id_by_no(s, app_no) : 0;
	enum app_status to = ST__COUNT;
	char *why = NULL, *err = NULL;
	int from;
	bool ok = true;

	if (!id || !type) {
		char *d = xasprintf("中心动态指向本网点没有的申请 %s (%s)", app_no ? app_no : "?", type ? type : "?");
		store_audit(s, 0, "central", AUDIT_SYNC_FEED_UNKNOWN, app_no, d);
		free(d);
		return true;
	}
	switch (feed_event_parse(type)) {
	case FEED_ACCEPTED: {
		const char *serial = json_string_value(json_object_get(e, "new_serial"));
		to = ST_ACCEPTED;
		why = serial ? xasprintf("中心成功受理, 新证书序列号 %s", serial) : xstrdup("中心成功受理");
		if (json_string_value(json_object_get(e, "central_ref")))
			app_set_centre(s, id, "central_ref", json_string_value(json_object_get(e, "central_ref")));
		break;
	}
	case FEED_REJECTED: {
		to = ST_REJECTED;
		app_set_centre(s, id, "central_reason", reason);
		why = xasprintf("审核不通过: %s", reason ? reason : "");
		break;
	}
	case FEED_FINAUTH_FAILED: {
		to = ST_FINAUTH_FAILED;
		app_set_centre(s, id, "central_reason", reason);
		why = xasprintf("金融认证失败: %s", reason ? reason : "");
		break;
	}
	case FEED_SHIPPED: {
		const char *carrier = json_string_value(json_object_get(e, "carrier"));
		const char *no = json_string_value(json_object_get(e, "tracking_no"));
		to = ST_SHIPPED;
		app_set_centre(s, id, "carrier", carrier);
		app_set_centre(s, id, "tracking_no", no);
		why = xasprintf("已寄出: %s 运单号 %s", carrier ? carrier : "", no ? no : "");
		break;
	}
	case FEED_REFUNDED: {
		json_int_t cents = json_integer_value(json_object_get(e, "amount_cents"));
		to = ST_REFUNDED;
		why = cents > 0 ? xasprintf("已退费 %lld.%02lld 元", (long long)cents / 100, (long long)cents % 100)
				: xstrdup("已退费");
		break;
	}
	case FEED_PIN_ISSUED: {
		const char *method = json_string_value(json_object_get(e, "method"));
		char *text;
		if (method && !strcmp(method, "sms"))
			text = xasprintf("证书 PIN 码已通过短信发至%s手机 (尾号 %s)",
					 pin_recipient(json_string_value(json_object_get(e, "recipient"))),
					 json_string_value(json_object_get(e, "mobile_last4")) ?
					 json_string_value(json_object_get(e, "mobile_last4")) : "");
		else
			text = xasprintf("证书 PIN 码已随 %s 元转账附言发至单位对公账户 (尾号 %s), 请向单位财务索取",
					 json_string_value(json_object_get(e, "amount")) ?
					 json_string_value(json_object_get(e, "amount")) : "0.01",
					 json_string_value(json_object_get(e, "account_last4")) ?
					 json_string_value(json_object_get(e, "account_last4")) : "");
		app_set_centre(s, id, "pin_delivery", text);
		app_note(s, id, "central", text);
		free(text);
		break;
	}
	case FEED_INVOICE_ISSUED: {
		const char *link = json_string_value(json_object_get(e, "link"));
		char *text = xasprintf("电子发票已开具: %s", link ? link : "");
		app_set_centre(s, id, "invoice_link", link);
		app_note(s, id, "central", text);
		free(text);
		break;
	}
	case FEED_REVOKED: {
		const char *serial = json_string_value(json_object_get(e, "serial"));
		char at_buf[CLOCK_TEXT], shown[CLOCK_SHOWN];
		const char *at = clock_normalize(json_string_value(json_object_get(e, "revoked_at")), at_buf) ? at_buf : NULL;
		char *text = xasprintf("遗失介质上的原证书 %s 已吊销 (原因 keyCompromise, %s)", serial ? serial : "",
				       clock_show(at, false, shown, sizeof(shown)));
		app_set_centre(s, id, "revoked_at", at);
		app_note(s, id, "central", text);
		free(text);
		break;
	}
	default: {
		/* a type this version has no rule for: logged, audited and kept
		 * whole (feed_unhandled), never dropped (certdesk-api(7)) */
		char *d = xasprintf("未知的中心动态类型 %s", type), *text = json_dumps(e, JSON_SORT_KEYS | JSON_COMPACT);
		char now[CLOCK_TEXT];

		clock_now_text(now);
		log_line(LOG_LVL_WARNING, "申请 %s: %s, 已保存待处理 (本版本不能处理)", app_no, d);
		store_audit(s, 0, "central", AUDIT_SYNC_FEED_UNKNOWN, app_no, d);
		ok = feed_keep_unhandled(s, app_no, type, text, now);
		free(text);
		free(d);
		if (!ok)
			return false;
	}
	}
	if (to == ST__COUNT)
		return store_in_transaction(s);
	from = app_status(s, id);
	if (from == (int)to) {
		free(why);
		return true;          /* already applied */
	}
	if (from < 0 || !status_can((enum app_status)from, to)) {
		char *d = xasprintf("中心状态「%s」不能用于当前状态「%s」: %s", status_name(to),
				    from < 0 ? "?" : status_name((enum app_status)from), why);
		app_note(s, id, "central", d);
		free(d);
		free(why);
		return store_in_transaction(s);
	}
	ok = app_transition(s, id, to, 0, "central", why, &err);
	free(why);
	free(err);
	if (ok)
		app_set_centre(s, id, "sync_error", NULL);
	return ok && store_in_transaction(s);
}

enum sync_rc sync_pull(const struct conf *c, struct store *s, struct http_client *hc, struct sync_result *res)
{
	(void)c;
	for (;;) {
		if (hc->stop && *hc->stop) {
			set_error(res, "同步进程已停止, 下次启动时继续");
			return SYNC_FAILED;
		}
		char *cursor = store_state_get(s, "feed_cursor");
		char *path = xasprintf(CENTRE_PATH_FEED, cursor ? cursor : "0");
		struct http_result hr;
		enum http_outcome o = http_call(hc, centre_method(CE_FEED), path, NULL, NULL, 0, &hr);
		json_t *events, *e;
		const char *next;
		size_t i;
		bool more;

		free(path);
		free(cursor);
		if (o != HTTP_OK) {
			set_error(res, hr.error);
			http_result_release(&hr);
			return SYNC_FAILED;
		}
		events = json_object_get(hr.body, "events");
		next = json_string_value(json_object_get(hr.body, "cursor"));
		more = json_is_true(json_object_get(hr.body, "more"));
		if (!json_is_array(events) || !next) {
			set_error(res, "中心动态格式错误 (缺少 events 或 cursor)");
			http_result_release(&hr);
			return SYNC_FAILED;
		}
		if (!store_begin(s)) {
			set_error(res, "数据库忙, 中心动态未能保存, 下次同步继续");
			http_result_release(&hr);
			return SYNC_FAILED;
		}
		json_array_foreach(events, i, e) {
			if (!apply_event(s, e)) {
				store_rollback(s);
				set_error(res, "无法保存中心动态, 下次同步从同一位置继续");
				http_result_release(&hr);
				return SYNC_FAILED;
			}
		}
		/* the cursor moves in the same transaction as the changes it covers */
		if (!store_state_set(s, "feed_cursor", next) || !store_commit(s)) {
			store_rollback(s);
			set_error(res, "无法保存中心动态, 下次同步从同一位置继续");
			http_result_release(&hr);
			return SYNC_FAILED;
		}
		res->pulled += (long)json_array_size(events);
		http_result_release(&hr);
		if (!more)
			return SYNC_OK;
	}
}

/* ---- runs ------------------------------------------------------------- */

static enum sync_rc run_locked(const struct conf *c, struct store *s, struct sync_result *res,
			       volatile sig_atomic_t *stop)
{
	struct http_client hc;
	char now[32], *err = NULL, *prev_error;
	enum sync_rc rc, rc2;

	clock_now_text(now);
	store_state_set(s, "last_run", now);
	if (!http_init(&hc, c, 0, &err)) {
		set_error(res, err);
		free(err);
		store_state_set(s, "last_error", res->error);
		return SYNC_FAILED;
	}
	hc.stop = stop;
	rc = sync_push(c, s, &hc, res);
	if (rc != SYNC_FAILED) {
		rc2 = sync_pull(c, s, &hc, res);
		if (rc2 != SYNC_OK)
			rc = rc2;
	}
	http_release(&hc);
	clock_now_text(now);
	if (stop && *stop)
		return rc;            /* stopped on purpose: not an error to show */
	prev_error = store_state_get(s, "last_error");
	if (rc == SYNC_FAILED) {
		char *next = store_state_get(s, "next_retry");
		/* audited once per new error, not on every retry of the daemon */
		if (!str_eq(prev_error, res->error))
			store_audit(s, 0, "sync", AUDIT_SYNC_ERROR, NULL, res->error);
		store_state_set(s, "last_error", res->error);
		time_t next_t;
		if (!next || !clock_parse(next, &next_t) || next_t <= clock_now()) {
			/* when the daemon tries again (push failures may have asked for later) */
			long wait = conf_int(c, "sync.backoff_max_ms") / 1000;
			time_t t = clock_now() + (wait < conf_int(c, "sync.interval") ? wait : conf_int(c, "sync.interval"));
			char buf[CLOCK_TEXT];
			clock_text(t, buf);
			store_state_set(s, "next_retry", buf);
		}
		free(next);
	} else {
		if (!str_empty(prev_error) && rc == SYNC_OK)
			store_audit(s, 0, "sync", AUDIT_SYNC_RECOVERED, NULL, NULL);
		store_state_set(s, "last_success", now);
		store_state_set(s, "next_retry", "");
		store_state_set(s, "last_error", rc == SYNC_PARTIAL ? res->error : "");
	}
	free(prev_error);
	return rc;
}

enum sync_rc sync_run_once(const struct conf *c, struct store *s, struct sync_result *res)
{
	int fd;
	enum sync_rc rc;

	memset(res, 0, sizeof(*res));
	fd = lock_take(s);
	if (fd == -1) {
		res->error = xstrdup("另一个同步进程正在运行 (每个网点只运行一个)");
		return SYNC_BUSY;
	}
	if (fd < 0) {
		res->error = xasprintf("无法创建同步锁文件 %s.sync.lock", store_path(s));
		return SYNC_FAILED;
	}
	rc = run_locked(c, s, res, NULL);
	lock_drop(fd);
	return rc;
}

enum sync_rc sync_daemon(const struct conf *c, struct store *s, volatile sig_atomic_t *stop,
			 void (*progress)(enum sync_rc rc, const struct sync_result *res, void *ud), void *ud)
{
	int fd = lock_take(s);
	long interval = conf_int(c, "sync.interval");

	if (fd == -1)
		return SYNC_BUSY;
	if (fd < 0)
		return SYNC_FAILED;
	if (interval < 1)
		interval = 1;
	while (!*stop) {
		struct sync_result res = { 0 };
		enum sync_rc rc = run_locked(c, s, &res, stop);
		long wait_ms = interval * 1000;

		if (progress && !*stop)
			progress(rc, &res, ud);
		sync_result_release(&res);
		if (rc == SYNC_FAILED) {
			/* the failed run already backed off inside; try again after the next backoff window */
			long b = conf_int(c, "sync.backoff_max_ms");
			if (b < wait_ms)
				wait_ms = b;
		}
		for (long t = 0; t < wait_ms && !*stop; t += 100)
			usleep(100000);
	}
	lock_drop(fd);
	return SYNC_OK;
}
