/* app.c - application rows: number allocation, field saves, transitions. */
#include "core/clock.h"
#include "store/store_impl.h"
#include "store/app.h"
#include "store/operator.h"
#include "store/store.h"
#include "core/conf.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const bookkeeping[] = {
	"id", "app_no", "business_type", "status", "created_by", "last_edited_by", "created_at",
	"updated_at", "claimed_by", "claimed_at", "approved_by", "approved_at", "revision",
};

/* What the 金融认证 re-entry may change (the guide's 金融认证 screen). */
static const char *const bank_columns[] = {
	"bank_account_name", "bank_name", "bank_code", "bank_account", "bank_account_confirm",
};

bool app_column_bank(const char *column)
{
	for (size_t i = 0; i < ARRAY_SIZE(bank_columns); i++)
		if (!strcmp(column, bank_columns[i]))
			return true;
	return false;
}

/* applications' column names, read again only when the schema changed (a
 * migration, a new column) */
static void cols_refresh(struct store *s)
{
	long long schema = store_get_int(s, "PRAGMA schema_version", NULL, -1);
	sqlite3_stmt *st;
	size_t cap = 0;

	if (s->app_cols && schema == s->app_cols_schema)
		return;
	for (size_t i = 0; i < s->napp_cols; i++)
		free(s->app_cols[i]);
	s->napp_cols = 0;
	s->app_cols_schema = schema;
	st = store_prepare(s, "SELECT name FROM pragma_table_info('applications')");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (s->napp_cols == cap)
			s->app_cols = xrealloc(s->app_cols, (cap = cap ? cap * 2 : 64) * sizeof(*s->app_cols));
		s->app_cols[s->napp_cols++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
}

/* app_column_writable once the column names are current */
static bool writable(const struct store *s, const char *column)
{
	for (size_t i = 0; i < ARRAY_SIZE(bookkeeping); i++)
		if (!strcmp(column, bookkeeping[i]))
			return false;
	for (size_t i = 0; i < s->napp_cols; i++)
		if (!strcmp(s->app_cols[i], column))
			return true;
	return false;
}

bool app_column_writable(struct store *s, const char *column)
{
	cols_refresh(s);
	return writable(s, column);
}

/* The one writer of status_history: a row per change of status, or with
 * from = to for a detail without one (app_note). operator_id <= 0: none
 * (the centre, sync). */
static bool history_add(struct store *s, long long app_id, const char *from, const char *to, long long operator_id,
			const char *actor, const char *at, const char *reason)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO status_history(app_id, from_status, to_status, operator_id, "
					    "actor, at, reason) VALUES (?,?,?,?,?,?,?)");
	bool ok;

	sqlite3_bind_int64(st, 1, app_id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (operator_id > 0)
		sqlite3_bind_int64(st, 4, operator_id);
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, reason, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

long long app_create_draft(struct store *s, const struct conf *c, long long operator_id,
			   char appno[APPNO_LEN + 1], char **err)
{
	char day[32], now[32];
	time_t t = clock_now();
	struct tm tm;
	long long seq, id;
	sqlite3_stmt *st;

	*err = NULL;
	clock_local(t, &tm);
	snprintf(day, sizeof(day), "%02d%02d%02d", tm.tm_year % 100, tm.tm_mon + 1, tm.tm_mday);
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 请稍后再试: %s", store_errmsg(s));
		return 0;
	}
	st = store_prepare(s, "INSERT INTO appno_seq(day, seq) VALUES (?, 1) "
			      "ON CONFLICT(day) DO UPDATE SET seq = seq + 1 RETURNING seq");
	sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
	seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (!seq || !appno_format(day, conf_str(c, "branch.code"), (long)seq, appno)) {
		store_rollback(s);
		*err = xstrdup("今日申请单号已用尽或无法分配");
		return 0;
	}
	st = store_prepare(s, "INSERT INTO applications(app_no, status, created_by, last_edited_by, "
			      "created_at, updated_at) VALUES (?, 'draft', ?, ?, ?, ?)");
	sqlite3_bind_text(st, 1, appno, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, operator_id);
	sqlite3_bind_int64(st, 3, operator_id);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		*err = xasprintf("无法创建草稿: %s", store_errmsg(s));
		store_rollback(s);
		return 0;
	}
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(s->db);
	{
		char op[24], *login;

		snprintf(op, sizeof(op), "%lld", operator_id);
		login = store_get_text(s, "SELECT login FROM operators WHERE id = ?", op);

		history_add(s, id, NULL, status_code(ST_DRAFT), operator_id, login, now, NULL);
		free(login);
	}
	if (!store_commit(s)) {
		*err = xasprintf("无法创建草稿: %s", store_errmsg(s));
		return 0;
	}
	return id;
}

