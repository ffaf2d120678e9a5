/* utf8.h - UTF-8 decoding and display width in terminal columns (headless;
 * the TUI's drawing and the field editor share these rules). */
#ifndef CERTDESK_UTF8_H
#define CERTDESK_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#define UTF8_INVALID 0xFFFFFFFFu
#define UTF8_REPLACEMENT 0xFFFDu

/* Decode one character of s (n bytes available, n >= 1). Returns the bytes
 * consumed (1..4); *cp gets the code point, or UTF8_INVALID for a byte that
 * does not start a valid, shortest-form sequence (then 1 byte is consumed).
 * Surrogates and values above U+10FFFF are invalid. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp (a valid scalar value) into out; returns 1..4 bytes. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* Columns a character occupies: wcwidth() of the current locale (what
 * ncurses uses); when that is -1 (unassigned, or a non-UTF-8 locale) a
 * fallback: 2 for the East Asian wide ranges, else 1. Never negative. */
int uc_width(uint32_t cp);

/* Columns of a whole string (invalid bytes count 1 each). */
size_t utf8_cols(const char *s);
/* Bytes of the longest prefix of s that fits in maxcols columns, never
 * splitting a character; *cols (may be NULL) gets that prefix's width, which
 * is maxcols - 1 when a double-width character did not fit. */
size_t utf8_fit(const char *s, size_t maxcols, size_t *cols);
/* Characters (code points; invalid bytes count 1) in s. */
size_t utf8_nchars(const char *s);

/* One display line of at most maxcols columns from s: returns its length in
 * bytes (a newline ends it; a long line breaks after the last space of an
 * ASCII word when there is one, anywhere in CJK text); *next gets the offset
 * where the following line starts (past the newline or the breaking space).
 * At the end of s returns 0 with *next = 0. */
size_t utf8_wrap(const char *s, size_t maxcols, size_t *next);

/* Conversions for the field editor. Invalid bytes become U+FFFD. The results
 * are new strings (caller frees); *len (may be NULL) gets the length. */
wchar_t *utf8_to_wcs(const char *s, size_t *len);
char *wcs_to_utf8(const wchar_t *w, size_t len);

#endif
