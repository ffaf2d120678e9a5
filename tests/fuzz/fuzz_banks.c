/* fuzz_banks.c - `certdesk import banks FILE` on hostile files, into a store
 * holding the shipped head offices. Besides the report's invariants: every
 * imported code is found again by bank_by_code, the search index stays in
 * step with the table, and a failed import changes nothing. */
#include "fuzz_store.h"

#include "core/appno.h"
#include "core/tabfile.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_store_open();
	return 0;
}

static bool found(const struct bank *b, void *ud)
{
	*(bool *)ud = b->name && *b->name && fuzz_utf8_str(b->name);
	return false;
}

static bool count_hit(const struct bank *b, void *ud)
{
	(void)b;
	++*(int *)ud;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_write_file("banks.csv", data, size), *err = NULL;
	struct import_report r;
	long long before;
	bool ok;

	FUZZ_CHECK(store_begin(fuzz_store), "begin: %s", store_errmsg(fuzz_store));
	before = fuzz_count("SELECT count(*) FROM banks");
	ok = refdata_import_banks(fuzz_store, path, &r, &err);
	fuzz_check_report(&r, ok, err);
	if (ok) {
		struct tabfile t;
		char *terr = NULL;
		long long after = fuzz_count("SELECT count(*) FROM banks");

		FUZZ_CHECK(after >= before && after <= before + r.imported, "%lld banks before, %lld after %ld",
			   before, after, r.imported);
		FUZZ_CHECK(fuzz_count("SELECT count(*) FROM banks WHERE rank IS NULL") == 0, "unranked banks");
		/* each good 12-digit code of the file is in the directory now */
		FUZZ_CHECK(tabfile_open(&t, path, &terr), "reopen: %s", terr);
		while (tabfile_next(&t) == 1)
			for (int i = 0; i < t.nfields; i++) {
				const char *f = t.fields[i];
				bool hit = false;

				if (strlen(f) != 12 || strspn(f, "0123456789") != 12 ||
				    iso7064_mod11_10(f, 11) != f[11] - '0' ||
				    !store_get_int(fuzz_store, "SELECT count(*) FROM banks WHERE code = ?", f, 0))
					continue;
				FUZZ_CHECK(bank_by_code(fuzz_store, f, found, &hit) && hit, "code %s lost", f);
			}
		tabfile_release(&t);
		{
			int hits = 0, n = bank_search(fuzz_store, "银行", 20, count_hit, &hits);
			FUZZ_CHECK(n == hits && n > 0, "search after import: %d (%d calls)", n, hits);
		}
	} else {
		FUZZ_CHECK(fuzz_count("SELECT count(*) FROM banks") == before, "a failed import changed the banks");
	}
	store_rollback(fuzz_store);
	import_report_release(&r);
	free(err);
	free(path);
	return 0;
}
