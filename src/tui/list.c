/* list.c - selection and scrolling of list screens, and table rows. */
#include "tui/list.h"

void tui_list_init(struct tui_list *l, int count)
{
	l->count = count > 0 ? count : 0;
	l->sel = l->count ? 0 : -1;
	l->top = 0;
}

void tui_list_set_count(struct tui_list *l, int count)
{
	l->count = count > 0 ? count : 0;
	if (!l->count)
		l->sel = -1;
	else if (l->sel < 0)
		l->sel = 0;
	else if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->top >= l->count)
		l->top = l->count ? l->count - 1 : 0;
}

void tui_list_scroll(struct tui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (l->sel < 0) {
		l->top = 0;
		return;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + rows)
		l->top = l->sel - rows + 1;
	/* no empty rows at the bottom while there are rows above */
	if (l->top > 0 && l->count - l->top < rows)
		l->top = l->count - rows > 0 ? l->count - rows : 0;
}

enum tui_outcome tui_list_key(struct tui_list *l, const struct tui_key *k, int rows)
{
	int page = rows > 1 ? rows - 1 : 1;

	if (!l->count)
		return k->act == ACT_UP || k->act == ACT_DOWN || k->act == ACT_PGUP || k->act == ACT_PGDN ||
				       k->act == ACT_TOP || k->act == ACT_BOTTOM
			       ? TUI_HANDLED
			       : TUI_UNHANDLED;
	switch (k->act) {
	case ACT_UP:
		l->sel--;
		break;
	case ACT_DOWN:
		l->sel++;
		break;
	case ACT_PGUP:
		l->sel -= page;
		break;
	case ACT_PGDN:
		l->sel += page;
		break;
	case ACT_TOP:
		l->sel = 0;
		break;
	case ACT_BOTTOM:
		l->sel = l->count - 1;
		break;
	default:
		return TUI_UNHANDLED;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	tui_list_scroll(l, rows);
	return TUI_REDRAW;
}

void tui_list_draw(struct tui_list *l, const struct tui_rect *r, tui_list_row_fn row, void *ud,
		   const char *empty)
{
	if (!l->count) {
		tui_draw_text(stdscr, r->y, r->x + 1, empty ? empty : "", r->w - 2, tui_style(STYLE_HINT));
		return;
	}
	tui_list_scroll(l, r->h);
	for (int i = 0; i < r->h && l->top + i < l->count; i++)
		row(ud, l->top + i, r->y + i, r->x, r->w, l->top + i == l->sel);
}

void tui_draw_columns(int y, int x, const char *const *cells, const int *widths, int n, attr_t attr)
{
	for (int i = 0; i < n; i++) {
		tui_draw_fill(stdscr, y, x, cells[i], widths[i], attr);
		x += widths[i];
		if (i + 1 < n) {
			tui_draw_fill(stdscr, y, x, " ", 1, attr);
			x++;
		}
	}
}
