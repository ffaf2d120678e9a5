/* orders.c - 我的业务单: filtered pages of applications, actions by status, details. */
#include "store/orders.h"
#include "store/refdata.h"
#include "store/steps.h"
#include "store/app.h"
#include "store/columns.h"
#include "store/operator.h"
#include "store/review.h"
#include "store/store.h"
#include "store/store_impl.h"
#include "core/clock.h"
#include "core/paths.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *code, *name, *short_name;
	unsigned rule;             /* enum status_rule; 0: every status */
	bool paid;                 /* only once the fee was paid */
} actions[] = {
#define X(e, code, name, short_name, rule, paid) [e] = { code, name, short_name, rule, paid },
	ORDER_ACTION_TABLE(X)
#undef X
};

static const struct {
	const char *code, *name;
} business_types[] = {
	{ "replacement", "遗失补办申请" },
};

const char *order_action_code(enum order_action a)
{
	return (unsigned)a < ACT__COUNT ? actions[a].code : "?";
}

const char *order_action_name(enum order_action a)
{
	return (unsigned)a < ACT__COUNT ? actions[a].name : "?";
}

const char *order_action_short(enum order_action a)
{
	return (unsigned)a < ACT__COUNT ? actions[a].short_name : "?";
}

unsigned order_actions(enum app_status status, bool paid)
{
	unsigned bits = 0;

	for (int a = 0; a < ACT__COUNT; a++)
		if ((!actions[a].rule || status_allows(status, (enum status_rule)actions[a].rule)) &&
		    (paid || !actions[a].paid))
			bits |= ACT_BIT(a);
	return bits;
}

const char *order_business_type_name(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(business_types); i++)
		if (str_eq(code, business_types[i].code))
			return business_types[i].name;
	return code ? code : "";
}

const char *order_business_type_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(business_types); i++)
		if (str_eq(s, business_types[i].code) || str_eq(s, business_types[i].name))
			return business_types[i].code;
	return NULL;
}

const char *order_business_type_at(size_t i, const char **name)
{
	if (i >= ARRAY_SIZE(business_types))
		return NULL;
	if (name)
		*name = business_types[i].name;
	return business_types[i].code;
}

void order_filter_init(struct order_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->status = -1;
}

static bool is_date(const char *s)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[4] != '-' ||
	    s[7] != '-' || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	/* a day that exists: 02-29 only in leap years */
	return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

const char *order_filter_check(const struct order_filter *f)
{
	if (!str_empty(f->from) && !is_date(f->from))
		return "开始时间应为 YYYY-MM-DD";
	if (!str_empty(f->to) && !is_date(f->to))
		return "结束时间应为 YYYY-MM-DD";
	if (!str_empty(f->from) && !str_empty(f->to) && strcmp(f->from, f->to) > 0)
		return "开始时间晚于结束时间";
	if (!str_empty(f->app_no) && strspn(f->app_no, "0123456789") != strlen(f->app_no))
		return "业务单号只含数字";
	if (f->status >= ST__COUNT)
		return "未知状态";
	return "";
}

/* The WHERE clause for F, with named parameters bound below. */
static void where_clause(struct strbuf *sb, const struct order_filter *f)
{
	sb_adds(sb, " WHERE 1");
	if (!str_empty(f->app_no))  /* a range, so the unique index on app_no serves a prefix */
		sb_adds(sb, " AND a.app_no >= :no AND a.app_no < :no || ':'");
	if (!str_empty(f->business_type))
		sb_adds(sb, " AND a.business_type = :bt");
	if (!str_empty(f->subject))
		sb_adds(sb, " AND (instr(a.org_name, :subj) > 0 OR instr(a.cert_holder, :subj) > 0)");
	if (f->status >= 0)
		sb_adds(sb, " AND a.status = :st");
	if (!str_empty(f->from))
		sb_adds(sb, " AND a.created_at >= :from");
	if (!str_empty(f->to))
		sb_adds(sb, " AND a.created_at < :to_next");  /* stored times begin with the branch date */
	if (f->clerk > 0)
		sb_adds(sb, " AND a.created_by = :clerk");
}

