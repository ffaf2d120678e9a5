/* fuzz_validate.c - every field validator on hostile text. The first byte
 * picks the kind, the rest is the value as typed. Invariants: exactly one of
 * value/error; messages and values are well-formed UTF-8; a valid value holds
 * no control or bidi character, fits its kind's length and validates to
 * itself again (normalisation is idempotent). */
#include "fuzz.h"

#include "core/validate.h"

/* Deterministic stand-in for the GB/T 2260 table, so the "unknown county"
 * warning paths are reached too. */
static bool fake_region(const char *code6, void *ud)
{
	(void)ud;
	return (code6[5] - '0') % 3 != 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	validate_set_today(2026, 11, 25);
	validate_set_region_lookup(fake_region, NULL);
	return 0;
}

static size_t cps(const char *s)
{
	size_t n = 0;

	for (; *s; s += fuzz_u8len(s))
		n++;
	return n;
}

static void check_shape(enum vkind k, const char *v)
{
	size_t len = strlen(v), n = cps(v);

	switch (k) {
	case V_ID:
	case V_USCC:
	case V_APPNO:
		FUZZ_CHECK(len == 18, "%s value of %zu bytes", vkind_name(k), len);
		break;
	case V_MOBILE:
		FUZZ_CHECK(len == 11 && strspn(v, "0123456789") == 11, "mobile \"%s\"", v);
		break;
	case V_POSTCODE:
		FUZZ_CHECK(len == 6 && strspn(v, "0123456789") == 6, "postcode \"%s\"", v);
		break;
	case V_CNAPS:
		FUZZ_CHECK(len == 12 && strspn(v, "0123456789") == 12, "cnaps \"%s\"", v);
		break;
	case V_ACCOUNT:
		FUZZ_CHECK(len >= 6 && len <= 40, "account of %zu bytes", len);
		break;
	case V_SERIAL:
		FUZZ_CHECK(len >= 1 && len <= 42 && strspn(v, "0123456789abcdefABCDEF") == len, "serial \"%s\"", v);
		break;
	case V_TAXID:
		FUZZ_CHECK(len == 15 || len == 17 || len == 18 || len == 20, "taxid of %zu bytes", len);
		break;
	case V_EMAIL:
		FUZZ_CHECK(len <= 254 && strchr(v, '@'), "email of %zu bytes", len);
		break;
	case V_NAME:
		FUZZ_CHECK(n >= 1 && n <= VALIDATE_NAME_MAX, "name of %zu characters", n);
		break;
	case V_TEXT:
		FUZZ_CHECK(n >= 1 && n <= VALIDATE_TEXT_MAX, "text of %zu characters", n);
		break;
	case V__COUNT:
		break;
	}
	/* typed white space around the value is never kept */
	FUZZ_CHECK(v[0] != ' ' && v[len - 1] != ' ', "%s value \"%s\" keeps outer spaces", vkind_name(k), v);
}

static void check_result(enum vkind k, const char *input, bool valid, const struct vresult *r)
{
	if (valid) {
		FUZZ_CHECK(r->value && !r->error, "%s: valid without a value or with an error", vkind_name(k));
		FUZZ_CHECK(fuzz_utf8_str(r->value), "%s: value is not UTF-8", vkind_name(k));
		FUZZ_CHECK(*r->value, "%s: valid but empty", vkind_name(k));
		FUZZ_CHECK(!fuzz_has_unsafe(r->value), "%s: value holds a control or bidi character", vkind_name(k));
		check_shape(k, r->value);
	} else {
		FUZZ_CHECK(!r->value && !r->warning, "%s: invalid but value/warning set", vkind_name(k));
		FUZZ_CHECK(r->error && *r->error, "%s: invalid without a message", vkind_name(k));
		FUZZ_CHECK(fuzz_utf8_str(r->error), "%s: message is not UTF-8 (input \"%s\")", vkind_name(k), input);
		FUZZ_CHECK(!fuzz_has_unsafe(r->error), "%s: message holds a control character", vkind_name(k));
	}
	if (r->warning) {
		FUZZ_CHECK(fuzz_utf8_str(r->warning), "%s: warning is not UTF-8", vkind_name(k));
		FUZZ_CHECK(!fuzz_has_unsafe(r->warning), "%s: warning holds a control character", vkind_name(k));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum vkind k;
	struct vresult r, again;
	char *input;
	bool valid;

	if (size < 1)
		return 0;
	k = (enum vkind)(data[0] % V__COUNT);
	input = fuzz_cstr(data + 1, size - 1);
	valid = validate(k, input, &r);
	check_result(k, input, valid, &r);
	if (valid) {
		bool v2 = validate(k, r.value, &again);

		FUZZ_CHECK(v2, "%s: \"%s\" is valid but its value \"%s\" is not: %s", vkind_name(k), input,
			   r.value, again.error);
		FUZZ_CHECK(!strcmp(again.value, r.value), "%s: \"%s\" normalises to \"%s\" but that to \"%s\"",
			   vkind_name(k), input, r.value, again.value);
		vresult_release(&again);
	}
	vresult_release(&r);
	free(input);
	return 0;
}
