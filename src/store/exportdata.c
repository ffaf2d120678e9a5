/* exportdata.c - the rows and totals of the .xlsx export, read through orders_query. */
#include "store/exportdata.h"
#include "store/store_impl.h"
#include "store/orders.h"
#include "store/store.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* The SQL expression of each enum export_col, in its order. */
static const char *const col_expr[EXPORT__COUNT] = {
	[EXPORT_APP_NO] = "a.app_no",
	[EXPORT_BUSINESS_TYPE] = "a.business_type",
	[EXPORT_SUBJECT] = "COALESCE(NULLIF(a.org_name, ''), a.cert_holder)",
	[EXPORT_ORG_DOC_NO] = "a.org_doc_no",
	[EXPORT_CERT_SERIAL] = "a.cert_serial",
	[EXPORT_AGENT_NAME] = "a.agent_name",
	[EXPORT_AGENT_MOBILE] = "a.agent_mobile",
	[EXPORT_AGENT_ID] = "a.agent_id",
	[EXPORT_BANK_ACCOUNT] = "a.bank_account",
	[EXPORT_MAIL_ADDRESS] = "a.mail_address",
	[EXPORT_FEE] = "a.fee_cents",
	[EXPORT_PAY_METHOD] = "a.pay_method",
	[EXPORT_STATUS] = "a.status",
	[EXPORT_CLERK] = "o.login",
	[EXPORT_APPROVER] = "ap.login",
	[EXPORT_CREATED] = "a.created_at",
	[EXPORT_UPDATED] = "a.updated_at",
};

struct export_cursor {
	sqlite3_stmt *st;
	bool done;                /* past the last row: a step would start again */
	struct export_row row;
};

struct export_cursor *exportdata_orders(struct store *s, const struct order_filter *f)
{
	struct export_cursor *c = xcalloc(1, sizeof(*c));
	struct strbuf sel;

	sb_init(&sel);
	for (size_t i = 0; i < EXPORT__COUNT; i++)
		sb_addf(&sel, "%s%s", i ? ", " : "", col_expr[i]);
	c->st = orders_query(s, f, sel.s, "ORDER BY a.created_at, a.id");
	sb_release(&sel);
	return c;
}

const struct export_row *exportdata_next(struct export_cursor *c)
{
	if (c->done || sqlite3_step(c->st) != SQLITE_ROW) {
		c->done = true;
		return NULL;
	}
	for (int i = 0; i < EXPORT__COUNT; i++)
		c->row.col[i] = (const char *)sqlite3_column_text(c->st, i);
	c->row.has_fee = sqlite3_column_type(c->st, EXPORT_FEE) != SQLITE_NULL;
	c->row.fee_cents = c->row.has_fee ? sqlite3_column_int64(c->st, EXPORT_FEE) : 0;
	return &c->row;
}

void exportdata_close(struct export_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->st);
	free(c);
}

void exportdata_by_status(struct store *s, const struct order_filter *f, struct export_status_totals *out)
{
	sqlite3_stmt *st = orders_query(s, f, "a.status, COUNT(*), COALESCE(SUM(a.fee_cents), 0)", "GROUP BY a.status");

	memset(out, 0, sizeof(*out));
	while (sqlite3_step(st) == SQLITE_ROW) {
		int code = status_parse((const char *)sqlite3_column_text(st, 0));

		if (code < 0)
			continue;
		out->n[code] = (long)sqlite3_column_int64(st, 1);
		out->cents[code] = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
}

size_t exportdata_by_clerk(struct store *s, const struct order_filter *f, struct export_clerk_total **out)
{
	sqlite3_stmt *st = orders_query(s, f, "o.login, o.display_name, COUNT(*), COALESCE(SUM(a.fee_cents), 0)",
					"GROUP BY a.created_by ORDER BY o.login");
	size_t n = 0;

	*out = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct export_clerk_total *t;

		*out = xrealloc(*out, sizeof(**out) * (n + 1));
		t = &(*out)[n++];
		t->login = store_column_dup(st, 0);
		t->display_name = store_column_dup(st, 1);
		t->n = (long)sqlite3_column_int64(st, 2);
		t->cents = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	return n;
}

void exportdata_clerks_release(struct export_clerk_total *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].login);
		free(t[i].display_name);
	}
	free(t);
}
