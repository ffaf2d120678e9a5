/* util.h - allocation that never returns NULL, string helpers, fatal exit. */
#ifndef CERTDESK_UTIL_H
#define CERTDESK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocators abort (through die()) on out-of-memory; callers never check. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);                    /* NULL -> NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* free(*p) and set *p to NULL. */
void xfree(void *pp);

/* The fatal path. A hook (set by the TUI) restores the terminal first. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void die_set_hook(void (*hook)(void));

/* Growable byte buffer; sb.s is always NUL-terminated (never NULL after init). */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_addc(struct strbuf *sb, char c);
void sb_reset(struct strbuf *sb);
char *sb_detach(struct strbuf *sb);              /* caller frees; sb is left empty, holding no memory */
void sb_release(struct strbuf *sb);

bool str_empty(const char *s);                   /* NULL or "" */
bool str_eq(const char *a, const char *b);       /* NULL-safe */
bool str_startswith(const char *s, const char *prefix);
/* FNV-1a of S continued from H (start with STR_HASH_SEED): for small tables. */
#define STR_HASH_SEED 2166136261u
unsigned str_hash(const char *s, unsigned h);
char *str_trim(char *s);                         /* in place, ASCII whitespace */

/* Read a whole file; returns NULL and sets errno on failure. *len gets the size. */
char *file_read_all(const char *path, size_t *len);
/* Write all N bytes to FD (again after EINTR and short writes); false with
 * errno on failure. */
bool fd_write_all(int fd, const void *p, size_t n);

#endif
