/* test_keymap.c - the key bindings table: lookups by context, no conflicts,
 * and the key bar and help text generated from it. */
#include "testutil.h"

#include <curses.h>

#include "core/paths.h"
#include "tui/keymap.h"

static void screen_contexts_win_over_global_bindings(void **state)
{
	(void)state;
	assert_int_equal(keymap_lookup(TUI_KEY_FN(KEY_F(1)), KC_MENU), ACT_HELP);
	assert_int_equal(keymap_lookup(TUI_KEY_FN(KEY_F(1)), KC_FORM | KC_FIELDS | KC_EDIT), ACT_FIELD_HELP);
	assert_int_equal(keymap_lookup(0x1b, KC_FORM), ACT_BACK);
	assert_int_equal(keymap_lookup(TUI_KEY_FN(KEY_UP), KC_MENU), ACT_UP);
	assert_int_equal(keymap_lookup(TUI_KEY_FN(KEY_UP), KC_FIELDS | KC_EDIT), ACT_PREV_FIELD);
	assert_int_equal(keymap_lookup('\t', KC_FIELDS), ACT_NEXT_FIELD);
	assert_int_equal(keymap_lookup('\r', KC_FIELDS), ACT_NEXT_FIELD);
	assert_int_equal(keymap_lookup(TUI_KEY_FN(KEY_BTAB), KC_FIELDS), ACT_PREV_FIELD);
	assert_int_equal(keymap_lookup(TUI_KEY_FN(KEY_NPAGE), KC_FORM), ACT_NEXT_SCREEN);
	assert_int_equal(keymap_lookup(TUI_KEY_FN(KEY_F(2)), KC_FORM), ACT_SAVE_LEAVE);
	assert_int_equal(keymap_lookup(TUI_CTRL('u'), KC_EDIT), ACT_ED_CLEAR);
	assert_int_equal(keymap_lookup(TUI_CTRL('k'), KC_EDIT), ACT_ED_KILL);
	assert_int_equal(keymap_lookup(0x7f, KC_EDIT), ACT_ED_BACKSPACE);
	/* typed text is unbound; an edit key outside a field means nothing */
	assert_int_equal(keymap_lookup(L'中', KC_EDIT | KC_FIELDS), ACT_NONE);
	assert_int_equal(keymap_lookup('a', KC_MENU), ACT_NONE);
	assert_int_equal(keymap_lookup(TUI_CTRL('u'), KC_MENU), ACT_NONE);
	/* a function key code never collides with a typed character of the same number */
	assert_int_equal(keymap_lookup(KEY_UP, KC_MENU), ACT_NONE);
}

/* The contexts screens combine must not bind one key to two actions. */
static void no_key_means_two_things_in_one_screen(void **state)
{
	const unsigned combos[] = { KC_TOP | KC_MENU, KC_TOP | KC_FIELDS | KC_EDIT, KC_FIELDS | KC_FORM | KC_EDIT,
				    KC_LIST, KC_PAGER, KC_FIELDS | KC_EDIT,
				    KC_FIELDS | KC_FORM | KC_EDIT | KC_ENTRY, KC_PAGER | KC_AGREE, KC_PAGER | KC_SUBMIT,
				    KC_LIST | KC_DRAFTS, KC_LIST | KC_ORDERS };

	(void)state;
	for (size_t c = 0; c < ARRAY_SIZE(combos); c++)
		for (size_t i = 0; i < keymap_count; i++)
			for (size_t j = i + 1; j < keymap_count; j++) {
				const struct keybinding *a = &keymap[i], *b = &keymap[j];
				if (!a->key || a->key != b->key || a->ctx == KC_GLOBAL || b->ctx == KC_GLOBAL)
					continue;
				if ((a->ctx & combos[c]) && (b->ctx & combos[c]) && a->act != b->act)
					fail_msg("key %d: %s / %s in one screen", a->key, a->desc, b->desc);
			}
}

static void every_row_is_described_in_chinese(void **state)
{
	(void)state;
	for (size_t i = 0; i < keymap_count; i++) {
		assert_false(str_empty(keymap[i].label));
		assert_false(str_empty(keymap[i].desc));
		bool chinese = false;
		for (const char *p = keymap[i].desc; *p; p++)
			chinese |= (unsigned char)*p >= 0x80;
		assert_true(chinese);
		assert_string_not_equal(keyctx_name(keymap[i].ctx), "?");
	}
}

