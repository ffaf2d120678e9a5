/* test_exportdata.c - what the .xlsx export reads (store/exportdata.h): the
 * filtered rows oldest first with every column, the totals by status and by
 * clerk. */
#include "fixture.h"

#include "store/exportdata.h"
#include "store/orders.h"

static char *app_no_of(struct fx *f, long long id)
{
	char idbuf[32];

	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	return store_get_text(f->s, "SELECT app_no FROM applications WHERE id = ?", idbuf);
}

/* clerk1: a, c (c without a fee); clerk2: b (no 机构名称: the holder is its
 * subject); a is submitted and approved by sup1 (待同步). */
struct three {
	long long a, b, c;
};

static struct three three(struct fx *f)
{
	struct three t;
	char *err = NULL;

	t.a = fx_pending(f, "深圳市甲科技有限公司", "S1");
	fx_ok(review_approve(f->s, t.a, f->sup, -1, &err), err);
	t.b = fx_draft(f, f->clerk2, "", "S2");
	fx_set(f, t.b, "cert_holder", "李持有", f->clerk2);
	fx_set(f, t.b, "fee_cents", "30000", f->clerk2);
	t.c = fx_draft(f, f->clerk, "深圳市丙科技有限公司", "S3");
	fx_set(f, t.c, "fee_cents", NULL, f->clerk);
	return t;
}

static void rows_come_oldest_first_with_every_column(void **state)
{
	struct fx *f = *state;
	struct three t = three(f);
	struct order_filter flt;
	struct export_cursor *c;
	const struct export_row *r;
	char *no_a = app_no_of(f, t.a), *no_b = app_no_of(f, t.b), *no_c = app_no_of(f, t.c);

	order_filter_init(&flt);
	c = exportdata_orders(f->s, &flt);
	assert_non_null(r = exportdata_next(c));
	assert_string_equal(r->col[EXPORT_APP_NO], no_a);
	assert_string_equal(r->col[EXPORT_SUBJECT], "深圳市甲科技有限公司");
	assert_string_equal(r->col[EXPORT_ORG_DOC_NO], "91440300MA5EXAMPLE");
	assert_string_equal(r->col[EXPORT_CERT_SERIAL], "S1");
	assert_string_equal(r->col[EXPORT_AGENT_NAME], "陈经办");
	assert_string_equal(r->col[EXPORT_AGENT_MOBILE], "13812341234");    /* masking is the export's */
	assert_string_equal(r->col[EXPORT_AGENT_ID], "110105199001010022");
	assert_string_equal(r->col[EXPORT_BANK_ACCOUNT], "4000022309200123456");
	assert_string_equal(r->col[EXPORT_MAIL_ADDRESS], "深圳市福田区深南大道 1 号");
	assert_string_equal(r->col[EXPORT_STATUS], status_code(ST_QUEUED));
	assert_string_equal(r->col[EXPORT_CLERK], "clerk1");
	assert_string_equal(r->col[EXPORT_APPROVER], "sup1");
	assert_non_null(r->col[EXPORT_BUSINESS_TYPE]);
	assert_non_null(r->col[EXPORT_CREATED]);
	assert_non_null(r->col[EXPORT_UPDATED]);
	assert_true(r->has_fee);
	assert_int_equal(r->fee_cents, 48000);
	assert_string_equal(r->col[EXPORT_FEE], "48000");
	assert_non_null(r = exportdata_next(c));
	assert_string_equal(r->col[EXPORT_APP_NO], no_b);
	assert_string_equal(r->col[EXPORT_SUBJECT], "李持有");
	assert_string_equal(r->col[EXPORT_CLERK], "clerk2");
	assert_null(r->col[EXPORT_APPROVER]);
	assert_string_equal(r->col[EXPORT_STATUS], status_code(ST_DRAFT));
	assert_int_equal(r->fee_cents, 30000);
	assert_non_null(r = exportdata_next(c));
	assert_string_equal(r->col[EXPORT_APP_NO], no_c);
	assert_false(r->has_fee);
	assert_null(r->col[EXPORT_FEE]);
	assert_null(exportdata_next(c));
	assert_null(exportdata_next(c));
	exportdata_close(c);
	exportdata_close(NULL);

	/* the list's filters apply */
	flt.clerk = f->clerk2;
	c = exportdata_orders(f->s, &flt);
	assert_non_null(r = exportdata_next(c));
	assert_string_equal(r->col[EXPORT_APP_NO], no_b);
	assert_null(exportdata_next(c));
	exportdata_close(c);
	order_filter_init(&flt);
	flt.status = ST_SHIPPED;
	c = exportdata_orders(f->s, &flt);
	assert_null(exportdata_next(c));
	exportdata_close(c);
	free(no_a);
	free(no_b);
	free(no_c);
}

static void totals_by_status_and_by_clerk(void **state)
{
	struct fx *f = *state;
	struct order_filter flt;
	struct export_status_totals st;
	struct export_clerk_total *ct;
	size_t n;

	three(f);
	order_filter_init(&flt);
	exportdata_by_status(f->s, &flt, &st);
	assert_int_equal(st.n[ST_QUEUED], 1);
	assert_int_equal(st.cents[ST_QUEUED], 48000);
	assert_int_equal(st.n[ST_DRAFT], 2);
	assert_int_equal(st.cents[ST_DRAFT], 30000);       /* a NULL fee counts 0 */
	assert_int_equal(st.n[ST_PENDING], 0);
	assert_int_equal(st.cents[ST_PENDING], 0);

	n = exportdata_by_clerk(f->s, &flt, &ct);
	assert_int_equal(n, 2);
	assert_string_equal(ct[0].login, "clerk1");
	assert_string_equal(ct[0].display_name, "张柜员");
	assert_int_equal(ct[0].n, 2);
	assert_int_equal(ct[0].cents, 48000);
	assert_string_equal(ct[1].login, "clerk2");
	assert_string_equal(ct[1].display_name, "李柜员");
	assert_int_equal(ct[1].n, 1);
	assert_int_equal(ct[1].cents, 30000);
	exportdata_clerks_release(ct, n);

	/* filtered; none matching: no clerk, all zero */
	flt.status = ST_DRAFT;
	exportdata_by_status(f->s, &flt, &st);
	assert_int_equal(st.n[ST_QUEUED], 0);
	assert_int_equal(st.n[ST_DRAFT], 2);
	flt.status = ST_SHIPPED;
	n = exportdata_by_clerk(f->s, &flt, &ct);
	assert_int_equal(n, 0);
	exportdata_clerks_release(ct, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rows_come_oldest_first_with_every_column, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(totals_by_status_and_by_clerk, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