static void bind_name(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

static void bind_filter(sqlite3_stmt *st, const struct order_filter *f)
{
	int i;

	bind_name(st, ":no", f->app_no);
	bind_name(st, ":bt", f->business_type);
	bind_name(st, ":subj", f->subject);
	if (f->status >= 0)
		bind_name(st, ":st", status_code((enum app_status)f->status));
	bind_name(st, ":from", f->from);
	if (!str_empty(f->to)) {
		char next[11];
		clock_next_day(f->to, next);
		bind_name(st, ":to_next", next);
	}
	if ((i = sqlite3_bind_parameter_index(st, ":clerk")) > 0)
		sqlite3_bind_int64(st, i, f->clerk);
}

/* SELECT <select> FROM applications a [joins] WHERE <F> <tail>. A 主题
 * search scans the narrow covering index applications_subject rather than
 * the wide rows; joins are added only where columns of operators are used
 * (for a COUNT they would cost a lookup per row). */
static void build_sql(struct strbuf *sb, const struct order_filter *f, const char *select, const char *tail,
		      bool joins)
{
	sb_adds(sb, "SELECT ");
	sb_adds(sb, select);
	sb_adds(sb, " FROM applications a");
	if (!str_empty(f->subject) && !joins)
		sb_adds(sb, " INDEXED BY applications_subject");
	if (joins)
		sb_adds(sb, " LEFT JOIN operators o ON o.id = a.created_by "
			    "LEFT JOIN operators ap ON ap.id = a.approved_by");
	where_clause(sb, f);
	sb_adds(sb, " ");
	sb_adds(sb, tail ? tail : "");
}

static sqlite3_stmt *build_query(struct store *s, const struct order_filter *f, const char *select,
				 const char *tail, bool joins)
{
	struct strbuf sb;
	sqlite3_stmt *st;

	sb_init(&sb);
	build_sql(&sb, f, select, tail, joins);
	st = store_prepare(s, sb.s);
	sb_release(&sb);
	bind_filter(st, f);
	return st;
}

sqlite3_stmt *orders_query(struct store *s, const struct order_filter *f, const char *select, const char *tail)
{
	return build_query(s, f, select, tail, true);
}

long orders_count(struct store *s, const struct order_filter *f)
{
	sqlite3_stmt *st;
	long n = 0;

	if (*order_filter_check(f))
		return 0;
	st = build_query(s, f, "COUNT(*)", NULL, false);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	snprintf(out, n, "%s", v ? v : "");
}

bool orders_page(struct store *s, const struct order_filter *f, long offset, int limit, struct order_page *out,
		 char **err)
{
	sqlite3_stmt *st;
	const char *why = order_filter_check(f);
	long seq = offset;

	*err = NULL;
	memset(out, 0, sizeof(*out));
	if (*why) {
		*err = xstrdup(why);
		return false;
	}
	if (offset < 0 || limit <= 0)
		return true;
	/* The window's ids first (index only, however deep the offset), then
	 * the wide rows and their joins for those few ids. */
	{
		struct strbuf sb;

		sb_init(&sb);
		sb_adds(&sb, "SELECT a.id, a.app_no, a.business_type, COALESCE(NULLIF(a.org_name, ''), a.cert_holder, ''), "
			     "COALESCE(a.fee_cents, 0), a.created_at, a.updated_at, a.status, "
			     "(a.paid_at IS NOT NULL OR a.pay_status = 'paid'), o.login, a.agent_name, a.agent_mobile "
			     "FROM (");
		build_sql(&sb, f, "a.id", "ORDER BY a.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset", false);
		sb_adds(&sb, ") w JOIN applications a ON a.id = w.id LEFT JOIN operators o ON o.id = a.created_by "
			     "ORDER BY a.created_at DESC, a.id DESC");
		st = store_prepare(s, sb.s);
		sb_release(&sb);
		bind_filter(st, f);
	}
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":limit"), limit);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":offset"), offset);
	out->rows = xcalloc((size_t)limit, sizeof(*out->rows));
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct order_row *r = &out->rows[out->n++];
		int status = status_parse((const char *)sqlite3_column_text(st, 7));
		char *name = store_column_dup(st, 10);
		char *mobile = column_mask_apply(column_mask("agent_mobile"), (const char *)sqlite3_column_text(st, 11));

		r->id = sqlite3_column_int64(st, 0);
		r->seq = ++seq;
		col_copy(st, 1, r->app_no, sizeof(r->app_no));
		r->business_type = order_business_type_name((const char *)sqlite3_column_text(st, 2));
		if (r->business_type == (const char *)sqlite3_column_text(st, 2))
			r->business_type = "?";   /* unknown code: do not keep a pointer into the statement */
		r->subject = store_column_dup(st, 3);
		r->fee_cents = sqlite3_column_int64(st, 4);
		col_copy(st, 5, r->created, sizeof(r->created));
		col_copy(st, 6, r->updated, sizeof(r->updated));
		r->status = status < 0 ? ST_DRAFT : (enum app_status)status;
		r->actions = order_actions(r->status, sqlite3_column_int(st, 8) != 0);
		r->clerk_login = store_column_dup(st, 9);
		r->agent = xasprintf("%s%s%s", name ? name : "", name && mobile ? " " : "", mobile ? mobile : "");
		free(name);
		free(mobile);
	}
	sqlite3_finalize(st);
	return true;
}