void app_set_screen_later(struct store *s, long long app_id, const char *screen)
{
	store_exec_later(s, sqlite3_mprintf("UPDATE applications SET screen = %Q WHERE id = %lld", screen, app_id));
}

static char *sql_get(const char *column)
{
	return xasprintf("SELECT \"%s\" FROM applications WHERE id = ?", column);
}

static char *sql_set(const char *column)
{
	/* the statement app_set_fields() builds for one column */
	return xasprintf("UPDATE applications SET \"%s\" = ?, updated_at = ?, last_edited_by = ? WHERE id = ?",
			 column);
}

/* one of several (app_set_fields): updated_at follows once for all */
static char *sql_set_only(const char *column)
{
	return xasprintf("UPDATE applications SET \"%s\" = ? WHERE id = ?", column);
}

void app_prepare_fields(struct store *s, const char *const *columns, size_t n)
{
	cols_refresh(s);
	for (size_t i = 0; i < n; i++) {
		char *sql[3];

		if (!columns[i] || !writable(s, columns[i]))
			continue;
		sql[0] = sql_get(columns[i]);
		sql[1] = sql_set(columns[i]);
		sql[2] = sql_set_only(columns[i]);
		for (int k = 0; k < 3; k++) {
			store_cached(s, sql[k]);
			free(sql[k]);
		}
	}
}

char *app_get_field(struct store *s, long long app_id, const char *column)
{
	char *sql, *out = NULL;
	sqlite3_stmt *st;

	if (!app_column_writable(s, column) && strcmp(column, "status") && strcmp(column, "app_no") &&
	    strcmp(column, "created_by") && strcmp(column, "created_at") && strcmp(column, "updated_at") &&
	    strcmp(column, "last_edited_by") && strcmp(column, "approved_by"))
		return NULL;
	sql = sql_get(column);
	st = store_cached(s, sql);
	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	free(sql);
	return out;
}

long long app_id_by_no(struct store *s, const char *appno)
{
	return store_get_int(s, "SELECT id FROM applications WHERE app_no = ?", appno, 0);
}

