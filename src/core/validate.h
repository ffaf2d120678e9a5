/* validate.h - the field validators: each returns the normalised value or a
 * precise Chinese message (and sometimes a warning that does not block). */
#ifndef CERTDESK_VALIDATE_H
#define CERTDESK_VALIDATE_H

#include <stdbool.h>

/* X(enum, name used by `certdesk validate` and forms/, 中文名) */
#define VKIND_TABLE(X)                          \
	X(V_TEXT, "text", "文本")                   \
	X(V_NAME, "name", "姓名/名称")              \
	X(V_ID, "id", "公民身份号码")               \
	X(V_USCC, "uscc", "统一社会信用代码")       \
	X(V_TAXID, "taxid", "纳税人识别号")         \
	X(V_MOBILE, "mobile", "移动电话")           \
	X(V_EMAIL, "email", "电子邮箱")             \
	X(V_POSTCODE, "postcode", "邮政编码")       \
	X(V_SERIAL, "serial", "证书序列号")         \
	X(V_ACCOUNT, "account", "银行账号")         \
	X(V_CNAPS, "cnaps", "联行号")               \
	X(V_APPNO, "appno", "申请单号")

enum vkind {
#define X(e, name, zh) e,
	VKIND_TABLE(X)
#undef X
	V__COUNT
};

struct vresult {
	char *value;     /* normalised value when valid (caller frees via vresult_release) */
	char *error;     /* why it is invalid, Chinese; NULL when valid */
	char *warning;   /* valid but worth a look (e.g. unknown region code); may be NULL */
};

/* Validate INPUT as KIND. Returns true when valid (r->value set). The input
 * is UTF-8 as typed; leading/trailing white space is ignored. */
bool validate(enum vkind kind, const char *input, struct vresult *r);
void vresult_release(struct vresult *r);

int vkind_parse(const char *name);           /* -1 when unknown */
const char *vkind_name(enum vkind kind);
const char *vkind_zh(enum vkind kind);

/* Optional: tells the ID validator whether a six-digit region code exists
 * (the GB/T 2260 table in the store). Without it only the province is checked. */
void validate_set_region_lookup(bool (*known)(const char *code6, void *ud), void *ud);

/* The day birth dates are compared with (tests pin it). year 0: the system's
 * local date again. */
void validate_set_today(int year, int month, int day);

/* Limits in characters (code points) after normalisation. */
#define VALIDATE_NAME_MAX 100
#define VALIDATE_TEXT_MAX 500
#define VALIDATE_ID_MAX_AGE 130

#endif
