/* status.h - the application lifecycle vocabulary: one table of statuses,
 * their Chinese names and colours, and the allowed transitions. */
#ifndef CERTDESK_STATUS_H
#define CERTDESK_STATUS_H

#include <stdbool.h>

/* X(enum, code stored in the database, 中文名, colour: 0 default 1 red 2 green 3 yellow 4 blue 5 magenta 6 cyan) */
#define STATUS_TABLE(X)                                  \
	X(ST_DRAFT, "draft", "草稿", 0)                       \
	X(ST_PENDING, "pending", "待审核", 3)                 \
	X(ST_RETURNED, "returned", "退回修改", 1)             \
	X(ST_APPROVED, "approved", "已审核", 6)               \
	X(ST_QUEUED, "queued", "待同步", 6)                   \
	X(ST_SYNCED, "synced", "已提交", 4)                   \
	X(ST_ACCEPTED, "accepted", "成功受理", 2)             \
	X(ST_REJECTED, "rejected", "审核不通过", 1)           \
	X(ST_FINAUTH_FAILED, "finauth_failed", "金融认证失败", 1) \
	X(ST_SHIPPED, "shipped", "已寄出", 2)                 \
	X(ST_COMPLETED, "completed", "已完成", 2)             \
	X(ST_REFUND_REQUESTED, "refund_requested", "申请退费", 5) \
	X(ST_REFUNDED, "refunded", "已退费", 5)               \
	X(ST_VOIDED, "voided", "已作废", 0)

enum app_status {
#define X(e, code, name, colour) e,
	STATUS_TABLE(X)
#undef X
	ST__COUNT
};

const char *status_code(enum app_status st);
const char *status_name(enum app_status st);       /* 中文 */
int status_colour(enum app_status st);
/* Parse a database code or a Chinese name; -1 when unknown. */
int status_parse(const char *s);
/* Is from -> to a transition of the lifecycle? */
bool status_can(enum app_status from, enum app_status to);

#endif
