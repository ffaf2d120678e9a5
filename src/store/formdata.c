/* formdata.c - the store's side of the form layer: schema checks, reference
 * table state, bank names and certificate-cache rows (formdata.h). */
#include "store/formdata.h"
#include "store/app.h"
#include "store/store.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* ---- the schema ---- */

static bool column_writable(const char *column, void *ud)
{
	return app_column_writable(ud, column);
}

static bool cert_column(const char *column, void *ud)
{
	sqlite3_stmt *st = store_prepare(ud, "SELECT 1 FROM pragma_table_info('cert_cache') WHERE name = ?");
	bool found;

	sqlite3_bind_text(st, 1, column, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

void store_form_schema(struct form_schema *out, struct store *s, const char *datadir)
{
	out->column_writable = column_writable;
	out->cert_column = cert_column;
	out->datadir = datadir;
	out->journey = false;
	out->ud = s;
}

/* ---- reference tables ---- */

bool store_divisions_loaded(struct store *s)
{
	return store_get_int(s, "SELECT COUNT(*) FROM (SELECT 1 FROM divisions LIMIT 1)", NULL, 0) > 0;
}

bool store_banks_loaded(struct store *s)
{
	return store_get_int(s, "SELECT COUNT(*) FROM (SELECT 1 FROM banks LIMIT 1)", NULL, 0) > 0;
}

long long bank_count_named(struct store *s, const char *name)
{
	return store_get_int(s, "SELECT COUNT(*) FROM banks WHERE name = ?", name, 0);
}

char *bank_code_named(struct store *s, const char *name)
{
	if (bank_count_named(s, name) != 1)
		return NULL;
	return store_get_text(s, "SELECT code FROM banks WHERE name = ?", name);
}

/* ---- the certificate-cache row ---- */

static const char sql_cert_row[] = "SELECT * FROM cert_cache WHERE serial = ?";

void cert_row_prepare(struct store *s)
{
	store_cached(s, sql_cert_row);
}

bool cert_row_load(struct store *s, const char *serial, struct cert_cache_row *r)
{
	sqlite3_stmt *st = store_cached(s, sql_cert_row);
	bool found = false;

	memset(r, 0, sizeof(*r));
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = true;
		r->n = (size_t)sqlite3_column_count(st);
		r->names = xcalloc(r->n, sizeof(char *));
		r->values = xcalloc(r->n, sizeof(char *));
		for (size_t i = 0; i < r->n; i++) {
			const unsigned char *v = sqlite3_column_text(st, (int)i);

			r->names[i] = xstrdup(sqlite3_column_name(st, (int)i));
			r->values[i] = xstrdup(v ? (const char *)v : "");
		}
	}
	sqlite3_reset(st);
	return found;
}

const char *cert_row_get(const struct cert_cache_row *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->names[i], name))
			return r->values[i];
	return NULL;
}

void cert_row_release(struct cert_cache_row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->names[i]);
		free(r->values[i]);
	}
	free(r->names);
	free(r->values);
}
