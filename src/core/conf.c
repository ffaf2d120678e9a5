/* conf.c - parse and check certdesk.conf against the key table. */
#include "core/conf.h"
#include "core/access.h"
#include "core/paths.h"
#include "core/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct conf_def {
	const char *section, *key;
	enum conf_type type;
	const char *def, *help;
};

static const struct conf_def defs[] = {
#define X(sec, key, type, def, help) { sec, key, type, def, help },
#include "core/conf_keys.h"
#undef X
};

#define NDEFS ARRAY_SIZE(defs)

struct conf {
	char *file;
	char *dir;
	char *values[NDEFS];
	int lines[NDEFS];         /* the line that set it; 0: the default */
};

static int def_find(const char *section, size_t seclen, const char *key)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strlen(defs[i].section) == seclen && !strncmp(defs[i].section, section, seclen) &&
		    !strcmp(defs[i].key, key))
			return (int)i;
	return -1;
}

static int def_find_name(const char *name)
{
	const char *dot = strchr(name, '.');

	if (!dot)
		return -1;
	return def_find(name, (size_t)(dot - name), dot + 1);
}

/* Check a value against its type; returns NULL when good, else a message. */
static const char *check_value(enum conf_type t, const char *v)
{
	char *end;

	switch (t) {
	case CONF_INT:
		errno = 0;
		long n = strtol(v, &end, 10);
		if (!*v || *end || errno || n < 0 || n > INT_MAX)
			return "应为非负整数";
		return NULL;
	case CONF_BOOL:
		if (!strcmp(v, "yes") || !strcmp(v, "no") || !strcmp(v, "true") || !strcmp(v, "false") ||
		    !strcmp(v, "1") || !strcmp(v, "0"))
			return NULL;
		return "应为 yes 或 no";
	case CONF_DIGITS4:
		if (strlen(v) == 4 && strspn(v, "0123456789") == 4)
			return NULL;
		return "应为 4 位数字";
	case CONF_JOURNAL:
		if (!strcmp(v, "auto") || !strcmp(v, "wal") || !strcmp(v, "delete"))
			return NULL;
		return "应为 auto、wal 或 delete";
	case CONF_STRING:
	case CONF_PATH:
		for (const unsigned char *p = (const unsigned char *)v; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				return "含有控制字符";
		return NULL;
	}
	return NULL;
}

static char *resolve_path(const struct conf *c, const char *v)
{
	if (!*v || v[0] == '/' || !c->dir)
		return xstrdup(v);
	return xasprintf("%s/%s", c->dir, v);
}

static bool set_index(struct conf *c, int i, const char *value, char **err, int line)
{
	const char *why = check_value(defs[i].type, value);

	if (why) {
		if (line > 0)
			*err = xasprintf("%s:%d: %s.%s 的值 \"%s\" 无效: %s", c->file, line, defs[i].section,
					 defs[i].key, value, why);
		else
			*err = xasprintf("%s.%s 的值 \"%s\" 无效: %s", defs[i].section, defs[i].key, value, why);
		return false;
	}
	free(c->values[i]);
	c->values[i] = defs[i].type == CONF_PATH ? resolve_path(c, value) : xstrdup(value);
	return true;
}

bool conf_set(struct conf *c, const char *name, const char *value, char **err)
{
	int i = def_find_name(name);

	if (i < 0) {
		*err = xasprintf("未知的配置项 %s", name);
		return false;
	}
	return set_index(c, i, value, err, 0);
}

static int must_find(const char *name);

static struct conf *conf_defaults(void)
{
	struct conf *c = xcalloc(1, sizeof(*c));

	for (size_t i = 0; i < NDEFS; i++)
		c->values[i] = xstrdup(defs[i].def);
	return c;
}

void conf_problems_release(struct conf_problems *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].message);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

void conf_problem_add(struct conf_problems *p, const char *file, int line, char *message)
{
	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	p->v[p->n].line = line;
	p->v[p->n].message = file && line > 0 ? xasprintf("%s:%d: %s", file, line, message)
					      : file ? xasprintf("%s: %s", file, message) : xstrdup(message);
	p->n++;
	free(message);
}

/* Parse FILE into C. Without P the first problem ends it (false, *err);
 * with P every problem is added there and the line skipped. */
