/* orders.h - 我的业务单: the filtered, paged application list, the actions each
 * status allows (编辑, 金融认证, 申请退费, 查看详情, 作废) and the detail view.
 * Headless: the list and detail screens, `certdesk export` and tests use it. */
#ifndef CERTDESK_ORDERS_H
#define CERTDESK_ORDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/appno.h"
#include "core/status.h"

struct store;
struct sqlite3_stmt;

/* X(enum, code, 中文 label, short label (80 columns), the status rule that
 * shows it (core/status.h; 0: every status), only when paid) — the 操作
 * column, in display order. */
#define ORDER_ACTION_TABLE(X)                                                \
	X(ACT_RESUME, "resume", "继续填写", "继续", SR_RESUME, false)        \
	X(ACT_EDIT, "edit", "编辑", "编辑", SR_REWORK, false)                \
	X(ACT_FINAUTH, "finauth", "金融认证", "金融认证", SR_FINAUTH, false) \
	X(ACT_REFUND, "refund", "申请退费", "退费", SR_REFUND, true)         \
	X(ACT_VIEW, "view", "查看详情", "详情", 0, false)                    \
	X(ACT_VOID, "void", "作废", "作废", SR_VOID, false)

enum order_action {
#define X(e, code, name, short_name, rule, paid) e,
	ORDER_ACTION_TABLE(X)
#undef X
	ACT__COUNT
};
#define ACT_BIT(a) (1u << (a))

const char *order_action_code(enum order_action a);
const char *order_action_name(enum order_action a);
const char *order_action_short(enum order_action a);   /* where 80 columns leave no room */
/* The actions STATUS allows (bit set of ACT_BIT), from the status table's
 * rules; PAID: the fee was paid. */
unsigned order_actions(enum app_status status, bool paid);

/* 业务类型: code stored in applications.business_type and its 中文 name. */
const char *order_business_type_name(const char *code);   /* unknown codes come back as given */
const char *order_business_type_parse(const char *s);    /* code or 中文 → code; NULL unknown */
/* The I-th business type's code (and *name, 中文) for a filter's choices;
 * NULL past the last. */
const char *order_business_type_at(size_t i, const char **name);

/* The list's filters; NULL/empty/0/-1 = no filter. Strings are borrowed. */
struct order_filter {
	const char *app_no;        /* 业务单号: prefix of the 18-digit number */
	const char *business_type; /* 业务类型: code */
	const char *subject;       /* 主题: substring of 机构名称 / the certificate holder */
	int status;                /* 状态: enum app_status, -1 all */
	const char *from, *to;     /* 开始时间/结束时间: "YYYY-MM-DD", inclusive, on the creation date */
	long long clerk;           /* operator id of the creator, 0 all */
};
void order_filter_init(struct order_filter *f);
/* "" when valid, else why (static Chinese text): malformed date, from after to. */
const char *order_filter_check(const struct order_filter *f);

struct order_row {
	long long id;
	long seq;                  /* 序号: 1-based position in the filtered list */
	char app_no[APPNO_LEN + 1];/* 申请单号 */
	const char *business_type; /* 业务类型, 中文 (static) */
	char *subject;             /* 主题 */
	long long fee_cents;       /* 金额 */
	char created[20], updated[20];  /* 创建日期, 更新日期: "YYYY-MM-DD HH:MM:SS" */
	enum app_status status;    /* 状态 (status_name/status_colour) */
	unsigned actions;          /* 操作: ACT_BIT set */
	char *clerk_login;         /* who entered it */
	char *agent;               /* 经办人, masked, and the masked mobile: "王*明 138****1234" */
};

struct order_page {
	struct order_row *rows;
	size_t n;
};

/* Rows matching F, newest first, the window [offset, offset+limit). Each
 * call is one indexed query: a screen keeps one window and asks again as it
 * scrolls. Release with order_page_release. */
bool orders_page(struct store *s, const struct order_filter *f, long offset, int limit, struct order_page *out,
		 char **err);
long orders_count(struct store *s, const struct order_filter *f);
/* The statement "SELECT <select> FROM applications a LEFT JOIN operators o (the
 * creator) LEFT JOIN operators ap (the approver) WHERE <F> <tail>" with F's
 * parameters bound, for callers that walk every matching row (exports,
 * totals). F must pass order_filter_check. Caller finalizes. */
struct sqlite3_stmt *orders_query(struct store *s, const struct order_filter *f, const char *select, const char *tail);
void order_page_release(struct order_page *p);

/* Amount as "480.00" into out. */
void order_amount(long long cents, char out[32]);

/* Actions. Each is refused with a Chinese reason (*err, caller frees) when
 * the status does not allow it; each is recorded in the history and audit log. */
