/* testutil.h - shared helpers for the cmocka unit tests: a scratch directory
 * and a configuration with a fresh database and the cheapest password hashing. */
#ifndef CERTDESK_TESTUTIL_H
#define CERTDESK_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* the tests read and plant rows with SQLite itself (store_prepare, a second
 * connection); struct store stays opaque to them (store/store.h) */
#include <sqlite3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/conf.h"
#include "core/util.h"
#include "store/operator.h"
#include "store/store.h"

/* mkdtemp'd directory in $TMPDIR, else /tmp (caller frees and may remove
 * with tu_rmrf). tests/run.sh points TMPDIR at a tmpfs when it can. */
static inline char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *d = xasprintf("%s/certdesk-test-XXXXXX", base && *base ? base : "/tmp");

	if (!mkdtemp(d))
		abort();
	return d;
}

static inline void tu_rmrf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fprintf(stderr, "rm -rf %s failed\n", dir);
	free(cmd);
}

/* A configuration whose database lives in dir; minimal argon2 limits. */
static inline struct conf *tu_conf(const char *dir)
{
	char *err = NULL;
	struct conf *c = conf_load(NULL, &err);
	char *db = xasprintf("%s/test.db", dir);

	/* no test reads the wall clock: unless a test pinned its own day, every
	 * store-backed test runs on Wednesday 2026-11-25, 10:00 China time */
	if (!clock_pinned()) {
		setenv("CERTDESK_NOW", "2026-11-25T10:00:00+08:00", 0);
		if (!clock_init(NULL, &err))
			fprintf(stderr, "clock_init: %s\n", err);
		free(err);
		err = NULL;
	}
	conf_set(c, "store.database", db, &err);
	conf_set(c, "security.pwhash_opslimit", "1", &err);
	conf_set(c, "security.pwhash_memlimit", "8192", &err);
	free(db);
	return c;
}

static inline struct store *tu_store(const struct conf *c)
{
	char *err = NULL;
	struct store *s = store_open(c, STORE_CREATE, &err);

	if (!s) {
		fprintf(stderr, "store_open: %s\n", err);
		abort();
	}
	return s;
}

/* The usual fixture: a scratch directory, its configuration and an open store. */
static inline void tu_open(char **dir, struct conf **c, struct store **s)
{
	*dir = tu_tmpdir();
	*c = tu_conf(*dir);
	*s = tu_store(*c);
}

static inline void tu_close(char *dir, struct conf *c, struct store *s)
{
	store_close(s);
	conf_free(c);
	tu_rmrf(dir);
	free(dir);
}

/* Add an operator (password "passw0rd1") and return its id. */
static inline long long tu_operator(struct store *s, const struct conf *c, const char *login, enum role r)
{
	char *err = NULL;
	struct operator op;
	long long id;

	assert_true(operator_add(s, c, login, "测试员", r, "passw0rd1", &err));
	assert_true(operator_find(s, login, &op));
	id = op.id;
	operator_release(&op);
	return id;
}

#endif
