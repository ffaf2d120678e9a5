/* editor.c - single-line field editor logic (headless, unit-tested). */
#include "tui/editor.h"
#include "core/sanitize.h"
#include "core/utf8.h"
#include "core/util.h"

#include <sodium.h>
#include <string.h>
#include <wctype.h>

static void ensure(struct editor *e, size_t need)
{
	if (need + 1 <= e->cap)
		return;
	size_t cap = e->cap ? e->cap : 32;
	while (cap < need + 1)
		cap *= 2;
	wchar_t *nb = xcalloc(cap, sizeof(*nb));
	if (e->buf) {
		memcpy(nb, e->buf, (e->len + 1) * sizeof(*nb));
		sodium_memzero(e->buf, e->cap * sizeof(*nb));   /* a memset before free may be optimised away */
		free(e->buf);
	}
	e->buf = nb;
	e->cap = cap;
}

void editor_init(struct editor *e, size_t maxlen, editor_filter_fn filter)
{
	memset(e, 0, sizeof(*e));
	e->maxlen = maxlen;
	e->filter = filter;
	ensure(e, 16);
}

void editor_release(struct editor *e)
{
	if (e->buf)
		sodium_memzero(e->buf, e->cap * sizeof(*e->buf));  /* not optimised away */
	free(e->buf);
	memset(e, 0, sizeof(*e));
}

void editor_set(struct editor *e, const char *utf8)
{
	size_t n;
	wchar_t *w = utf8_to_wcs(utf8 ? utf8 : "", &n);

	if (e->maxlen && n > e->maxlen)
		n = e->maxlen;
	ensure(e, n);
	memset(e->buf, 0, e->cap * sizeof(*e->buf));
	size_t j = 0;
	for (size_t i = 0; i < n; i++)
		if (!sanitize_bad_char((uint32_t)w[i]))
			e->buf[j++] = w[i];
	e->buf[j] = L'\0';
	e->len = e->cur = j;
	e->scroll = 0;
	e->changed = true;
	sodium_memzero(w, n * sizeof(*w));
	free(w);
}

/* Encoded into one buffer of its final size: no reallocation leaves a copy
 * of a password behind (the caller wipes the result). */
char *editor_text(const struct editor *e)
{
	char *out = xmalloc(e->len * 4 + 1), *p = out;

	for (size_t i = 0; i < e->len; i++) {
		uint32_t cp = (uint32_t)e->buf[i];

		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = UTF8_REPLACEMENT;
		p += utf8_encode(cp, p);
	}
	*p = '\0';
	return out;
}

bool editor_insert(struct editor *e, wint_t c)
{
	if (c == WEOF || (uint32_t)c > 0x10FFFF || ((uint32_t)c >= 0xD800 && (uint32_t)c <= 0xDFFF) ||
	    sanitize_bad_char((uint32_t)c))
		return false;
	if (e->filter && (c = e->filter(c)) == WEOF)
		return false;
	if (e->maxlen && e->len >= e->maxlen)
		return false;
	ensure(e, e->len + 1);
	memmove(e->buf + e->cur + 1, e->buf + e->cur, (e->len - e->cur + 1) * sizeof(*e->buf));
	e->buf[e->cur++] = (wchar_t)c;
	e->len++;
	e->changed = true;
	return true;
}

size_t editor_insert_wcs(struct editor *e, const wchar_t *s, size_t n)
{
	size_t done = 0;

	for (size_t i = 0; i < n; i++)
		done += editor_insert(e, (wint_t)s[i]);
	return done;
}

size_t editor_insert_utf8(struct editor *e, const char *s)
{
	size_t n, done;
	wchar_t *w = utf8_to_wcs(s, &n);

	done = editor_insert_wcs(e, w, n);
	sodium_memzero(w, n * sizeof(*w));   /* a pasted password */
	free(w);
	return done;
}

bool editor_apply(struct editor *e, enum editor_op op)
{
	size_t cur = e->cur, len = e->len;

	switch (op) {
	case ED_LEFT:
		if (e->cur > 0)
			e->cur--;
		break;
	case ED_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		break;
	case ED_HOME:
		e->cur = 0;
		break;
	case ED_END:
		e->cur = e->len;
		break;
	case ED_BACKSPACE:
		if (e->cur == 0)
			break;
		e->cur--;
		/* fall through */
	case ED_DELETE:
		if (e->cur == e->len)
			break;
		memmove(e->buf + e->cur, e->buf + e->cur + 1, (e->len - e->cur) * sizeof(*e->buf));
		e->len--;
		break;
	case ED_CLEAR:
		memset(e->buf, 0, e->cap * sizeof(*e->buf));
		e->len = e->cur = e->scroll = 0;
		break;
	case ED_KILL_EOL:
		memset(e->buf + e->cur, 0, (e->len - e->cur) * sizeof(*e->buf));
		e->len = e->cur;
		break;
	}
	if (e->len != len)
		e->changed = true;
	return e->cur != cur || e->len != len;
}

