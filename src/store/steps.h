/* steps.h - what the journey's 身份核验 and 支付 steps record on an
 * application (idv_*, pay_*, fee_cents, pin_delivery), whether each step is
 * done, and the guide's texts the step screens show (data/steps.tsv, the FAQ
 * in data/faq.txt). No curses: the screens and the tests call these. */
#ifndef CERTDESK_STEPS_H
#define CERTDESK_STEPS_H

#include <stdbool.h>

struct store;

/* idv_method values */
#define IDV_METHOD_QR "qr"                 /* the agent scanned the centre's code */
#define IDV_METHOD_IN_PERSON "in_person"   /* the clerk checked the original ID card */

/* Record an identity verification: idv_method, idv_status (pending | passed |
 * failed | expired), idv_session (the centre's session id, NULL in person),
 * idv_at (now), idv_by (the operator), and one audit entry "app.idv" (method
 * and status; no personal data). false with *err (Chinese, caller frees). */
bool steps_idv_record(struct store *s, long long app_id, const char *method, const char *status,
		      const char *session, long long operator_id, char **err);

/* The clerk saw the agent's original ID card and re-typed its number: it must
 * equal the application's agent_id (letters compared in upper case, spaces
 * ignored); then recorded as passed in person. false with *err otherwise
 * (nothing recorded). */
bool steps_idv_in_person(struct store *s, long long app_id, const char *typed_id, long long operator_id,
			 char **err);

/* NULL when the identity is verified (idv_status passed), else why not
 * (Chinese, caller frees). */
char *steps_idv_missing(struct store *s, long long app_id);

/* pay_status values */
#define PAY_UNPAID "unpaid"
#define PAY_PAID "paid"
#define PAY_PENDING "pending_transfer"   /* 对公账号付款: 待到账 */
#define PAY_CONFIRMED "confirmed"        /* the centre saw the transfer */
#define PAY_FREE "free"                  /* 补办费用 0: no payment */

struct steps_pay {
	const char *method;       /* wechat | alipay | transfer | none (free) */
	const char *status;       /* one of PAY_* */
	const char *order_no;     /* the centre's order number (NULL when free) */
	const char *paid_at;      /* when paid / confirmed, else NULL */
	long fee_cents;
	const char *pin_delivery; /* the PIN-delivery rule shown, for the summary */
};

/* Store pay_method, pay_status, pay_order_no, paid_at, fee_cents and
 * pin_delivery, and one audit entry "app.pay" (method, status, order, fee). */
bool steps_pay_record(struct store *s, long long app_id, const struct steps_pay *p, long long operator_id,
		      char **err);

/* NULL when the 支付 step lets the journey go on (paid, confirmed, free, or
 * a transfer 待到账: the centre confirms it during its review), else why not. */
char *steps_pay_missing(struct store *s, long long app_id);

/* 中文 name of a pay_status / pay_method value ("待到账", "微信支付" …);
 * the code itself when unknown. */
const char *steps_pay_status_name(const char *status);
const char *steps_pay_method_name(const char *method);
/* Any recorded code of these steps in Chinese, by column (pay_status,
 * pay_method, idv_method, idv_status); other columns and unknown codes are
 * returned as they are. Static or the argument. */
const char *steps_value_name(const char *column, const char *value);

/* The 补办费用 of the application in fen: 证书金额 + 介质费用 of its
 * cert_type in data/fees.tsv. false with *err when the type is not in the
 * table. *type_code (may be NULL) gets the type's code (caller frees). */
bool steps_fee(struct store *s, long long app_id, long *cents, char **type_code, char **err);

/* The 打印申请表 … 支付 part of the 提交 summary, as lines of text (caller
 * frees): prints, current attachments, identity verification (method, result,
 * time), payment (method, status, order, fee) and the PIN-delivery rule. */
char *steps_summary(struct store *s, long long app_id);

/* A text of data/steps.tsv (key TAB text; "\n" in the text is a line
 * break), caller frees; NULL when the key is not there. */
char *steps_text(const char *key);
/* The same from the file PATH, read as a data file by core/tabfile: blank
 * lines and '#' comments anywhere; a line without a tab has no text; the
 * first line with the key wins. */
char *steps_text_in(const char *path, const char *key);

/* The PIN-delivery rule of the guide for METHOD (wechat | alipay | transfer)
 * and certificate type code of data/fees.tsv (organisation | personal |
 * org_personal): the steps.tsv text
 * pin.METHOD.TYPE, else pin.METHOD. Caller frees; NULL when none. */
char *steps_pin_rule(const char *method, const char *type_code);

/* The answer of data/faq.txt whose question contains TOPIC (e.g.
 * "实名电信认证无法通过"); caller frees; NULL when none. */
char *steps_faq_answer(const char *topic);

#endif
