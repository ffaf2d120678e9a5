/* utf8.c - UTF-8 decoding, column widths, fitting and wrapping. */
#include "core/utf8.h"
#include "core/util.h"

#include <string.h>

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		*cp = UTF8_INVALID;
		return 1;
	}
	if (n < len) {
		*cp = UTF8_INVALID;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = UTF8_INVALID;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* shortest form only; no surrogates; nothing above U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = UTF8_INVALID;
		return 1;
	}
	*cp = c;
	return len;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* East Asian Wide and Fullwidth blocks, for code points the C library does
 * not know (a newer Unicode, or a non-UTF-8 locale in a unit test). */
static const struct {
	uint32_t lo, hi;
} wide_ranges[] = {
	{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF },
	{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
	{ 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
	{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

int uc_width(uint32_t cp)
{
	int w = cp <= 0x10FFFF ? wcwidth((wchar_t)cp) : -1;

	if (w >= 0)
		return w;
	for (size_t i = 0; i < ARRAY_SIZE(wide_ranges); i++)
		if (cp >= wide_ranges[i].lo && cp <= wide_ranges[i].hi)
			return 2;
	return 1;
}

static int char_cols(uint32_t cp)
{
	return cp == UTF8_INVALID ? 1 : uc_width(cp);
}

size_t utf8_cols(const char *s)
{
	size_t n = strlen(s), cols = 0;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += utf8_decode(s + i, n - i, &cp);
		cols += (size_t)char_cols(cp);
	}
	return cols;
}

size_t utf8_fit(const char *s, size_t maxcols, size_t *cols)
{
	size_t n = strlen(s), i = 0, used = 0;
	uint32_t cp;

	while (i < n) {
		size_t k = utf8_decode(s + i, n - i, &cp);
		size_t w = (size_t)char_cols(cp);

		if (used + w > maxcols)
			break;
		used += w;
		i += k;
	}
	if (cols)
		*cols = used;
	return i;
}

size_t utf8_nchars(const char *s)
{
	size_t n = strlen(s), count = 0;
	uint32_t cp;

	for (size_t i = 0; i < n; count++)
		i += utf8_decode(s + i, n - i, &cp);
	return count;
}

static bool no_line_start(uint32_t cp)
{
	static const uint32_t marks[] = { 0x3001, 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09,
					  0x300D, 0x300F, 0x300B, 0x3009, 0x3011, 0x201D, 0x2019, 0xFF0E };

	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (cp == marks[i])
			return true;
	return false;
}

size_t utf8_wrap(const char *s, size_t maxcols, size_t *next)
{
	size_t n = strlen(s), i = 0, used = 0, space = 0, prev = 0;
	bool have_space = false;
	uint32_t cp;

	if (!n) {
		*next = 0;
		return 0;
	}
	if (maxcols == 0)
		maxcols = 1;
	while (i < n && s[i] != '\n') {
		size_t k = utf8_decode(s + i, n - i, &cp);
		size_t w = (size_t)char_cols(cp);

		if (used + w > maxcols) {
			if (i == 0) {             /* a character wider than the line */
				*next = k;
				return k;
			}
			if (have_space && cp != ' ' && cp < 0x80) {
				*next = space + 1;
				return space;
			}
			/* Chinese punctuation never starts a line: take the character before it along */
			if (no_line_start(cp) && prev > 0) {
				*next = prev;
				return prev;
			}
			*next = i + (cp == ' ' ? 1 : 0);
			return i;
		}
		if (cp == ' ') {
			have_space = true;
			space = i;
		} else if (cp >= 0x80) {
			have_space = false;       /* CJK breaks anywhere: no need to go back */
		}
		used += w;
		prev = i;
		i += k;
	}
	*next = i < n ? i + 1 : i;
	return i;
}

wchar_t *utf8_to_wcs(const char *s, size_t *len)
{
	size_t n = s ? strlen(s) : 0, count = 0;
	wchar_t *w = xmalloc((n + 1) * sizeof(*w));
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		i += utf8_decode(s + i, n - i, &cp);
		w[count++] = (wchar_t)(cp == UTF8_INVALID ? UTF8_REPLACEMENT : cp);
	}
	w[count] = L'\0';
	if (len)
		*len = count;
	return w;
}

char *wcs_to_utf8(const wchar_t *w, size_t len)
{
	struct strbuf sb;
	char buf[4], *r;

	sb_init(&sb);
	for (size_t i = 0; i < len; i++) {
		uint32_t cp = (uint32_t)w[i];

		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = UTF8_REPLACEMENT;
		sb_add(&sb, buf, utf8_encode(cp, buf));
	}
	r = sb_detach(&sb);
	sb_release(&sb);
	return r;
}
