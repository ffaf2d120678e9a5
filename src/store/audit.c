/* audit.c - the audit trail: chain verification, queries. */
#include "store/audit.h"
#include "store/store_impl.h"

#include "core/clock.h"
#include "core/redact.h"
#include "core/util.h"
#include "store/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- verification ------------------------------------------------------ */

/* The triggers of the schema that guard the trail. The chain does not need
 * them, but their absence means someone worked on the file directly. */
static const struct {
	const char *name, *table;
} guards[] = {
	{ "audit_log_no_update", "audit_log" },
	{ "audit_log_no_delete", "audit_log" },
	{ "audit_log_append_at_head", "audit_log" },
	{ "audit_head_no_delete", "audit_head" },
	{ "audit_head_forward_only", "audit_head" },
};

static bool fail(struct audit_report *r, enum audit_problem p, long long bad_id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool fail(struct audit_report *r, enum audit_problem p, long long bad_id, const char *fmt, ...)
{
	va_list ap;

	r->problem = p;
	r->bad_id = bad_id;
	va_start(ap, fmt);
	r->message = xvasprintf(fmt, ap);
	va_end(ap);
	return false;
}

static bool is_text(sqlite3_stmt *st, int col, bool null_ok)
{
	int t = sqlite3_column_type(st, col);

	if (t == SQLITE_NULL)
		return null_ok;
	if (t != SQLITE_TEXT)
		return false;
	/* a NUL inside would cut the hashed string short: "x\0anything" == "x" */
	return (size_t)sqlite3_column_bytes(st, col) == strlen((const char *)sqlite3_column_text(st, col));
}

static bool is_hash(const char *h)
{
	if (strlen(h) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return true;
}

/* The column of this row that store_audit() could not have written, or NULL.
 * Columns: 0 id, 1 at, 2 operator_id, 3 actor, 4 action, 5 object, 6 detail,
 * 7 prev_hash, 8 hash. */
static const char *malformed_column(sqlite3_stmt *st, long long id)
{
	int t = sqlite3_column_type(st, 2);

	if (!is_text(st, 1, false))
		return "at";
	/* store_audit writes NULL for "no operator"; 0 would hash the same */
	if (t != SQLITE_NULL && (t != SQLITE_INTEGER || sqlite3_column_int64(st, 2) <= 0))
		return "operator_id";
	if (!is_text(st, 3, false))
		return "actor";
	if (!is_text(st, 4, false))
		return "action";
	if (!is_text(st, 5, true))
		return "object";
	if (!is_text(st, 6, true))
		return "detail";
	if (!is_text(st, 7, false) ||
	    !(id == 1 ? !*sqlite3_column_text(st, 7) : is_hash((const char *)sqlite3_column_text(st, 7))))
		return "prev_hash";
	if (!is_text(st, 8, false) || !is_hash((const char *)sqlite3_column_text(st, 8)))
		return "hash";
	return NULL;
}

static bool walk_chain(struct store *s, const struct audit_anchor *anchor, bool *anchor_seen,
		       struct audit_report *r)
{
	sqlite3_stmt *st;
	long long expect = 1;
	int rc;
	bool ok = true;

	if (sqlite3_prepare_v2(s->db, "SELECT id, at, operator_id, actor, action, object, detail, prev_hash, hash "
				      "FROM audit_log ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return fail(r, AUDIT_DB_ERROR, 0, "无法读取审计表 audit_log: %s", store_errmsg(s));
	r->last_hash[0] = '\0';
	while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *bad, *prev, *hash;
		char computed[65];

		if (id != expect) {
			if (expect == 1)
				ok = fail(r, AUDIT_MISSING_RECORD, 1,
					  "审计记录 #1 缺失: 第一条记录是 #%lld (开头的记录被删除)", id);
			else if (id == expect + 1)
				ok = fail(r, AUDIT_MISSING_RECORD, expect,
					  "审计记录 #%lld 缺失: 记录 #%lld 之后是 #%lld (记录被删除)", expect,
					  expect - 1, id);
			else
				ok = fail(r, AUDIT_MISSING_RECORD, expect,
					  "审计记录 #%lld 至 #%lld 缺失: 记录 #%lld 之后是 #%lld (记录被删除)",
					  expect, id - 1, expect - 1, id);
			break;
		}
		if ((bad = malformed_column(st, id))) {
			ok = fail(r, AUDIT_MALFORMED_RECORD, id,
				  "审计记录 #%lld 被改动: %s 列的类型或格式不是程序写入的样子", id, bad);
			break;
		}
		prev = (const char *)sqlite3_column_text(st, 7);
		hash = (const char *)sqlite3_column_text(st, 8);
		if (strcmp(prev, r->last_hash)) {
			if (id == 1)
				ok = fail(r, AUDIT_BROKEN_LINK, 1, "审计记录 #1 的前一哈希不为空: 链的开头被改写");
			else
				ok = fail(r, AUDIT_BROKEN_LINK, id,
					  "审计记录 #%lld 的前一哈希与记录 #%lld 不符: 前一条被改写, "
					  "或本条是插入或换位的",
					  id, id - 1);
			break;
		}
		store_audit_hash(prev, id, (const char *)sqlite3_column_text(st, 1), sqlite3_column_int64(st, 2),
				 (const char *)sqlite3_column_text(st, 3), (const char *)sqlite3_column_text(st, 4),
				 (const char *)sqlite3_column_text(st, 5), (const char *)sqlite3_column_text(st, 6),
				 computed);
		if (strcmp(computed, hash)) {
			ok = fail(r, AUDIT_CHANGED_RECORD, id,
				  "审计记录 #%lld 的内容被改动: 按内容重算的哈希与记录的哈希不符", id);
			break;
		}
		if (anchor && anchor->id == id) {
			*anchor_seen = true;
			if (strcmp(anchor->hash, hash)) {
				ok = fail(r, AUDIT_ANCHOR_MISMATCH, id,
					  "审计记录 #%lld 与外部保存的锚点不符: 到此为止的记录被整体重写过", id);
				break;
			}
		}
		memcpy(r->last_hash, hash, sizeof(r->last_hash));
		r->last_id = id;
		r->records++;
		expect++;
	}
	if (ok && rc != SQLITE_DONE)
		ok = fail(r, AUDIT_DB_ERROR, 0, "读取审计表出错: %s", store_errmsg(s));
	sqlite3_finalize(st);
	return ok;
}

static bool check_head(struct store *s, struct audit_report *r)
{
	sqlite3_stmt *st;
	long long last, count;
	char hash[65] = "";
	bool found = false;

	if (sqlite3_prepare_v2(s->db, "SELECT last_id, count, hash, typeof(last_id), typeof(count), typeof(hash) "
				      "FROM audit_head WHERE one = 1", -1, &st, NULL) != SQLITE_OK)
		return fail(r, AUDIT_HEAD_MISSING, 0, "审计链头表 audit_head 缺失: 数据库被直接改动过");
	if (sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 3), "integer") &&
	    !strcmp((const char *)sqlite3_column_text(st, 4), "integer") &&
	    !strcmp((const char *)sqlite3_column_text(st, 5), "text")) {
		found = true;
		last = sqlite3_column_int64(st, 0);
		count = sqlite3_column_int64(st, 1);
		snprintf(hash, sizeof(hash), "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	if (!found)
		return fail(r, AUDIT_HEAD_MISSING, 0, "审计链头 (audit_head 的记录) 缺失或被改动: 数据库被直接改动过");
	if (r->last_id < last)
		return fail(r, AUDIT_HEAD_MISMATCH, r->last_id + 1,
			    "审计记录 #%lld 缺失: 链头记载最后一条是 #%lld (共 %lld 条), 实际只到 #%lld: "
			    "末尾的记录被删除, 或链头被改动",
			    r->last_id + 1, last, count, r->last_id);
	if (r->last_id > last)
		return fail(r, AUDIT_HEAD_MISMATCH, last + 1,
			    "审计记录 #%lld 是在链头之后添加的: 链头记载最后一条是 #%lld (共 %lld 条), "
			    "此后的记录不是经由 certdesk 写入, 或链头被改动",
			    last + 1, last, count);
	if (count != r->records || strcmp(hash, r->last_hash)) {
		if (!r->last_id)
			return fail(r, AUDIT_HEAD_MISMATCH, 0, "审计链头被改动: 没有审计记录, 链头却记载了记录");
		return fail(r, AUDIT_HEAD_MISMATCH, r->last_id,
			    "审计记录 #%lld (最后一条) 与链头不符: 最后一条被改写, 或链头被改动", r->last_id);
	}
	return true;
}

static bool check_guards(struct store *s, struct audit_report *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(guards); i++) {
		sqlite3_stmt *st = store_prepare(s, "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
						    "AND name = ? AND tbl_name = ?");
		bool ok;

		sqlite3_bind_text(st, 1, guards[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, guards[i].table, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
		     strstr((const char *)sqlite3_column_text(st, 0), "RAISE(ABORT");
		sqlite3_finalize(st);
		if (!ok)
			return fail(r, AUDIT_PROTECTION_MISSING, 0,
				    "审计记录完好, 但保护触发器 %s 缺失或被改动: 有人绕过 certdesk 改过数据库结构",
				    guards[i].name);
	}
	return true;
}

bool audit_verify(struct store *s, const struct audit_anchor *anchor, struct audit_report *r)
{
	bool anchor_seen = false;

	memset(r, 0, sizeof(*r));
	if (!walk_chain(s, anchor, &anchor_seen, r) || !check_head(s, r))
		return false;
	if (anchor && !anchor_seen)
		return fail(r, AUDIT_ANCHOR_MISMATCH, anchor->id,
			    "外部锚点所指的审计记录 #%lld 不存在 (链中只有 #1 至 #%lld)", anchor->id, r->last_id);
	return check_guards(s, r);
}

void audit_report_release(struct audit_report *r)
{
	xfree(&r->message);
}

bool audit_anchor_parse(const char *text, struct audit_anchor *out)
{
	const char *colon;
	char *end;
	long long id;

	if (!text)
		return false;
	if (text[0] == '#')
		text++;
	colon = strchr(text, ':');
	if (!colon || text[0] < '0' || text[0] > '9')
		return false;
	id = strtoll(text, &end, 10);
	if (end != colon || id <= 0 || !is_hash(colon + 1))
		return false;
	out->id = id;
	memcpy(out->hash, colon + 1, 65);
	return true;
}

/* ---- queries ----------------------------------------------------------- */

static bool two_digits(const char *p, int lo, int hi)
{
	int v;

	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return false;
	v = (p[0] - '0') * 10 + (p[1] - '0');
	return v >= lo && v <= hi;
}

bool audit_time_ok(const char *t)
{
	size_t n = t ? strlen(t) : 0;

	if (n != 10 && n != 16 && n != 19)
		return false;
	for (int i = 0; i < 4; i++)
		if (t[i] < '0' || t[i] > '9')
			return false;
	if (t[4] != '-' || !two_digits(t + 5, 1, 12) || t[7] != '-' || !two_digits(t + 8, 1, 31))
		return false;
	if (n == 10)
		return true;
	if ((t[10] != ' ' && t[10] != 'T') || !two_digits(t + 11, 0, 23) || t[13] != ':' || !two_digits(t + 14, 0, 59))
		return false;
	return n == 16 || (t[16] == ':' && two_digits(t + 17, 0, 60));
}

/* Filter bound as AT_LOCAL below compares ("YYYY-MM-DD HH:MM:SS"). A bare
 * date as the upper bound means the end of that day. */
static char *time_bound(const char *t, bool upper)
{
	char *b = xstrdup(t);

	if (strlen(b) > 10)
		b[10] = ' ';
	if (strlen(b) == 10) {
		char *r = xasprintf("%s %s", b, upper ? "23:59:60" : "00:00:00");
		free(b);
		return r;
	}
	if (strlen(b) == 16) {
		char *r = xasprintf("%s:%s", b, upper ? "60" : "00");
		free(b);
		return r;
	}
	return b;
}

long audit_query(struct store *s, const struct audit_filter *f,
		 void (*fn)(const struct audit_record *rec, void *ud), void *ud, char **err)
{
	struct strbuf sql;
	sqlite3_stmt *st;
	char *from = NULL, *to = NULL, *group = NULL;
	long n = 0;
	int i = 1, rc;

	*err = NULL;
	if ((f->from && !audit_time_ok(f->from)) || (f->to && !audit_time_ok(f->to))) {
		*err = xstrdup("时间应写作 YYYY-MM-DD 或 YYYY-MM-DD HH:MM[:SS]");
		return -1;
	}
	if (f->action && !audit_action_pattern_ok(f->action)) {
		*err = xasprintf("未知的审计动作 \"%s\"", f->action);
		return -1;
	}
	sb_init(&sql);
	sb_adds(&sql, "SELECT * FROM (SELECT a.id, a.at, COALESCE(a.operator_id, 0), o.login, a.actor, a.action, "
		      "a.object, a.detail FROM audit_log a LEFT JOIN operators o ON o.id = a.operator_id WHERE 1");
/* The branch-local "YYYY-MM-DD HH:MM:SS" of a stored time: records before
 * schema 8 hold that form, later ones RFC 3339 with the branch's offset (old
 * records are never rewritten: their time is part of the hash chain). */
#define AT_LOCAL "(substr(a.at, 1, 10) || ' ' || substr(a.at, 12, 8))"
	if (f->from)
		sb_adds(&sql, " AND " AT_LOCAL " >= ?");
	if (f->to)
		sb_adds(&sql, " AND " AT_LOCAL " <= ?");
#undef AT_LOCAL
	if (f->operator_login)
		sb_adds(&sql, " AND (o.login = ? OR a.actor = ?)");
	if (f->action)
		sb_adds(&sql, audit_action_parse(f->action) >= 0 ? " AND a.action = ?"
							       : " AND substr(a.action, 1, length(?)) = ?");
	if (f->object)
		sb_adds(&sql, " AND a.object = ?");
	sb_adds(&sql, " ORDER BY a.id DESC LIMIT ?) ORDER BY 1");
	if (sqlite3_prepare_v2(s->db, sql.s, -1, &st, NULL) != SQLITE_OK) {
		*err = xasprintf("无法读取审计表: %s", store_errmsg(s));
		sb_release(&sql);
		return -1;
	}
	sb_release(&sql);
	if (f->from) {
		from = time_bound(f->from, false);
		sqlite3_bind_text(st, i++, from, -1, SQLITE_STATIC);
	}
	if (f->to) {
		to = time_bound(f->to, true);
		sqlite3_bind_text(st, i++, to, -1, SQLITE_STATIC);
	}
	if (f->operator_login) {
		sqlite3_bind_text(st, i++, f->operator_login, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, i++, f->operator_login, -1, SQLITE_STATIC);
	}
	if (f->action) {
		if (audit_action_parse(f->action) >= 0) {
			sqlite3_bind_text(st, i++, f->action, -1, SQLITE_STATIC);
		} else {
			group = xasprintf("%s.", f->action);
			sqlite3_bind_text(st, i++, group, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, i++, group, -1, SQLITE_STATIC);
		}
	}
	if (f->object)
		sqlite3_bind_text(st, i++, f->object, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i, f->limit > 0 ? f->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_record rec = {
			.id = sqlite3_column_int64(st, 0),
			.at = (const char *)sqlite3_column_text(st, 1),
			.operator_id = sqlite3_column_int64(st, 2),
			.operator_login = (const char *)sqlite3_column_text(st, 3),
			.actor = (const char *)sqlite3_column_text(st, 4),
			.action = (const char *)sqlite3_column_text(st, 5),
			.object = (const char *)sqlite3_column_text(st, 6),
			.detail = (const char *)sqlite3_column_text(st, 7),
		};
		fn(&rec, ud);
		n++;
	}
	if (rc != SQLITE_DONE) {
		*err = xasprintf("读取审计表出错: %s", store_errmsg(s));
		n = -1;
	}
	sqlite3_finalize(st);
	free(from);
	free(to);
	free(group);
	return n;
}

char *audit_format(const struct audit_record *rec)
{
	char shown[CLOCK_SHOWN];
	char *at;

	clock_show(rec->at, true, shown, sizeof(shown));
	at = redact_text(shown);
	char *who = redact_text(rec->operator_login ? rec->operator_login : rec->actor ? rec->actor : "");
	char *action = redact_text(rec->action ? rec->action : "");
	char *object = redact_text(rec->object ? rec->object : "-");
	char *detail = redact_text(rec->detail ? rec->detail : "");
	char *line = xasprintf("#%-6lld %s  %-12s %-16s %s%s%s", rec->id, at, who, action, object,
			       *detail ? "  " : "", detail);

	free(at);
	free(who);
	free(action);
	free(object);
	free(detail);
	return line;
}
