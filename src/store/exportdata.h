/* exportdata.h - what the .xlsx export (export/xlsx.c) reads from the branch
 * database: the applications matching a filter, row by row, and their totals
 * by status and by clerk. The SQL is here; the sheets, their headers, masks
 * and formats are the export's. */
#ifndef CERTDESK_EXPORTDATA_H
#define CERTDESK_EXPORTDATA_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

struct store;
struct order_filter;

/* The columns of one exported application, in the order of sheet 业务单. */
enum export_col {
	EXPORT_APP_NO,          /* a.app_no */
	EXPORT_BUSINESS_TYPE,   /* a.business_type (code) */
	EXPORT_SUBJECT,         /* 机构名称, or the certificate holder when empty */
	EXPORT_ORG_DOC_NO,
	EXPORT_CERT_SERIAL,
	EXPORT_AGENT_NAME,
	EXPORT_AGENT_MOBILE,
	EXPORT_AGENT_ID,
	EXPORT_BANK_ACCOUNT,
	EXPORT_MAIL_ADDRESS,
	EXPORT_FEE,             /* a.fee_cents (also as fee_cents below) */
	EXPORT_PAY_METHOD,
	EXPORT_STATUS,          /* status code */
	EXPORT_CLERK,           /* the creator's login */
	EXPORT_APPROVER,        /* the approver's login */
	EXPORT_CREATED,         /* stored times, as stored */
	EXPORT_UPDATED,
	EXPORT__COUNT
};

struct export_row {
	const char *col[EXPORT__COUNT];   /* each column as text, NULL when NULL; valid until the next call */
	bool has_fee;                     /* a.fee_cents is not NULL */
	long long fee_cents;
};

/* The applications matching F (which must pass order_filter_check), oldest
 * first (created_at, then id): exportdata_next gives each row, NULL after
 * the last. One statement streams them: constant memory however many. */
struct export_cursor;
struct export_cursor *exportdata_orders(struct store *s, const struct order_filter *f);
const struct export_row *exportdata_next(struct export_cursor *c);
void exportdata_close(struct export_cursor *c);   /* NULL is fine */

/* How many applications matching F are in each status and their fees summed
 * (NULL fees count 0): n[status], cents[status]. Rows of an unknown status
 * are left out. */
struct export_status_totals {
	long n[ST__COUNT];
	long long cents[ST__COUNT];
};
void exportdata_by_status(struct store *s, const struct order_filter *f, struct export_status_totals *out);

/* The same by creator, ordered by login: one entry per clerk with matching
 * applications. login and display_name may be NULL (an operator since
 * removed). Release with exportdata_clerks_release. */
struct export_clerk_total {
	char *login, *display_name;
	long n;
	long long cents;
};
size_t exportdata_by_clerk(struct store *s, const struct order_filter *f, struct export_clerk_total **out);
void exportdata_clerks_release(struct export_clerk_total *t, size_t n);

#endif
