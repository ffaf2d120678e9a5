/* outbox.c - the exchange with the centre as the store sees it (store/outbox.h). */
#include "store/outbox.h"
#include "store/columns.h"
#include "store/store.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long outbox_queued(struct store *s)
{
	return (long)store_get_int(s, "SELECT count(*) FROM outbox WHERE done_at IS NULL", NULL, 0);
}

long outbox_refused_apps(struct store *s)
{
	return (long)store_get_int(s, "SELECT count(*) FROM applications WHERE sync_error IS NOT NULL", NULL, 0);
}

int outbox_pending(struct store *s, long long after, struct outbox_row *rows, int max)
{
	sqlite3_stmt *st = store_cached(s, "SELECT o.id, o.app_id, o.kind, a.app_no FROM outbox o JOIN applications a"
					   " ON a.id = o.app_id WHERE o.done_at IS NULL AND o.id > ? ORDER BY o.id LIMIT ?");
	int n = 0;

	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].app_id = sqlite3_column_int64(st, 1);
		snprintf(rows[n].kind, sizeof(rows[n].kind), "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(rows[n].app_no, sizeof(rows[n].app_no), "%s", (const char *)sqlite3_column_text(st, 3));
		n++;
	}
	sqlite3_reset(st);
	return n;
}

long long outbox_nth(struct store *s, const struct outbox_row *r)
{
	sqlite3_stmt *st = store_cached(s, "SELECT count(*) FROM outbox WHERE app_id = ? AND kind = ? AND id <= ?");
	long long n;

	sqlite3_bind_int64(st, 1, r->app_id);
	sqlite3_bind_text(st, 2, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->id);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

void outbox_app_values(struct store *s, long long app_id, outbox_value_fn *fn, void *ud)
{
	sqlite3_stmt *st = store_cached(s, "SELECT * FROM applications WHERE id = ?");

	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *col = sqlite3_column_name(st, i);

			/* an allow-list: a column without the role stays at the branch */
			if (!column_has("applications", col, COL_SENT))
				continue;
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				fn(ud, col, true, sqlite3_column_int64(st, i), NULL);
				break;
			case SQLITE_NULL:
				break;
			default:
				fn(ud, col, false, 0, (const char *)sqlite3_column_text(st, i));
			}
		}
	}
	sqlite3_reset(st);
}

void outbox_attachments(struct store *s, long long app_id, outbox_attachment_fn *fn, void *ud)
{
	sqlite3_stmt *st = store_cached(s, "SELECT kind, name, mime, size, sha256 FROM attachments WHERE app_id = ?"
					   " AND superseded_at IS NULL ORDER BY id");

	sqlite3_bind_int64(st, 1, app_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		fn(ud, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		   (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3),
		   (const char *)sqlite3_column_text(st, 4));
	sqlite3_reset(st);
}

bool outbox_attachment_content(struct store *s, long long app_id, const char *sha256, char **kind, char **name,
			       char **mime, void **data, size_t *len)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT kind, name, mime, content FROM attachments WHERE app_id = ?"
					    " AND sha256 = ? AND superseded_at IS NULL ORDER BY id DESC LIMIT 1");
	bool found = false;

	*kind = *name = *mime = NULL;
	*data = NULL;
	*len = 0;
	sqlite3_bind_int64(st, 1, app_id);
	sqlite3_bind_text(st, 2, sha256 ? sha256 : "", -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*kind = xstrdup((const char *)sqlite3_column_text(st, 0));
		*name = xstrdup((const char *)sqlite3_column_text(st, 1));
		*mime = xstrdup((const char *)sqlite3_column_text(st, 2));
		*len = (size_t)sqlite3_column_bytes(st, 3);
		*data = xmalloc(*len + 1);
		if (*len)
			memcpy(*data, sqlite3_column_blob(st, 3), *len);
		found = true;
	}
	sqlite3_finalize(st);
	return found;
}

