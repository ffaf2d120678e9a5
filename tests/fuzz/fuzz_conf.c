/* fuzz_conf.c - certdesk.conf parsing on hostile files. A refused file gives
 * one message naming the file; an accepted one gives values that the same
 * checks accept again (conf_set), integers that parse, absolute paths. */
#include "fuzz.h"

#include "core/conf.h"

#include <limits.h>

struct walk {
	struct conf *fresh;       /* defaults only: every loaded value is set here again */
};

static void each(const char *section, const char *key, const char *value, const char *help, void *ud)
{
	struct walk *w = ud;
	char *name = xasprintf("%s.%s", section, key), *err = NULL;

	(void)help;
	FUZZ_CHECK(value, "%s has no value", name);
	FUZZ_CHECK(conf_set(w->fresh, name, value, &err), "%s = \"%s\" loaded but refused by conf_set: %s", name,
		   value, err);
	FUZZ_CHECK(!strcmp(conf_str(w->fresh, name), value), "%s changed on the way back", name);
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_write_file("certdesk.conf", data, size), *err = NULL;
	struct conf *c = conf_load(path, &err);

	if (!c) {
		FUZZ_CHECK(err && !strncmp(err, path, strlen(path)), "refused without naming the file: %s",
			   err ? err : "(null)");
		/* the message quotes the file, so it is text only when the file is */
		FUZZ_CHECK(!fuzz_utf8_ok((const char *)data, size) || memchr(data, '\0', size) ||
				   fuzz_utf8_str(err),
			   "message is not UTF-8");
		free(err);
	} else {
		struct walk w = { conf_load(NULL, &err) };
		long n;

		FUZZ_CHECK(!err, "accepted with a message: %s", err);
		FUZZ_CHECK(!strcmp(conf_file(c), path), "conf_file() lost the name");
		conf_each(c, each, &w);
		n = conf_int(c, "store.busy_timeout_ms");
		FUZZ_CHECK(n >= 0 && n <= INT_MAX, "busy_timeout_ms %ld", n);
		FUZZ_CHECK(!*conf_str(c, "store.database") || *conf_str(c, "store.database") == '/',
			   "database path is relative: %s", conf_str(c, "store.database"));
		FUZZ_CHECK(strlen(conf_str(c, "branch.code")) == 4, "branch code \"%s\"", conf_str(c, "branch.code"));
		conf_free(w.fresh);
		conf_free(c);
	}
	free(path);
	return 0;
}
