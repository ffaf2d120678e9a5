/* test_centreapi.c - the centre's interface table (core/centreapi.h): the
 * feed's event codes, and request paths matched against the endpoints'
 * patterns the way certdesk-central routes them (each endpoint's own path
 * finds it with its arguments; a wrong method, a missing or an extra segment
 * finds nothing). */
#include "testutil.h"

#include "core/centreapi.h"

static const char *const sample[CENTRE_PATH_MAX_ARGS] = {
	"2611250001000000", "9f86d081884c7d659a2feaa0c55ad015", "form_scan", "scan.jpg",
};

/* The number of "%s" segments before the query in FMT. */
static int path_params(const char *fmt)
{
	int n = 0;

	for (const char *s = fmt; *s && *s != '?'; s++)
		if (s[0] == '%' && s[1] == 's')
			n++;
	return n;
}

/* The arguments point into the path: it is kept until the next call. */
static struct centre_path last;

static int match(const char *method, const char *url, const char *args[CENTRE_PATH_MAX_ARGS])
{
	centre_path_release(&last);
	centre_path_split(&last, url);
	return centre_endpoint_match(method, &last, args);
}

static void each_endpoint_path_matches_its_own_row_with_its_arguments(void **state)
{
	(void)state;
	for (int i = 0; i < CE__COUNT; i++) {
		const struct centre_endpoint_def *d = centre_endpoint((enum centre_endpoint)i);
		const char *args[CENTRE_PATH_MAX_ARGS] = { NULL };
		struct centre_path p;
		char url[512];
		int k = path_params(d->path);

		assert_non_null(d);
		assert_true(k <= CENTRE_PATH_MAX_ARGS);
		snprintf(url, sizeof(url), d->path, sample[0], sample[1], sample[2], sample[3]);
		centre_path_split(&p, url);
		assert_int_equal(centre_endpoint_match(d->method, &p, args), i);
		for (int a = 0; a < k; a++)
			assert_string_equal(args[a], sample[a]);
		/* no other row answers the same request */
		for (int j = 0; j < CE__COUNT; j++) {
			const struct centre_endpoint_def *o = centre_endpoint((enum centre_endpoint)j);
			if (j != i && !strcmp(o->method, d->method))
				assert_false(centre_path_match(o->path, &p, args, NULL));
		}
		centre_path_release(&p);
	}
	assert_null(centre_endpoint(CE__COUNT));
}

static void an_id_is_extracted_from_its_segment(void **state)
{
	const char *args[CENTRE_PATH_MAX_ARGS] = { NULL };
	struct centre_path p;
	int n = -1;

	(void)state;
	assert_int_equal(match("POST", "/v1/applications/2611250001000042/finauth", args), CE_FINAUTH);
	assert_string_equal(args[0], "2611250001000042");
	assert_int_equal(match("GET", "/v1/payments/PO20261125001", args), CE_PAYMENT_ONE);
	assert_string_equal(args[0], "PO20261125001");
	assert_int_equal(match("GET", "/v1/idv/sessions/eff8b645", args), CE_IDV_ONE);
	assert_string_equal(args[0], "eff8b645");
	assert_int_equal(match("PUT", "/v1/applications/26/attachments/abc", args), CE_ATTACHMENT);
	assert_string_equal(args[0], "26");
	assert_string_equal(args[1], "abc");
	/* empty segments and a query are not part of the path */
	assert_int_equal(match("GET", "//v1//applications/26/", args), CE_APPLICATION);
	assert_string_equal(args[0], "26");
	assert_int_equal(match("GET", "/v1/feed?after=0&limit=500", args), CE_FEED);
	/* the simulator's own rows have the same shape */
	centre_path_split(&p, "/admin/v1/idv/eff8b645");
	assert_true(centre_path_match("/admin/v1/idv/%s", &p, args, &n));
	assert_int_equal(n, 1);
	assert_string_equal(args[0], "eff8b645");
	assert_false(centre_path_match("/admin/v1/payments/%s", &p, args, NULL));
	centre_path_release(&p);
}

static void wrong_method_or_segments_do_not_match(void **state)
{
	const char *args[CENTRE_PATH_MAX_ARGS] = { NULL };
	struct centre_path p;

	(void)state;
	assert_int_equal(match("GET", "/v1/applications/26/finauth", args), -1);   /* POST only */
	assert_int_equal(match("DELETE", "/v1/payments", args), -1);
	assert_int_equal(match("POST", "/v1/certificates", args), -1);
	assert_int_equal(match("PUT", "/v1/applications/26/attachments", args), -1);  /* no hash */
	assert_int_equal(match("POST", "/v1/applications/26/finauth/x", args), -1);   /* extra segment */
	assert_int_equal(match("GET", "/v1/applications/26/x", args), -1);
	assert_int_equal(match("GET", "/v1/feed/1", args), -1);
	assert_int_equal(match("POST", "/v1/idv", args), -1);
	assert_int_equal(match("POST", "/v2/applications", args), -1);
	assert_int_equal(match("POST", "/applications", args), -1);
	assert_int_equal(match("GET", "", args), -1);
	assert_int_equal(match("GET", "/", args), -1);
	/* a literal segment is not a prefix */
	assert_int_equal(match("GET", "/v1/feeds", args), -1);
	assert_int_equal(match("GET", "/v1/fee", args), -1);
	/* more segments than any endpoint has: no match, nothing read past the table */
	centre_path_split(&p, "/v1/a/b/c/d/e/f/g/h/i/j");
	assert_int_equal(p.n, CENTRE_PATH_MAX_SEGS + 1);
	assert_string_equal(p.seg[0], "v1");
	assert_int_equal(centre_endpoint_match("GET", &p, args), -1);
	assert_false(centre_path_match("/%s/%s/%s/%s/%s/%s/%s/%s", &p, args, NULL));
	centre_path_release(&p);
}

/* The client sends with the table's method (what the simulator routes on). */
static void the_client_method_is_the_tables(void **state)
{
	(void)state;
	assert_string_equal(centre_method(CE_ATTACHMENT), "PUT");
	assert_string_equal(centre_method(CE_SUBMIT), "POST");
	assert_string_equal(centre_method(CE_FEED), "GET");
	for (int e = 0; e < CE__COUNT; e++)
		assert_ptr_equal(centre_method((enum centre_endpoint)e), centre_endpoint((enum centre_endpoint)e)->method);
}

static void feed_event_codes_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < FEED__COUNT; i++)
		assert_int_equal(feed_event_parse(feed_event_code((enum feed_event)i)), i);
	assert_int_equal(feed_event_parse("no_such_event"), -1);
	assert_int_equal(feed_event_parse(NULL), -1);
	assert_string_equal(feed_event_code(FEED__COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_endpoint_path_matches_its_own_row_with_its_arguments),
		cmocka_unit_test(an_id_is_extracted_from_its_segment),
		cmocka_unit_test(wrong_method_or_segments_do_not_match),
		cmocka_unit_test(feed_event_codes_round_trip),
		cmocka_unit_test(the_client_method_is_the_tables),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	centre_path_release(&last);
	return failed;
}
