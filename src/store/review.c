/* review.c - the review queue: claims, decisions under four eyes, ages in working days. */
#include "core/clock.h"
#include "store/review.h"
#include "store/app.h"
#include "store/operator.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "store/workdays.h"
#include "core/status.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OPEN_STATUSES "('voided','completed','refunded')"

static void today_local(char out[11])
{
	clock_today(out);
}

long long review_queue_count(struct store *s)
{
	return store_get_int(s, "SELECT COUNT(*) FROM applications WHERE status = 'pending'", NULL, 0);
}

bool review_queue_load(struct store *s, long long viewer, const char *today, struct review_queue *q,
		       char **err)
{
	sqlite3_stmt *st;
	struct workcal *cal;
	char day[11];
	size_t cap = 0;

	*err = NULL;
	memset(q, 0, sizeof(*q));
	if (!today) {
		today_local(day);
		today = day;
	}
	{
		char *why = NULL;   /* a missing holiday file must not hide the queue */
		workdays_ensure(s, &why);
		free(why);
	}
	cal = workcal_load(s);
	q->calendar_warning = workcal_warning(cal, today);
	st = store_prepare(s,
		"SELECT a.id, a.app_no, COALESCE(NULLIF(a.org_name, ''), a.cert_holder, ''), a.cert_serial, "
		"  o.login, o.display_name, "
		"  (SELECT MAX(h.at) FROM status_history h WHERE h.app_id = a.id AND h.to_status = 'pending') AS sub, "
		"  a.claimed_by, c.login, a.claimed_at, COALESCE(a.fee_cents, 0), "
		"  (SELECT COUNT(*) FROM applications b WHERE b.id <> a.id AND b.status NOT IN " OPEN_STATUSES
		"     AND ((COALESCE(a.cert_serial, '') <> '' AND b.cert_serial = a.cert_serial) "
		"       OR (COALESCE(a.org_doc_no, '') <> '' AND b.org_doc_no = a.org_doc_no))), "
		"  (a.created_by = ?1 OR a.last_edited_by = ?1), a.revision "
		"FROM applications a JOIN operators o ON o.id = a.created_by "
		"LEFT JOIN operators c ON c.id = a.claimed_by "
		"WHERE a.status = 'pending' ORDER BY sub, a.id");
	sqlite3_bind_int64(st, 1, viewer);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct review_item *it;

		if (q->n == cap) {
			cap = cap ? 2 * cap : 16;
			q->items = xrealloc(q->items, cap * sizeof(*q->items));
		}
		it = &q->items[q->n++];
		memset(it, 0, sizeof(*it));
		it->id = sqlite3_column_int64(st, 0);
		snprintf(it->app_no, sizeof(it->app_no), "%s", (const char *)sqlite3_column_text(st, 1));
		it->subject = store_column_dup(st, 2);
		it->cert_serial = store_column_dup(st, 3);
		it->clerk_login = store_column_dup(st, 4);
		it->clerk_name = store_column_dup(st, 5);
		it->submitted_at = store_column_dup(st, 6);
		it->claimed_by = sqlite3_column_int64(st, 7);
		it->claimed_login = store_column_dup(st, 8);
		it->claimed_at = store_column_dup(st, 9);
		it->fee_cents = sqlite3_column_int64(st, 10);
		it->duplicates = sqlite3_column_int(st, 11);
		it->own = sqlite3_column_int(st, 12) != 0;
		it->revision = sqlite3_column_int64(st, 13);
		if (it->submitted_at) {
			it->age_workdays = workcal_between(cal, it->submitted_at, today, &it->age_estimated);
			if (it->age_workdays < 0)
				it->age_workdays = 0;
			if (!workcal_add(cal, it->submitted_at, REVIEW_PERIOD_WORKDAYS, it->due, &it->due_estimated))
				it->due[0] = '\0';
		}
		it->overdue = it->age_workdays > REVIEW_PERIOD_WORKDAYS;
		q->overdue += it->overdue;
		if (!it->claimed_by)
			q->unclaimed++;
		else if (it->claimed_by == viewer)
			q->claimed_by_me++;
		else
			q->claimed_by_others++;
	}
	sqlite3_finalize(st);
	workcal_free(cal);
	return true;
}

