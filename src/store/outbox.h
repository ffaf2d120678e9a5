/* outbox.h - the store's side of the exchange with the centre (src/sync):
 * the outbox and what a push sends (the COL_SENT columns of store/columns.h),
 * what the feed writes back (the COL_CENTRE columns), the feed events this
 * version cannot apply (kept, never dropped), the refused applications, and
 * the certificate cache. No network here; see certdesk-api(7). */
#ifndef CERTDESK_OUTBOX_H
#define CERTDESK_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include "core/appno.h"

struct store;

/* One undelivered outbox row and its application's number. */
struct outbox_row {
	long long id, app_id;
	char kind[16];            /* submit | finauth | refund */
	char app_no[APPNO_LEN + 1];
};

long outbox_queued(struct store *s);          /* rows not yet delivered */
long outbox_refused_apps(struct store *s);    /* applications carrying a sync_error */

/* Up to max undelivered rows with id > after, in id order. Returns how many. */
int outbox_pending(struct store *s, long long after, struct outbox_row *rows, int max);
/* Which send of its kind for its application r is (1 for the first). */
long long outbox_nth(struct store *s, const struct outbox_row *r);

/* The application's columns that travel (COL_SENT), NULLs left out: FN gets
 * each name with its value, an integer (integer true, i) or text. */
typedef void outbox_value_fn(void *ud, const char *column, bool integer, long long i, const char *text);
void outbox_app_values(struct store *s, long long app_id, outbox_value_fn *fn, void *ud);
/* The current attachments' descriptions, in id order. */
typedef void outbox_attachment_fn(void *ud, const char *kind, const char *name, const char *mime, long long size,
				  const char *sha256);
void outbox_attachments(struct store *s, long long app_id, outbox_attachment_fn *fn, void *ud);
/* The current attachment with this digest, content included (caller frees
 * all four); false when there is none. */
bool outbox_attachment_content(struct store *s, long long app_id, const char *sha256, char **kind, char **name,
			       char **mime, void **data, size_t *len);
/* The reason of the last 申请退费 of the application (caller frees), or NULL. */
char *outbox_refund_reason(struct store *s, long long app_id);

/* Row r was delivered at NOW: done on the outbox, the centre's reference
 * (NULL keeps the one recorded) on the application and its sync_error
 * cleared. Inside the caller's transaction. */
bool outbox_delivered(struct store *s, const struct outbox_row *r, const char *central_ref, const char *now);
/* A failed attempt of row r: the error, and when to try again (NULL: the next run). */
bool outbox_attempt_failed(struct store *s, const struct outbox_row *r, const char *msg, const char *next);

/* Set one of the columns the centre reports (COL_CENTRE: central_ref,
 * carrier, sync_error …) on an application; value NULL clears. Any other
 * column is a programming error (dies). */
bool app_set_centre(struct store *s, long long app_id, const char *column, const char *value);

/* A feed event this version has no rule for: kept whole (its JSON) with the
 * time it came, so that a later version or a person can apply it. */
bool feed_keep_unhandled(struct store *s, const char *app_no, const char *type, const char *event, const char *at);
long feed_unhandled_count(struct store *s);

/* The applications whose last delivery was refused, newest change first, at
 * most max: FN gets each. Returns how many, -1 on a database error. */
typedef void outbox_refused_fn(void *ud, long long id, const char *app_no, const char *org_name,
			       const char *cert_holder, const char *error);
int outbox_refused_list(struct store *s, int max, outbox_refused_fn *fn, void *ud);

/* The certificate cache (cert_cache): CERT_CACHE_COLS values in the order
 * of cert_cache_cols. */
#define CERT_CACHE_COLS 12
extern const char *const cert_cache_cols[CERT_CACHE_COLS];
/* The rows of SERIAL (= compares bytes: case-sensitive like the CA). FN gets
 * each row's values. Returns how many. */
typedef void cert_cache_fn(void *ud, const char *const values[CERT_CACHE_COLS]);
int cert_cache_get(struct store *s, const char *serial, cert_cache_fn *fn, void *ud);
/* Insert or replace one row (values as above, the last, fetched_at, included). */
bool cert_cache_put(struct store *s, const char *const values[CERT_CACHE_COLS]);

#endif
