/* dbcopy.h - copy a whole SQLite database in one consistent step. */
#ifndef CERTDESK_DBCOPY_H
#define CERTDESK_DBCOPY_H

#include <stdbool.h>

struct sqlite3;

/* Copy every page of SRC into DST in one step (one read snapshot), waiting
 * out a busy writer up to ~30 s. SQLITE_DONE, or the error; -1 when the copy
 * cannot start (see sqlite3_errmsg(dst)). */
int dbcopy_pages(struct sqlite3 *dst, struct sqlite3 *src);

/* Copy the open database DB into the new file PATH (mode 0600 or, with
 * GROUP_SHARED, 0640) in one step; used before a schema upgrade and by
 * `certdesk backup`. */
bool dbcopy_file(struct sqlite3 *db, const char *path, bool group_shared, char **err);

#endif
