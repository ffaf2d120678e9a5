/* paths.h - where forms/ and data/ live: the source tree when run from it,
 * the installed DATADIR otherwise. */
#ifndef CERTDESK_PATHS_H
#define CERTDESK_PATHS_H

/* Directory holding forms/ and data/ (no trailing slash). Owned by paths.c.
 * $CERTDESK_DATADIR overrides (tests). */
const char *paths_datadir(void);
/* "forms/x.form" -> full path (caller frees). */
char *paths_file(const char *rel);
/* The file REL in the source tree when the running binary is inside one,
 * else NULL (caller frees). */
char *paths_source_file(const char *rel);

#endif
