/* draw.c - text in columns, wrapping, and the colour styles. */
#include "tui/draw.h"
#include "tui/termsafe.h"
#include "core/qrterm.h"
#include "core/sanitize.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

static int draw_clean(WINDOW *w, int y, int x, const char *s, size_t n, int maxcols, attr_t attr)
{
	wchar_t buf[256];
	size_t nb = 0;
	int used = 0;
	uint32_t cp;

	if (maxcols <= 0)
		return 0;
	wmove(w, y, x);
	wattr_set(w, attr, PAIR_NUMBER(attr), NULL);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_decode(s + i, n - i, &cp);
		int cw = cp == UTF8_INVALID ? 1 : uc_width(cp);

		if (used + cw > maxcols) {
			/* never split a double-width character: pad its visible half */
			while (used < maxcols && nb < ARRAY_SIZE(buf) - 1) {
				buf[nb++] = L' ';
				used++;
			}
			break;
		}
		if (cp == UTF8_INVALID || wcwidth((wchar_t)cp) < 0) {
			/* unknown to the C library: ncurses could not lay it out */
			buf[nb++] = (wchar_t)UTF8_REPLACEMENT;
			if (cw == 2)
				buf[nb++] = L' ';
		} else {
			buf[nb++] = (wchar_t)cp;
		}
		used += cw;
		i += k;
		if (nb >= ARRAY_SIZE(buf) - 3) {
			buf[nb] = L'\0';
			waddnwstr(w, buf, (int)nb);
			nb = 0;
		}
	}
	buf[nb] = L'\0';
	if (nb)
		waddnwstr(w, buf, (int)nb);
	wattr_set(w, A_NORMAL, 0, NULL);
	return used;
}

int tui_draw_text(WINDOW *w, int y, int x, const char *text, int maxcols, attr_t attr)
{
	int used;

	if (!text)
		text = "";
	if (sanitize_is_clean(text, 0))
		return draw_clean(w, y, x, text, strlen(text), maxcols, attr);
	char *clean = sanitize_text(text, 0);
	used = draw_clean(w, y, x, clean, strlen(clean), maxcols, attr);
	free(clean);
	return used;
}

int tui_draw_fill(WINDOW *w, int y, int x, const char *text, int maxcols, attr_t attr)
{
	int used = tui_draw_text(w, y, x, text, maxcols, attr);

	if (used < maxcols) {
		wattr_set(w, attr, PAIR_NUMBER(attr), NULL);
		mvwhline(w, y, x + used, ' ', maxcols - used);
		wattr_set(w, A_NORMAL, 0, NULL);
	}
	return maxcols > 0 ? maxcols : 0;
}

int tui_draw_center(WINDOW *w, int y, int x, int width, const char *text, attr_t attr)
{
	char *clean = sanitize_text(text, 0);
	int cols = (int)utf8_cols(clean);
	int off = cols < width ? (width - cols) / 2 : 0;
	int used = draw_clean(w, y, x + off, clean, strlen(clean), width - off, attr);

	free(clean);
	return used;
}

/* Wrapped texts (notes, hints, agreements) are drawn on every key, a line
 * at a time: their lines are kept, by text and width, in a small table. */
#define WRAP_SLOTS 64

static struct wrapped {
	char *text;            /* as given (the key), NULL: empty slot */
	int width;
	char *clean;           /* sanitised */
	int n;                 /* lines */
	size_t *off, *len;     /* each line in clean */
} wraps[WRAP_SLOTS];

static void wrapped_clear(struct wrapped *e)
{
	free(e->text);
	free(e->clean);
	free(e->off);
	free(e->len);
	memset(e, 0, sizeof(*e));
}

static const struct wrapped *wrap_lines(const char *text, int width)
{
	struct wrapped *e = &wraps[str_hash(text, STR_HASH_SEED + (unsigned)width) % WRAP_SLOTS];
	const char *p;
	int cap = 0;

	if (e->text && e->width == width && !strcmp(e->text, text))
		return e;
	wrapped_clear(e);
	e->text = xstrdup(text);
	e->width = width;
	e->clean = sanitize_text(text, SAN_MULTILINE);
	for (p = e->clean; *p;) {
		size_t next, len = utf8_wrap(p, (size_t)(width > 0 ? width : 1), &next);

		if (e->n == cap) {
			cap = cap ? cap * 2 : 4;
			e->off = xrealloc(e->off, (size_t)cap * sizeof(*e->off));
			e->len = xrealloc(e->len, (size_t)cap * sizeof(*e->len));
		}
		e->off[e->n] = (size_t)(p - e->clean);
		e->len[e->n++] = len;
		if (!next)
			break;
		p += next;
	}
	return e;
}

