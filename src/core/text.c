/* text.c - the text catalogue (data/text.txt): key<TAB>text per line. */
#include "core/text.h"
#include "core/paths.h"
#include "core/tabfile.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct entry {
	char *key, *text;
};

static struct entry *entries;
static size_t nentries;
static char *loaded_path;

void text_unload(void)
{
	for (size_t i = 0; i < nentries; i++) {
		free(entries[i].key);
		free(entries[i].text);
	}
	free(entries);
	entries = NULL;
	nentries = 0;
	xfree(&loaded_path);
}

static const struct entry *find(const char *key)
{
	for (size_t i = 0; i < nentries; i++)
		if (!strcmp(entries[i].key, key))
			return &entries[i];
	return NULL;
}

static bool key_ok(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '.' || *k == '_'))
			return false;
	return true;
}

/* "\n" is a line break, "\t" a tab, "\\" a backslash, "\s" a space (for a
 * text that starts or ends with one). */
static char *unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *w = out;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1]) {
			char c = s[1] == 'n' ? '\n' : s[1] == 't' ? '\t' : s[1] == 's' ? ' '
				 : s[1] == '\\' ? '\\' : 0;
			if (c) {
				*w++ = c;
				s++;
				continue;
			}
		}
		*w++ = *s;
	}
	*w = '\0';
	return out;
}

bool text_load(const char *path, char **err)
{
	char *own = path ? NULL : paths_file("data/text.txt"), *terr = NULL;
	const char *file = path ? path : own;
	struct tabfile t;
	bool ok = true;

	*err = NULL;
	text_unload();
	if (!tabfile_open(&t, file, &terr)) {
		*err = xasprintf("无法读取文本目录 %s: %s", file, terr ? terr : "");
		free(terr);
		free(own);
		return false;
	}
	tabfile_plain(&t);     /* a data file like the others: comments anywhere, UTF-8 or GB18030 */
	while (ok && tabfile_next(&t) == 1) {
		const char *key = t.fields[0];
		long line = t.record_line;

		if (t.nfields < 2) {
			*err = xasprintf("%s:%ld: 缺少制表符 (格式: 键<TAB>文本)", file, line);
			ok = false;
		} else if (t.nfields > 2) {
			*err = xasprintf("%s:%ld: 文本中有制表符 (请写作 \\t)", file, line);
			ok = false;
		} else if (!key_ok(key)) {
			*err = xasprintf("%s:%ld: 键「%s」无效 (只能用小写字母、数字、点和下划线)", file, line, key);
			ok = false;
		} else if (find(key)) {
			*err = xasprintf("%s:%ld: 键「%s」重复", file, line, key);
			ok = false;
		} else if (!*t.fields[1]) {
			*err = xasprintf("%s:%ld: 键「%s」没有文本", file, line, key);
			ok = false;
		} else {
			entries = xrealloc(entries, (nentries + 1) * sizeof(*entries));
			entries[nentries].key = xstrdup(key);
			entries[nentries].text = unescape(t.fields[1]);
			nentries++;
		}
	}
	tabfile_release(&t);
	if (ok)
		loaded_path = xstrdup(file);
	else
		text_unload();
	free(own);
	return ok;
}

static char *missing(const char *key)
{
	return xasprintf("文本目录 %s 中没有键「%s」", loaded_path ? loaded_path : "(未加载)", key);
}

bool text_check(const char *const *keys, char **err)
{
	*err = NULL;
	for (; *keys; keys++)
		if (!find(*keys)) {
			*err = missing(*keys);
			return false;
		}
	return true;
}

bool text_has(const char *key)
{
	return find(key) != NULL;
}

const char *text_path(void)
{
	return loaded_path;
}

const char *text_lookup(const char *key, char **err)
{
	const struct entry *e;

	*err = NULL;
	if (!loaded_path && !text_load(NULL, err))
		return NULL;
	e = find(key);
	if (!e) {
		*err = missing(key);
		return NULL;
	}
	return e->text;
}

const char *text(const char *key)
{
	char *err;
	const char *t = text_lookup(key, &err);

	if (!t)
		die("%s", err);
	return t;
}
