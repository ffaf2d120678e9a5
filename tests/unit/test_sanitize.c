/* test_sanitize.c - nothing that could drive the terminal survives sanitising. */
#include "testutil.h"

#include "core/sanitize.h"

#define M SAN_MARK

static void check(const char *in, int flags, const char *want)
{
	char *out = sanitize_text(in, flags);

	assert_string_equal(out, want);
	assert_true(sanitize_is_clean(out, flags));
	assert_int_equal(sanitize_is_clean(in, flags), strcmp(in, want) == 0);
	free(out);
}

static void plain_and_chinese_text_is_unchanged(void **state)
{
	(void)state;
	check("深圳市福田区 Road 1 号", 0, "深圳市福田区 Road 1 号");
	check("", 0, "");
	char *n = sanitize_text(NULL, 0);
	assert_string_equal(n, "");
	free(n);
}

static void c0_controls_and_del_are_replaced(void **state)
{
	(void)state;
	check("a\x01" "b\x7f" "c\x07", 0, "a" M "b" M "c" M);
	check("a\tb", 0, "a b");
	check("a\r\nb", 0, "a b");
	check("a\r\nb", SAN_MULTILINE, "a\nb");
	check("line1\nline2", SAN_MULTILINE, "line1\nline2");
	check("a\bb", 0, "a" M "b");
}

static void escape_sequences_are_swallowed_whole(void **state)
{
	(void)state;
	check("red\x1b[31mtext\x1b[0m", 0, "red" M "text" M);
	check("\x1b[2J\x1b[H", 0, M M);
	check("t\x1b]0;evil title\x07x", 0, "t" M "x");              /* OSC ended by BEL */
	check("t\x1b]8;;http://x\x1b\\link", 0, "t" M "link");      /* OSC ended by ST */
	check("\x1bPq#0;2;0;0;0\x1b\\ok", 0, M "ok");                /* DCS (sixel) */
	check("a\x1b" "7b", 0, "a" M "b");                           /* ESC 7 */
	check("a\x1b(Bb", 0, "a" M "b");                             /* charset designation */
	check("end\x1b", 0, "end" M);
	check("\x1b[?1049h\x1b[?25l", 0, M M);
}

static void c1_controls_and_8bit_csi_are_replaced(void **state)
{
	(void)state;
	check("a\xc2\x9b" "31mb", 0, "a" M "b");                     /* U+009B CSI with parameters */
	check("a\xc2\x85" "b", 0, "a" M "b");                        /* NEL */
	check("a\xc2\x9d" "0;t\xc2\x9c" "b", 0, "a" M "b");          /* 8-bit OSC ... ST */
}

static void bidi_overrides_are_made_visible(void **state)
{
	(void)state;
	/* U+202E RIGHT-TO-LEFT OVERRIDE would make "exe.txt" read differently */
	check("abc\xe2\x80\xaetxt.exe", 0, "abc" M "txt.exe");
	check("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", 0, M M M M);
	check("\xe2\x81\xa6x\xe2\x81\xa9", 0, M "x" M);              /* isolates */
	check("a\xe2\x80\xa8" "b", 0, "a" M "b");                    /* line separator */
	check("\xe2\x80\x8e", 0, "\xe2\x80\x8e");                   /* LRM is harmless: kept */
}

static void invalid_utf8_is_replaced_byte_by_byte(void **state)
{
	(void)state;
	check("a\xff" "b", 0, "a" M "b");
	check("\xe4\xb8", 0, M M);                                   /* truncated 中 */
	check("\xc0\xaf", 0, M M);                                   /* overlong '/' */
	check("\xed\xa0\x80", 0, M M M);                             /* surrogate */
}

static void bad_char_classifies(void **state)
{
	(void)state;
	assert_true(sanitize_bad_char(0x1b));
	assert_true(sanitize_bad_char(0x9b));
	assert_true(sanitize_bad_char(0x202e));
	assert_true(sanitize_bad_char(0x2066));
	assert_false(sanitize_bad_char('a'));
	assert_false(sanitize_bad_char(0x4e2d));
	assert_false(sanitize_bad_char(0xb7));                       /* the middle dot of names */
}

/* A command line's error message: a clean copy that stays valid for a while. */
static void arg_copies_are_clean_and_kept(void **state)
{
	const char *a, *b;

	(void)state;
	a = sanitize_arg("x\x1B[2Jy");
	b = sanitize_arg(NULL);
	assert_string_equal(a, "x" SAN_MARK "y");
	assert_string_equal(b, "");
	for (int i = 0; i < 20; i++)
		assert_string_equal(sanitize_arg("\xE2\x80\xAE"), SAN_MARK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_chinese_text_is_unchanged),
		cmocka_unit_test(arg_copies_are_clean_and_kept),
		cmocka_unit_test(c0_controls_and_del_are_replaced),
		cmocka_unit_test(escape_sequences_are_swallowed_whole),
		cmocka_unit_test(c1_controls_and_8bit_csi_are_replaced),
		cmocka_unit_test(bidi_overrides_are_made_visible),
		cmocka_unit_test(invalid_utf8_is_replaced_byte_by_byte),
		cmocka_unit_test(bad_char_classifies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
