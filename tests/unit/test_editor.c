/* test_editor.c - the field editor: CJK, mixed widths, scrolling, maximum
 * length, control characters, pastes, filters and escape sequences. */
#include "testutil.h"

#include <locale.h>

#include "tui/editor.h"

static void expect_text(struct editor *e, const char *want)
{
	char *t = editor_text(e);

	assert_string_equal(t, want);
	free(t);
}

static void type(struct editor *e, const char *s)
{
	editor_insert_utf8(e, s);
}

static void typing_chinese_inserts_characters_not_bytes(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 0, NULL);
	type(&e, "义勇军");
	assert_int_equal(e.len, 3);
	assert_int_equal(e.cur, 3);
	expect_text(&e, "义勇军");
	editor_apply(&e, ED_LEFT);
	editor_apply(&e, ED_BACKSPACE);               /* removes 勇 whole */
	expect_text(&e, "义军");
	assert_int_equal(e.cur, 1);
	type(&e, "勇");
	expect_text(&e, "义勇军");
	editor_release(&e);
}

static void cursor_moves_and_deletes(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 0, NULL);
	type(&e, "abc中d");
	assert_false(editor_apply(&e, ED_RIGHT));     /* already at the end */
	editor_apply(&e, ED_HOME);
	assert_int_equal(e.cur, 0);
	assert_false(editor_apply(&e, ED_LEFT));
	assert_false(editor_apply(&e, ED_BACKSPACE)); /* nothing before the cursor */
	editor_apply(&e, ED_DELETE);
	expect_text(&e, "bc中d");
	editor_apply(&e, ED_RIGHT);
	editor_apply(&e, ED_RIGHT);
	editor_apply(&e, ED_DELETE);
	expect_text(&e, "bcd");
	editor_apply(&e, ED_END);
	assert_int_equal(e.cur, 3);
	assert_false(editor_apply(&e, ED_DELETE));    /* nothing under the cursor */
	editor_release(&e);
}

static void ctrl_u_clears_and_ctrl_k_kills_to_end(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 0, NULL);
	type(&e, "深圳市福田区");
	editor_apply(&e, ED_HOME);
	editor_apply(&e, ED_RIGHT);
	editor_apply(&e, ED_RIGHT);
	editor_apply(&e, ED_KILL_EOL);
	expect_text(&e, "深圳");
	assert_int_equal(e.cur, 2);
	editor_apply(&e, ED_CLEAR);
	expect_text(&e, "");
	assert_int_equal(e.cur, 0);
	editor_release(&e);
}

static void maximum_length_counts_characters(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 4, NULL);
	type(&e, "中文");
	type(&e, "ab");
	assert_false(editor_insert(&e, L'c'));
	expect_text(&e, "中文ab");
	assert_int_equal(e.len, 4);
	editor_set(&e, "一二三四五六");
	expect_text(&e, "一二三四");
	editor_release(&e);
}

static void control_characters_are_dropped(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 0, NULL);
	assert_false(editor_insert(&e, 0x1b));
	assert_false(editor_insert(&e, 0x07));
	assert_false(editor_insert(&e, L'\t'));
	assert_false(editor_insert(&e, 0x7f));
	assert_false(editor_insert(&e, 0x9b));       /* C1 CSI */
	assert_false(editor_insert(&e, 0x202e));     /* RIGHT-TO-LEFT OVERRIDE */
	assert_false(editor_insert(&e, 0xd800));     /* a lone surrogate */
	assert_false(editor_insert(&e, WEOF));
	type(&e, "a\x1b[31mb\n");                    /* a paste with controls keeps the text */
	expect_text(&e, "a[31mb");
	editor_set(&e, "x\x01y");
	expect_text(&e, "xy");
	editor_release(&e);
}

static void a_long_paste_lands_whole(void **state)
{
	struct editor e;
	struct strbuf sb;

	(void)state;
	sb_init(&sb);
	for (int i = 0; i < 200; i++)
		sb_adds(&sb, i % 2 ? "圳" : "a");
	editor_init(&e, 0, NULL);
	type(&e, "[");
	editor_apply(&e, ED_HOME);
	assert_int_equal(editor_insert_utf8(&e, sb.s), 200);
	assert_int_equal(e.len, 201);
	assert_int_equal(e.cur, 200);
	sb_adds(&sb, "[");
	expect_text(&e, sb.s);
	editor_release(&e);
	editor_init(&e, 150, NULL);                  /* up to the limit, nothing garbled */
	assert_int_equal(editor_insert_utf8(&e, sb.s), 150);
	editor_release(&e);
	sb_release(&sb);
}

static void view_scrolls_by_columns_and_keeps_cursor_visible(void **state)
{
	struct editor e;
	struct editor_view v;

	(void)state;
	editor_init(&e, 0, NULL);
	type(&e, "abcdefghij");                       /* 10 columns, field of 6 */
	editor_layout(&e, 6, &v);
	/* the cursor cell after 'j' must be visible: "fghij" + cursor */
	assert_int_equal(v.first, 5);
	assert_int_equal(v.count, 5);
	assert_int_equal(v.cursor_col, 5);
	editor_apply(&e, ED_HOME);
	editor_layout(&e, 6, &v);
	assert_int_equal(v.first, 0);
	assert_int_equal(v.count, 6);
	assert_int_equal(v.cursor_col, 0);
	/* moving right inside the view does not scroll */
	for (int i = 0; i < 5; i++)
		editor_apply(&e, ED_RIGHT);
	editor_layout(&e, 6, &v);
	assert_int_equal(v.first, 0);
	assert_int_equal(v.cursor_col, 5);
	editor_apply(&e, ED_RIGHT);
	editor_layout(&e, 6, &v);
	assert_int_equal(v.first, 1);
	editor_release(&e);
}

