/* text.h - the text catalogue: the clerk-facing strings that are not form
 * labels (messages, column headers, key-bar labels, hints), one per key, in
 * data/text.txt (format in certdesk-forms(5), TEXT CATALOGUE). */
#ifndef CERTDESK_TEXT_H
#define CERTDESK_TEXT_H

#include <stdbool.h>

/* Load the catalogue from PATH (NULL: data/text.txt of the data directory)
 * replacing any loaded one. On a bad file returns false and *err gets a
 * Chinese message naming FILE:LINE. */
bool text_load(const char *path, char **err);

/* Check that every key of KEYS (NULL-terminated) is in the loaded catalogue;
 * the first missing one gives false and *err names it and the file. */
bool text_check(const char *const *keys, char **err);

/* A catalogue key written in a static table, resolved with text() where the
 * table is used; tools/check-text.sh counts each TEXT_KEY of a quoted key
 * as a use. */
#define TEXT_KEY(key) key

/* The text of KEY (owned by the catalogue, valid until text_unload). Loads
 * data/text.txt on first use; a missing file or key is fatal (die) with the
 * file and key named - main() loads and checks at start, so a clerk never
 * meets that path. */
const char *text(const char *key);

/* The text of KEY like text(), loading data/text.txt on first use, but a
 * missing file or key gives NULL and *err (caller frees) names the file and
 * the key: for the readers of other files that refer to the catalogue by
 * "@key" (forms/, data/faq.txt). */
const char *text_lookup(const char *key, char **err);

/* True when KEY is in the loaded catalogue. */
bool text_has(const char *key);

/* Path of the loaded catalogue (NULL when none). */
const char *text_path(void);

void text_unload(void);

#endif