void order_page_release(struct order_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->rows[i].subject);
		free(p->rows[i].clerk_login);
		free(p->rows[i].agent);
	}
	free(p->rows);
	memset(p, 0, sizeof(*p));
}

void order_amount(long long cents, char out[32])
{
	snprintf(out, 32, "%s%lld.%02lld", cents < 0 ? "-" : "", (cents < 0 ? -cents : cents) / 100,
		 (cents < 0 ? -cents : cents) % 100);
}

/* ---- actions ---- */

static bool may_act(struct store *s, long long operator_id, char **err)
{
	struct operator op;
	bool ok;

	if (!operator_get(s, operator_id, &op)) {
		*err = xstrdup("操作员不存在");
		return false;
	}
	ok = op.role == ROLE_CLERK || op.role == ROLE_SUPERVISOR;
	operator_release(&op);
	if (!ok)
		*err = xstrdup("只有柜员或主管可以办理业务");
	return ok;
}

/* Begin a transaction on APP_ID when its status carries RULE. */
static bool begin_in(struct store *s, long long app_id, enum status_rule rule, const char *what, char **err)
{
	int status;

	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 请稍后再试: %s", store_errmsg(s));
		return false;
	}
	status = app_status(s, app_id);
	if (!status_allows(status, rule)) {
		*err = status < 0 ? xstrdup("申请不存在")
				  : xasprintf("申请状态为「%s」, 不能%s", status_name((enum app_status)status), what);
		store_rollback(s);
		return false;
	}
	return true;
}

