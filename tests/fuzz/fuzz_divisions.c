/* fuzz_divisions.c - `certdesk import divisions FILE` on hostile files. After
 * an import the table holds exactly the rows imported, every one reachable
 * through the cascade: its parent exists one level up, division_path names
 * it and a county reopens as a full selection. A failed import changes
 * nothing. */
#include "fuzz_store.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_store_open();
	return 0;
}

static void check_tree(long imported)
{
	sqlite3_stmt *st;
	struct division_list provinces;
	int n;

	FUZZ_CHECK(fuzz_count("SELECT count(*) FROM divisions") == imported, "table does not hold the %ld imported",
		   imported);
	FUZZ_CHECK(fuzz_count("SELECT count(*) FROM divisions d WHERE level > 1 AND NOT EXISTS "
			      "(SELECT 1 FROM divisions p WHERE p.code = d.parent AND p.level = d.level - 1)") == 0,
		   "a division without its parent");
	n = division_children(fuzz_store, NULL, &provinces);
	FUZZ_CHECK(n > 0 && n == fuzz_count("SELECT count(*) FROM divisions WHERE level = 1"), "%d provinces", n);
	division_list_release(&provinces);
	/* the first rows of each level through the cascade functions */
	st = store_prepare(fuzz_store, "SELECT code, level FROM divisions WHERE rowid IN "
				       "(SELECT min(rowid) FROM divisions GROUP BY level, substr(code, 1, 2)) LIMIT 40");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int level = sqlite3_column_int(st, 1);
		char *path = division_path(fuzz_store, code);
		struct division sel[3];
		struct division_list kids;

		FUZZ_CHECK(path && *path && fuzz_utf8_str(path), "no path for %s", code);
		free(path);
		if (level == 3) {
			FUZZ_CHECK(division_selection(fuzz_store, code, sel), "county %s does not reopen", code);
			for (int i = 0; i < 3; i++)
				division_release(&sel[i]);
		}
		FUZZ_CHECK(division_children(fuzz_store, code, &kids) >= 0, "children of %s", code);
		for (size_t i = 0; i < kids.n; i++)
			FUZZ_CHECK(kids.v[i].level == level + 1 && fuzz_utf8_str(kids.v[i].name), "child of %s", code);
		division_list_release(&kids);
	}
	sqlite3_finalize(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = fuzz_write_file("divisions.tsv", data, size), *err = NULL;
	struct import_report r;
	long long before;
	bool ok;

	FUZZ_CHECK(store_begin(fuzz_store), "begin: %s", store_errmsg(fuzz_store));
	before = fuzz_count("SELECT count(*) FROM divisions");
	ok = refdata_import_divisions(fuzz_store, path, &r, &err);
	fuzz_check_report(&r, ok, err);
	if (ok)
		check_tree(r.imported);
	else
		FUZZ_CHECK(fuzz_count("SELECT count(*) FROM divisions") == before, "a failed import changed the table");
	store_rollback(fuzz_store);
	import_report_release(&r);
	free(err);
	free(path);
	return 0;
}
