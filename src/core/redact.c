/* redact.c - find ID numbers, mobiles, account numbers and e-mail addresses in
 * free text and mask them with the functions of core/mask.h. */
#include "core/redact.h"

#include "core/appno.h"
#include "core/mask.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool id_checksum_ok(const char *id18)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (id18[i] - '0') * w[i];
	return check[sum % 11] == (id18[17] == 'x' ? 'X' : id18[17]);
}

/* The number starting at s[0] (a digit): digits in groups joined by one
 * space or hyphen, each group >= 3 digits (a lone "2 " before a number is
 * not part of it), an optional trailing X/x. *end gets the byte after it,
 * the digits (and X) are copied to out (cap bytes). Returns the count. */
static size_t scan_number(const char *s, const char **end, char *out, size_t cap)
{
	const char *p = s;
	size_t n = 0, group = 0;

	for (;;) {
		if (is_digit(*p)) {
			if (n + 1 < cap)
				out[n] = *p;
			n++;
			group++;
			p++;
		} else if ((*p == ' ' || *p == '-') && group >= 3 && is_digit(p[1]) && is_digit(p[2]) &&
			   is_digit(p[3])) {
			group = 0;
			p++;
		} else {
			break;
		}
	}
	if ((*p == 'X' || *p == 'x') && n == 17) {
		if (n + 1 < cap)
			out[n] = *p;
		n++;
		p++;
	}
	out[n < cap ? n : cap - 1] = '\0';
	*end = p;
	return n;
}

/* Could these 18 characters be an ID number, even a mistyped one? A
 * province-level region code first and a birth date (1900-2099) in 7-14. */
static bool id_shaped(const char *d)
{
	static const char *const provinces =
		"11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
		"50 51 52 53 54 61 62 63 64 65 71 81 82 83 ";
	char pp[4] = { d[0], d[1], ' ', '\0' };
	int year = (d[6] - '0') * 1000 + (d[7] - '0') * 100 + (d[8] - '0') * 10 + (d[9] - '0');
	int month = (d[10] - '0') * 10 + (d[11] - '0');
	int day = (d[12] - '0') * 10 + (d[13] - '0');

	return strstr(provinces, pp) && year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= 31;
}

static char *mask_number(const char *digits, size_t n)
{
	char no[APPNO_LEN + 1];

	if (n == 18) {
		bool id_like = id_checksum_ok(digits) || id_shaped(digits);

		if (!id_like && !appno_check(digits, no))
			return NULL; /* an application number: not personal data */
		return mask_id(digits);
	}
	if (n == 15)
		return mask_id(digits);
	if (n == 11 && digits[0] == '1' && digits[1] >= '3')
		return mask_mobile(digits);
	if (n >= 12)
		return mask_account(digits);
	return NULL;
}

static bool email_local_char(char c)
{
	return is_alnum(c) || (c && strchr("._%+-", c));
}

static bool email_domain_char(char c)
{
	return is_alnum(c) || c == '.' || c == '-';
}

char *redact_text(const char *text)
{
	struct strbuf sb;
	const char *p;
	char *r;

	if (!text)
		return NULL;
	sb_init(&sb);
	p = text;
	while (*p) {
		unsigned char c = (unsigned char)*p;

		/* an e-mail address: a local part starting here, '@', a domain */
		if (email_local_char(*p) && (p == text || !email_local_char(p[-1]))) {
			const char *at = p, *end;

			while (email_local_char(*at))
				at++;
			if (*at == '@' && email_domain_char(at[1])) {
				char *addr, *m;

				for (end = at + 1; email_domain_char(*end); end++)
					;
				/* the user name as by mask_email; the domain is kept but
				 * redacted itself: "a@13800138000" hides a mobile */
				addr = xstrndup(p, (size_t)(at + 1 - p));
				m = mask_email(addr);
				sb_adds(&sb, m);
				free(m);
				free(addr);
				addr = xstrndup(at + 1, (size_t)(end - at - 1));
				m = redact_text(addr);
				sb_adds(&sb, m);
				free(m);
				free(addr);
				p = end;
				continue;
			}
		}
		/* no word-boundary test: "tel13800138000" is still a mobile */
		if (is_digit(*p)) {
			char digits[64];
			const char *end;
			size_t n = scan_number(p, &end, digits, sizeof(digits));
			char *m = n >= sizeof(digits) ? NULL : mask_number(digits, n);

			if (!m && n >= sizeof(digits))
				m = mask_account(digits); /* absurdly long: mask anyway */
			if (m) {
				sb_adds(&sb, m);
				free(m);
			} else {
				sb_add(&sb, p, (size_t)(end - p));
			}
			p = end;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			sb_addc(&sb, '?');
			p++;
			continue;
		}
		if (c == 0xC2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] < 0xA0) {
			sb_addc(&sb, '?');
			p += 2;
			continue;
		}
		sb_addc(&sb, *p++);
	}
	r = sb_detach(&sb);
	sb_release(&sb);
	if (!sanitize_is_clean(r, 0)) {
		/* what is left: bidi overrides, line separators, invalid UTF-8 */
		char *clean = sanitize_text(r, 0);
		free(r);
		r = clean;
	}
	return r;
}
