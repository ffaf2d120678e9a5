/* failures.c - the applications the centre refused (sync_error), for the
 * 同步状态 screen: app no, subject (a person's name masked), the error. */
#include "sync/sync.h"
#include "core/mask.h"
#include "core/util.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? xstrdup((const char *)v) : NULL;
}

int sync_failures_load(struct store *s, int max, struct sync_failure **out)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT id, app_no, org_name, cert_holder, sync_error FROM applications"
					    " WHERE sync_error IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT ?");
	struct sync_failure *list = NULL;
	int n = 0, cap = 0, rc;

	*out = NULL;
	sqlite3_bind_int(st, 1, max > 0 ? max : 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sync_failure *f;
		char *org = col(st, 2), *holder = col(st, 3);

		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			list = xrealloc(list, (size_t)cap * sizeof(*list));
		}
		f = &list[n++];
		f->id = sqlite3_column_int64(st, 0);
		snprintf(f->app_no, sizeof(f->app_no), "%s", sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
		if (!str_empty(org))
			f->subject = xstrdup(org);
		else
			f->subject = holder ? mask_name(holder) : xstrdup("");
		f->error = col(st, 4);
		if (!f->error)
			f->error = xstrdup("");
		free(org);
		free(holder);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sync_failures_free(list, n);
		return -1;
	}
	*out = list;
	return n;
}

void sync_failures_free(struct sync_failure *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].subject);
		free(list[i].error);
	}
	free(list);
}
