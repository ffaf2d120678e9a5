/* fuzz_store.h - one scratch store per fuzzing process for the importers:
 * migrated, with the shipped divisions and head offices loaded, its journal
 * in memory (every input runs inside a transaction that is rolled back, so
 * each starts from the same data). */
#ifndef CERTDESK_FUZZ_STORE_H
#define CERTDESK_FUZZ_STORE_H

#include "fuzz.h"

#include "core/conf.h"
#include "store/refdata.h"
#include "store/store.h"

#include <sqlite3.h>     /* the harnesses read the store with their own statements */

static struct store *fuzz_store;

static inline struct store *fuzz_store_open(void)
{
	char *err = NULL, *db = xasprintf("%s/fuzz.db", fuzz_dir());
	struct conf *c = conf_load(NULL, &err);

	if (!conf_set(c, "store.database", db, &err) || !conf_set(c, "store.journal", "delete", &err) ||
	    !(fuzz_store = store_open(c, STORE_CREATE, &err)) || !refdata_ensure(fuzz_store, &err) ||
	    !store_exec(fuzz_store, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF")) {
		fprintf(stderr, "fuzz store: %s\n", err ? err : "pragma failed");
		abort();
	}
	conf_free(c);
	free(db);
	return fuzz_store;
}

static inline long long fuzz_count(const char *sql)
{
	return store_get_int(fuzz_store, sql, NULL, -1);
}

/* The report of an import: counts that add up, one UTF-8 line per skipped
 * row. A problem may quote the file's text, controls included: printing it
 * on a terminal is the sanitiser's job (src/core/sanitize.h), not the
 * importer's; the failure message itself never quotes the file. */
static inline void fuzz_check_report(const struct import_report *r, bool ok, const char *err)
{
	FUZZ_CHECK(ok == !err, "ok=%d with message %s", ok, err ? err : "(null)");
	if (err)
		FUZZ_CHECK(*err && fuzz_utf8_str(err) && !fuzz_has_unsafe(err), "bad failure message");
	FUZZ_CHECK(r->rows >= 0 && r->imported >= 0 && r->skipped >= 0, "negative counts");
	FUZZ_CHECK(r->nproblems == (size_t)r->skipped, "%zu problems for %ld skipped rows", r->nproblems,
		   r->skipped);
	if (ok)
		FUZZ_CHECK(r->imported > 0 && r->imported + r->skipped + r->replaced == r->rows + r->added,
			   "%ld rows + %ld added: %ld imported + %ld skipped + %ld replaced", r->rows, r->added,
			   r->imported, r->skipped, r->replaced);
	else
		FUZZ_CHECK(r->imported == 0, "failed but %ld imported", r->imported);
	for (size_t i = 0; i < r->nproblems; i++) {
		FUZZ_CHECK(fuzz_utf8_str(r->problems[i]), "problem %zu is not UTF-8", i);
		FUZZ_CHECK(!strncmp(r->problems[i], "第 ", strlen("第 ")), "problem %zu names no line", i);
	}
}

#endif