void review_queue_release(struct review_queue *q)
{
	for (size_t i = 0; i < q->n; i++) {
		struct review_item *it = &q->items[i];
		free(it->subject);
		free(it->cert_serial);
		free(it->clerk_login);
		free(it->clerk_name);
		free(it->submitted_at);
		free(it->claimed_login);
		free(it->claimed_at);
	}
	free(q->items);
	free(q->calendar_warning);
	memset(q, 0, sizeof(*q));
}

/* Must be called inside a transaction. NULL when OPERATOR_ID is a supervisor. */
static char *need_supervisor(struct store *s, long long operator_id)
{
	struct operator op;
	bool sup;

	if (!operator_get(s, operator_id, &op))
		return xstrdup("操作员不存在");
	sup = op.role == ROLE_SUPERVISOR;
	operator_release(&op);
	return sup ? NULL : xstrdup("只有主管可以审核");
}

/* "WHO 于 WHEN" from SQL's two columns (who, a stored time) for APP_ID, or NULL. */
static char *who_when(struct store *s, const char *sql, long long app_id)
{
	sqlite3_stmt *st = store_prepare(s, sql);
	char at[CLOCK_SHOWN], *r = NULL;

	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = xasprintf("%s 于 %s", (const char *)sqlite3_column_text(st, 0),
			      clock_show((const char *)sqlite3_column_text(st, 1), false, at, sizeof(at)));
	sqlite3_finalize(st);
	return r;
}

/* Why APP_ID is not (or no longer) in 待审核: who moved it where, and when. */
static char *not_pending_reason(struct store *s, long long app_id, int status)
{
	sqlite3_stmt *st;
	char *msg = NULL, at[CLOCK_SHOWN];

	if (status < 0)
		return xstrdup("申请不存在");
	st = store_prepare(s, "SELECT actor, at FROM status_history WHERE app_id = ? ORDER BY id DESC LIMIT 1");
	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		msg = xasprintf("该申请已由 %s 于 %s 处理, 当前状态「%s」; 您的操作未生效",
				(const char *)sqlite3_column_text(st, 0),
				clock_show((const char *)sqlite3_column_text(st, 1), false, at, sizeof(at)),
				status_name((enum app_status)status));
	sqlite3_finalize(st);
	return msg ? msg : xasprintf("申请状态为「%s」, 不在审核队列中", status_name((enum app_status)status));
}

/* Begin a write transaction on an application that must be in 待审核. */
static bool begin_pending(struct store *s, long long app_id, char **err)
{
	int status;

	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 请稍后再试: %s", store_errmsg(s));
		return false;
	}
	status = app_status(s, app_id);
	if (!status_allows(status, SR_REVIEW)) {
		*err = not_pending_reason(s, app_id, status);
		store_rollback(s);
		return false;
	}
	return true;
}