/* 编辑 then resubmit: 退回修改 / 审核不通过 (or 草稿) → 待审核. */
bool orders_resubmit(struct store *s, long long app_id, long long operator_id, char **err);
/* 金融认证: in 金融认证失败, replace only the bank information and send it back
 * to the centre (→ 待同步, outbox 'finauth') without a second full review.
 * The values are those of the form's bank section, checked by its section
 * rule (formstate_section_ok) first: the TUI's 金融认证 is the form screen on
 * that section (screen_form_section_ops). */
struct order_bank {
	const char *account_name;  /* 基本户名称 */
	const char *bank_name;     /* 基本户开户行 */
	const char *bank_code;     /* 联行号 (may be NULL) */
	const char *account;       /* 基本户账号 */
	const char *account_confirm; /* 再次输入 (not written: the confirmation stored is the account) */
};
/* The effect of 金融认证 re-entry on values already checked by the form's bank
 * section rule (trimmed, required present, 基本户名称 = 单位名称): in 金融认证失败
 * only, by a clerk; writes the bank fields (confirmation = account), → 待同步
 * with its history and audit row and the outbox 'finauth' entry, in one
 * transaction. */
bool orders_finauth_resubmit(struct store *s, long long app_id, long long operator_id,
			     const struct order_bank *bank, char **err);
/* 申请退费 with a required reason (→ 申请退费, outbox 'refund'); only paid applications. */
bool orders_refund(struct store *s, long long app_id, long long operator_id, const char *reason, char **err);
/* 作废 a draft (reason optional). */
bool orders_void(struct store *s, long long app_id, long long operator_id, const char *reason, char **err);

/* 查看详情: everything entered, grouped as on the form, attachments, the
 * history timeline. What is shown, in which group and with which label, is
 * the caller's list (form/shown.h form_shown_fields: the form and the
 * column-roles table). */
struct detail_spec {
	const char *group, *column, *label;
	bool division;             /* a GB/T 2260 code: shown as its names (广东省 深圳市 南山区) */
};
struct detail_field {
	char *group, *column, *label;
	char *value;               /* masked unless loaded with unmask; NULL when empty */
};
struct detail_attachment {
	long long id;
	char *kind, *name, *mime, *sha256, *created_at;
	long long size;
	long long print_id;        /* the printed form's version it scans (0: none) */
	char *print_at;
	bool superseded;
};
struct detail_event {            /* one status_history row, oldest first */
	char *at, *actor, *operator_name;   /* operator_name NULL for the centre and processes */
	int from;                    /* enum app_status, -1 for the creation */
	enum app_status to;
	char *reason;
};
struct order_detail {
	long long id;
	char app_no[APPNO_LEN + 1];
	enum app_status status;
	unsigned actions;
	long long revision;          /* for review_approve */
	const char *business_type;
	char *created_at, *updated_at, *clerk_login, *clerk_name, *approved_by, *approved_at;
	char *claimed_by, *claimed_at;
	char *return_reason, *central_reason, *warnings, *tracking;
	char **return_fields;        /* NULL-terminated; where the clerk lands after 退回修改 */
	char *duplicate_warning;     /* review_duplicate_warning(), may be NULL */
	struct detail_field *fields;
	size_t nfields;
	struct detail_attachment *attachments;
	size_t nattachments;
	struct detail_event *history;
	size_t nhistory;
};
/* unmask: show sensitive values in full (the review screen, where the
 * supervisor checks them against the scans); false masks them (查看详情). */
bool order_detail_load(struct store *s, long long app_id, bool unmask, const struct detail_spec *shown,
		       size_t nshown, struct order_detail *d, char **err);
void order_detail_release(struct order_detail *d);

/* The export's 申请信息: the applications matching F (which must pass
 * order_filter_check), oldest first, each with the values of SHOWN as
 * 查看详情 shows them masked. One statement streams them: constant memory.
 * order_details_next returns the values (one per spec, NULL when empty or
 * the table has no such column; valid until the next call) and sets
 * *app_no, or NULL after the last. SHOWN must outlive the cursor. */
struct detail_cursor;
struct detail_cursor *order_details_open(struct store *s, const struct order_filter *f,
					 const struct detail_spec *shown, size_t nshown);
char *const *order_details_next(struct detail_cursor *c, const char **app_no);
void order_details_close(struct detail_cursor *c);      /* NULL is fine */

/* 显示完整信息: a supervisor asks for the full values of COLUMNS of APP_ID
 * where a list masks them. Refused (with *err) to anyone else; audited as
 * app.unmask with the column names (never the values) before anything is
 * returned. values[i] (caller frees each, then the array) is NULL when empty. */
bool orders_unmask(struct store *s, long long app_id, long long operator_id, const char *const *columns,
		   size_t n, char ***values, char **err);

/* How a column is masked in lists, exports and details: store/columns.h
 * (column_mask, column_mask_apply). */

#endif
