/* failures.c - the applications the centre refused (sync_error), for the
 * 同步状态 screen: app no, subject (a person's name masked), the error. */
#include "sync/sync.h"
#include "core/mask.h"
#include "core/util.h"
#include "store/outbox.h"

#include <stdio.h>
#include <stdlib.h>

struct collect {
	struct sync_failure *list;
	int n, cap;
};

static void add(void *ud, long long id, const char *app_no, const char *org, const char *holder, const char *error)
{
	struct collect *c = ud;
	struct sync_failure *f;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->list = xrealloc(c->list, (size_t)c->cap * sizeof(*c->list));
	}
	f = &c->list[c->n++];
	f->id = id;
	snprintf(f->app_no, sizeof(f->app_no), "%s", app_no ? app_no : "");
	if (!str_empty(org))
		f->subject = xstrdup(org);
	else
		f->subject = holder ? mask_name(holder) : xstrdup("");
	f->error = xstrdup(error ? error : "");
}

int sync_failures_load(struct store *s, int max, struct sync_failure **out)
{
	struct collect c = { NULL, 0, 0 };

	*out = NULL;
	if (outbox_refused_list(s, max, add, &c) < 0) {
		sync_failures_free(c.list, c.n);
		return -1;
	}
	*out = c.list;
	return c.n;
}

void sync_failures_free(struct sync_failure *list, int n)
{
	for (int i = 0; i < n; i++) {
		free(list[i].subject);
		free(list[i].error);
	}
	free(list);
}
