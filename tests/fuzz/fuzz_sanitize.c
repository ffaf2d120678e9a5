/* fuzz_sanitize.c - the terminal sanitiser and the column helpers every
 * drawn string goes through, on any bytes. First byte: flags (bit 0
 * SAN_MULTILINE) and a line width (bits 1-7, 1..128 columns); the rest is
 * the text, NUL bytes included. The sanitised text is UTF-8 without C0/C1
 * controls (but '\n' when multiline), ESC, bidi controls or line separators;
 * it is clean by sanitize_is_clean and sanitises to itself; clean text
 * passes unchanged. Fitting and wrapping it never split a character, never
 * exceed the width (but for one character wider than the line) and always
 * advance; the field editor's wide-character round trip keeps it. */
#include "fuzz.h"

#include "core/sanitize.h"
#include "core/utf8.h"

#include <locale.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");     /* wcwidth as the terminal program sees it */
	return 0;
}

static void check_clean(const char *out, int flags)
{
	size_t n = strlen(out);

	FUZZ_CHECK(fuzz_utf8_ok(out, n), "sanitised text is not UTF-8");
	for (size_t i = 0; i < n; i += fuzz_u8len(out + i)) {
		const unsigned char *p = (const unsigned char *)out + i;

		FUZZ_CHECK((*p >= 0x20 && *p != 0x7F) || (*p == '\n' && (flags & SAN_MULTILINE)),
			   "control byte 0x%02x at %zu", *p, i);
		FUZZ_CHECK(!(p[0] == 0xC2 && p[1] < 0xA0), "C1 control at %zu", i);
		/* U+2028 U+2029 U+202A..U+202E, U+2066..U+2069 */
		FUZZ_CHECK(!(p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE), "separator or bidi at %zu", i);
		FUZZ_CHECK(!(p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9), "bidi isolate at %zu", i);
	}
}

static char *prefix(const char *s, size_t n)
{
	return xstrndup(s, n);
}

static void check_columns(const char *s, size_t maxcols)
{
	size_t n = strlen(s), fit, cols, off = 0, lines = 0;
	char *p;

	fit = utf8_fit(s, maxcols, &cols);
	FUZZ_CHECK(fit <= n && cols <= maxcols, "fit %zu bytes, %zu columns of %zu", fit, cols, maxcols);
	FUZZ_CHECK(fuzz_utf8_ok(s, fit), "fit splits a character");
	p = prefix(s, fit);
	FUZZ_CHECK(utf8_cols(p) == cols, "fit says %zu columns, the prefix has %zu", cols, utf8_cols(p));
	free(p);
	while (off < n) {
		size_t next = 0, len = utf8_wrap(s + off, maxcols, &next);

		FUZZ_CHECK(next > 0 && off + next <= n, "wrap does not advance at %zu (next %zu)", off, next);
		FUZZ_CHECK(len <= next, "line of %zu bytes but next at %zu", len, next);
		FUZZ_CHECK(fuzz_utf8_ok(s + off, len), "wrap splits a character at %zu", off);
		p = prefix(s + off, len);
		FUZZ_CHECK(!strchr(p, '\n'), "a wrapped line holds a newline");
		FUZZ_CHECK(utf8_cols(p) <= maxcols || utf8_nchars(p) == 1, "line of %zu columns in %zu", utf8_cols(p),
			   maxcols);
		free(p);
		off += next;
		FUZZ_CHECK(++lines <= n, "more lines than bytes");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int flags;
	size_t maxcols, wn;
	char *out, *again, *in, *back;
	wchar_t *w;

	if (size < 1)
		return 0;
	flags = (data[0] & 1) ? SAN_MULTILINE : 0;
	maxcols = (size_t)(data[0] >> 1) + 1;
	out = sanitize_textn((const char *)data + 1, size - 1, flags);
	FUZZ_CHECK(out, "NULL out");
	FUZZ_CHECK(strlen(out) <= 3 * (size - 1), "%zu bytes out of %zu", strlen(out), size - 1);
	check_clean(out, flags);
	FUZZ_CHECK(sanitize_is_clean(out, flags), "the sanitised text is not clean");
	again = sanitize_text(out, flags);
	FUZZ_CHECK(!strcmp(again, out), "sanitising twice changes the text");
	free(again);
	in = fuzz_cstr(data + 1, size - 1);
	if (sanitize_is_clean(in, flags)) {
		again = sanitize_text(in, flags);
		FUZZ_CHECK(!strcmp(again, in), "clean text was changed");
		free(again);
	}
	free(in);
	check_columns(out, maxcols);
	w = utf8_to_wcs(out, &wn);
	back = wcs_to_utf8(w, wn);
	FUZZ_CHECK(!strcmp(back, out), "wide-character round trip changes the text");
	FUZZ_CHECK(wn == utf8_nchars(out), "%zu wide characters for %zu", wn, utf8_nchars(out));
	free(back);
	free(w);
	free(out);
	return 0;
}