static int wc_cols(wchar_t c)
{
	return uc_width((uint32_t)c);
}

/* Columns of characters [from, to). */
static int span_cols(const struct editor *e, size_t from, size_t to)
{
	int cols = 0;

	for (size_t i = from; i < to; i++)
		cols += wc_cols(e->buf[i]);
	return cols;
}

void editor_layout(struct editor *e, int width, struct editor_view *v)
{
	int cursor_cell;

	if (width < 2)
		width = 2;
	if (e->scroll > e->cur)
		e->scroll = e->cur;
	cursor_cell = e->cur < e->len ? wc_cols(e->buf[e->cur]) : 1;
	if (cursor_cell < 1)
		cursor_cell = 1;
	while (e->scroll < e->cur && span_cols(e, e->scroll, e->cur) + cursor_cell > width)
		e->scroll++;
	/* Text got shorter (deleted, killed): bring hidden text back into free space. */
	while (e->scroll > 0 && span_cols(e, e->scroll - 1, e->len) + (e->cur == e->len) <= width)
		e->scroll--;

	v->first = e->scroll;
	v->count = 0;
	v->cols = 0;
	for (size_t i = e->scroll; i < e->len; i++) {
		int w = wc_cols(e->buf[i]);
		if (v->cols + w > width)
			break;
		v->cols += w;
		v->count++;
	}
	v->cursor_col = span_cols(e, e->scroll, e->cur);
}

wint_t editor_filter_id(wint_t c)
{
	if (c >= L'0' && c <= L'9')
		return c;
	if (c == L'x' || c == L'X')
		return L'X';
	return WEOF;
}

wint_t editor_filter_upper(wint_t c)
{
	if ((c >= L'0' && c <= L'9') || (c >= L'A' && c <= L'Z'))
		return c;
	if (c >= L'a' && c <= L'z')
		return c - L'a' + L'A';
	return WEOF;
}

wint_t editor_filter_mobile(wint_t c)
{
	if ((c >= L'0' && c <= L'9') || c == L'+' || c == L'-' || c == L' ')
		return c;
	return WEOF;
}

wint_t editor_filter_digits(wint_t c)
{
	return c >= L'0' && c <= L'9' ? c : WEOF;
}

wint_t editor_filter_hex(wint_t c)
{
	if ((c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'f') || (c >= L'A' && c <= L'F') || c == L' ' ||
	    c == L':' || c == L'-')
		return c;
	return WEOF;
}

wint_t editor_filter_login(wint_t c)
{
	if (c >= L'A' && c <= L'Z')
		return c - L'A' + L'a';
	if ((c >= L'a' && c <= L'z') || (c >= L'0' && c <= L'9') || c == L'_' || c == L'-' || c == L'.')
		return c;
	return WEOF;
}

static const struct {
	const char *type;
	editor_filter_fn fn;
} filters[] = {
	{ "id", editor_filter_id },         { "uscc", editor_filter_upper },
	{ "taxid", editor_filter_upper },   { "account", editor_filter_upper },
	{ "mobile", editor_filter_mobile }, { "postcode", editor_filter_digits },
	{ "digits", editor_filter_digits }, { "serial", editor_filter_hex },
	{ "login", editor_filter_login },
};

editor_filter_fn editor_filter_find(const char *type)
{
	for (size_t i = 0; type && i < ARRAY_SIZE(filters); i++)
		if (!strcmp(type, filters[i].type))
			return filters[i].fn;
	return NULL;
}

enum { ESC_FIRST, ESC_CSI, ESC_STRING, ESC_STRING_ESC, ESC_INTERMEDIATE };

void editor_esc_start(struct editor_esc *q)
{
	q->state = ESC_FIRST;
}

bool editor_esc_feed(struct editor_esc *q, wint_t c)
{
	switch (q->state) {
	case ESC_FIRST:
		if (c == L'[') {
			q->state = ESC_CSI;
			return false;
		}
		if (c == L']' || c == L'P' || c == L'X' || c == L'^' || c == L'_') {
			q->state = ESC_STRING;
			return false;
		}
		if (c == L'O') {                /* SS3: one more character */
			q->state = ESC_INTERMEDIATE;
			return false;
		}
		if (c >= 0x20 && c <= 0x2F) {
			q->state = ESC_INTERMEDIATE;
			return false;
		}
		return true;                    /* Alt-key or a two-character sequence */
	case ESC_CSI:
		return c >= 0x40 && c <= 0x7E ? true : (c < 0x20 || c > 0x7E);
	case ESC_STRING:
		if (c == 0x07 || c == 0x9C)
			return true;
		if (c == 0x1B)
			q->state = ESC_STRING_ESC;
		return false;
	case ESC_STRING_ESC:
		return true;                    /* ESC \ */
	case ESC_INTERMEDIATE:
		if (c >= 0x20 && c <= 0x2F)
			return false;
		return true;
	}
	return true;
}
