/* store_impl.h - what an open store holds: for the files of src/store only (the rest of
 * the program sees struct store as an opaque handle, store/store.h;
 * tools/check-layers.py fails on an include of this file from anywhere else). */
#ifndef CERTDESK_STORE_IMPL_H
#define CERTDESK_STORE_IMPL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

struct store {
	sqlite3 *db;
	char *path;
	bool wal;                 /* journal mode chosen at open */
	int depth;                /* nesting of store_begin() */
	long busy_timeout_ms;
	/* deferred commits (store_commit_later) */
	bool defer;               /* store_defer(): commit_later leaves the COMMIT to store_flush */
	bool later;               /* a transaction whose COMMIT is deferred is open */
	bool unit;                /* the current begin..commit is a savepoint inside it */
	char *lost;               /* why a deferred commit was lost, until store_take_lost */
	struct store_watch *watch;
	char **later_sql;         /* store_exec_later, run at the next flush */
	size_t nlater_sql;
	int rdepth;               /* store_read_begin nesting */
	bool rtx;                 /* … and it opened a read transaction */
	struct store_cache *cache;  /* store_cached() */
	char **app_cols;          /* applications' column names (store/app.c), loaded on first use */
	size_t napp_cols;
	long long app_cols_schema;  /* … at this PRAGMA schema_version */
};

/* Column I of the row ST stands on as a copy (caller frees), NULL for NULL. */
char *store_column_dup(sqlite3_stmt *st, int i);

#endif
