/* test_faq.c - data/faq.txt's one parser: comments, questions with either
 * colon, answer lines kept as written, the answer to a topic. */
#include "testutil.h"

#include "core/faq.h"
#include "core/text.h"

#include <stdio.h>
#include <unistd.h>

static void parses_questions_answers_and_comments(void **state)
{
	struct faq f;

	(void)state;
	assert_true(faq_parse(&f, "# comment\n问: 甲怎么办?\n答: 这样办。\n温馨提示: 注意\n\n问：乙呢?\n答：那样。\n", "t.txt",
			      NULL));
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
	assert_true(faq_parse(&f, "问: 甲怎么办?\n温馨提示: 先看这里\n答: 这样办。\n问：乙呢?\n答：那样。\n问: 丙?\n", "t.txt",
			      NULL));
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
	assert_true(faq_load(&f, NULL, NULL));
	assert_true(f.n > 4);
	a = faq_answer(&f, "实名电信认证无法通过怎么办");
	assert_non_null(a);
	assert_true(str_startswith(a, "经办人或申请人登录手机号码"));
	free(a);
	faq_release(&f);
	assert_false(faq_load(&f, "/nonexistent/faq.txt", &a));
	assert_int_equal(f.n, 0);
	assert_non_null(strstr(a, "无法读取常见问题文件 /nonexistent/faq.txt"));
	free(a);
}

/* A line "@key" is the text of KEY in the text catalogue; an unknown key is
 * refused with FILE:LINE and nothing parsed. */
static void references_to_the_text_catalogue(void **state)
{
	char cat[] = "/tmp/test_faq_XXXXXX";
	int fd = mkstemp(cat);
	FILE *fp;
	struct faq f;
	char *err = NULL, *want;

	(void)state;
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("hint.x\t温馨提示：注意\n", fp);
	fclose(fp);
	assert_true(text_load(cat, &err));
	assert_true(faq_parse(&f, "# c\n问: 甲?\n答: 这样。\n@hint.x\n", "t.txt", &err));
	assert_null(err);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.lines[2].text, "温馨提示：注意");
	assert_false(f.lines[2].question);
	faq_release(&f);
	assert_false(faq_parse(&f, "# c\n问: 甲?\n答: 这样。\n\n@hint.y\n", "t.txt", &err));
	assert_int_equal(f.n, 0);
	want = xasprintf("t.txt:5: 文本目录 %s 中没有键「hint.y」", cat);
	assert_string_equal(err, want);
	free(want);
	free(err);
	text_unload();
	unlink(cat);
}

/* The shipped FAQ shows the PIN-delivery hint the form shows (written once,
 * in data/text.txt). */
static void shipped_faq_shows_the_pin_hint_of_the_catalogue(void **state)
{
	struct faq f;
	bool found = false;

	(void)state;
	text_unload();
	assert_true(faq_load(&f, NULL, NULL));
	for (size_t i = 0; i < f.n; i++)
		found |= !strcmp(f.lines[i].text, text("hint.pin_delivery"));
	assert_true(found);
	faq_release(&f);
	text_unload();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_questions_answers_and_comments),
		cmocka_unit_test(answer_of_a_topic),
		cmocka_unit_test(shipped_faq_has_the_telecom_answer),
		cmocka_unit_test(references_to_the_text_catalogue),
		cmocka_unit_test(shipped_faq_shows_the_pin_hint_of_the_catalogue),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
