/* fuzz_mask.c - the masking functions on hostile text (any bytes). For every
 * kind: the output is well-formed UTF-8 without control characters, never
 * much longer than the input, and has the documented shape: the kept head
 * and tail characters (or '?' for a malformed byte or a control), stars for
 * everything between. So an ID number's birth date and sequence, or the
 * middle four digits of a mobile, can never leak. */
#include "fuzz.h"

#include "core/mask.h"

struct chars {
	size_t n;
	size_t *at;        /* byte offset of each character, at[n] = length */
};

/* Split like the masking does: a well-formed UTF-8 sequence is one
 * character, any other byte a character of its own. */
static void split(const char *s, struct chars *c)
{
	size_t len = strlen(s);

	c->at = xcalloc(len + 1, sizeof(size_t));
	c->n = 0;
	for (size_t i = 0; i < len;) {
		size_t l = fuzz_u8len(s + i);

		if (i + l > len || !fuzz_utf8_ok(s + i, l))
			l = 1;
		c->at[c->n++] = i;
		i += l;
	}
	c->at[c->n] = len;
}

static bool char_eq(const char *a, const struct chars *ca, size_t i, const char *b, const struct chars *cb, size_t j)
{
	size_t la = ca->at[i + 1] - ca->at[i], lb = cb->at[j + 1] - cb->at[j];

	return la == lb && !memcmp(a + ca->at[i], b + cb->at[j], la);
}

/* OUT must be: the first HEAD characters of IN, STARS '*', the last TAIL
 * characters of IN, each kept character either itself or '?'. */
static void expect_shape(const char *what, const char *in, const char *out, size_t head, size_t tail, size_t stars)
{
	struct chars ci, co;

	split(in, &ci);
	split(out, &co);
	FUZZ_CHECK(co.n == head + stars + tail, "%s: %zu characters out, want %zu+%zu+%zu", what, co.n, head,
		   stars, tail);
	for (size_t i = 0; i < co.n; i++) {
		size_t src = i < head ? i : i < head + stars ? SIZE_MAX : ci.n - (co.n - i);

		if (src == SIZE_MAX)
			FUZZ_CHECK(out[co.at[i]] == '*' && co.at[i + 1] - co.at[i] == 1,
				   "%s: character %zu should be hidden", what, i);
		else
			FUZZ_CHECK(char_eq(in, &ci, src, out, &co, i) ||
					   (out[co.at[i]] == '?' && co.at[i + 1] - co.at[i] == 1),
				   "%s: character %zu is not input character %zu", what, i, src);
	}
	free(ci.at);
	free(co.at);
}

static void check_common(const char *what, const char *in, const char *out, size_t extra)
{
	FUZZ_CHECK(out, "%s: NULL for a string", what);
	FUZZ_CHECK(fuzz_utf8_str(out), "%s: output is not UTF-8", what);
	FUZZ_CHECK(!fuzz_has_unsafe(out), "%s: output holds a control character", what);
	FUZZ_CHECK(strlen(out) <= strlen(in) + extra, "%s: %zu bytes out of %zu in", what, strlen(out), strlen(in));
}

static size_t nchars(const char *s)
{
	struct chars c;

	split(s, &c);
	free(c.at);
	return c.n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_cstr(data, size);
	size_t n = nchars(in);
	char *o;

	o = mask_id(in);
	check_common("mask_id", in, o, 0);
	if (n >= 11)
		expect_shape("mask_id", in, o, 6, 4, n - 10);
	else if (n >= 3)
		expect_shape("mask_id", in, o, 1, 1, n - 2);
	else
		expect_shape("mask_id", in, o, 0, 0, n);
	free(o);

	o = mask_mobile(in);
	check_common("mask_mobile", in, o, 0);
	if (n >= 8)
		expect_shape("mask_mobile", in, o, n - 8, 4, 4);
	else if (n >= 3)
		expect_shape("mask_mobile", in, o, 0, 1, n - 1);
	else
		expect_shape("mask_mobile", in, o, 0, 0, n);
	free(o);

	o = mask_account(in);
	check_common("mask_account", in, o, 0);
	expect_shape("mask_account", in, o, 0, n > 4 ? 4 : 0, n > 4 ? n - 4 : n);
	free(o);

	o = mask_name(in);
	check_common("mask_name", in, o, 0);
	expect_shape("mask_name", in, o, n >= 2 ? 1 : 0, n >= 3 ? 1 : 0, n <= 1 ? n : n == 2 ? 1 : n - 2);
	free(o);

	o = mask_address(in);
	check_common("mask_address", in, o, 4);
	expect_shape("mask_address", in, o, n > 6 ? 6 : n / 2, 0, n ? 4 : 0);
	free(o);

	o = mask_email(in);
	check_common("mask_email", in, o, 3);
	{
		const char *at = strrchr(in, '@');

		if (!*in) {
			FUZZ_CHECK(!*o, "mask_email: \"\" gives \"%s\"", o);
		} else if (!at) {
			expect_shape("mask_email", in, o, n > 1 ? 1 : 0, 0, 3);
		} else {
			/* the local part is one character and three stars; the domain stays */
			const char *oat = strrchr(o, '@');

			FUZZ_CHECK(oat, "mask_email: the @ is lost");
			FUZZ_CHECK(nchars(oat) == nchars(at), "mask_email: the domain changed length");
			FUZZ_CHECK(strlen(oat) <= strlen(at), "mask_email: the domain grew");
			FUZZ_CHECK(oat - o >= 3 && !memcmp(oat - 3, "***", 3), "mask_email: no *** before the @");
			FUZZ_CHECK(nchars(o) - nchars(oat) == (at > in ? 4u : 3u), "mask_email: local part not masked");
		}
	}
	free(o);
	free(in);
	return 0;
}