static bool parse(struct conf *c, const char *file, struct conf_problems *p, char **err)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	char section[64] = "";
	bool bad_section = false, ok = true;

	c->file = xstrdup(file);
	{
		char *slash = strrchr(c->file, '/');
		char cwd[PATH_MAX];

		if (slash)
			c->dir = xstrndup(c->file, (size_t)(slash - c->file));
		else if (getcwd(cwd, sizeof(cwd)))
			c->dir = xstrdup(cwd);
		if (c->dir && c->dir[0] != '/') {
			char *abs = getcwd(cwd, sizeof(cwd)) ? xasprintf("%s/%s", cwd, c->dir) : NULL;
			if (abs) {
				free(c->dir);
				c->dir = abs;
			}
		}
	}
	f = fopen(file, "r");
	if (!f) {
		char *m = xasprintf("无法打开配置文件: %s", strerror(errno));
		if (p) {
			conf_problem_add(p, file, 0, m);
		} else {
			*err = xasprintf("%s: %s", file, m);
			free(m);
		}
		return false;
	}
	while (ok && (n = getline(&line, &cap, f)) >= 0) {
		char *s, *eq, *key, *val, *why = NULL;
		int i;

		lineno++;
		s = str_trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close[1] || close - s - 1 >= (long)sizeof(section) || close == s + 1) {
				why = xasprintf("节名格式错误: %s", s);
				bad_section = true;
			} else {
				*close = '\0';
				snprintf(section, sizeof(section), "%s", str_trim(s + 1));
				bad_section = false;
			}
		} else if (bad_section) {
			continue;   /* reported once, at its header */
		} else if (!(eq = strchr(s, '='))) {
			why = xstrdup("应为 key = value");
		} else {
			*eq = '\0';
			key = str_trim(s);
			val = str_trim(eq + 1);
			if (!*section) {
				why = xasprintf("%s 出现在任何 [节] 之前", key);
			} else if ((i = def_find(section, strlen(section), key)) < 0) {
				why = xasprintf("未知的配置项 [%s] %s", section, key);
			} else if (!set_index(c, i, val, &why, 0)) {
				;
			} else {
				c->lines[i] = lineno;
			}
		}
		if (why && p) {
			conf_problem_add(p, file, lineno, why);
		} else if (why) {
			*err = xasprintf("%s:%d: %s", file, lineno, why);
			free(why);
			ok = false;
		}
	}
	free(line);
	fclose(f);
	/* Path defaults that are relative also resolve against the file. */
	for (size_t i = 0; i < NDEFS; i++)
		if (defs[i].type == CONF_PATH && c->values[i][0] && c->values[i][0] != '/') {
			char *rp = resolve_path(c, c->values[i]);
			free(c->values[i]);
			c->values[i] = rp;
		}
	return ok;
}

struct conf *conf_load(const char *file, char **err)
{
	struct conf *c = conf_defaults();

	*err = NULL;
	if (!file)
		return c;
	if (!parse(c, file, NULL, err)) {
		conf_free(c);
		return NULL;
	}
	return c;
}

struct conf *conf_load_all(const char *file, struct conf_problems *p)
{
	struct conf *c = conf_defaults();

	if (file)
		parse(c, file, p, NULL);
	return c;
}

int conf_line(const struct conf *c, const char *name)
{
	return c->lines[must_find(name)];
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < NDEFS; i++)
		free(c->values[i]);
	free(c->file);
	free(c->dir);
	free(c);
}

static int must_find(const char *name)
{
	int i = def_find_name(name);

	if (i < 0)
		die("内部错误: 未定义的配置项 %s", name);
	return i;
}

const char *conf_str(const struct conf *c, const char *name)
{
	return c->values[must_find(name)];
}

long conf_int(const struct conf *c, const char *name)
{
	return strtol(c->values[must_find(name)], NULL, 10);
}

bool conf_bool(const struct conf *c, const char *name)
{
	const char *v = c->values[must_find(name)];

	return !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1");
}

const char *conf_file(const struct conf *c)
{
	return c->file;
}

char *conf_locate(const char *explicit_path)
{
	/* setgid (certdesk-security(7)): never from the caller's environment
	 * nor from a source tree; an explicit file is checked by the caller */
	const char *env = secure_getenv("CERTDESK_CONF");
	char *p;

	if (explicit_path)
		return xstrdup(explicit_path);
	if (!str_empty(env))
		return xstrdup(env);
	p = access_privileged() ? NULL : paths_source_file("data/certdesk.conf");
	if (p)
		return p;
	if (euidaccess("/etc/certdesk/certdesk.conf", F_OK) == 0)
		return xstrdup("/etc/certdesk/certdesk.conf");
	return NULL;
}

void conf_each(const struct conf *c,
	       void (*fn)(const char *section, const char *key, const char *value, const char *help, void *ud),
	       void *ud)
{
	for (size_t i = 0; i < NDEFS; i++)
		fn(defs[i].section, defs[i].key, c->values[i], defs[i].help, ud);
}
