/* faq.c - data/faq.txt, parsed once, by one set of rules. */
#include "core/faq.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *after_prefix(const char *line, const char *ascii, const char *wide)
{
	if (str_startswith(line, ascii))
		return line + strlen(ascii);
	if (str_startswith(line, wide))
		return line + strlen(wide);
	return NULL;
}

bool faq_parse(struct faq *f, const char *text, const char *file, char **err)
{
	const char *line = text;
	long lineno = 0;

	f->lines = NULL;
	f->n = 0;
	if (err)
		*err = NULL;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *l = xstrndup(line, len);

		lineno++;
		line = nl ? nl + 1 : NULL;
		if (l[0] == '#') {
			free(l);
			continue;
		}
		if (l[0] == '@') {      /* a hint of the text catalogue, written once there */
			char *why;
			const char *t = text_lookup(l + 1, &why);

			free(l);
			if (!t) {
				if (err)
					*err = xasprintf("%s:%ld: %s", file, lineno, why);
				free(why);
				faq_release(f);
				return false;
			}
			l = xstrdup(t);
		}
		f->lines = xrealloc(f->lines, (f->n + 1) * sizeof(*f->lines));
		f->lines[f->n].text = l;
		f->lines[f->n].question = after_prefix(l, "问:", "问：") != NULL;
		f->n++;
	}
	return true;
}

bool faq_load(struct faq *f, const char *path, char **err)
{
	char *own = path ? NULL : paths_file("data/faq.txt");
	const char *file = path ? path : own;
	char *text = file_read_all(file, NULL);
	bool ok;

	f->lines = NULL;
	f->n = 0;
	if (!text) {
		if (err)
			*err = xasprintf("无法读取常见问题文件 %s: %s", file, strerror(errno));
		free(own);
		return false;
	}
	ok = faq_parse(f, text, file, err);
	free(text);
	free(own);
	return ok;
}

char *faq_answer(const struct faq *f, const char *topic)
{
	bool hit = false;

	for (size_t i = 0; i < f->n; i++) {
		const char *a;

		if (f->lines[i].question)
			hit = strstr(f->lines[i].text, topic) != NULL;
		else if (hit && (a = after_prefix(f->lines[i].text, "答:", "答：")))
			return xstrdup(a + (*a == ' '));
	}
	return NULL;
}

void faq_release(struct faq *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->lines[i].text);
	free(f->lines);
	f->lines = NULL;
	f->n = 0;
}