static bool set_claim(struct store *s, long long app_id, long long operator_id, const char *now)
{
	sqlite3_stmt *st = store_prepare(s, "UPDATE applications SET claimed_by = ?, claimed_at = ? WHERE id = ?");
	bool ok;

	if (operator_id > 0) {
		sqlite3_bind_int64(st, 1, operator_id);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(st, 3, app_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

static bool audit_app(struct store *s, long long operator_id, enum audit_action action, long long app_id,
		      const char *detail)
{
	char obj[32];
	char *login;
	char ob[32];
	bool ok;

	snprintf(obj, sizeof(obj), "app:%lld", app_id);
	snprintf(ob, sizeof(ob), "%lld", operator_id);
	login = store_get_text(s, "SELECT login FROM operators WHERE id = ?", ob);
	ok = store_audit(s, operator_id, login ? login : "?", action, obj, detail);
	free(login);
	return ok;
}

bool review_claim(struct store *s, long long app_id, long long operator_id, bool take_over, char **err)
{
	char now[32], idbuf[32];
	long long holder;
	char *detail = NULL;

	*err = NULL;
	if (!begin_pending(s, app_id, err))
		return false;
	if ((*err = need_supervisor(s, operator_id)))
		goto fail;
	snprintf(idbuf, sizeof(idbuf), "%lld", app_id);
	holder = store_get_int(s, "SELECT claimed_by FROM applications WHERE id = ?", idbuf, 0);
	if (holder == operator_id) {
		store_rollback(s);
		return true;
	}
	if (holder > 0) {
		char *who = who_when(s, "SELECT o.login || ' (' || o.display_name || ')', a.claimed_at "
				     "FROM applications a JOIN operators o ON o.id = a.claimed_by WHERE a.id = ?", app_id);
		if (!take_over) {
			*err = xasprintf("该申请已由 %s 领取", who ? who : "?");
			free(who);
			goto fail;
		}
		detail = xasprintf("接手, 原领取人 %s", who ? who : "?");
		free(who);
	}
	clock_now_text(now);
	if (!set_claim(s, app_id, operator_id, now) ||
	    !audit_app(s, operator_id, AUDIT_REVIEW_CLAIM, app_id, detail)) {
		*err = xasprintf("无法领取: %s", store_errmsg(s));
		goto fail;
	}
	free(detail);
	if (!store_commit(s)) {
		*err = xasprintf("无法领取: %s", store_errmsg(s));
		return false;
	}
	return true;
fail:
	free(detail);
	store_rollback(s);
	return false;
}

bool review_release(struct store *s, long long app_id, long long operator_id, char **err)
{
	char idbuf[32];
	long long holder;

	*err = NULL;
	if (!begin_pending(s, app_id, err))
		return false;
	snprintf(idbuf, sizeof(idbuf), "%lld", app_id);
	holder = store_get_int(s, "SELECT claimed_by FROM applications WHERE id = ?", idbuf, 0);
	if (holder != operator_id) {
		*err = xstrdup(holder ? "只有领取人可以释放" : "该申请未被领取");
		store_rollback(s);
		return false;
	}
	if (!set_claim(s, app_id, 0, NULL) || !audit_app(s, operator_id, AUDIT_REVIEW_RELEASE, app_id, NULL)) {
		*err = xasprintf("无法释放: %s", store_errmsg(s));
		store_rollback(s);
		return false;
	}
	if (!store_commit(s)) {
		*err = xasprintf("无法释放: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool review_approve(struct store *s, long long app_id, long long operator_id, long long seen_revision,
		    char **err)
{
	*err = NULL;
	/* One BEGIN IMMEDIATE around the check and both transitions: of two
	 * supervisors deciding at once, the second waits for the lock and then
	 * finds the application no longer in 待审核. */
	if (!begin_pending(s, app_id, err))
		return false;
	if (seen_revision >= 0) {
		char idbuf[32];
		long long rev;

		snprintf(idbuf, sizeof(idbuf), "%lld", app_id);
		rev = store_get_int(s, "SELECT revision FROM applications WHERE id = ?", idbuf, -1);
		if (rev != seen_revision) {
			char *who = who_when(s, "SELECT o.login, a.updated_at FROM applications a "
					     "JOIN operators o ON o.id = a.last_edited_by WHERE a.id = ?", app_id);
			*err = xasprintf("申请在您打开后又被修改 (%s), 请重新查看后再审核", who ? who : "?");
			free(who);
			store_rollback(s);
			return false;
		}
	}
	/* app_transition joins this transaction and rolls all of it back on refusal. */
	if (!app_transition(s, app_id, ST_APPROVED, operator_id, NULL, NULL, err))
		return false;
	if (!app_transition(s, app_id, ST_QUEUED, operator_id, NULL, "审核通过, 加入同步队列", err))
		return false;
	if (!store_commit(s)) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool review_return(struct store *s, long long app_id, long long operator_id, const char *reason,
		   const char *const *fields, size_t nfields, char **err)
{
	struct strbuf sb;
	sqlite3_stmt *st;
	bool ok;

	*err = NULL;
	if (str_empty(reason)) {
		*err = xstrdup("退回必须填写原因");
		return false;
	}
	sb_init(&sb);
	for (size_t i = 0; i < nfields; i++) {
		if (!app_column_writable(s, fields[i]) || strchr(fields[i], ',')) {
			*err = xasprintf("内部错误: 没有字段 %s", fields[i]);
			sb_release(&sb);
			return false;
		}
		if (sb.len)
			sb_addc(&sb, ',');
		sb_adds(&sb, fields[i]);
	}
	if (!begin_pending(s, app_id, err)) {
		sb_release(&sb);
		return false;
	}
	if (!app_transition(s, app_id, ST_RETURNED, operator_id, NULL, reason, err)) {
		sb_release(&sb);
		return false;
	}
	st = store_prepare(s, "UPDATE applications SET return_fields = ? WHERE id = ?");
	sqlite3_bind_text(st, 1, sb.len ? sb.s : NULL, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, app_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	if (ok && sb.len) {
		char *detail = xasprintf("退回字段: %s", sb.s);
		ok = audit_app(s, operator_id, AUDIT_REVIEW_RETURN_FIELDS, app_id, detail);
		free(detail);
	}
	sb_release(&sb);
	if (!ok) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		store_rollback(s);
		return false;
	}
	if (!store_commit(s)) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool review_submit(struct store *s, long long app_id, long long operator_id, char **err)
{
	int status;

	*err = NULL;
	status = app_status(s, app_id);
	if (!status_allows(status, SR_SUBMIT)) {
		*err = status < 0 ? xstrdup("申请不存在")
				  : xasprintf("申请状态为「%s」, 不能提交审核", status_name((enum app_status)status));
		return false;
	}
	/* app_transition re-checks the status inside its own transaction. */
	return app_transition(s, app_id, ST_PENDING, operator_id, NULL,
			      status == ST_DRAFT ? "提交审核" : "修改后重新提交", err);
}

char **review_return_fields(struct store *s, long long app_id, size_t *n)
{
	char idbuf[32];
	char *list, *save = NULL;
	char **out;
	size_t cap = 1;

	*n = 0;
	snprintf(idbuf, sizeof(idbuf), "%lld", app_id);
	list = store_get_text(s, "SELECT return_fields FROM applications WHERE id = ?", idbuf);
	for (const char *p = list; p && *p; p++)
		cap += *p == ',';
	out = xcalloc(cap + 1, sizeof(*out));
	for (char *tok = list ? strtok_r(list, ",", &save) : NULL; tok; tok = strtok_r(NULL, ",", &save))
		out[(*n)++] = xstrdup(tok);
	free(list);
	return out;
}

void review_fields_free(char **fields)
{
	if (!fields)
		return;
	for (char **p = fields; *p; p++)
		free(*p);
	free(fields);
}

size_t review_duplicates(struct store *s, long long except_id, const char *serial, const char *credit_code,
			 struct review_dup **out)
{
	sqlite3_stmt *st;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (str_empty(serial) && str_empty(credit_code))
		return 0;
	st = store_cached(s, "SELECT id, app_no, status, cert_serial = ?2, org_doc_no = ?3 FROM applications "
			      "WHERE id <> ?1 AND status NOT IN " OPEN_STATUSES
			      " AND ((?2 <> '' AND cert_serial = ?2) OR (?3 <> '' AND org_doc_no = ?3)) "
			      "ORDER BY id DESC");
	sqlite3_bind_int64(st, 1, except_id);
	sqlite3_bind_text(st, 2, serial ? serial : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, credit_code ? credit_code : "", -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct review_dup *d;

		if (n == cap) {
			cap = cap ? 2 * cap : 4;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		d = &(*out)[n++];
		d->id = sqlite3_column_int64(st, 0);
		snprintf(d->app_no, sizeof(d->app_no), "%s", (const char *)sqlite3_column_text(st, 1));
		d->status = status_parse((const char *)sqlite3_column_text(st, 2));
		d->same_serial = sqlite3_column_int(st, 3) != 0;
		d->same_credit_code = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_reset(st);
	return n;
}

char *review_duplicate_warning(struct store *s, long long app_id)
{
	char *serial = app_get_field(s, app_id, "cert_serial");
	char *code = app_get_field(s, app_id, "org_doc_no");
	struct review_dup *d;
	size_t n = review_duplicates(s, app_id, serial, code, &d);
	struct strbuf sb;

	free(serial);
	free(code);
	if (!n)
		return NULL;
	bool serial_hit = false, code_hit = false;

	for (size_t i = 0; i < n; i++) {
		serial_hit |= d[i].same_serial;
		code_hit |= d[i].same_credit_code;
	}
	sb_init(&sb);
	sb_adds(&sb, "注意: 同一");
	sb_adds(&sb, serial_hit && code_hit ? "证书序列号或机构证件号码" : serial_hit ? "证书序列号" : "机构证件号码");
	sb_addf(&sb, "已有 %zu 笔未办结的补办申请:", n);
	for (size_t i = 0; i < n && i < 3; i++)
		sb_addf(&sb, " %s (%s)", d[i].app_no, status_name((enum app_status)d[i].status));
	if (n > 3)
		sb_adds(&sb, " …");
	free(d);
	return sb_detach(&sb);
}
