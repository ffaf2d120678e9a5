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

/* Parse TEXT ('#' lines are comments). */
void faq_parse(struct faq *f, const char *text);
/* Read and parse PATH (NULL: data/faq.txt); false when it cannot be read
 * (errno set). */
bool faq_load(struct faq *f, const char *path);
/* The first "答:" (or "答：") line after the first question containing TOPIC,
 * without the prefix and one following space (caller frees), or NULL. */
char *faq_answer(const struct faq *f, const char *topic);
void faq_release(struct faq *f);

#endif
