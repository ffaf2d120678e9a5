/* columns.c - the column-roles table (store/columns.h). */
#include "store/columns.h"
#include "core/mask.h"
#include "core/util.h"

#include <string.h>

#define F COL_FORM
#define I COL_INTERNAL
#define S COL_SENT
#define C COL_CENTRE
#define K COL_CONFIRM
/* a column of the form: its label and group (section) are the form's */
#define APP(col, roles, mask) { "applications", col, roles, mask, NULL, NULL }
/* a column the form does not label, shown in 查看详情 and 审核 under GROUP as LABEL */
#define SHOWN(col, roles, mask, group, label) { "applications", col, roles, mask, group, label }
#define ATT(col, roles) { "attachments", col, roles, MASK_NONE, NULL, NULL }

static const struct column_def defs[] = {
	APP("id", I, MASK_NONE),
	APP("app_no", I | S, MASK_NONE),
	APP("business_type", I | S, MASK_NONE),
	APP("status", I, MASK_NONE),
	APP("created_by", I, MASK_NONE),
	APP("last_edited_by", I, MASK_NONE),
	APP("created_at", I | S, MASK_NONE),
	APP("updated_at", I, MASK_NONE),
	APP("screen", I, MASK_NONE),
	SHOWN("consent_tos_version", F | S, MASK_NONE, "协议", "电子认证服务协议版本"),
	SHOWN("consent_privacy_version", F | S, MASK_NONE, "协议", "敏感个人信息授权书版本"),
	SHOWN("consent_at", F | S, MASK_NONE, "协议", "同意时间"),
	APP("cert_serial", F | S, MASK_NONE),
	APP("cert_type", F | S, MASK_NONE),
	APP("cert_holder", F | S, MASK_NONE),
	APP("cert_valid_from", F | S, MASK_NONE),
	APP("cert_valid_to", F | S, MASK_NONE),
	APP("cert_status", F | S, MASK_NONE),
	APP("org_name", F | S, MASK_NONE),
	APP("org_doc_type", F | S, MASK_NONE),
	APP("org_doc_no", F | S, MASK_NONE),
	APP("org_region", F | S, MASK_NONE),
	APP("org_address", F | S, MASK_ADDRESS),
	APP("auth_method", F | S, MASK_NONE),
	APP("legal_name", F | S, MASK_NONE),
	APP("legal_id", F | S, MASK_ID),
	APP("agent_name", F | S, MASK_NONE),
	APP("agent_id", F | S, MASK_ID),
	APP("agent_mobile", F | S, MASK_MOBILE),
	APP("agent_email", F | S, MASK_EMAIL),
	APP("agent_title", F | S, MASK_NONE),
	APP("applicant_name", F | S, MASK_NONE),
	APP("applicant_id", F | S, MASK_ID),
	APP("applicant_mobile", F | S, MASK_MOBILE),
	APP("applicant_email", F | S, MASK_EMAIL),
	APP("bank_account_name", F | S, MASK_NONE),
	APP("bank_name", F | S, MASK_NONE),
	SHOWN("bank_code", F | S, MASK_NONE, "金融认证信息", "联行号"),
	APP("bank_account", F | S, MASK_ACCOUNT),
	APP("bank_account_confirm", F | S | K, MASK_ACCOUNT),
	APP("mail_region", F | S, MASK_NONE),
	APP("mail_address", F | S, MASK_ADDRESS),
	APP("mail_postcode", F | S, MASK_NONE),
	APP("invoice_kind", F | S, MASK_NONE),
	APP("invoice_purpose", F | S, MASK_NONE),
	APP("invoice_title", F | S, MASK_NONE),
	APP("invoice_taxid", F | S, MASK_NONE),
	/* the payment and identity steps write these, not the form */
	SHOWN("fee_cents", I | S, MASK_NONE, "支付信息", "补办费用 (元)"),
	SHOWN("pay_method", I | S, MASK_NONE, "支付信息", "支付方式"),
	SHOWN("pay_status", I | S, MASK_NONE, "支付信息", "支付状态"),
	SHOWN("pay_order_no", I | S, MASK_NONE, "支付信息", "订单编号"),
	SHOWN("paid_at", I | S, MASK_NONE, "支付信息", "支付时间"),
	SHOWN("idv_method", I | S, MASK_NONE, "身份核验", "核验方式"),
	SHOWN("idv_status", I | S, MASK_NONE, "身份核验", "核验结果"),
	APP("idv_session", I | S, MASK_NONE),
	SHOWN("idv_at", I | S, MASK_NONE, "身份核验", "核验时间"),
	APP("idv_by", I, MASK_NONE),
	APP("warnings", I, MASK_NONE),
	APP("return_reason", I, MASK_NONE),
	APP("return_fields", I, MASK_NONE),
	APP("claimed_by", I, MASK_NONE),
	APP("claimed_at", I, MASK_NONE),
	APP("approved_by", I, MASK_NONE),
	APP("approved_at", I | S, MASK_NONE),
	SHOWN("central_ref", C, MASK_NONE, "中心回执", "中心受理编号"),
	APP("central_reason", C, MASK_NONE),
	SHOWN("pin_delivery", C, MASK_NONE, "中心回执", "PIN 码发送方式"),
	SHOWN("invoice_link", C, MASK_NONE, "中心回执", "电子发票"),
	SHOWN("carrier", C, MASK_NONE, "中心回执", "快递公司"),
	SHOWN("tracking_no", C, MASK_NONE, "中心回执", "快递单号"),
	SHOWN("revoked_at", C, MASK_NONE, "中心回执", "原证书吊销时间"),
	SHOWN("sync_error", C, MASK_NONE, "中心回执", "同步错误"),
	APP("revision", I, MASK_NONE),

	/* the scans: their description travels with the submission, the
	 * content when the centre asks for it */
	ATT("id", I),
	ATT("app_id", I),
	ATT("kind", I | S),
	ATT("name", I | S),
	ATT("mime", I | S),
	ATT("size", I | S),
	ATT("sha256", I | S),
	ATT("width", I),
	ATT("height", I),
	ATT("print_id", I),
	ATT("content", I | S),
	ATT("created_by", I),
	ATT("created_at", I),
	ATT("superseded_at", I),
};