static bool finish(struct store *s, char **err)
{
	if (!store_commit(s)) {
		*err = xasprintf("无法保存: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool orders_resubmit(struct store *s, long long app_id, long long operator_id, char **err)
{
	return review_submit(s, app_id, operator_id, err);
}

bool orders_finauth_resubmit(struct store *s, long long app_id, long long operator_id,
			     const struct order_bank *bank, char **err)
{
	const char *cols[] = { "bank_account_name", "bank_name", "bank_code", "bank_account", "bank_account_confirm" };
	const char *vals[] = { bank->account_name, bank->bank_name,
			       !str_empty(bank->bank_code) ? bank->bank_code : NULL, bank->account, bank->account };

	*err = NULL;
	if (!begin_in(s, app_id, SR_FINAUTH, "重新金融认证", err))
		return false;
	if (!may_act(s, operator_id, err)) {
		store_rollback(s);
		return false;
	}
	/* Each save and the transition join this transaction; any refusal rolls all back. */
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		if (!app_set_field(s, app_id, cols[i], vals[i], operator_id, err))
			return false;
	if (!app_transition(s, app_id, ST_QUEUED, operator_id, NULL, "重新提交金融认证信息", err))
		return false;
	return finish(s, err);
}

bool orders_refund(struct store *s, long long app_id, long long operator_id, const char *reason, char **err)
{
	char idbuf[32];
	int status;

	*err = NULL;
	if (str_empty(reason)) {
		*err = xstrdup("申请退费必须填写原因");
		return false;
	}
	if (!store_begin(s)) {
		*err = xasprintf("数据库忙, 请稍后再试: %s", store_errmsg(s));
		return false;
	}
	status = app_status(s, app_id);
	snprintf(idbuf, sizeof(idbuf), "%lld", app_id);
	if (!status_allows(status, SR_REFUND)) {
		*err = status < 0 ? xstrdup("申请不存在")
				  : xasprintf("申请状态为「%s」, 不能申请退费", status_name((enum app_status)status));
		goto fail;
	}
	if (!store_get_int(s, "SELECT paid_at IS NOT NULL OR pay_status = 'paid' FROM applications WHERE id = ?",
			   idbuf, 0)) {
		*err = xstrdup("该申请未付款, 无需退费");
		goto fail;
	}
	if (!may_act(s, operator_id, err))
		goto fail;
	if (!app_transition(s, app_id, ST_REFUND_REQUESTED, operator_id, NULL, reason, err))
		return false;
	return finish(s, err);
fail:
	store_rollback(s);
	return false;
}

bool orders_void(struct store *s, long long app_id, long long operator_id, const char *reason, char **err)
{
	*err = NULL;
	if (!begin_in(s, app_id, SR_VOID, "作废 (只有草稿可以作废)", err))
		return false;
	if (!may_act(s, operator_id, err)) {
		store_rollback(s);
		return false;
	}
	if (!app_transition(s, app_id, ST_VOIDED, operator_id, NULL, str_empty(reason) ? "作废草稿" : reason, err))
		return false;
	return finish(s, err);
}

/* ---- 查看详情 ---- */

static int column_index(sqlite3_stmt *st, const char *name)
{
	for (int i = 0; i < sqlite3_column_count(st); i++)
		if (!strcmp(sqlite3_column_name(st, i), name))
			return i;
	return -1;
}

static char *text_of(sqlite3_stmt *st, const char *name)
{
	int i = column_index(st, name);

	return i < 0 ? NULL : store_column_dup(st, i);
}

/* Column CI of ST as SPEC shows it: an amount in yuan, a region by its
 * names, recorded codes (in_person, paid …) in the words the clerk knows,
 * masked unless UNMASK; NULL when empty. Caller frees. */
static char *shown_value(struct store *s, sqlite3_stmt *st, int ci, const struct detail_spec *spec, bool unmask)
{
	const char *column = spec->column;
	char *v, *m;

	if (sqlite3_column_type(st, ci) == SQLITE_NULL)
		return NULL;
	if (spec->division) {
		char *names = division_path(s, (const char *)sqlite3_column_text(st, ci));

		if (names)
			return names;
	}
	if (!strcmp(column, "fee_cents")) {
		char amt[32];

		order_amount(sqlite3_column_int64(st, ci), amt);
		return xstrdup(amt);
	}
	v = store_column_dup(st, ci);
	if (!str_empty(v) && steps_value_name(column, v) != v) {
		char *zh = xstrdup(steps_value_name(column, v));

		free(v);
		v = zh;
	}
	if (str_empty(v)) {
		free(v);
		return NULL;
	}
	if (unmask)
		return v;
	m = column_mask_apply(column_mask(column), v);
	free(v);
	return m;
}

struct detail_cursor {
	struct store *s;
	sqlite3_stmt *st;
	const struct detail_spec *shown;
	size_t nshown;
	int *ci;                  /* per spec: its column in st, -1 when the table has none */
	char app_no[APPNO_LEN + 1];
	char **values;
	bool done;
};

struct detail_cursor *order_details_open(struct store *s, const struct order_filter *f,
					 const struct detail_spec *shown, size_t nshown)
{
	struct detail_cursor *c = xcalloc(1, sizeof(*c));

	c->s = s;
	c->st = orders_query(s, f, "a.*", "ORDER BY a.created_at, a.id");
	c->shown = shown;
	c->nshown = nshown;
	c->ci = xcalloc(nshown ? nshown : 1, sizeof(*c->ci));
	c->values = xcalloc(nshown ? nshown : 1, sizeof(*c->values));
	for (size_t i = 0; i < nshown; i++)
		c->ci[i] = column_index(c->st, shown[i].column);
	return c;
}

static void details_values_free(struct detail_cursor *c)
{
	for (size_t i = 0; i < c->nshown; i++)
		xfree(&c->values[i]);
}

char *const *order_details_next(struct detail_cursor *c, const char **app_no)
{
	details_values_free(c);
	if (c->done || sqlite3_step(c->st) != SQLITE_ROW) {
		c->done = true;       /* a step past the end would start again */
		return NULL;
	}
	col_copy(c->st, column_index(c->st, "app_no"), c->app_no, sizeof(c->app_no));
	*app_no = c->app_no;
	for (size_t i = 0; i < c->nshown; i++)
		c->values[i] = c->ci[i] < 0 ? NULL : shown_value(c->s, c->st, c->ci[i], &c->shown[i], false);
	return c->values;
}

void order_details_close(struct detail_cursor *c)
{
	if (!c)
		return;
	details_values_free(c);
	sqlite3_finalize(c->st);
	free(c->values);
	free(c->ci);
	free(c);
}

bool order_detail_load(struct store *s, long long app_id, bool unmask, const struct detail_spec *shown,
		       size_t nshown, struct order_detail *d, char **err)
{
	sqlite3_stmt *st;
	size_t cap;

	*err = NULL;
	memset(d, 0, sizeof(*d));
	st = store_prepare(s, "SELECT a.*, o.login AS clerk_login_, o.display_name AS clerk_name_, "
			      "ap.login AS approver_, cl.login AS claimer_, "
			      "(a.paid_at IS NOT NULL OR a.pay_status = 'paid') AS paid_ "
			      "FROM applications a LEFT JOIN operators o ON o.id = a.created_by "
			      "LEFT JOIN operators ap ON ap.id = a.approved_by "
			      "LEFT JOIN operators cl ON cl.id = a.claimed_by WHERE a.id = ?");
	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		*err = xstrdup("申请不存在");
		return false;
	}
	d->id = app_id;
	col_copy(st, column_index(st, "app_no"), d->app_no, sizeof(d->app_no));
	{
		char *code = text_of(st, "status");
		int status = status_parse(code);
		char *bt = text_of(st, "business_type");

		d->status = status < 0 ? ST_DRAFT : (enum app_status)status;
		d->business_type = order_business_type_name(bt);
		if (d->business_type == bt)
			d->business_type = "?";
		free(bt);
		free(code);
	}
	d->actions = order_actions(d->status, sqlite3_column_int(st, column_index(st, "paid_")) != 0);
	d->revision = sqlite3_column_int64(st, column_index(st, "revision"));
	d->created_at = text_of(st, "created_at");
	d->updated_at = text_of(st, "updated_at");
	d->clerk_login = text_of(st, "clerk_login_");
	d->clerk_name = text_of(st, "clerk_name_");
	d->approved_by = text_of(st, "approver_");
	d->approved_at = text_of(st, "approved_at");
	d->claimed_by = text_of(st, "claimer_");
	d->claimed_at = text_of(st, "claimed_at");
	d->return_reason = text_of(st, "return_reason");
	d->central_reason = text_of(st, "central_reason");
	d->warnings = text_of(st, "warnings");
	d->tracking = text_of(st, "tracking_no");
	d->fields = xcalloc(nshown ? nshown : 1, sizeof(*d->fields));
	for (size_t i = 0; i < nshown; i++) {
		const struct detail_spec *fd = &shown[i];
		int ci = column_index(st, fd->column);
		struct detail_field *out;

		if (ci < 0)
			continue;
		out = &d->fields[d->nfields++];
		out->group = xstrdup(fd->group);
		out->column = xstrdup(fd->column);
		out->label = xstrdup(fd->label);
		out->value = shown_value(s, st, ci, fd, unmask);
	}
	sqlite3_finalize(st);
	{
		size_t n;
		d->return_fields = review_return_fields(s, app_id, &n);
	}
	d->duplicate_warning = review_duplicate_warning(s, app_id);

	st = store_prepare(s, "SELECT at.id, at.kind, at.name, at.mime, at.size, at.sha256, at.created_at, "
			      "COALESCE(at.print_id, 0), p.at, at.superseded_at IS NOT NULL "
			      "FROM attachments at LEFT JOIN prints p ON p.id = at.print_id WHERE at.app_id = ? ORDER BY at.id");
	sqlite3_bind_int64(st, 1, app_id);
	cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct detail_attachment *a;

		if (d->nattachments == cap) {
			cap = cap ? 2 * cap : 4;
			d->attachments = xrealloc(d->attachments, cap * sizeof(*d->attachments));
		}
		a = &d->attachments[d->nattachments++];
		a->id = sqlite3_column_int64(st, 0);
		a->kind = store_column_dup(st, 1);
		a->name = store_column_dup(st, 2);
		a->mime = store_column_dup(st, 3);
		a->size = sqlite3_column_int64(st, 4);
		a->sha256 = store_column_dup(st, 5);
		a->created_at = store_column_dup(st, 6);
		a->print_id = sqlite3_column_int64(st, 7);
		a->print_at = store_column_dup(st, 8);
		a->superseded = sqlite3_column_int(st, 9) != 0;
	}
	sqlite3_finalize(st);

	st = store_prepare(s, "SELECT h.at, h.actor, o.display_name, h.from_status, h.to_status, h.reason "
			      "FROM status_history h LEFT JOIN operators o ON o.id = h.operator_id "
			      "WHERE h.app_id = ? ORDER BY h.id");
	sqlite3_bind_int64(st, 1, app_id);
	cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct detail_event *e;
		int to;

		if (d->nhistory == cap) {
			cap = cap ? 2 * cap : 8;
			d->history = xrealloc(d->history, cap * sizeof(*d->history));
		}
		e = &d->history[d->nhistory++];
		e->at = store_column_dup(st, 0);
		e->actor = store_column_dup(st, 1);
		e->operator_name = store_column_dup(st, 2);
		e->from = status_parse((const char *)sqlite3_column_text(st, 3));
		to = status_parse((const char *)sqlite3_column_text(st, 4));
		e->to = to < 0 ? ST_DRAFT : (enum app_status)to;
		e->reason = store_column_dup(st, 5);
	}
	sqlite3_finalize(st);
	return true;
}

