/* pager.c - scrollable styled text. */
#include "tui/pager.h"
#include "core/sanitize.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

struct pager_block {
	char *text;
	enum tui_style style;
};

struct pager_line {
	char *text;
	enum tui_style style;
};

void pager_init(struct pager *p)
{
	memset(p, 0, sizeof(*p));
}

static void clear_lines(struct pager *p)
{
	for (size_t i = 0; i < p->nlines; i++)
		free(p->lines[i].text);
	xfree(&p->lines);
	p->nlines = 0;
}

void pager_release(struct pager *p)
{
	clear_lines(p);
	for (size_t i = 0; i < p->nblocks; i++)
		free(p->blocks[i].text);
	free(p->blocks);
	memset(p, 0, sizeof(*p));
}

void pager_add(struct pager *p, const char *text, enum tui_style style)
{
	p->blocks = xrealloc(p->blocks, (p->nblocks + 1) * sizeof(*p->blocks));
	p->blocks[p->nblocks].text = sanitize_text(text, SAN_MULTILINE);
	p->blocks[p->nblocks].style = style;
	p->nblocks++;
	p->width = 0;              /* re-wrap at the next draw */
}

static void wrap(struct pager *p, int width)
{
	size_t cap = 0;

	clear_lines(p);
	for (size_t b = 0; b < p->nblocks; b++) {
		const char *s = p->blocks[b].text;
		bool empty = !*s;          /* an empty block is a blank line */

		while (*s || empty) {
			empty = false;
			size_t next, len = utf8_wrap(s, (size_t)width, &next);

			if (p->nlines == cap) {
				cap = cap ? cap * 2 : 64;
				p->lines = xrealloc(p->lines, cap * sizeof(*p->lines));
			}
			p->lines[p->nlines].text = xstrndup(s, len);
			p->lines[p->nlines].style = p->blocks[b].style;
			p->nlines++;
			if (!next)
				break;
			s += next;
		}
	}
	p->width = width;
}

static int page_rows(const struct pager *p, const struct tui_rect *r)
{
	return (int)p->nlines > r->h ? r->h - 1 : r->h;   /* last row: position */
}

static void clamp(struct pager *p, const struct tui_rect *r)
{
	int max = (int)p->nlines - page_rows(p, r);

	if (p->scroll > max)
		p->scroll = max;
	if (p->scroll < 0)
		p->scroll = 0;
}

void pager_draw(struct pager *p, const struct tui_rect *r)
{
	int rows;

	if (p->width != r->w - 2)
		wrap(p, r->w - 2);
	rows = page_rows(p, r);
	clamp(p, r);
	for (int i = 0; i < rows && p->scroll + i < (int)p->nlines; i++) {
		const struct pager_line *l = &p->lines[p->scroll + i];
		tui_draw_text(stdscr, r->y + i, r->x + 1, l->text, r->w - 2, tui_style(l->style));
	}
	if (rows < r->h) {
		int last = p->scroll + rows;
		char *pos = xasprintf("第 %d-%d 行, 共 %zu 行  (PgDn/空格 下一页, PgUp 上一页)", p->scroll + 1,
				      last < (int)p->nlines ? last : (int)p->nlines, p->nlines);
		tui_draw_text(stdscr, r->y + r->h - 1, r->x + 1, pos, r->w - 2, tui_style(STYLE_HINT));
		free(pos);
	}
}

enum tui_outcome pager_key(struct pager *p, const struct tui_key *k, const struct tui_rect *r)
{
	int page = page_rows(p, r);

	switch (k->act) {
	case ACT_UP:
		p->scroll--;
		break;
	case ACT_DOWN:
		p->scroll++;
		break;
	case ACT_PGUP:
		p->scroll -= page > 1 ? page - 1 : 1;
		break;
	case ACT_PGDN:
		p->scroll += page > 1 ? page - 1 : 1;
		break;
	case ACT_TOP:
		p->scroll = 0;
		break;
	case ACT_BOTTOM:
		p->scroll = (int)p->nlines;
		break;
	default:
		return TUI_UNHANDLED;
	}
	clamp(p, r);
	return TUI_REDRAW;
}
