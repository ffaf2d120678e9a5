/* centreapi.h - the centre's interface as one table shared by the branch
 * (`certdesk sync`, src/sync) and the simulator (`certdesk-central`,
 * src/central): the feed's event types and the endpoint paths. See
 * certdesk-api(7). */
#ifndef CERTDESK_CENTREAPI_H
#define CERTDESK_CENTREAPI_H

/* The event types of GET /v1/feed, in the order certdesk-api(7) lists them. */
enum feed_event {
	FEED_ACCEPTED,            /* 成功受理: central_ref, new_serial */
	FEED_REJECTED,            /* 审核不通过: reason */
	FEED_FINAUTH_FAILED,      /* 金融认证失败: reason */
	FEED_SHIPPED,             /* 已寄出: carrier, tracking_no */
	FEED_REFUNDED,            /* 已退费: amount_cents */
	FEED_PIN_ISSUED,          /* PIN 码已发送: method, recipient, mobile_last4 | amount, account_last4 */
	FEED_INVOICE_ISSUED,      /* 电子发票已开具: link */
	FEED_REVOKED,             /* 原证书已吊销: serial, revoked_at */
	FEED__COUNT
};

/* The code on the wire ("accepted" …) of an event type. */
const char *feed_event_code(enum feed_event e);
/* The event type of a code; -1 for a code this version does not know. */
int feed_event_parse(const char *code);

/* Endpoint paths (printf formats where they take the application number). */
#define CENTRE_PATH_SUBMIT        "/v1/applications"
#define CENTRE_PATH_FINAUTH       "/v1/applications/%s/finauth"
#define CENTRE_PATH_REFUND        "/v1/applications/%s/refund"
#define CENTRE_PATH_ATTACHMENT    "/v1/applications/%s/attachments/%s?kind=%s&name=%s"
#define CENTRE_PATH_FEED          "/v1/feed?after=%s&limit=500"
#define CENTRE_PATH_CERTIFICATES  "/v1/certificates?serial=%s"
#define CENTRE_PATH_IDV           "/v1/idv/sessions"
#define CENTRE_PATH_IDV_ONE       "/v1/idv/sessions/%s"
#define CENTRE_PATH_PAYMENTS      "/v1/payments"
#define CENTRE_PATH_PAYMENT_ONE   "/v1/payments/%s"

#endif
