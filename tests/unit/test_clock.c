/* test_clock.c - the one clock: pinned by CERTDESK_NOW, branch zone whatever TZ says. */
#include "testutil.h"

#include "core/clock.h"

static void init_ok(const char *zone)
{
	char *err = NULL;

	assert_true(clock_init(zone, &err));
	assert_null(err);
}

static void pinned_clock_starts_at_certdesk_now_and_advances(void **state)
{
	char buf[CLOCK_TEXT], day[11];
	time_t t0;

	(void)state;
	setenv("TZ", "UTC", 1);
	setenv("CERTDESK_NOW", "2026-11-28T09:30:00+08:00", 1);   /* a Saturday */
	init_ok("Asia/Shanghai");
	assert_true(clock_pinned());
	t0 = clock_now();
	assert_true(t0 == (time_t)1795829400 || t0 == (time_t)1795829401);
	clock_now_text(buf);
	assert_true(!strncmp(buf, "2026-11-28T09:30:0", 18));
	assert_string_equal(buf + 19, "+08:00");
	clock_today(day);
	assert_string_equal(day, "2026-11-28");
	unsetenv("CERTDESK_NOW");
}

static void host_tz_does_not_change_branch_time(void **state)
{
	char buf[CLOCK_TEXT];

	(void)state;
	setenv("TZ", "America/New_York", 1);
	setenv("CERTDESK_NOW", "2026-12-31T23:59:00Z", 1);
	init_ok(NULL);                                   /* default zone */
	assert_string_equal(clock_zone(), "Asia/Shanghai");
	clock_text(clock_now(), buf);
	assert_string_equal(buf, "2027-01-01T07:59:00+08:00");
	unsetenv("CERTDESK_NOW");
}

static void other_zones_and_posix_rules(void **state)
{
	char buf[CLOCK_TEXT];
	time_t t;

	(void)state;
	unsetenv("CERTDESK_NOW");
	init_ok("CST-8");
	assert_true(clock_parse("2026-06-01T00:00:00Z", &t));
	clock_text(t, buf);
	assert_string_equal(buf, "2026-06-01T08:00:00+08:00");
	init_ok("UTC");
	clock_text(t, buf);
	assert_string_equal(buf, "2026-06-01T00:00:00+00:00");
	init_ok("<-03>3");
	clock_text(t, buf);
	assert_string_equal(buf, "2026-05-31T21:00:00-03:00");
	init_ok("Asia/Shanghai");
}

static void unknown_zone_and_bad_pin_are_refused_in_chinese(void **state)
{
	char *err = NULL;

	(void)state;
	init_ok("Asia/Shanghai");
	assert_false(clock_init("Mars/Olympus", &err));
	assert_non_null(strstr(err, "未知的时区"));
	free(err);
	err = NULL;
	assert_false(clock_init("../../etc/passwd", &err));
	free(err);
	err = NULL;
	assert_string_equal(clock_zone(), "Asia/Shanghai");     /* unchanged */
	setenv("CERTDESK_NOW", "next tuesday", 1);
	assert_false(clock_init("Asia/Shanghai", &err));
	assert_non_null(strstr(err, "CERTDESK_NOW"));
	free(err);
	unsetenv("CERTDESK_NOW");
}

static void parse_accepts_rfc3339_legacy_and_dates(void **state)
{
	time_t a, b, c, d;

	(void)state;
	init_ok("Asia/Shanghai");
	assert_true(clock_parse("2026-11-23T10:00:00+08:00", &a));
	assert_true(clock_parse("2026-11-23T02:00:00Z", &b));
	assert_true(clock_parse("2026-11-23 10:00:00", &c));           /* legacy: branch-local */
	assert_true(clock_parse("2026-11-23T02:00:00.123Z", &d));
	assert_true(a == b && b == c && c == d);
	assert_true(clock_parse("2026-11-23", &a));
	assert_true(clock_parse("2026-11-22T16:00:00Z", &b));
	assert_true(a == b);
	assert_false(clock_parse("2026-02-30", &a));
	assert_false(clock_parse("2026-11-23T25:00:00Z", &a));
	assert_false(clock_parse("2026-11-23T10:00:00+08", &a));
	assert_false(clock_parse("2026-11-23T10:00:00+08:00x", &a));
	assert_false(clock_parse("", &a));
	assert_false(clock_parse(NULL, &a));
}

static void show_converts_to_branch_time(void **state)
{
	char buf[32];

	(void)state;
	init_ok("Asia/Shanghai");
	clock_show("2026-11-23T02:05:09Z", false, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23 10:05");
	clock_show("2026-11-23T10:05:09+08:00", true, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23 10:05:09");
	clock_show("2026-11-23", false, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-23");
	clock_show("不是时间", false, buf, sizeof(buf));
	assert_string_equal(buf, "不是时间");
	clock_show(NULL, false, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

/* The centre's times, in any offset, stored in the branch zone; a day's range. */
static void normalize_and_next_day(void **state)
{
	char buf[CLOCK_TEXT], day[11];

	(void)state;
	setenv("TZ", "UTC", 1);
	init_ok("Asia/Shanghai");
	assert_true(clock_normalize("2026-11-24T23:40:05Z", buf));
	assert_string_equal(buf, "2026-11-25T07:40:05+08:00");
	assert_true(clock_normalize("2026-11-24T18:40:05-05:00", buf));
	assert_string_equal(buf, "2026-11-25T07:40:05+08:00");
	assert_true(clock_normalize("2026-11-25 07:40:05", buf));      /* no offset: branch-local */
	assert_string_equal(buf, "2026-11-25T07:40:05+08:00");
	assert_false(clock_normalize("soon", buf));
	assert_string_equal(buf, "");
	assert_false(clock_normalize(NULL, buf));
	assert_true(clock_next_day("2026-12-31", day));
	assert_string_equal(day, "2027-01-01");
	assert_true(clock_next_day("2028-02-28", day));
	assert_string_equal(day, "2028-02-29");
	assert_false(clock_next_day("2026-11-25T07:40:05+08:00", day));
	assert_false(clock_next_day("2026-02-30", day));
}

static void civil_days_round_trip(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(clock_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(clock_days_from_civil(2026, 11, 28) % 7, 2);   /* 1970-01-01 a Thursday: +2 = Saturday */
	clock_civil_from_days(clock_days_from_civil(2028, 2, 29), &y, &m, &d);
	assert_int_equal(y, 2028);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinned_clock_starts_at_certdesk_now_and_advances),
		cmocka_unit_test(host_tz_does_not_change_branch_time),
		cmocka_unit_test(other_zones_and_posix_rules),
		cmocka_unit_test(unknown_zone_and_bad_pin_are_refused_in_chinese),
		cmocka_unit_test(parse_accepts_rfc3339_legacy_and_dates),
		cmocka_unit_test(show_converts_to_branch_time),
		cmocka_unit_test(normalize_and_next_day),
		cmocka_unit_test(civil_days_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