static void view_never_splits_a_double_width_character(void **state)
{
	struct editor e;
	struct editor_view v;

	(void)state;
	editor_init(&e, 0, NULL);
	type(&e, "a中文字符");                        /* 1 + 8 columns */
	editor_apply(&e, ED_HOME);
	editor_layout(&e, 6, &v);
	/* "a中文" is 5 columns; 字 would need 7: it is not shown, a pad remains */
	assert_int_equal(v.first, 0);
	assert_int_equal(v.count, 3);
	assert_int_equal(v.cols, 5);
	editor_apply(&e, ED_END);
	editor_layout(&e, 6, &v);
	/* cursor after 符 needs one cell: 文字 + 符? 6 columns + 1 > 6, so 字符 + cursor */
	assert_int_equal(v.first, 3);
	assert_int_equal(v.count, 2);
	assert_int_equal(v.cursor_col, 4);
	/* the cursor on a wide character needs both its columns */
	editor_apply(&e, ED_LEFT);
	editor_layout(&e, 6, &v);
	assert_true(v.cursor_col + 2 <= 6);
	editor_release(&e);
}

static void view_uses_free_space_after_deleting(void **state)
{
	struct editor e;
	struct editor_view v;

	(void)state;
	editor_init(&e, 0, NULL);
	type(&e, "一二三四五六七八");                  /* 16 columns in a field of 8 */
	editor_layout(&e, 8, &v);
	assert_true(v.first > 0);
	editor_apply(&e, ED_BACKSPACE);
	editor_apply(&e, ED_BACKSPACE);
	editor_apply(&e, ED_BACKSPACE);
	editor_apply(&e, ED_BACKSPACE);
	editor_apply(&e, ED_BACKSPACE);
	editor_layout(&e, 8, &v);
	/* 一二三 (6 columns) + cursor fit in 8: everything is visible again */
	assert_int_equal(v.first, 0);
	assert_int_equal(v.count, 3);
	assert_int_equal(v.cursor_col, 6);
	editor_apply(&e, ED_CLEAR);
	editor_layout(&e, 8, &v);
	assert_int_equal(v.first, 0);
	assert_int_equal(v.count, 0);
	assert_int_equal(v.cursor_col, 0);
	editor_release(&e);
}

static void filters_shape_what_is_typed(void **state)
{
	struct editor e;

	(void)state;
	editor_init(&e, 18, editor_filter_find("id"));
	type(&e, "11010519491231002x-a 中");
	expect_text(&e, "11010519491231002X");
	editor_release(&e);

	editor_init(&e, 0, editor_filter_find("uscc"));
	type(&e, "91350100m000100y43 ");
	expect_text(&e, "91350100M000100Y43");
	editor_release(&e);

	editor_init(&e, 0, editor_filter_find("mobile"));
	type(&e, "+86 138-0013abc8000");
	expect_text(&e, "+86 138-00138000");
	editor_release(&e);

	editor_init(&e, 0, editor_filter_find("serial"));
	type(&e, "712C1b5a:xyz58");
	expect_text(&e, "712C1b5a:58");              /* hex keeps the case as typed */
	editor_release(&e);

	editor_init(&e, 0, editor_filter_find("postcode"));
	type(&e, "51８0000a");                        /* fullwidth ８ is not an ASCII digit */
	expect_text(&e, "510000");
	editor_release(&e);

	assert_null(editor_filter_find("text"));
	assert_null(editor_filter_find(NULL));
}

static int feed_all(const char *s)
{
	struct editor_esc q;
	int n = 0;

	editor_esc_start(&q);
	for (const char *p = s; *p; p++) {
		n++;
		if (editor_esc_feed(&q, (wint_t)(unsigned char)*p))
			return n;
	}
	return -1;                                   /* not finished */
}

static void escape_sequences_are_recognised_to_their_end(void **state)
{
	(void)state;
	/* what follows ESC: the count of characters that belong to the sequence */
	assert_int_equal(feed_all("[200~rest"), 5);      /* bracketed-paste marker */
	assert_int_equal(feed_all("[1;5Dx"), 5);         /* Ctrl-Left */
	assert_int_equal(feed_all("OPx"), 2);            /* SS3 F1 */
	assert_int_equal(feed_all("]0;title\ax"), 9);    /* OSC … BEL */
	assert_int_equal(feed_all("]0;t\x1b\\x"), 6);    /* OSC … ST */
	assert_int_equal(feed_all("ax"), 1);             /* Alt-a */
	assert_int_equal(feed_all("(Bx"), 2);            /* charset designation */
	assert_int_equal(feed_all("[12"), -1);           /* still waiting */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(typing_chinese_inserts_characters_not_bytes),
		cmocka_unit_test(cursor_moves_and_deletes),
		cmocka_unit_test(ctrl_u_clears_and_ctrl_k_kills_to_end),
		cmocka_unit_test(maximum_length_counts_characters),
		cmocka_unit_test(control_characters_are_dropped),
		cmocka_unit_test(a_long_paste_lands_whole),
		cmocka_unit_test(view_scrolls_by_columns_and_keeps_cursor_visible),
		cmocka_unit_test(view_never_splits_a_double_width_character),
		cmocka_unit_test(view_uses_free_space_after_deleting),
		cmocka_unit_test(filters_shape_what_is_typed),
		cmocka_unit_test(escape_sequences_are_recognised_to_their_end),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
