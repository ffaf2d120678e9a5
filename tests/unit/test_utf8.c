/* test_utf8.c - decoding, column widths, fitting and wrapping of UTF-8 text. */
#include "testutil.h"

#include <locale.h>

#include "core/utf8.h"

static void decode_accepts_valid_and_rejects_malformed(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("中", 3, &cp), 3);
	assert_int_equal(cp, 0x4E2D);
	assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* overlong, surrogate, truncated, stray continuation, beyond U+10FFFF */
	assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\xE0\x80\xAF", 3, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\xE4\xB8", 2, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\x80", 1, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
	assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 1);
	assert_int_equal(cp, UTF8_INVALID);
}

static void encode_roundtrips(void **state)
{
	const uint32_t cps[] = { 0x41, 0xE9, 0x4E2D, 0x1F600, 0x10FFFF };
	char buf[4];
	uint32_t back;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cps); i++) {
		size_t n = utf8_encode(cps[i], buf);
		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
}

static void cjk_is_two_columns_ascii_one(void **state)
{
	(void)state;
	assert_int_equal(uc_width('a'), 1);
	assert_int_equal(uc_width(0x4E2D), 2);     /* 中 */
	assert_int_equal(uc_width(0xFF0C), 2);     /* ， fullwidth comma */
	assert_int_equal(uc_width(0x0301), 0);     /* combining acute */
	assert_int_equal(utf8_cols("abc"), 3);
	assert_int_equal(utf8_cols("义勇军"), 6);
	assert_int_equal(utf8_cols("A中b"), 4);
	assert_int_equal(utf8_cols("\xFF"), 1);    /* an invalid byte shows as one replacement */
}

static void width_fallback_without_a_utf8_locale(void **state)
{
	(void)state;
	/* wcwidth() is -1 for everything non-ASCII in the C locale: the fallback
	 * still knows CJK is wide, and never returns a negative width */
	setlocale(LC_ALL, "C");
	assert_int_equal(uc_width(0x4E2D), 2);
	assert_int_equal(uc_width(0xAC00), 2);
	assert_int_equal(uc_width(0x00E9), 1);
	assert_int_equal(utf8_cols("中文ab"), 6);
	setlocale(LC_ALL, "C.UTF-8");
	/* an unassigned code point: wcwidth -1, fallback 1 (or 2 in a wide block) */
	assert_true(uc_width(0x0378) == 1);
	assert_true(uc_width(0x2FFFD) == 2);
}

static void fit_never_splits_a_wide_character(void **state)
{
	size_t cols;

	(void)state;
	assert_int_equal(utf8_fit("中文字", 5, &cols), 6);   /* two characters, 4 columns */
	assert_int_equal(cols, 4);
	assert_int_equal(utf8_fit("中文字", 6, &cols), 9);
	assert_int_equal(cols, 6);
	assert_int_equal(utf8_fit("a中", 2, &cols), 1);
	assert_int_equal(cols, 1);
	assert_int_equal(utf8_fit("abc", 0, &cols), 0);
	assert_int_equal(utf8_fit("", 10, &cols), 0);
	assert_int_equal(utf8_nchars("a中\xFF"), 3);
}

static char *line(const char *s, size_t maxcols, size_t *next)
{
	size_t len = utf8_wrap(s, maxcols, next);
	return xstrndup(s, len);
}

static void wrap_breaks_words_cjk_and_newlines(void **state)
{
	size_t next;
	char *l;
	const char *s1 = "hello world again", *s2 = "一二三。四";

	(void)state;
	l = line(s1, 11, &next);
	assert_string_equal(l, "hello world");
	assert_string_equal(s1 + next, "again");
	free(l);
	l = line("hello wonderful", 8, &next);
	assert_string_equal(l, "hello");            /* breaks at the space, not inside the word */
	free(l);
	l = line("一二三四五六", 7, &next);
	assert_string_equal(l, "一二三");            /* 6 of 7 columns: the 4th would cross */
	free(l);
	l = line("ab\ncd", 10, &next);
	assert_string_equal(l, "ab");
	assert_int_equal(next, 3);
	free(l);
	l = line(s2, 6, &next);
	assert_string_equal(l, "一二");              /* 。 never starts a line */
	assert_string_equal(s2 + next, "三。四");
	free(l);
	assert_int_equal(utf8_wrap("", 10, &next), 0);
	assert_int_equal(next, 0);
}

static void wcs_conversion_roundtrips(void **state)
{
	size_t n;
	wchar_t *w = utf8_to_wcs("王·小明 x\xFF", &n);
	char *back;

	(void)state;
	assert_int_equal(n, 7);
	assert_int_equal(w[0], 0x738B);
	assert_int_equal(w[6], 0xFFFD);
	back = wcs_to_utf8(w, 6);
	assert_string_equal(back, "王·小明 x");
	free(back);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_accepts_valid_and_rejects_malformed),
		cmocka_unit_test(encode_roundtrips),
		cmocka_unit_test(cjk_is_two_columns_ascii_one),
		cmocka_unit_test(width_fallback_without_a_utf8_locale),
		cmocka_unit_test(fit_never_splits_a_wide_character),
		cmocka_unit_test(wrap_breaks_words_cjk_and_newlines),
		cmocka_unit_test(wcs_conversion_roundtrips),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
