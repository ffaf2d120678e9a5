/* test_columns.c - the column-roles table (store/columns.c) against the
 * schema: every column of the tables that leave the branch or are shown in
 * lists and exports has a role, and the table names no column that does not
 * exist. Also: what travels is exactly what travelled before the allow-list,
 * and what the form does not label is labelled here. */
#include "testutil.h"

#include "store/columns.h"
#include "store/store.h"

static const char *const tables[] = { "applications", "attachments" };

static void every_column_has_a_role(void **state)
{
	char *err = NULL;
	struct store *s = store_open_memory(&err);
	int missing = 0;

	(void)state;
	assert_non_null(s);
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++) {
		char *sql = xasprintf("SELECT name FROM pragma_table_info('%s')", tables[t]);
		sqlite3_stmt *st = store_prepare(s, sql);
		int n = 0;

		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(st, 0);
			const struct column_def *d = column_find(tables[t], col);

			n++;
			if (!d || !d->roles) {
				fprintf(stderr, "%s.%s has no role in src/store/columns.c\n", tables[t], col);
				missing++;
			}
		}
		sqlite3_finalize(st);
		free(sql);
		assert_true(n > 0);
	}
	store_close(s);
	assert_int_equal(missing, 0);
}

static void the_table_names_only_existing_columns(void **state)
{
	char *err = NULL;
	struct store *s = store_open_memory(&err);
	size_t n;
	const struct column_def *defs = columns_all(&n);
	int unknown = 0;

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		char *sql = xasprintf("SELECT count(*) FROM pragma_table_info('%s') WHERE name = ?", defs[i].table);

		if (store_get_int(s, sql, defs[i].column, 0) != 1) {
			fprintf(stderr, "src/store/columns.c names %s.%s, which does not exist\n", defs[i].table,
				defs[i].column);
			unknown++;
		}
		free(sql);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(defs[k].table, defs[i].table) && !strcmp(defs[k].column, defs[i].column))
				fail_msg("%s.%s is named twice", defs[i].table, defs[i].column);
	}
	store_close(s);
	assert_int_equal(unknown, 0);
}

/* The submission is what it was when the branch sent "every column except
 * these" (certdesk-api(7)): the allow-list changes nothing on the wire. */
static void what_travels_is_what_travelled(void **state)
{
	static const char *const kept_before[] = {
		"id", "status", "created_by", "last_edited_by", "updated_at", "screen", "claimed_by", "claimed_at",
		"approved_by", "return_reason", "return_fields", "central_ref", "central_reason", "pin_delivery",
		"invoice_link", "carrier", "tracking_no", "revoked_at", "sync_error", "idv_by", "warnings", "revision",
	};
	size_t n;
	const struct column_def *defs = columns_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		bool kept = false;

		if (strcmp(defs[i].table, "applications"))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(kept_before); k++)
			kept = kept || !strcmp(kept_before[k], defs[i].column);
		if (kept == column_has("applications", defs[i].column, COL_SENT))
			fail_msg("applications.%s: %s before, %s now", defs[i].column, kept ? "kept" : "sent",
				 kept ? "sent" : "kept");
	}
	assert_false(column_has("applications", "no_such_column", COL_SENT));
}

/* What the form does not label is labelled here, with a group; a field that
 * only confirms another is a form field and is not labelled (not shown). */
static void labels_come_with_a_group(void **state)
{
	size_t n, labelled = 0;
	const struct column_def *defs = columns_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (defs[i].label) {
			labelled++;
			if (!defs[i].group || !*defs[i].group || !*defs[i].label)
				fail_msg("%s.%s: a label without a group", defs[i].table, defs[i].column);
			if (defs[i].roles & COL_CONFIRM)
				fail_msg("%s.%s: a confirmation is not shown, yet labelled", defs[i].table, defs[i].column);
		}
		if ((defs[i].roles & COL_CONFIRM) && !(defs[i].roles & COL_FORM))
			fail_msg("%s.%s: only a form field confirms another", defs[i].table, defs[i].column);
	}
	assert_true(labelled > 10);
	assert_true(column_has("applications", "bank_account_confirm", COL_CONFIRM));
	assert_string_equal(column_find("applications", "fee_cents")->label, "补办费用 (元)");
	assert_null(column_find("applications", "org_name")->label);     /* the form's */
}

static void masks_apply_the_core_masks(void **state)
{
	char *v;

	(void)state;
	assert_null(column_mask_apply(MASK_ID, NULL));
	v = column_mask_apply(column_mask("agent_mobile"), "13812341234");
	assert_string_equal(v, "138****1234");
	free(v);
	v = column_mask_apply(column_mask("bank_account"), "6222020200112233445");
	assert_string_equal(v + strlen(v) - 4, "3445");
	assert_null(strstr(v, "62220202"));
	free(v);
	v = column_mask_apply(column_mask("org_name"), "示例科技有限公司");
	assert_string_equal(v, "示例科技有限公司");
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_column_has_a_role),
		cmocka_unit_test(the_table_names_only_existing_columns),
		cmocka_unit_test(what_travels_is_what_travelled),
		cmocka_unit_test(labels_come_with_a_group),
		cmocka_unit_test(masks_apply_the_core_masks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
