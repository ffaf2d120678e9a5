/* conf.h - certdesk.conf: INI sections of key = value, checked against conf_keys.h. */
#ifndef CERTDESK_CONF_H
#define CERTDESK_CONF_H

#include <stdbool.h>

enum conf_type { CONF_STRING, CONF_INT, CONF_BOOL, CONF_PATH, CONF_DIGITS4, CONF_JOURNAL };

struct conf;

/* Load FILE (NULL: only defaults). On error returns NULL and *err gets a
 * message naming the file and line (caller frees). */
struct conf *conf_load(const char *file, char **err);
/* Find the configuration: explicit (--config), $CERTDESK_CONF, the source
 * tree's data/certdesk.conf, /etc/certdesk/certdesk.conf. Returns the path
 * (caller frees) or NULL when none exists. */
char *conf_locate(const char *explicit_path);
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
