/* pager.h - scrollable styled text (help, agreements …): blocks of text
 * wrapped to the body width, scrolled by the KC_PAGER keys. */
#ifndef CERTDESK_PAGER_H
#define CERTDESK_PAGER_H

#include "tui/screen.h"

struct pager_block;
struct pager_line;

struct pager {
	struct pager_block *blocks;
	size_t nblocks;
	struct pager_line *lines;  /* blocks wrapped to width */
	size_t nlines;
	int width;
	int scroll;                /* first line shown */
};

void pager_init(struct pager *p);
void pager_release(struct pager *p);
/* Append a block (copied; sanitised when drawn); a block may hold newlines. */
void pager_add(struct pager *p, const char *text, enum tui_style style);
/* Draw into the rect (re-wrapping when its width changed) with a position
 * indicator on the last row when the text is longer than the rect. */
void pager_draw(struct pager *p, const struct tui_rect *r);
/* KC_PAGER actions scroll; returns TUI_REDRAW, or TUI_UNHANDLED for others. */
enum tui_outcome pager_key(struct pager *p, const struct tui_key *k, const struct tui_rect *r);

#endif