static void key_bar_lists_the_screen_keys_then_global_ones(void **state)
{
	const char *items[16];
	size_t n;

	(void)state;
	n = keymap_bar(KC_FIELDS | KC_FORM | KC_EDIT, items, ARRAY_SIZE(items));
	assert_true(n >= 6);
	assert_string_equal(items[0], "Tab 下一项");
	assert_string_equal(items[1], "↑ 上一项");
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(items[i], "F1 帮助");   /* F1 is the field's help here */
	bool has_esc = false, has_f2 = false;
	for (size_t i = 0; i < n; i++) {
		has_esc |= !strcmp(items[i], "Esc 返回");
		has_f2 |= !strcmp(items[i], "F2 存草稿");
	}
	assert_true(has_esc && has_f2);
	n = keymap_bar(KC_MENU, items, ARRAY_SIZE(items));
	assert_string_equal(items[0], "↑↓ 选择");
	assert_string_equal(items[n - 2], "F1 帮助");
}

/* 我的业务单: each row of the order-key table is bound in the orders screen
 * and on its key bar as "key short-name", in the table's order. */
static void order_keys_come_from_their_table(void **state)
{
	static const struct {
		enum tui_action act;
		int key;
		const char *bar;
	} rows[] = {
#define X(act, key, label, short_name, desc, handler) { act, key, label " " short_name },
		ORDER_KEY_TABLE(X)
#undef X
	};
	const char *items[32];
	size_t n, at = 0;

	(void)state;
	n = keymap_bar(KC_LIST | KC_ORDERS, items, ARRAY_SIZE(items));
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		assert_int_equal(keymap_lookup(rows[i].key, KC_LIST | KC_ORDERS), rows[i].act);
		while (at < n && strcmp(items[at], rows[i].bar))
			at++;
		if (at == n)
			fail_msg("the orders key bar lacks %s (or has it out of order)", rows[i].bar);
	}
	assert_string_equal(items[0], "/ 筛选");
	assert_string_equal(items[1], "e 编辑");
	assert_string_equal(items[5], "d 作废");
	assert_string_equal(items[6], "x 导出");
}

static void help_text_is_generated_from_every_row(void **state)
{
	struct strbuf sb;

	(void)state;
	sb_init(&sb);
	keymap_help(&sb, 0);
	for (size_t i = 0; i < keymap_count; i++) {
		assert_non_null(strstr(sb.s, keymap[i].desc));
		assert_non_null(strstr(sb.s, keymap[i].label));
	}
	assert_non_null(strstr(sb.s, "【输入框内】"));
	assert_non_null(strstr(sb.s, "Tab / Enter / ↓"));    /* one line per action, all its keys */
	assert_null(strstr(sb.s, "Enter / Enter"));          /* \n, \r and KEY_ENTER named once */
	sb_release(&sb);
}

/* man/certdesk.1's KEYS section names every key of the table (in roff). */
static void manual_names_every_key(void **state)
{
	static const struct {
		const char *label, *roff;
	} arrows[] = { { "↑", "\\(ua" }, { "↓", "\\(da" }, { "←", "\\(<-" }, { "→", "\\(->" } };
	char *path = paths_source_file("man/certdesk.1");
	char *man, *keys;

	(void)state;
	assert_non_null(path);
	man = file_read_all(path, NULL);
	assert_non_null(man);
	keys = strstr(man, ".SH KEYS");
	assert_non_null(keys);
	for (size_t i = 0; i < keymap_count; i++) {
		struct strbuf want;
		const char *label = keymap[i].label;

		sb_init(&want);
		for (size_t a = 0; a < ARRAY_SIZE(arrows); a++)
			if (!strcmp(label, arrows[a].label))
				label = arrows[a].roff;
		for (const char *p = label; *p; p++) {
			if (*p == '-' && label != keymap[i].label)
				sb_addc(&want, '-');
			else if (*p == '-')
				sb_adds(&want, "\\-");
			else
				sb_addc(&want, *p);
		}
		if (!strstr(keys, want.s))
			fail_msg("man/certdesk.1 KEYS does not name %s (%s)", keymap[i].label, want.s);
		sb_release(&want);
	}
	free(man);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(screen_contexts_win_over_global_bindings),
		cmocka_unit_test(no_key_means_two_things_in_one_screen),
		cmocka_unit_test(every_row_is_described_in_chinese),
		cmocka_unit_test(key_bar_lists_the_screen_keys_then_global_ones),
		cmocka_unit_test(order_keys_come_from_their_table),
		cmocka_unit_test(help_text_is_generated_from_every_row),
		cmocka_unit_test(manual_names_every_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
