/* fuzz_redact.c - redact_text on any text (audit details, reasons typed by
 * an operator, error messages). The result never holds a control character,
 * is UTF-8 whenever the input is, and keeps no unbroken run of digits that
 * is a mobile (11 digits, 1[3-9]), an ID number (15, or 17 and X) or an
 * account (12 or more), except an 18-digit application number, wherever the
 * run sits (inside an e-mail address too). */
#include "fuzz.h"

#include "core/appno.h"
#include "core/redact.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool three_digits(const char *p)
{
	return digit(p[0]) && digit(p[1]) && digit(p[2]);
}

/* Is there, from B on, a number of 18 digits in groups (groups of at least 3
 * digits joined by one space or hyphen, as redact.h says) that reaches past
 * P and is a valid application number? Every group boundary is tried as its
 * end, since the redactor's reading may stop there (an e-mail domain ends
 * at a space and is read on its own). */
static bool appno_from(const char *b, const char *p)
{
	char digits[APPNO_LEN + 1], no[APPNO_LEN + 1];
	size_t n = 0, group = 0;
	const char *e = b;

	for (;;) {
		if (digit(*e)) {
			if (n == APPNO_LEN)
				return false;
			digits[n++] = *e++;
			group++;
			continue;
		}
		digits[n] = '\0';
		if (n == APPNO_LEN && e > p && !appno_check(digits, no))
			return true;
		if ((*e == ' ' || *e == '-') && group >= 3 && three_digits(e + 1)) {
			group = 0;
			e++;
			continue;
		}
		return false;
	}
}

/* Does the run at P belong to an application number written in groups
 * ("261125 075500 000423"), which the redactor keeps on purpose? The number
 * may start at this run or at an earlier group (where the redactor started
 * reading depends on what came before, e.g. the end of an e-mail domain),
 * so every possible start is tried. */
static bool in_grouped_appno(const char *out, const char *p)
{
	const char *b = p;

	for (int tries = 0; tries < 8; tries++) {
		const char *g;

		if (appno_from(b, p))
			return true;
		/* the group before, if the redactor could have joined it to this one */
		if (b - out < 4 || (b[-1] != ' ' && b[-1] != '-') || !digit(b[-2]) || !three_digits(b))
			return false;
		for (g = b - 1; g > out && digit(g[-1]); g--)
			;
		if (b - 1 - g < 3)
			return false;
		b = g;
	}
	return false;
}

static void check_runs(const char *in, const char *out)
{
	const char *p = out;

	while (*p) {
		size_t n = strspn(p, "0123456789");
		char run[64];

		if (n == APPNO_LEN) {
			char no[APPNO_LEN + 1];

			snprintf(run, sizeof(run), "%.*s", (int)n, p);
			if (!appno_check(run, no)) {     /* kept on purpose */
				p += n;
				continue;
			}
		}
		if (!n || in_grouped_appno(out, p)) {
			p += n ? n : 1;
			continue;
		}
		snprintf(run, sizeof(run), "%.*s", (int)(n < 63 ? n : 63), p);
		FUZZ_CHECK(!(n == 11 && p[0] == '1' && p[1] >= '3'), "a mobile survives: %s (from \"%s\")", run, in);
		FUZZ_CHECK(n != 15 && !(n == 17 && (p[17] == 'X' || p[17] == 'x')), "an ID number survives: %s", run);
		FUZZ_CHECK(n < 12, "%zu digits survive: %s (from \"%s\")", n, run, in);
		p += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size), *out;

	out = redact_text(in);
	FUZZ_CHECK(out, "NULL for a string");
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		FUZZ_CHECK(*p >= 0x20 && *p != 0x7F && !(p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0),
			   "control character at byte %zu", (size_t)(p - (const unsigned char *)out));
	if (fuzz_utf8_str(in))
		FUZZ_CHECK(fuzz_utf8_str(out), "UTF-8 in, not UTF-8 out");
	check_runs(in, out);
	free(out);
	free(in);
	return 0;
}
