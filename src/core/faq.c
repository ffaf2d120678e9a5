/* faq.c - data/faq.txt, parsed once, by one set of rules. */
#include "core/faq.h"
#include "core/paths.h"
#include "core/util.h"

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

void faq_parse(struct faq *f, const char *text)
{
	const char *line = text;

	f->lines = NULL;
	f->n = 0;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *l = xstrndup(line, len);

		line = nl ? nl + 1 : NULL;
		if (l[0] == '#') {
			free(l);
			continue;
		}
		f->lines = xrealloc(f->lines, (f->n + 1) * sizeof(*f->lines));
		f->lines[f->n].text = l;
		f->lines[f->n].question = after_prefix(l, "问:", "问：") != NULL;
		f->n++;
	}
}

bool faq_load(struct faq *f, const char *path)
{
	char *own = path ? NULL : paths_file("data/faq.txt");
	char *text = file_read_all(path ? path : own, NULL);

	free(own);
	f->lines = NULL;
	f->n = 0;
	if (!text)
		return false;
	faq_parse(f, text);
	free(text);
	return true;
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
