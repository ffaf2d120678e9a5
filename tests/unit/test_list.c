/* test_list.c - list screens' selection and scrolling. */
#include "testutil.h"

#include "tui/list.h"

static struct tui_key key(enum tui_action act)
{
	struct tui_key k = { .key = 0, .ch = 0, .act = act };
	return k;
}

static enum tui_outcome press(struct tui_list *l, enum tui_action act, int rows)
{
	struct tui_key k = key(act);
	return tui_list_key(l, &k, rows);
}

static void selection_moves_and_stops_at_the_ends(void **state)
{
	struct tui_list l;

	(void)state;
	tui_list_init(&l, 3);
	assert_int_equal(l.sel, 0);
	assert_int_equal(press(&l, ACT_UP, 10), TUI_REDRAW);
	assert_int_equal(l.sel, 0);
	press(&l, ACT_DOWN, 10);
	press(&l, ACT_DOWN, 10);
	press(&l, ACT_DOWN, 10);
	assert_int_equal(l.sel, 2);
	press(&l, ACT_TOP, 10);
	assert_int_equal(l.sel, 0);
	press(&l, ACT_BOTTOM, 10);
	assert_int_equal(l.sel, 2);
	assert_int_equal(press(&l, ACT_OK, 10), TUI_UNHANDLED);   /* Enter is the screen's */
}

static void view_scrolls_to_keep_the_selection_visible(void **state)
{
	struct tui_list l;

	(void)state;
	tui_list_init(&l, 100);
	press(&l, ACT_PGDN, 10);
	assert_int_equal(l.sel, 9);
	assert_int_equal(l.top, 0);
	press(&l, ACT_DOWN, 10);
	assert_int_equal(l.sel, 10);
	assert_int_equal(l.top, 1);
	press(&l, ACT_BOTTOM, 10);
	assert_int_equal(l.top, 90);
	press(&l, ACT_PGUP, 10);
	assert_int_equal(l.sel, 90);
	assert_int_equal(l.top, 90);
	press(&l, ACT_UP, 10);
	assert_int_equal(l.top, 89);
}

static void reload_keeps_selection_in_range(void **state)
{
	struct tui_list l;

	(void)state;
	tui_list_init(&l, 0);
	assert_int_equal(l.sel, -1);
	assert_int_equal(press(&l, ACT_DOWN, 10), TUI_HANDLED);
	tui_list_set_count(&l, 5);
	assert_int_equal(l.sel, 0);
	press(&l, ACT_BOTTOM, 10);
	tui_list_set_count(&l, 2);
	assert_int_equal(l.sel, 1);
	/* a taller view after a resize shows rows above instead of empty space */
	tui_list_init(&l, 30);
	press(&l, ACT_BOTTOM, 10);
	assert_int_equal(l.top, 20);
	tui_list_scroll(&l, 25);
	assert_int_equal(l.top, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(selection_moves_and_stops_at_the_ends),
		cmocka_unit_test(view_scrolls_to_keep_the_selection_visible),
		cmocka_unit_test(reload_keeps_selection_in_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
