/* printed.c - the prints table: the last print of an application, a new print's row. */
#include "store/printed.h"
#include "store/store.h"
#include "core/util.h"

#include <sqlite3.h>
#include <string.h>

static char *col_text(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : xstrdup((const char *)sqlite3_column_text(st, i));
}

bool printed_last(struct store *s, long long app_id, struct print_record *out)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT p.id, p.at, COALESCE(o.login, p.actor), p.printer, p.pdf_path, "
					    "p.data_hash, (SELECT COUNT(*) FROM prints WHERE app_id = p.app_id) "
					    "FROM prints p LEFT JOIN operators o ON o.id = p.operator_id "
					    "WHERE p.app_id = ? ORDER BY p.id DESC LIMIT 1");

	memset(out, 0, sizeof(*out));
	sqlite3_bind_int64(st, 1, app_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->at = col_text(st, 1);
		out->by = col_text(st, 2);
		out->printer = col_text(st, 3);
		out->pdf_path = col_text(st, 4);
		out->data_hash = col_text(st, 5);
		out->count = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	return out->id != 0;
}

void print_record_release(struct print_record *r)
{
	xfree(&r->at);
	xfree(&r->by);
	xfree(&r->printer);
	xfree(&r->pdf_path);
	xfree(&r->data_hash);
}

long long printed_add(struct store *s, const struct print_new *p)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO prints(app_id, operator_id, at, printer, pdf_path, sha256, "
					    "data_hash, reprint, actor) VALUES (?,?,?,?,?,?,?,?,?)");
	bool ok;

	sqlite3_bind_int64(st, 1, p->app_id);
	if (p->operator_id > 0)
		sqlite3_bind_int64(st, 2, p->operator_id);
	sqlite3_bind_text(st, 3, p->at, -1, SQLITE_STATIC);
	if (!str_empty(p->printer))
		sqlite3_bind_text(st, 4, p->printer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, p->pdf_path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, p->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->data_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, p->reprint);
	sqlite3_bind_text(st, 9, p->actor, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? sqlite3_last_insert_rowid(s->db) : 0;
}
