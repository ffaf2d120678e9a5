/* draw.h - the drawing primitives every screen uses: text in at most N
 * columns (sanitised, never splitting a double-width character), wrapped
 * text, and the colour/attribute styles (degrading without colour and with
 * NO_COLOR). */
#ifndef CERTDESK_DRAW_H
#define CERTDESK_DRAW_H

#include <curses.h>
#include <stdbool.h>

/* Draw TEXT (UTF-8 from any source: it is sanitised here) at y, x in at most
 * maxcols columns with ATTR. A double-width character that would cross the
 * limit is replaced by a padding space. Returns the columns drawn. */
int tui_draw_text(WINDOW *w, int y, int x, const char *text, int maxcols, attr_t attr);
/* The same, then spaces with ATTR up to exactly maxcols (bars, highlights). */
int tui_draw_fill(WINDOW *w, int y, int x, const char *text, int maxcols, attr_t attr);
/* Centred in width columns starting at x. */
int tui_draw_center(WINDOW *w, int y, int x, int width, const char *text, attr_t attr);
/* Wrap TEXT (newlines kept) into lines of width columns from row y, skipping
 * the first skip lines and drawing at most maxrows; returns the total number
 * of lines the text takes (so callers can scroll). */
int tui_draw_wrapped(WINDOW *w, int y, int x, int width, const char *text, int skip, int maxrows,
		     attr_t attr);
/* Number of lines TEXT takes when wrapped to width. */
int tui_text_lines(const char *text, int width);

enum tui_style {
	STYLE_NORMAL,
	STYLE_TITLE,        /* top bar */
	STYLE_KEY,          /* key name in the key bar */
	STYLE_KEYBAR,       /* key bar description */
	STYLE_SELECTED,     /* chosen menu entry / list row */
	STYLE_FIELD,        /* input box */
	STYLE_FIELD_ACTIVE, /* the input box being typed in */
	STYLE_LABEL,
	STYLE_HEADING,
	STYLE_HINT,         /* 温馨提示 */
	STYLE_ERROR,
	STYLE_OK,
	STYLE_DISABLED,     /* an entry that is not available */
	STYLE__COUNT
};

/* Set up colours once after initscr: colour pairs when the terminal has
 * colours and NO_COLOR is unset or empty, else bold/reverse/underline only. */
void tui_style_init(void);
attr_t tui_style(enum tui_style s);
/* Attribute of a status colour of core/status.h (0 default, 1 red … 6 cyan). */
attr_t tui_status_attr(int colour);
bool tui_has_colour(void);

#endif
