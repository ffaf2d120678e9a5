/* mask.c - masking of sensitive personal information, by characters (UTF-8),
 * never by bytes, so a masked Chinese name or address stays valid text. */
#include "core/mask.h"

#include "core/sanitize.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdint.h>

#include <stdlib.h>
#include <string.h>

/* sb_detach() leaves a fresh buffer behind; these builders are done with it. */
static char *sb_take(struct strbuf *sb)
{
	char *p = sb_detach(sb);

	sb_release(sb);
	return p;
}

/* Split S into characters: starts[i] is the byte offset of character i,
 * starts[n] == strlen(s). A byte that does not start a well-formed UTF-8
 * sequence counts as one character of its own. Well-formed means the byte
 * ranges of Unicode table 3-7: the second byte's range depends on the first,
 * which rules out overlongs (E0 80 80), surrogates (ED A0 80) and code
 * points above U+10FFFF (F4 90 80 80). Caller frees. */
static size_t split_chars(const char *s, size_t **starts)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n = 0;
	size_t *st = xcalloc(len + 1, sizeof(size_t));

	for (size_t i = 0; i < len;) {
		size_t l = 1;
		unsigned char lo = 0x80, hi = 0xBF;

		if (p[i] >= 0xC2 && p[i] <= 0xDF)
			l = 2;
		else if (p[i] >= 0xE0 && p[i] <= 0xEF)
			l = 3;
		else if (p[i] >= 0xF0 && p[i] <= 0xF4)
			l = 4;
		if (p[i] == 0xE0)
			lo = 0xA0;
		else if (p[i] == 0xED)
			hi = 0x9F;
		else if (p[i] == 0xF0)
			lo = 0x90;
		else if (p[i] == 0xF4)
			hi = 0x8F;
		if (i + l > len || (l > 1 && (p[i + 1] < lo || p[i + 1] > hi)))
			l = 1;
		for (size_t k = 1; k < l; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				l = 1;
		st[n++] = i;
		i += l;
	}
	st[n] = len;
	*starts = st;
	return n;
}

/* Append character i of s; malformed bytes and what the terminal sanitiser
 * never draws (controls, C1, bidi overrides and isolates, line separators)
 * become '?': a masked value goes to logs and terminals, and a bidi override
 * there could reorder what a reader sees. */
static void add_char(struct strbuf *sb, const char *s, const size_t *st, size_t i)
{
	const char *c = s + st[i];
	size_t l = st[i + 1] - st[i];
	uint32_t cp;

	if ((l == 1 && (unsigned char)c[0] >= 0x80) || utf8_decode(c, l, &cp) != l || sanitize_bad_char(cp))
		sb_addc(sb, '?');
	else
		sb_add(sb, c, l);
}

/* Keep the first HEAD and the last TAIL characters, one '*' for each other
 * character (or exactly STARS of them when STARS > 0). */
static char *mask_keep(const char *s, size_t head, size_t tail, size_t stars)
{
	struct strbuf sb;
	size_t *st, n;

	if (!s)
		return NULL;
	n = split_chars(s, &st);
	if (n == 0) {
		free(st);
		return xstrdup("");
	}
	if (head + tail > n)
		head = tail = 0;
	sb_init(&sb);
	for (size_t i = 0; i < head; i++)
		add_char(&sb, s, st, i);
	for (size_t i = 0; i < (stars ? stars : n - head - tail); i++)
		sb_addc(&sb, '*');
	for (size_t i = n - tail; i < n; i++)
		add_char(&sb, s, st, i);
	free(st);
	return sb_take(&sb);
}

static size_t nchars(const char *s)
{
	size_t *st, n = split_chars(s, &st);

	free(st);
	return n;
}

char *mask_id(const char *id)
{
	size_t n;

	if (!id)
		return NULL;
	n = nchars(id);
	/* 18: region (6) and the last 4 stay, birth date and sequence go */
	if (n >= 11)
		return mask_keep(id, 6, 4, 0);
	return mask_keep(id, n >= 3 ? 1 : 0, n >= 3 ? 1 : 0, 0);
}

char *mask_mobile(const char *mobile)
{
	size_t n;

	if (!mobile)
		return NULL;
	n = nchars(mobile);
	if (n >= 8)
		return mask_keep(mobile, n - 8, 4, 4);
	return mask_keep(mobile, 0, n >= 3 ? 1 : 0, 0);
}

char *mask_account(const char *account)
{
	size_t n;

	if (!account)
		return NULL;
	n = nchars(account);
	return mask_keep(account, 0, n > 4 ? 4 : 0, 0);
}

char *mask_email(const char *email)
{
	const char *at;
	char *local, *m;
	size_t *st, n;
	struct strbuf sb;

	if (!email)
		return NULL;
	if (!*email)
		return xstrdup("");
	at = strrchr(email, '@');
	if (!at)
		return mask_keep(email, nchars(email) > 1 ? 1 : 0, 0, 3);
	local = xstrndup(email, (size_t)(at - email));
	n = split_chars(local, &st);
	sb_init(&sb);
	/* three stars whatever the length: the length is information too */
	if (n)
		add_char(&sb, local, st, 0);
	sb_adds(&sb, "***");
	free(st);
	free(local);
	m = mask_keep(at, nchars(at), 0, 0);     /* '@domain', sanitised */
	sb_adds(&sb, m);
	free(m);
	return sb_take(&sb);
}

char *mask_address(const char *address)
{
	size_t n;

	if (!address)
		return NULL;
	n = nchars(address);
	/* the first 6 characters say province and city; a short address keeps
	 * only its first half; four stars whatever the length */
	return mask_keep(address, n > 6 ? 6 : n / 2, 0, 4);
}

char *mask_name(const char *name)
{
	size_t n;

	if (!name)
		return NULL;
	n = nchars(name);
	if (n <= 1)
		return mask_keep(name, 0, 0, 0);
	if (n == 2)
		return mask_keep(name, 1, 0, 0);
	return mask_keep(name, 1, 1, 0);
}