void order_detail_release(struct order_detail *d)
{
	free(d->created_at);
	free(d->updated_at);
	free(d->clerk_login);
	free(d->clerk_name);
	free(d->approved_by);
	free(d->approved_at);
	free(d->claimed_by);
	free(d->claimed_at);
	free(d->return_reason);
	free(d->central_reason);
	free(d->warnings);
	free(d->tracking);
	review_fields_free(d->return_fields);
	free(d->duplicate_warning);
	for (size_t i = 0; i < d->nfields; i++) {
		free(d->fields[i].group);
		free(d->fields[i].column);
		free(d->fields[i].label);
		free(d->fields[i].value);
	}
	free(d->fields);
	for (size_t i = 0; i < d->nattachments; i++) {
		struct detail_attachment *a = &d->attachments[i];
		free(a->kind);
		free(a->name);
		free(a->mime);
		free(a->sha256);
		free(a->created_at);
		free(a->print_at);
	}
	free(d->attachments);
	for (size_t i = 0; i < d->nhistory; i++) {
		free(d->history[i].at);
		free(d->history[i].actor);
		free(d->history[i].operator_name);
		free(d->history[i].reason);
	}
	free(d->history);
	memset(d, 0, sizeof(*d));
}

bool orders_unmask(struct store *s, long long app_id, long long operator_id, const char *const *columns,
		   size_t n, char ***values, char **err)
{
	struct operator op;
	struct strbuf cols;
	char *obj;
	bool ok;

	*values = NULL;
	*err = NULL;
	if (!operator_get(s, operator_id, &op)) {
		*err = xstrdup("没有这个操作员");
		return false;
	}
	if (op.role != ROLE_SUPERVISOR) {
		operator_release(&op);
		*err = xstrdup("只有主管可以显示完整信息");
		return false;
	}
	if (app_status(s, app_id) < 0) {
		operator_release(&op);
		*err = xstrdup("没有这笔申请");
		return false;
	}
	sb_init(&cols);
	for (size_t i = 0; i < n; i++)
		sb_addf(&cols, "%s%s", i ? "," : "", columns[i]);
	obj = xasprintf("app:%lld", app_id);
	ok = store_audit(s, operator_id, op.login, AUDIT_APP_UNMASK, obj, cols.s ? cols.s : "");
	free(obj);
	sb_release(&cols);
	operator_release(&op);
	if (!ok) {
		*err = xstrdup("无法写入审计日志, 不显示完整信息");
		return false;
	}
	*values = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		(*values)[i] = app_get_field(s, app_id, columns[i]);
	return true;
}