static int wrap_walk(WINDOW *w, int y, int x, int width, const char *text, int skip, int maxrows,
		     attr_t attr)
{
	const struct wrapped *e = wrap_lines(text ? text : "", width);

	for (int line = skip < 0 ? 0 : skip; w && line < e->n && line - skip < maxrows; line++)
		draw_clean(w, y + line - skip, x, e->clean + e->off[line], e->len[line], width, attr);
	return e->n;
}

int tui_draw_wrapped(WINDOW *w, int y, int x, int width, const char *text, int skip, int maxrows,
		     attr_t attr)
{
	return wrap_walk(w, y, x, width, text, skip, maxrows, attr);
}

int tui_text_lines(const char *text, int width)
{
	return wrap_walk(NULL, 0, 0, width, text, 0, 0, A_NORMAL);
}

static bool colour;
static attr_t styles[STYLE__COUNT];
static attr_t status_attrs[7];

bool tui_has_colour(void)
{
	return colour;
}

void tui_style_init(void)
{
	colour = has_colors() && !tui_no_color_env() && start_color() == OK;
	if (colour) {
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);    /* bars */
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_GREEN, -1);
		init_pair(4, COLOR_YELLOW, -1);
		init_pair(5, COLOR_BLUE, -1);
		init_pair(6, COLOR_MAGENTA, -1);
		init_pair(7, COLOR_CYAN, -1);
		init_pair(8, COLOR_BLACK, COLOR_CYAN);    /* selection */
		init_pair(9, COLOR_YELLOW, COLOR_BLUE);   /* key names */
		init_pair(10, COLOR_WHITE, COLOR_BLACK);  /* QR codes (tui_draw_qr) */
		init_pair(11, COLOR_WHITE, COLOR_WHITE);  /* QR codes, ASCII: a solid light cell */
		styles[STYLE_TITLE] = COLOR_PAIR(1) | A_BOLD;
		styles[STYLE_KEY] = COLOR_PAIR(9) | A_BOLD;
		styles[STYLE_KEYBAR] = COLOR_PAIR(1);
		styles[STYLE_SELECTED] = COLOR_PAIR(8) | A_BOLD;
		styles[STYLE_FIELD] = A_UNDERLINE;
		styles[STYLE_FIELD_ACTIVE] = A_UNDERLINE | A_BOLD | COLOR_PAIR(7);
		styles[STYLE_LABEL] = A_NORMAL;
		styles[STYLE_HEADING] = A_BOLD | COLOR_PAIR(7);
		styles[STYLE_HINT] = COLOR_PAIR(4);
		styles[STYLE_ERROR] = COLOR_PAIR(2) | A_BOLD;
		styles[STYLE_OK] = COLOR_PAIR(3) | A_BOLD;
		styles[STYLE_DISABLED] = A_DIM;
		for (int i = 1; i < 7; i++)
			status_attrs[i] = COLOR_PAIR(i + 1);
	} else {
		/* monochrome: structure by attributes alone */
		styles[STYLE_TITLE] = A_REVERSE | A_BOLD;
		styles[STYLE_KEY] = A_REVERSE | A_BOLD;
		styles[STYLE_KEYBAR] = A_REVERSE;
		styles[STYLE_SELECTED] = A_REVERSE;
		styles[STYLE_FIELD] = A_UNDERLINE;
		styles[STYLE_FIELD_ACTIVE] = A_UNDERLINE | A_BOLD;
		styles[STYLE_LABEL] = A_NORMAL;
		styles[STYLE_HEADING] = A_BOLD;
		styles[STYLE_HINT] = A_NORMAL;
		styles[STYLE_ERROR] = A_BOLD;
		styles[STYLE_OK] = A_BOLD;
		styles[STYLE_DISABLED] = A_DIM;
		for (int i = 1; i < 7; i++)
			status_attrs[i] = i == 1 ? A_BOLD : A_NORMAL;
	}
	styles[STYLE_NORMAL] = A_NORMAL;
	status_attrs[0] = A_NORMAL;
}

attr_t tui_style(enum tui_style s)
{
	return s < STYLE__COUNT ? styles[s] : A_NORMAL;
}

attr_t tui_status_attr(int c)
{
	return c >= 0 && c < 7 ? status_attrs[c] : A_NORMAL;
}

void tui_draw_qr(WINDOW *w, int y, int x, const struct qrterm *q)
{
	attr_t ink = colour ? COLOR_PAIR(10) : A_NORMAL;
	attr_t solid = colour ? COLOR_PAIR(11) : A_NORMAL;

	for (size_t i = 0; i < q->n_lines; i++) {
		const char *l = q->lines[i];

		if (!q->ascii) {
			wattron(w, ink);
			mvwaddstr(w, y + (int)i, x, l);
			wattroff(w, ink);
			continue;
		}
		for (int c = 0; l[c]; c++)
			mvwaddch(w, y + (int)i, x + c, (chtype)(unsigned char)l[c] | (l[c] == '#' ? solid : ink));
	}
}
