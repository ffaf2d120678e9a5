/* faq.h - data/faq.txt, the CA guide's 常见问题: the one parser, used by the
 * help screen (all of it) and the identity step (one answer). */
#ifndef CERTDESK_FAQ_H
#define CERTDESK_FAQ_H

#include <stdbool.h>
#include <stddef.h>

/* One line of the file that is not a comment: a question (starts with
 * "问:" or "问：") or a line of the answer below it (blank lines kept). */
struct faq_line {
	char *text;
	bool question;
};

struct faq {
	struct faq_line *lines;
	size_t n;
};

/* Parse TEXT, read from FILE ('#' lines are comments; a line "@key" is the
 * text of KEY in the text catalogue, core/text.h). An unknown key gives false,
 * F empty and *ERR (when ERR is not NULL; caller frees) naming FILE:LINE. */
bool faq_parse(struct faq *f, const char *text, const char *file, char **err);
/* Read and parse PATH (NULL: data/faq.txt); false when it cannot be read or
 * parsed, *ERR (when not NULL) saying why in Chinese. */
bool faq_load(struct faq *f, const char *path, char **err);
/* The first "答:" (or "答：") line after the first question containing TOPIC,
 * without the prefix and one following space (caller frees), or NULL. */
char *faq_answer(const struct faq *f, const char *topic);
void faq_release(struct faq *f);

#endif
