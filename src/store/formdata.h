/* formdata.h - what the form layer (src/form/) asks of the store: the schema
 * a form's names are checked against, whether the reference tables are
 * loaded, bank look-ups by name and the certificate-cache row a form prefills
 * from. The SQL lives in formdata.c; the form layer calls these by name. */
#ifndef CERTDESK_FORMDATA_H
#define CERTDESK_FORMDATA_H

#include <stdbool.h>
#include <stddef.h>

struct store;

/* What the form parser checks names against. Each callback may be NULL (not checked). */
struct form_schema {
	bool (*column_writable)(const char *column, void *ud);  /* applications column forms may write */
	bool (*cert_column)(const char *column, void *ud);      /* a column of the certificate cache */
	const char *datadir;       /* directory holding data/: agreement files are read; NULL: not read */
	/* The form is a journey (forms/ *.form): every step kind once, the fields
	 * screens together, summary last. Not set by store_form_schema. */
	bool journey;
	void *ud;
};

/* The schema of an open store (app_column_writable, cert_cache's columns);
 * s must outlive the use of *out. */
void store_form_schema(struct form_schema *out, struct store *s, const char *datadir);

/* Whether the divisions / banks tables hold any row (refdata_ensure ran). */
bool store_divisions_loaded(struct store *s);
bool store_banks_loaded(struct store *s);

/* How many directory rows are named exactly NAME. */
long long bank_count_named(struct store *s, const char *name);
/* The code of the one directory row named NAME, or NULL when none or several
 * are (caller frees). */
char *bank_code_named(struct store *s, const char *name);

/* One cert_cache row, every column as text ("" for NULL). */
struct cert_cache_row {
	size_t n;
	char **names, **values;
};

/* Compile the row's statement now (a form opening), not on the first key. */
void cert_row_prepare(struct store *s);
/* The row of SERIAL into *r (release it); false, *r empty, when there is none. */
bool cert_row_load(struct store *s, const char *serial, struct cert_cache_row *r);
/* The value of column NAME, or NULL when the row has no such column. */
const char *cert_row_get(const struct cert_cache_row *r, const char *name);
void cert_row_release(struct cert_cache_row *r);

#endif