#undef F
#undef I
#undef S
#undef C
#undef K

const struct column_def *columns_all(size_t *n)
{
	*n = ARRAY_SIZE(defs);
	return defs;
}

const struct column_def *column_find(const char *table, const char *column)
{
	if (!table || !column)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(defs); i++)
		if (!strcmp(defs[i].column, column) && !strcmp(defs[i].table, table))
			return &defs[i];
	return NULL;
}

bool column_has(const char *table, const char *column, enum column_role role)
{
	const struct column_def *d = column_find(table, column);

	return d && (d->roles & role);
}

enum column_mask column_mask(const char *column)
{
	const struct column_def *d = column_find("applications", column);

	return d ? d->mask : MASK_NONE;
}

static const char *const mask_names[] = {
	[MASK_NONE] = NULL, [MASK_ID] = "id", [MASK_MOBILE] = "mobile", [MASK_ACCOUNT] = "account",
	[MASK_EMAIL] = "email", [MASK_ADDRESS] = "address", [MASK_NAME] = "name",
};

const char *column_mask_name(enum column_mask m)
{
	return (size_t)m < ARRAY_SIZE(mask_names) ? mask_names[m] : NULL;
}

char *column_mask_apply(enum column_mask m, const char *value)
{
	if (!value)
		return NULL;
	switch (m) {
	case MASK_NONE:
		return xstrdup(value);
	case MASK_ID:
		return mask_id(value);
	case MASK_MOBILE:
		return mask_mobile(value);
	case MASK_ACCOUNT:
		return mask_account(value);
	case MASK_EMAIL:
		return mask_email(value);
	case MASK_ADDRESS:
		return mask_address(value);
	case MASK_NAME:
		return mask_name(value);
	}
	return xstrdup("****");    /* never the value itself */
}
