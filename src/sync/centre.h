/* centre.h - the central endpoint's identity-verification sessions and payment
 * orders for the 身份核验 and 支付 screens (certdesk-api(7)). Each call is one
 * short request ([central] lookup_timeout, no retries): the screens poll. */
#ifndef CERTDESK_CENTRE_H
#define CERTDESK_CENTRE_H

#include <stdbool.h>

struct conf;

/* Strings owned by the struct; release with idv_session_release. */
struct idv_session {
	char *id;
	char *status;             /* pending | passed | failed | expired */
	char *reason;             /* failed: why (Chinese), else NULL */
	char *qr_payload;         /* draw as a QR code for the agent's WeChat */
	char *expires_at;
};

/* Start a session for the agent NAME (app_no may be NULL). false with *err. */
bool centre_idv_start(const struct conf *c, const char *app_no, const char *name, struct idv_session *out,
		      char **err);
bool centre_idv_poll(const struct conf *c, const char *id, struct idv_session *out, char **err);
void idv_session_release(struct idv_session *s);

struct pay_order {
	char *order_no;
	char *method;             /* wechat | alipay | transfer */
	char *status;             /* unpaid | paid | pending_transfer | confirmed */
	long amount_cents;
	char *qr_payload;         /* wechat/alipay: draw as a QR code; NULL for transfer */
	char *paid_at;
	/* transfer: the instructions to show (NULL otherwise) */
	char *to_account_name, *to_bank, *to_account, *to_amount, *memo;
};

/* Create (or get again: same application and method) the order. */
bool centre_pay_create(const struct conf *c, const char *app_no, const char *method, long amount_cents,
		       struct pay_order *out, char **err);
bool centre_pay_poll(const struct conf *c, const char *order_no, struct pay_order *out, char **err);
void pay_order_release(struct pay_order *o);

#endif