char *outbox_refund_reason(struct store *s, long long app_id)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT reason FROM status_history WHERE app_id = ? AND "
					    "to_status = 'refund_requested' ORDER BY id DESC LIMIT 1");
	char *out = NULL;

	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

bool outbox_delivered(struct store *s, const struct outbox_row *r, const char *central_ref, const char *now)
{
	sqlite3_stmt *st;
	bool ok;

	st = store_prepare(s, "UPDATE applications SET central_ref = coalesce(?, central_ref), sync_error = NULL"
			      " WHERE id = ?");
	sqlite3_bind_text(st, 1, central_ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->app_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	st = store_prepare(s, "UPDATE outbox SET done_at = ?, attempts = attempts + 1, last_error = NULL,"
			      " next_attempt_at = NULL WHERE id = ?");
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->id);
	ok = sqlite3_step(st) == SQLITE_DONE && ok;
	sqlite3_finalize(st);
	return ok;
}

bool outbox_attempt_failed(struct store *s, const struct outbox_row *r, const char *msg, const char *next)
{
	sqlite3_stmt *st = store_prepare(s, "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
					    " next_attempt_at = ? WHERE id = ?");
	bool ok;

	sqlite3_bind_text(st, 1, msg, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, next, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

bool app_set_centre(struct store *s, long long app_id, const char *column, const char *value)
{
	char *sql;
	sqlite3_stmt *st;
	bool ok;

	if (!column_has("applications", column, COL_CENTRE))
		die("app_set_centre: %s is not a column the centre reports", column);
	sql = xasprintf("UPDATE applications SET %s = ? WHERE id = ?", column);
	st = store_prepare(s, sql);
	free(sql);
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, app_id);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

bool feed_keep_unhandled(struct store *s, const char *app_no, const char *type, const char *event, const char *at)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO feed_unhandled(app_no, type, event, received_at)"
					    " VALUES (?, ?, ?, ?)");
	bool ok;

	sqlite3_bind_text(st, 1, app_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, event ? event : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

long feed_unhandled_count(struct store *s)
{
	return (long)store_get_int(s, "SELECT count(*) FROM feed_unhandled", NULL, 0);
}

int outbox_refused_list(struct store *s, int max, outbox_refused_fn *fn, void *ud)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, app_no, org_name, cert_holder, sync_error FROM applications"
					    " WHERE sync_error IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT ?");
	int n = 0, rc;

	sqlite3_bind_int(st, 1, max > 0 ? max : 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(ud, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		   (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
		   (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? n : -1;
}

const char *const cert_cache_cols[CERT_CACHE_COLS] = {
	"serial", "holder", "cert_type", "valid_from", "valid_to", "status", "org_name", "org_doc_type",
	"org_doc_no", "person_name", "person_id", "fetched_at",
};

int cert_cache_get(struct store *s, const char *serial, cert_cache_fn *fn, void *ud)
{
	/* = on TEXT compares bytes: case-sensitive like the CA */
	sqlite3_stmt *st = store_prepare(s, "SELECT serial, holder, cert_type, valid_from, valid_to, status, org_name,"
					    " org_doc_type, org_doc_no, person_name, person_id, fetched_at FROM cert_cache"
					    " WHERE serial = ?");
	int n = 0;

	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v[CERT_CACHE_COLS];

		for (int i = 0; i < CERT_CACHE_COLS; i++)
			v[i] = (const char *)sqlite3_column_text(st, i);
		fn(ud, v);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

bool cert_cache_put(struct store *s, const char *const values[CERT_CACHE_COLS])
{
	sqlite3_stmt *st = store_prepare(s, "INSERT OR REPLACE INTO cert_cache(serial, holder, cert_type, valid_from,"
					    " valid_to, status, org_name, org_doc_type, org_doc_no, person_name,"
					    " person_id, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
	bool ok;

	for (int i = 0; i < CERT_CACHE_COLS; i++)
		sqlite3_bind_text(st, i + 1, values[i], -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}