int app_status(struct store *s, long long app_id)
{
	sqlite3_stmt *st = store_cached(s, "SELECT status FROM applications WHERE id = ?");
	int status = -1;

	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		status = status_parse((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return status;
}

static bool record_transition(struct store *s, long long app_id, int from, enum app_status to,
			      long long operator_id, const char *actor, const char *reason, const char *now)
{
	sqlite3_stmt *st;
	bool ok;
	char obj[32];

	st = store_prepare(s, "UPDATE applications SET status = ?, updated_at = ? WHERE id = ?");
	sqlite3_bind_text(st, 1, status_code(to), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, app_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	if (!ok)
		return false;
	if (!history_add(s, app_id, status_code((enum app_status)from), status_code(to), operator_id, actor, now,
			 reason))
		return false;
	snprintf(obj, sizeof(obj), "app:%lld", app_id);
	{
		char *detail = xasprintf("%s -> %s%s%s", status_code((enum app_status)from), status_code(to),
					 reason ? ": " : "", reason ? reason : "");
		ok = store_audit(s, operator_id, actor, AUDIT_APP_STATUS, obj, detail);
		free(detail);
	}
	return ok;
}

bool app_set_fields(struct store *s, long long app_id, const char *const *columns, const char *const *values,
		    size_t n, long long operator_id, char **err)
{
	char now[32];
	sqlite3_stmt *st;
	int status;
	bool ok, bank_only = true;

	*err = NULL;
	cols_refresh(s);
	for (size_t i = 0; i < n; i++) {
		if (!writable(s, columns[i])) {
			*err = xasprintf("内部错误: 字段 %s 不可写", columns[i]);
			return false;
		}
		bank_only = bank_only && app_column_bank(columns[i]);
	}
	if (!n)
		return true;
	clock_now_text(now);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 本字段未保存: %s", store_errmsg(s));
		return false;
	}
	status = app_status(s, app_id);
	if (!status_allows(status, SR_EDIT) && status_allows(status, SR_FINAUTH) && !bank_only) {
		store_rollback(s);
		*err = xstrdup("金融认证失败的申请只能修改金融认证信息 (基本户名称、开户行、账号)");
		return false;
	}
	if (!status_allows(status, SR_EDIT) && !status_allows(status, SR_FINAUTH)) {
		store_rollback(s);
		*err = xasprintf("申请状态为「%s」, 不能修改", status < 0 ? "不存在" : status_name((enum app_status)status));
		return false;
	}
	if (n == 1) {
		char *sql = sql_set(columns[0]);

		st = store_cached(s, sql);
		free(sql);
		sqlite3_bind_text(st, 1, values[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, operator_id);
		sqlite3_bind_int64(st, 4, app_id);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	} else {
		/* several fields (a certificate's prefills, F3): each column by its
		 * own compiled statement (app_prepare_fields), then one touch of
		 * updated_at (one revision) */
		ok = true;
		for (size_t i = 0; ok && i < n; i++) {
			char *sql = sql_set_only(columns[i]);

			st = store_cached(s, sql);
			free(sql);
			sqlite3_bind_text(st, 1, values[i], -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, app_id);
			ok = sqlite3_step(st) == SQLITE_DONE;
			sqlite3_reset(st);
		}
		st = store_cached(s, "UPDATE applications SET updated_at = ?, last_edited_by = ? WHERE id = ?");
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, operator_id);
		sqlite3_bind_int64(st, 3, app_id);
		ok = ok && sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	if (ok && status_allows(status, SR_REOPEN))
		ok = record_transition(s, app_id, status, ST_PENDING, operator_id, "certdesk", "审核后修改, 需重新审核", now);
	if (!ok) {
		*err = xasprintf("本字段未保存: %s", store_errmsg(s));
		store_rollback(s);
		return false;
	}
	if (!store_commit_later(s)) {   /* a field save: deferred when the store defers (the TUI) */
		*err = xasprintf("本字段未保存: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool app_set_field(struct store *s, long long app_id, const char *column, const char *value,
		   long long operator_id, char **err)
{
	return app_set_fields(s, app_id, &column, &value, 1, operator_id, err);
}

bool app_transition(struct store *s, long long app_id, enum app_status to, long long operator_id,
		    const char *actor, const char *reason, char **err)
{
	char now[32], idbuf[32];
	int from;
	struct operator op = { 0 };
	bool have_op = false;

	*err = NULL;
	clock_now_text(now);
	snprintf(idbuf, sizeof(idbuf), "%lld", app_id);
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 请稍后再试: %s", store_errmsg(s));
		return false;
	}
	from = app_status(s, app_id);
	if (from < 0) {
		*err = xstrdup("申请不存在");
		goto fail;
	}
	if (!status_can((enum app_status)from, to)) {
		*err = xasprintf("申请状态为「%s」, 不能变为「%s」", status_name((enum app_status)from), status_name(to));
		goto fail;
	}
	if (operator_id > 0) {
		have_op = operator_get(s, operator_id, &op);
		if (!have_op) {
			*err = xstrdup("操作员不存在");
			goto fail;
		}
		actor = op.login;
	}
	if (to == ST_PENDING && !status_allows(from, SR_REOPEN) && operator_id > 0 && op.role != ROLE_CLERK &&
	    op.role != ROLE_SUPERVISOR) {
		*err = xstrdup("只有柜员或主管可以提交审核");
		goto fail;
	}
	if (to == ST_APPROVED || to == ST_RETURNED) {
		long long creator = store_get_int(s, "SELECT created_by FROM applications WHERE id = ?", idbuf, 0);
		long long editor = store_get_int(s, "SELECT last_edited_by FROM applications WHERE id = ?", idbuf, 0);
		long long holder = store_get_int(s, "SELECT claimed_by FROM applications WHERE id = ?", idbuf, 0);

		if (!have_op || op.role != ROLE_SUPERVISOR) {
			*err = xstrdup("只有主管可以审核");
			goto fail;
		}
		if (to == ST_APPROVED && (creator == operator_id || editor == operator_id)) {
			*err = xstrdup("不能审核自己录入或修改的申请 (双人复核)");
			goto fail;
		}
		if (holder > 0 && holder != operator_id) {
			char hb[32];
			char *who;

			snprintf(hb, sizeof(hb), "%lld", holder);
			who = store_get_text(s, "SELECT login FROM operators WHERE id = ?", hb);
			*err = xasprintf("该申请已由 %s 领取审核, 只有领取人可以处理", who ? who : "?");
			free(who);
			goto fail;
		}
		if (to == ST_RETURNED && str_empty(reason)) {
			*err = xstrdup("退回必须填写原因");
			goto fail;
		}
	}
	if (!record_transition(s, app_id, from, to, operator_id, actor ? actor : "certdesk", reason, now)) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		goto fail;
	}
	if (to == ST_APPROVED) {
		sqlite3_stmt *st = store_prepare(s, "UPDATE applications SET approved_by = ?, approved_at = ? WHERE id = ?");
		sqlite3_bind_int64(st, 1, operator_id);
		sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, app_id);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (to == ST_RETURNED || to == ST_PENDING) {
		sqlite3_stmt *st = store_prepare(s, "UPDATE applications SET return_reason = CASE WHEN ? THEN ? "
						    "ELSE return_reason END WHERE id = ?");
		sqlite3_bind_int(st, 1, to == ST_RETURNED);
		sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, app_id);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (status_allows(from, SR_REVIEW)) {   /* a decision (or a pull-back) ends any claim */
		sqlite3_stmt *st = store_prepare(s, "UPDATE applications SET claimed_by = NULL, claimed_at = NULL "
						    "WHERE id = ?");
		sqlite3_bind_int64(st, 1, app_id);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	/* The outbox row is written with the status that asks for it, so nothing
	 * the centre must hear about can be lost between the two. */
	if (to == ST_QUEUED || (to == ST_REFUND_REQUESTED && operator_id > 0)) {
		const char *kind = to == ST_REFUND_REQUESTED ? "refund" : status_allows(from, SR_FINAUTH) ? "finauth" : "submit";
		sqlite3_stmt *st = store_prepare(s, "INSERT INTO outbox(app_id, kind, created_at) VALUES (?, ?, ?)");

		sqlite3_bind_int64(st, 1, app_id);
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			*err = xasprintf("无法加入同步队列: %s", store_errmsg(s));
			goto fail;
		}
		sqlite3_finalize(st);
	}
	if (!store_commit(s)) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		if (have_op)
			operator_release(&op);
		return false;
	}
	if (have_op)
		operator_release(&op);
	return true;
fail:
	store_rollback(s);
	if (have_op)
		operator_release(&op);
	return false;
}

bool app_note(struct store *s, long long app_id, const char *actor, const char *reason)
{
	char now[32], obj[32];
	int status = app_status(s, app_id);
	const char *code;

	if (status < 0)
		return false;
	code = status_code((enum app_status)status);
	clock_now_text(now);
	/* a detail without a status change: the history row keeps the status */
	if (!history_add(s, app_id, code, code, 0, actor, now, reason))
		return false;
	snprintf(obj, sizeof(obj), "app:%lld", app_id);
	return store_audit(s, 0, actor, AUDIT_APP_NOTE, obj, reason);
}

static const char *text_or_empty(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);

	return v ? (const char *)v : "";
}

void app_drafts_each(struct store *s, long long operator_id,
		     void (*fn)(void *ud, const struct app_draft_row *row), void *ud)
{
	sqlite3_stmt *st = store_prepare(s,
		"SELECT id, app_no, COALESCE(NULLIF(org_name, ''), NULLIF(cert_holder, ''), '(尚未填写)'), updated_at "
		"FROM applications WHERE status = 'draft' AND created_by = ? ORDER BY updated_at DESC, id DESC");

	sqlite3_bind_int64(st, 1, operator_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct app_draft_row row = {
			sqlite3_column_int64(st, 0), text_or_empty(st, 1), text_or_empty(st, 2), text_or_empty(st, 3),
		};

		fn(ud, &row);
	}
	sqlite3_finalize(st);
}
