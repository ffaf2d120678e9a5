/* test_faq.c - data/faq.txt's one parser: comments, questions with either
 * colon, answer lines kept as written, the answer to a topic. */
#include "testutil.h"

#include "core/faq.h"

static void parses_questions_answers_and_comments(void **state)
{
	struct faq f;

	(void)state;
	faq_parse(&f, "# comment\n问: 甲怎么办?\n答: 这样办。\n温馨提示: 注意\n\n问：乙呢?\n答：那样。\n");
	assert_int_equal(f.n, 6);
	assert_string_equal(f.lines[0].text, "问: 甲怎么办?");
	assert_true(f.lines[0].question);
	assert_false(f.lines[1].question);
	assert_string_equal(f.lines[2].text, "温馨提示: 注意");
	assert_string_equal(f.lines[3].text, "");
	assert_true(f.lines[4].question);
	faq_release(&f);
	assert_int_equal(f.n, 0);
}

static void answer_of_a_topic(void **state)
{
	struct faq f;
	char *a;

	(void)state;
	faq_parse(&f, "问: 甲怎么办?\n温馨提示: 先看这里\n答: 这样办。\n问：乙呢?\n答：那样。\n问: 丙?\n");
	a = faq_answer(&f, "甲");
	assert_string_equal(a, "这样办。");
	free(a);
	a = faq_answer(&f, "乙");
	assert_string_equal(a, "那样。");
	free(a);
	assert_null(faq_answer(&f, "丙"));     /* a question without an answer */
	assert_null(faq_answer(&f, "丁"));
	faq_release(&f);
}

static void shipped_faq_has_the_telecom_answer(void **state)
{
	struct faq f;
	char *a;

	(void)state;
	assert_true(faq_load(&f, NULL));
	assert_true(f.n > 4);
	a = faq_answer(&f, "实名电信认证无法通过怎么办");
	assert_non_null(a);
	assert_true(str_startswith(a, "经办人或申请人登录手机号码"));
	free(a);
	faq_release(&f);
	assert_false(faq_load(&f, "/nonexistent/faq.txt"));
	assert_int_equal(f.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_questions_answers_and_comments),
		cmocka_unit_test(answer_of_a_topic),
		cmocka_unit_test(shipped_faq_has_the_telecom_answer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
