/* test_cups.c - what a CUPS job and its queue mean for the clerk: the
 * verdict of a look, the Chinese names of the state reasons, the sentence
 * shown; and a job sent where no CUPS answers fails with a reason. */
#include "testutil.h"

#include "print/cups.h"

#include <stdlib.h>
#include <string.h>

static void is(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static struct cupsjob_look look_of(int job, int printer, const char *jr, const char *pr)
{
	struct cupsjob_look l = { .job_state = job, .printer_state = printer };

	snprintf(l.job_reasons, sizeof(l.job_reasons), "%s", jr);
	snprintf(l.printer_reasons, sizeof(l.printer_reasons), "%s", pr);
	return l;
}

static void only_a_completed_job_is_printed(void **state)
{
	struct cupsjob_look l;

	(void)state;
	l = look_of(9, 3, "job-completed-successfully", "");
	assert_int_equal(cupsjob_judge(&l), CUPSJOB_DONE);
	for (int st = 3; st <= 5; st += 2) {       /* pending, processing: look again */
		l = look_of(st, 4, "", "");
		assert_int_equal(cupsjob_judge(&l), CUPSJOB_PRINTING);
	}
	for (int st = 4; st <= 8; st++) {          /* held, stopped, cancelled, aborted */
		if (st == 5)
			continue;
		l = look_of(st, 3, "", "");
		assert_int_equal(cupsjob_judge(&l), CUPSJOB_FAILED);
	}
	/* a job waiting on a stopped (cupsdisable'd) queue has failed */
	l = look_of(3, 5, "", "paused");
	assert_int_equal(cupsjob_judge(&l), CUPSJOB_FAILED);
	l = look_of(0, 5, "", "paused");             /* the queue before any job */
	assert_int_equal(cupsjob_judge(&l), CUPSJOB_FAILED);
	l = look_of(0, 3, "", "");
	assert_int_equal(cupsjob_judge(&l), CUPSJOB_PRINTING);
}

static void reasons_are_named_in_chinese_and_unknown_ones_kept(void **state)
{
	char b[128];

	(void)state;
	assert_string_equal(cupsjob_reason_zh("media-empty-error", b, sizeof(b)), "缺纸");
	assert_string_equal(cupsjob_reason_zh("media-empty", b, sizeof(b)), "缺纸");
	assert_string_equal(cupsjob_reason_zh("media-jam-error", b, sizeof(b)), "卡纸");
	assert_string_equal(cupsjob_reason_zh("toner-empty-error", b, sizeof(b)), "墨粉已用完");
	assert_string_equal(cupsjob_reason_zh("toner-low-warning", b, sizeof(b)), "墨粉不足 (警告)");
	assert_string_equal(cupsjob_reason_zh("paused", b, sizeof(b)), "队列已暂停");
	assert_string_equal(cupsjob_reason_zh("offline-report", b, sizeof(b)), "打印机离线 (提示)");
	assert_string_equal(cupsjob_reason_zh("door-open-error", b, sizeof(b)), "机盖未关");
	assert_string_equal(cupsjob_reason_zh("cups-missing-filter-warning", b, sizeof(b)),
			    "缺少打印过滤程序 (驱动未装好) (警告)");
	assert_string_equal(cupsjob_reason_zh("com.vendor-weird-error", b, sizeof(b)), "com.vendor-weird-error");
	assert_string_equal(cupsjob_reason_zh("bad\x1b[2Jkey", b, sizeof(b)), "bad?[2Jkey");
	/* the -error suffix alone is not a keyword */
	assert_string_equal(cupsjob_reason_zh("-error", b, sizeof(b)), "-error");
	is(cupsjob_reasons_zh("none"), "");
	is(cupsjob_reasons_zh(""), "");
	is(cupsjob_reasons_zh("media-empty-error,media-jam-error"), "缺纸、卡纸");
	is(cupsjob_reasons_zh("door-open-error,cover-open-error,paused"), "机盖未关、队列已暂停");
}

static void the_sentence_says_printing_printed_or_why_not(void **state)
{
	static const struct {
		int job, printer;
		const char *jr, *pr, *want;
	} cases[] = {
		{ 9, 3, "job-completed-successfully", "", "已打印" },
		{ 5, 4, "job-printing", "media-empty-warning", "打印中: 正在打印; 打印机: 缺纸 (警告)" },
		{ 3, 3, "job-queued", "", "打印中: 排队等候" },
		{ 3, 5, "job-queued", "paused", "打印失败: 打印机已停用: 队列已暂停" },
		{ 6, 5, "job-stopped", "media-jam-error", "打印失败: 打印机已停用: 卡纸" },
		{ 4, 3, "job-hold-until-specified", "", "打印失败: 作业被挂起" },
		{ 7, 3, "job-canceled-by-operator", "", "打印失败: 作业已取消: 作业被管理员取消" },
		{ 8, 5, "aborted-by-system", "cups-missing-filter-warning",
		  "打印失败: 作业被中止: 作业被系统中止; 打印机: 缺少打印过滤程序 (驱动未装好) (警告)" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct cupsjob_look l = look_of(cases[i].job, cases[i].printer, cases[i].jr, cases[i].pr);
		is(cupsjob_describe(&l), cases[i].want);
	}
}

static void no_cups_server_is_a_failure_with_a_reason(void **state)
{
	struct cupsjob_result r;
	char *dir = tu_tmpdir(), *sock = xasprintf("%s/none.sock", dir);

	(void)state;
	setenv("CUPS_SERVER", sock, 1);
	assert_false(cupsjob_print("counter1", "/dev/null", "t", 1, NULL, NULL, &r));
	assert_int_equal(r.job_id, 0);
	assert_non_null(strstr(r.message, "无法连接 CUPS 打印服务"));
	cupsjob_result_release(&r);
	unsetenv("CUPS_SERVER");
	tu_rmrf(dir);
	free(sock);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_a_completed_job_is_printed),
		cmocka_unit_test(reasons_are_named_in_chinese_and_unknown_ones_kept),
		cmocka_unit_test(the_sentence_says_printing_printed_or_why_not),
		cmocka_unit_test(no_cups_server_is_a_failure_with_a_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
