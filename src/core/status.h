/* status.h - the application lifecycle vocabulary: one table of statuses,
 * their Chinese names and colours, what each allows (status_allows), and the
 * allowed transitions. */
#ifndef CERTDESK_STATUS_H
#define CERTDESK_STATUS_H

#include <stdbool.h>

/* The rules a status carries (bits of the table's last column): what may be
 * done to an application while it is in that status. */
enum status_rule {
	SR_EDIT = 1 << 0,     /* every field may change (app_set_fields) */
	SR_FINAUTH = 1 << 1,  /* 金融认证 re-entry: only the bank fields may change, then it goes
			       * back to the centre (→ 待同步) without a second review; list: 金融认证 */
	SR_REOPEN = 1 << 2,   /* a change (field or attachment) voids the approval: → 待审核 */
	SR_ATTACH = 1 << 3,   /* scans may be uploaded or replaced */
	SR_SUBMIT = 1 << 4,   /* may be submitted for review (→ 待审核) */
	SR_REVIEW = 1 << 5,   /* in the review queue: claimed, approved, returned */
	SR_REFUND = 1 << 6,   /* a paid application may ask for a refund; list: 申请退费 */
	SR_RESUME = 1 << 7,   /* still being filled in: the form's defaults apply; list: 继续填写 */
	SR_REWORK = 1 << 8,   /* sent back to be corrected and resubmitted; list: 编辑 */
	SR_VOID = 1 << 9,     /* may be voided from the list (作废) */
	SR_PRINT = 1 << 10,   /* the application form may be printed */
	SR_SEND = 1 << 11,    /* waits in the outbox: once the centre has it, → 已提交 */
};

/* X(enum, code stored in the database, 中文名, colour: 0 default 1 red 2 green 3 yellow 4 blue 5 magenta 6 cyan,
 *   rules: enum status_rule bits) */
#define STATUS_TABLE(X)                                                                                                 \
	X(ST_DRAFT, "draft", "草稿", 0, SR_EDIT | SR_ATTACH | SR_PRINT | SR_SUBMIT | SR_RESUME | SR_VOID)               \
	X(ST_PENDING, "pending", "待审核", 3, SR_EDIT | SR_ATTACH | SR_PRINT | SR_REVIEW)                               \
	X(ST_RETURNED, "returned", "退回修改", 1, SR_EDIT | SR_ATTACH | SR_PRINT | SR_SUBMIT | SR_REWORK)               \
	X(ST_APPROVED, "approved", "已审核", 6, SR_EDIT | SR_ATTACH | SR_PRINT | SR_REOPEN)                             \
	X(ST_QUEUED, "queued", "待同步", 6, SR_PRINT | SR_SEND)                                                         \
	X(ST_SYNCED, "synced", "已提交", 4, SR_PRINT | SR_REFUND)                                                       \
	X(ST_ACCEPTED, "accepted", "成功受理", 2, SR_PRINT | SR_REFUND)                                                 \
	X(ST_REJECTED, "rejected", "审核不通过", 1, SR_EDIT | SR_ATTACH | SR_PRINT | SR_SUBMIT | SR_REWORK | SR_REFUND) \
	X(ST_FINAUTH_FAILED, "finauth_failed", "金融认证失败", 1, SR_FINAUTH | SR_ATTACH | SR_PRINT | SR_REFUND)        \
	X(ST_SHIPPED, "shipped", "已寄出", 2, SR_PRINT)                                                                 \
	X(ST_COMPLETED, "completed", "已完成", 2, SR_PRINT)                                                             \
	X(ST_REFUND_REQUESTED, "refund_requested", "申请退费", 5, SR_PRINT)                                             \
	X(ST_REFUNDED, "refunded", "已退费", 5, SR_PRINT)                                                               \
	X(ST_VOIDED, "voided", "已作废", 0, 0)

enum app_status {
#define X(e, code, name, colour, rules) e,
	STATUS_TABLE(X)
#undef X
	ST__COUNT
};

const char *status_code(enum app_status st);
const char *status_name(enum app_status st);       /* 中文 */
int status_colour(enum app_status st);
/* Parse a database code or a Chinese name; -1 when unknown. */
int status_parse(const char *s);
/* Does ST carry RULE (one enum status_rule)? False for an unknown status
 * (st < 0 included). */
bool status_allows(int st, enum status_rule rule);
/* Is from -> to a transition of the lifecycle? */
bool status_can(enum app_status from, enum app_status to);

#endif
