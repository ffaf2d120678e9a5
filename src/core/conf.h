/* conf.h - certdesk.conf: INI sections of key = value, checked against conf_keys.h. */
#ifndef CERTDESK_CONF_H
#define CERTDESK_CONF_H

#include <stdbool.h>
#include <stddef.h>

enum conf_type { CONF_STRING, CONF_INT, CONF_BOOL, CONF_PATH, CONF_DIGITS4, CONF_JOURNAL };

struct conf;

/* Load FILE (NULL: only defaults). On error returns NULL and *err gets a
 * message naming the file and line (caller frees). */
struct conf *conf_load(const char *file, char **err);
/* Find the configuration: explicit (--config), $CERTDESK_CONF, the source
 * tree's data/certdesk.conf, /etc/certdesk/certdesk.conf. Returns the path
 * (caller frees) or NULL when none exists. */
char *conf_locate(const char *explicit_path);

/* Every problem of a configuration file at once (`certdesk config check`). */
struct conf_problem {
	int line;                 /* 0: the file as a whole */
	char *message;            /* "FILE:LINE: 中文" */
};
struct conf_problems {
	struct conf_problem *v;
	size_t n;
};
/* Load FILE as conf_load does, but go on after a bad line: each goes into P
 * (a bad value keeps its default). Always returns a conf (caller frees). */
struct conf *conf_load_all(const char *file, struct conf_problems *p);
/* Add a problem (takes MESSAGE; FILE and LINE, when given, are put before it). */
void conf_problem_add(struct conf_problems *p, const char *file, int line, char *message);
void conf_problems_release(struct conf_problems *p);
/* The line of the file that set "section.key"; 0 when it has its default. */
int conf_line(const struct conf *c, const char *name);
void conf_free(struct conf *c);

/* "section.key"; unknown names abort (a programming error). Strings are owned
 * by the conf. Paths are absolute: relative values resolve against the
 * directory of the configuration file. */
const char *conf_str(const struct conf *c, const char *name);
long conf_int(const struct conf *c, const char *name);
bool conf_bool(const struct conf *c, const char *name);
/* Override a value (tests, command-line options). Returns false on a bad value. */
bool conf_set(struct conf *c, const char *name, const char *value, char **err);
const char *conf_file(const struct conf *c);     /* NULL when defaults only */
/* Every key in table order: fn("section.key" parts, value, help, ud). */
void conf_each(const struct conf *c,
	       void (*fn)(const char *section, const char *key, const char *value, const char *help, void *ud),
	       void *ud);

#endif
