/* test_log.c - daemon log lines: "<N>" levels, the time with its zone unless
 * the stream is the journal's, sensitive values masked, one line each. */
#include "testutil.h"

#include "core/clock.h"
#include "core/log.h"

#include <sys/stat.h>

static char *read_back(FILE *f)
{
	long n;
	char *buf;

	fflush(f);
	n = ftell(f);
	buf = xcalloc((size_t)n + 1, 1);
	rewind(f);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	return buf;
}

static void pin_clock(void)
{
	char *err = NULL;

	setenv("CERTDESK_NOW", "2026-11-25T10:00:00+08:00", 1);
	assert_true(clock_init("Asia/Shanghai", &err));
}

/* A daemon's log into a scratch file, off the journal, the clock pinned. */
static FILE *daemon_log(enum log_level max)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	pin_clock();
	unsetenv("JOURNAL_STREAM");
	log_setup(f, true, max);
	return f;
}

static void daemon_lines_carry_the_level_and_the_zoned_time(void **state)
{
	FILE *f = daemon_log(LOG_LVL_INFO);
	char *got;

	(void)state;
	assert_false(log_to_journal());
	log_line(LOG_LVL_INFO, "同步完成: 推送 %d 份", 2);
	log_line(LOG_LVL_ERR, "同步失败: %s", "无法连接中心端点");
	log_line(LOG_LVL_WARNING, "警告");
	got = read_back(f);
	assert_string_equal(got, "<6>2026-11-25T10:00:00+08:00 同步完成: 推送 2 份\n"
				 "<3>2026-11-25T10:00:00+08:00 同步失败: 无法连接中心端点\n"
				 "<4>2026-11-25T10:00:00+08:00 警告\n");
	free(got);
	fclose(f);
}

static void debug_lines_are_dropped_unless_asked_for(void **state)
{
	FILE *f = daemon_log(LOG_LVL_INFO);
	char *got;

	(void)state;
	log_line(LOG_LVL_DEBUG, "空闲");
	got = read_back(f);
	assert_string_equal(got, "");
	free(got);
	log_setup(f, true, LOG_LVL_DEBUG);
	log_line(LOG_LVL_DEBUG, "空闲");
	got = read_back(f);
	assert_string_equal(got, "<7>2026-11-25T10:00:00+08:00 空闲\n");
	free(got);
	fclose(f);
}

/* journald stamps each line itself: the prefix stays, the time goes */
static void the_journal_stream_gets_levels_without_times(void **state)
{
	FILE *f = tmpfile();
	struct stat st;
	char js[64], *got;

	(void)state;
	pin_clock();
	assert_int_equal(fstat(fileno(f), &st), 0);
	snprintf(js, sizeof(js), "%llu:%llu", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
	assert_true(log_is_journal_stream(fileno(f), js));
	assert_false(log_is_journal_stream(fileno(f), "1:2"));
	assert_false(log_is_journal_stream(fileno(f), "garbage"));
	assert_false(log_is_journal_stream(fileno(f), NULL));
	setenv("JOURNAL_STREAM", js, 1);
	log_setup(f, false, LOG_LVL_INFO);   /* not a daemon, but the journal: levels all the same */
	assert_true(log_to_journal());
	log_line(LOG_LVL_INFO, "同步进程启动");
	got = read_back(f);
	assert_string_equal(got, "<6>同步进程启动\n");
	free(got);
	unsetenv("JOURNAL_STREAM");
	fclose(f);
}

static void a_plain_stream_outside_a_daemon_has_no_level(void **state)
{
	char *line;

	(void)state;
	pin_clock();
	unsetenv("JOURNAL_STREAM");
	log_setup(stderr, false, LOG_LVL_INFO);
	line = log_format(LOG_LVL_INFO, "同步完成");
	assert_string_equal(line, "2026-11-25T10:00:00+08:00 同步完成");
	free(line);
}

static void sensitive_values_and_line_breaks_never_reach_the_log(void **state)
{
	char *line;

	(void)state;
	pin_clock();
	unsetenv("JOURNAL_STREAM");
	log_setup(stderr, true, LOG_LVL_INFO);
	line = log_format(LOG_LVL_ERR, "中心拒绝: 身份证 11010519491231002X 手机 13800138000\n<6>伪造的一行");
	assert_null(strstr(line, "11010519491231002X"));
	assert_null(strstr(line, "13800138000"));
	assert_non_null(strstr(line, "110105********002X"));
	assert_non_null(strstr(line, "138****8000"));
	assert_null(strchr(line, '\n'));
	assert_int_equal(strncmp(line, "<3>", 3), 0);
	free(line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(daemon_lines_carry_the_level_and_the_zoned_time),
		cmocka_unit_test(debug_lines_are_dropped_unless_asked_for),
		cmocka_unit_test(the_journal_stream_gets_levels_without_times),
		cmocka_unit_test(a_plain_stream_outside_a_daemon_has_no_level),
		cmocka_unit_test(sensitive_values_and_line_breaks_never_reach_the_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
