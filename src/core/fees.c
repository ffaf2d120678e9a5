/* fees.c - read the fee table data/fees.tsv (a data file read by core/tabfile). */
#include "core/fees.h"
#include "core/paths.h"
#include "core/tabfile.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool fees_parse_yuan(const char *s, long *cents)
{
	long yuan = 0, fen = 0;
	int frac = 0;
	const char *p = s;

	if (!s || !*s)
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (yuan > 100000000)
			return false;
		yuan = yuan * 10 + (*p - '0');
	}
	if (p == s)
		return false;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++frac > 2)
				return false;
			fen = fen * 10 + (*p - '0');
		}
		if (frac == 0)
			return false;
		if (frac == 1)
			fen *= 10;
	}
	if (*p)
		return false;
	*cents = yuan * 100 + fen;
	return true;
}

char *fees_yuan(long cents)
{
	return xasprintf("%ld.%02ld", cents / 100, cents % 100);
}

void fees_release(struct fees *f)
{
	for (int i = 0; i < f->n; i++) {
		free(f->v[i].code);
		free(f->v[i].name);
	}
	xfree(&f->v);
	f->n = 0;
}

/* Fields of the current record with the empty ones left out (columns are
 * separated by one tab or more, as ever); at most max, returns how many. */
static int nonempty_fields(const struct tabfile *t, char **col, int max)
{
	int n = 0;

	for (int i = 0; i < t->nfields; i++) {
		if (!*t->fields[i])
			continue;
		if (n == max)
			return max + 1;
		col[n++] = t->fields[i];
	}
	return n;
}

bool fees_load(const char *path, struct fees *out, char **err)
{
	char *own = path ? NULL : paths_file("data/fees.tsv");
	const char *file = path ? path : own;
	size_t len;
	char *data = file_read_all(file, &len), *terr = NULL;
	struct tabfile t;
	bool ok = true;

	*err = NULL;
	out->v = NULL;
	out->n = 0;
	if (!data) {
		*err = xasprintf("收费表 %s 无法读取: %s", file, strerror(errno));
		free(own);
		return false;
	}
	if (!tabfile_open_mem(&t, data, len, &terr)) {
		*err = xasprintf("收费表 %s 无法读取: %s", file, terr);
		free(terr);
		free(data);
		free(own);
		return false;
	}
	free(data);
	tabfile_plain(&t);
	while (ok && tabfile_next(&t) == 1) {
		char *col[4];
		int n = nonempty_fields(&t, col, 4);
		struct fee fe;

		if (n != 4 || !fees_parse_yuan(col[2], &fe.cert_cents) || !fees_parse_yuan(col[3], &fe.media_cents)) {
			*err = xasprintf("收费表 %s 第 %ld 行格式错误: 应为 代码<Tab>证书类型<Tab>证书金额<Tab>介质费用",
					 file, t.record_line);
			ok = false;
			break;
		}
		if (fees_find(out, col[0]) || fees_find(out, col[1])) {
			*err = xasprintf("收费表 %s 第 %ld 行: 证书类型重复", file, t.record_line);
			ok = false;
			break;
		}
		fe.code = xstrdup(col[0]);
		fe.name = xstrdup(col[1]);
		out->v = xrealloc(out->v, sizeof(*out->v) * (size_t)(out->n + 1));
		out->v[out->n++] = fe;
	}
	tabfile_release(&t);
	if (ok && out->n == 0) {
		*err = xasprintf("收费表 %s 没有任何证书类型", file);
		ok = false;
	}
	if (!ok)
		fees_release(out);
	free(own);
	return ok;
}

const struct fee *fees_find(const struct fees *f, const char *type)
{
	if (str_empty(type))
		return NULL;
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].code, type) || !strcmp(f->v[i].name, type))
			return &f->v[i];
	return NULL;
}
