/* editor.h - the single-line field editor: a wchar_t buffer with a character
 * cursor and a column-based horizontal scroll. Headless (no curses here, so
 * unit tests link it); src/tui/field.c draws it and feeds it keys. */
#ifndef CERTDESK_EDITOR_H
#define CERTDESK_EDITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* An input filter sees each typed character: it returns the character to
 * insert (possibly changed, e.g. upper-cased) or WEOF to drop it. */
typedef wint_t (*editor_filter_fn)(wint_t c);

struct editor {
	wchar_t *buf;             /* owned, NUL-terminated, len characters */
	size_t len, cap;
	size_t cur;               /* cursor: 0..len, in characters */
	size_t scroll;            /* first visible character (set by editor_layout) */
	size_t maxlen;            /* maximum length in characters; 0 = no limit */
	editor_filter_fn filter;  /* NULL: every printable character */
	bool changed;             /* set by every edit; the owner clears it */
};

void editor_init(struct editor *e, size_t maxlen, editor_filter_fn filter);
/* Frees the buffer after zeroing it (it may have held a password). */
void editor_release(struct editor *e);

/* Replace the text (UTF-8; filtered characters are kept as given, the limit
 * applies); the cursor goes to the end. */
void editor_set(struct editor *e, const char *utf8);
/* The text as UTF-8 (caller frees). */
char *editor_text(const struct editor *e);

/* Insert one typed character at the cursor. Control characters, C1, bidi
 * overrides and what the filter refuses are dropped; at the maximum length
 * nothing is inserted. Returns true when inserted. */
bool editor_insert(struct editor *e, wint_t c);
/* Insert many (a paste): each goes through editor_insert, so the paste lands
 * whole up to the limit. Returns the number inserted. */
size_t editor_insert_wcs(struct editor *e, const wchar_t *s, size_t n);
size_t editor_insert_utf8(struct editor *e, const char *s);

enum editor_op {
	ED_LEFT, ED_RIGHT, ED_HOME, ED_END,
	ED_BACKSPACE, ED_DELETE,
	ED_CLEAR,                 /* Ctrl-U: the whole field */
	ED_KILL_EOL,              /* Ctrl-K: from the cursor to the end */
};
/* Returns true when the text or the cursor moved. */
bool editor_apply(struct editor *e, enum editor_op op);

/* What a field WIDTH columns wide shows: characters [first, first + count),
 * taking cols columns (the rest of the field is padding: a double-width
 * character that does not fit whole is never split), and the cursor's
 * column. editor_layout keeps the cursor cell fully visible, scrolling by
 * characters, and uses free space on the right by scrolling back. */
struct editor_view {
	size_t first, count;
	int cols;
	int cursor_col;
};
void editor_layout(struct editor *e, int width, struct editor_view *v);

/* Input filters, by field type: the form engine picks one by name. */
wint_t editor_filter_id(wint_t c);        /* digits; x/X becomes X */
wint_t editor_filter_upper(wint_t c);     /* ASCII letters and digits, upper-cased */
wint_t editor_filter_mobile(wint_t c);    /* digits, + - and space; no letters */
wint_t editor_filter_digits(wint_t c);    /* digits only */
wint_t editor_filter_hex(wint_t c);       /* hex digits as typed, space : - */
wint_t editor_filter_login(wint_t c);     /* operator logins: lower-cased a-z 0-9 _ - . */
/* "id", "uscc", "taxid", "account", "mobile", "postcode", "digits", "serial",
 * "login"; NULL for a name without a filter (free text). */
editor_filter_fn editor_filter_find(const char *type);

/* Typed escape sequences that curses did not recognise as a key arrive as ESC
 * followed by their bytes; the input layer feeds those bytes here to drop the
 * whole sequence. */
struct editor_esc {
	int state;
};
void editor_esc_start(struct editor_esc *q);
/* Feed the next character after ESC; returns true when c ended the sequence
 * (c is part of it). A lone ESC followed by a printable character is an
 * Alt-key: that character ends it too. */
bool editor_esc_feed(struct editor_esc *q, wint_t c);

#endif
