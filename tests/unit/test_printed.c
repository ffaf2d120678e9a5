/* test_printed.c - what was printed (store/printed.h): the last print of an
 * application with the count, who (operator login or the actor), printer,
 * kept PDF and data hash; a new print's row; a refused row. */
#include "fixture.h"

#include "store/printed.h"

static long long add(struct fx *f, long long app, long long op, const char *actor, const char *at, const char *printer,
		     const char *pdf, const char *hash, int reprint)
{
	struct print_new p = {
		.app_id = app, .operator_id = op, .actor = actor, .at = at, .printer = printer,
		.pdf_path = pdf, .sha256 = "pdfsha", .data_hash = hash, .reprint = reprint,
	};

	return printed_add(f->s, &p);
}

static void the_last_print_and_the_count(void **state)
{
	struct fx *f = *state;
	long long a = fx_draft(f, f->clerk, "深圳市甲科技有限公司", "P1");
	long long b = fx_draft(f, f->clerk, "深圳市乙科技有限公司", "P2");
	struct print_record r;
	long long id1, id2;

	assert_false(printed_last(f->s, a, &r));
	assert_int_equal(r.id, 0);
	assert_int_equal(r.count, 0);
	assert_null(r.at);
	assert_null(r.data_hash);
	print_record_release(&r);

	id1 = add(f, a, f->clerk, "clerk1", "2026-11-25T10:00:00+08:00", "柜台打印机", "/pdf/a-01.pdf", "h1", 0);
	assert_true(id1 > 0);
	assert_true(add(f, b, f->clerk, "clerk1", "2026-11-25T10:01:00+08:00", NULL, "/pdf/b-01.pdf", "hb", 0) > 0);
	assert_true(printed_last(f->s, a, &r));
	assert_int_equal(r.id, id1);
	assert_int_equal(r.count, 1);                       /* b's print is not a's */
	assert_string_equal(r.at, "2026-11-25T10:00:00+08:00");
	assert_string_equal(r.by, "clerk1");
	assert_string_equal(r.printer, "柜台打印机");
	assert_string_equal(r.pdf_path, "/pdf/a-01.pdf");
	assert_string_equal(r.data_hash, "h1");
	print_record_release(&r);
	assert_null(r.by);

	/* a reprint from the shell, saved only: no operator, no printer */
	id2 = add(f, a, 0, "shell:root", "2026-11-25T10:05:00+08:00", "", "/pdf/a-02.pdf", "h2", 1);
	assert_true(id2 > id1);
	assert_true(printed_last(f->s, a, &r));
	assert_int_equal(r.id, id2);
	assert_int_equal(r.count, 2);
	assert_string_equal(r.by, "shell:root");
	assert_null(r.printer);
	assert_string_equal(r.data_hash, "h2");
	print_record_release(&r);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM prints WHERE id = ? AND operator_id IS NULL AND printer IS NULL "
				  "AND reprint = 1 AND sha256 = 'pdfsha' AND actor = 'shell:root'", id2), 1);
	assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM prints WHERE id = ? AND operator_id IS NOT NULL AND reprint = 0 "
				  "AND actor = 'clerk1'", id1), 1);
}

static void a_refused_row_is_0(void **state)
{
	struct fx *f = *state;
	long long a = fx_draft(f, f->clerk, "深圳市甲科技有限公司", "P1");
	struct print_record r;

	assert_int_equal(add(f, a, f->clerk, "clerk1", NULL, NULL, "/pdf/a.pdf", "h", 0), 0);   /* at is required */
	assert_non_null(strstr(store_errmsg(f->s), "NOT NULL"));
	assert_false(printed_last(f->s, a, &r));
	print_record_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_last_print_and_the_count, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_refused_row_is_0, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
