/* sanitize.c - strip control and escape sequences from text before it is drawn. */
#include "core/sanitize.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

bool sanitize_bad_char(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == UTF8_INVALID;
}

/* Length of the escape sequence starting at s[i] (ESC, or the 8-bit
 * introducers U+009B CSI, U+009D OSC, U+0090 DCS …, already decoded as cp
 * taking k bytes). Unterminated sequences run to the end of the text. */
static size_t escape_len(const char *s, size_t n, size_t i, uint32_t cp, size_t k)
{
	size_t j = i + k;
	enum { CSI, STRING, SIMPLE } kind;
	uint32_t c;

	if (cp == 0x1B) {
		if (j >= n)
			return j - i;
		unsigned char b = (unsigned char)s[j];
		if (b == '[') {
			kind = CSI;
			j++;
		} else if (b == ']' || b == 'P' || b == 'X' || b == '^' || b == '_') {
			kind = STRING;
			j++;
		} else {
			kind = SIMPLE;
		}
	} else if (cp == 0x9B) {
		kind = CSI;
	} else {
		kind = STRING;              /* 0x90 DCS, 0x9D OSC, 0x98 SOS, 0x9E PM, 0x9F APC */
	}
	switch (kind) {
	case CSI:                           /* parameters and intermediates, then a final byte */
		while (j < n) {
			unsigned char b = (unsigned char)s[j++];
			if (b >= 0x40 && b <= 0x7E)
				break;
			if (b < 0x20 || b >= 0x7F) {      /* not part of a CSI: stop before it */
				j--;
				break;
			}
		}
		break;
	case STRING:                        /* up to BEL, ESC \ or 8-bit ST */
		while (j < n) {
			size_t kk = utf8_decode(s + j, n - j, &c);
			if (c == 0x07) {
				j += kk;
				break;
			}
			if (c == 0x9C) {
				j += kk;
				break;
			}
			if (c == 0x1B) {
				j += kk;
				if (j < n && s[j] == '\\')
					j++;
				break;
			}
			j += kk;
		}
		break;
	case SIMPLE:                        /* intermediates 0x20-0x2F, then one final byte */
		while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] <= 0x2F)
			j++;
		if (j < n && (unsigned char)s[j] >= 0x30 && (unsigned char)s[j] <= 0x7E)
			j++;
		break;
	}
	return j - i;
}

static bool is_escape_start(uint32_t cp)
{
	return cp == 0x1B || cp == 0x9B || cp == 0x9D || cp == 0x90 || cp == 0x98 || cp == 0x9E ||
	       cp == 0x9F;
}

/* Walk s; with out == NULL only report whether anything would change. */
static bool walk(const char *s, size_t n, int flags, struct strbuf *out)
{
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_decode(s + i, n - i, &cp);

		if (cp == '\n' && (flags & SAN_MULTILINE)) {
			if (out)
				sb_addc(out, '\n');
		} else if (cp == '\n' || cp == '\t') {
			if (!out)
				return false;
			sb_addc(out, ' ');
		} else if (cp == '\r') {
			if (!out)
				return false;
		} else if (is_escape_start(cp)) {
			if (!out)
				return false;
			k = escape_len(s, n, i, cp, k);
			sb_adds(out, SAN_MARK);
		} else if (sanitize_bad_char(cp)) {
			if (!out)
				return false;
			sb_adds(out, SAN_MARK);
		} else if (out) {
			sb_add(out, s + i, k);
		}
		i += k;
	}
	return true;
}

char *sanitize_textn(const char *s, size_t n, int flags)
{
	struct strbuf sb;
	char *r;

	sb_init(&sb);
	if (s)
		walk(s, n, flags, &sb);
	r = sb_detach(&sb);
	sb_release(&sb);
	return r;
}

char *sanitize_text(const char *s, int flags)
{
	return sanitize_textn(s, s ? strlen(s) : 0, flags);
}

bool sanitize_is_clean(const char *s, int flags)
{
	return !s || walk(s, strlen(s), flags, NULL);
}

const char *sanitize_arg(const char *s)
{
	static char *ring[8];
	static unsigned next;
	char **slot = &ring[next++ % 8];

	free(*slot);
	*slot = sanitize_text(s, 0);
	return *slot;
}
