/* printed.c - the prints table: the last print of an application, a new print's row. */
#include "store/printed.h"
#include "store/store_impl.h"
#include "store/store.h"
#include "core/util.h"

#include <string.h>

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
		out->at = store_column_dup(st, 1);
		out->by = store_column_dup(st, 2);
		out->printer = store_column_dup(st, 3);
		out->pdf_path = store_column_dup(st, 4);
		out->data_hash = store_column_dup(st, 5);
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
