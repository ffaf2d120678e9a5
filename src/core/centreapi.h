/* centreapi.h - the centre's interface as one table shared by the branch
 * (`certdesk sync`, src/sync) and the simulator (`certdesk-central`,
 * src/central): the feed's event types and the endpoint paths. See
 * certdesk-api(7). */
#ifndef CERTDESK_CENTREAPI_H
#define CERTDESK_CENTREAPI_H

#include <stdbool.h>

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

/* Endpoint paths (printf formats where they take the application number).
 * A "%s" path segment is a parameter; what follows '?' is the query. */
#define CENTRE_PATH_SUBMIT        "/v1/applications"
#define CENTRE_PATH_APPLICATION   "/v1/applications/%s"
#define CENTRE_PATH_FINAUTH       "/v1/applications/%s/finauth"
#define CENTRE_PATH_REFUND        "/v1/applications/%s/refund"
#define CENTRE_PATH_ATTACHMENT    "/v1/applications/%s/attachments/%s?kind=%s&name=%s"
#define CENTRE_PATH_FEED          "/v1/feed?after=%s&limit=500"
#define CENTRE_PATH_CERTIFICATES  "/v1/certificates?serial=%s"
#define CENTRE_PATH_IDV           "/v1/idv/sessions"
#define CENTRE_PATH_IDV_ONE       "/v1/idv/sessions/%s"
#define CENTRE_PATH_PAYMENTS      "/v1/payments"
#define CENTRE_PATH_PAYMENT_ONE   "/v1/payments/%s"

/* The endpoints, in the order certdesk-api(7) lists them. */
enum centre_endpoint {
	CE_CERTIFICATES,          /* GET  /v1/certificates?serial= */
	CE_SUBMIT,                /* POST /v1/applications */
	CE_APPLICATION,           /* GET  /v1/applications/APP_NO */
	CE_ATTACHMENT,            /* PUT  /v1/applications/APP_NO/attachments/SHA256?kind=&name= */
	CE_FINAUTH,               /* POST /v1/applications/APP_NO/finauth */
	CE_REFUND,                /* POST /v1/applications/APP_NO/refund */
	CE_FEED,                  /* GET  /v1/feed?after=&limit= */
	CE_IDV,                   /* POST /v1/idv/sessions */
	CE_IDV_ONE,               /* GET  /v1/idv/sessions/ID */
	CE_PAYMENTS,              /* POST /v1/payments */
	CE_PAYMENT_ONE,           /* GET  /v1/payments/ORDER_NO */
	CE__COUNT
};

struct centre_endpoint_def {
	const char *method;       /* "GET", "POST", "PUT" */
	const char *path;         /* one of CENTRE_PATH_* */
};

/* The row of an endpoint (NULL for a value out of range). */
const struct centre_endpoint_def *centre_endpoint(enum centre_endpoint e);
/* Its method: what certdesk sync sends and certdesk-central routes on. */
const char *centre_method(enum centre_endpoint e);

/* A request path split into its segments ("/v1//feed/" is v1, feed: empty
 * segments are dropped, as is a query after '?'). */
#define CENTRE_PATH_MAX_SEGS 8
#define CENTRE_PATH_MAX_ARGS 4
struct centre_path {
	int n;                    /* segments; CENTRE_PATH_MAX_SEGS + 1: too many */
	char *seg[CENTRE_PATH_MAX_SEGS];
	char *copy;               /* owned */
};
void centre_path_split(struct centre_path *p, const char *url);
void centre_path_release(struct centre_path *p);

/* Whether P has the segments of PATTERN (a CENTRE_PATH_* format or one in
 * its shape: "%s" segments match any segment, the query is not looked at).
 * On a match ARGS[0..] get the "%s" segments in order (pointers into P;
 * at most CENTRE_PATH_MAX_ARGS) and *NARGS (may be NULL) their number. */
bool centre_path_match(const char *pattern, const struct centre_path *p, const char *args[CENTRE_PATH_MAX_ARGS],
		       int *nargs);

/* The endpoint METHOD + P is, with its arguments; -1 when none is. */
int centre_endpoint_match(const char *method, const struct centre_path *p, const char *args[CENTRE_PATH_MAX_ARGS]);

#endif
