/* list.h - a selectable, scrolling list of rows for list screens (我的业务单,
 * 审核队列, 同步状态 …): this keeps the selection and the scroll, the screen
 * draws each row. */
#ifndef CERTDESK_LIST_H
#define CERTDESK_LIST_H

#include "tui/screen.h"

struct tui_list {
	int count;     /* rows */
	int sel;       /* selected row, -1 when empty */
	int top;       /* first row shown */
};

void tui_list_init(struct tui_list *l, int count);
/* The rows changed (reloaded): keep the selection in range. */
void tui_list_set_count(struct tui_list *l, int count);
/* KC_LIST movement (↑ ↓ PgUp PgDn Home End) over a view of `rows` rows:
 * TUI_REDRAW, or TUI_UNHANDLED for other keys (Enter is the screen's). */
enum tui_outcome tui_list_key(struct tui_list *l, const struct tui_key *k, int rows);
/* Scroll so the selection is inside a view of `rows` rows. */
void tui_list_scroll(struct tui_list *l, int rows);

/* Draw one row: index into the screen's data, at y, x in width columns. */
typedef void (*tui_list_row_fn)(void *ud, int index, int y, int x, int width, bool selected);
/* Draw the visible rows of the list in r (scrolling first); an empty list
 * shows `empty` (e.g. "没有符合条件的业务单") instead. */
void tui_list_draw(struct tui_list *l, const struct tui_rect *r, tui_list_row_fn row, void *ud,
		   const char *empty);

/* One table row: cells[i] fitted into widths[i] columns each (padded, never
 * splitting a double-width character), one space between cells. */
void tui_draw_columns(int y, int x, const char *const *cells, const int *widths, int n, attr_t attr);

#endif
