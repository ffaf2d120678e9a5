/* test_formdata.c - what the form layer asks of the store (store/formdata.h):
 * the schema a form is checked against, whether the reference tables are
 * loaded, banks by name, and the certificate-cache row. */
#include "fixture.h"

#include "store/formdata.h"

static void schema_names_writable_and_certificate_columns(void **state)
{
	struct fx *f = *state;
	struct form_schema sc;

	store_form_schema(&sc, f->s, "/some/dir");
	assert_string_equal(sc.datadir, "/some/dir");
	assert_ptr_equal(sc.ud, f->s);
	assert_true(sc.column_writable("org_name", sc.ud));
	assert_false(sc.column_writable("status", sc.ud));          /* bookkeeping */
	assert_false(sc.column_writable("no_such_column", sc.ud));
	assert_true(sc.cert_column("serial", sc.ud));
	assert_true(sc.cert_column("holder", sc.ud));
	assert_false(sc.cert_column("org_name_typo", sc.ud));
}

static void reference_tables_are_loaded_when_they_hold_a_row(void **state)
{
	struct fx *f = *state;

	assert_false(store_divisions_loaded(f->s));
	assert_false(store_banks_loaded(f->s));
	assert_true(store_exec(f->s, "INSERT INTO divisions(code, name, parent, level) VALUES ('440000','广东省',NULL,1)"));
	assert_true(store_divisions_loaded(f->s));
	assert_false(store_banks_loaded(f->s));
	assert_true(store_exec(f->s, "INSERT INTO banks(code, name) VALUES ('102100099996','中国工商银行')"));
	assert_true(store_banks_loaded(f->s));
}

static void a_bank_code_by_name_only_when_the_name_is_unique(void **state)
{
	struct fx *f = *state;
	char *code;

	assert_true(store_exec(f->s,
		"INSERT INTO banks(code, name) VALUES ('102100099996','中国工商银行'),"
		" ('313100000013','某市商业银行'), ('313200000014','某市商业银行'), (NULL,'无联行号银行')"));
	assert_int_equal(bank_count_named(f->s, "中国工商银行"), 1);
	assert_int_equal(bank_count_named(f->s, "某市商业银行"), 2);
	assert_int_equal(bank_count_named(f->s, "不存在的银行"), 0);
	code = bank_code_named(f->s, "中国工商银行");
	assert_string_equal(code, "102100099996");
	free(code);
	assert_null(bank_code_named(f->s, "某市商业银行"));   /* which one: not said */
	assert_null(bank_code_named(f->s, "不存在的银行"));
	assert_null(bank_code_named(f->s, "无联行号银行"));   /* the one row has no code */
}

static void the_certificate_row_has_every_column_as_text(void **state)
{
	struct fx *f = *state;
	struct cert_cache_row r;

	assert_true(store_exec(f->s,
		"INSERT INTO cert_cache(serial, holder, cert_type, valid_from, valid_to, status, org_name,"
		" person_name, fetched_at) VALUES ('712C1B5A584A1BBE','深圳市某某科技有限公司','机构证书',"
		" '2024-01-01','2026-12-31','有效','深圳市某某科技有限公司',NULL,'2026-11-25 09:00:00')"));
	cert_row_prepare(f->s);
	assert_true(cert_row_load(f->s, "712C1B5A584A1BBE", &r));
	assert_true(r.n > 5);
	assert_string_equal(cert_row_get(&r, "holder"), "深圳市某某科技有限公司");
	assert_string_equal(cert_row_get(&r, "valid_to"), "2026-12-31");
	assert_string_equal(cert_row_get(&r, "person_name"), "");   /* NULL reads as "" */
	assert_null(cert_row_get(&r, "no_such_column"));
	cert_row_release(&r);
	assert_false(cert_row_load(f->s, "0000000000000000", &r));
	assert_int_equal(r.n, 0);
	cert_row_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(schema_names_writable_and_certificate_columns, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(reference_tables_are_loaded_when_they_hold_a_row, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_bank_code_by_name_only_when_the_name_is_unique, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_certificate_row_has_every_column_as_text, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
