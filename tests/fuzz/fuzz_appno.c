/* fuzz_appno.c - application numbers as typed (appno_check) and as composed
 * (appno_format). A number accepted is 18 digits with its check digit, made
 * of exactly the digits typed, and checks again to itself; a composed number
 * always checks; messages are UTF-8. */
#include "fuzz.h"

#include "core/appno.h"

static void check_typed(const char *typed)
{
	char out[APPNO_LEN + 1], again[APPNO_LEN + 1], digits[APPNO_LEN + 1];
	const char *msg;
	size_t nd = 0;
	bool only = true;

	memset(out, 'Z', sizeof(out));
	msg = appno_check(typed, out);
	for (const char *p = typed; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (nd < APPNO_LEN)
				digits[nd] = *p;
			nd++;
		} else if (*p != ' ' && *p != '-') {
			only = false;
		}
	}
	if (msg) {
		FUZZ_CHECK(*msg && fuzz_utf8_str(msg), "message is empty or not UTF-8");
		FUZZ_CHECK(!only || nd != APPNO_LEN || iso7064_mod11_10(digits, 17) != digits[17] - '0',
			   "a well-formed number was refused: %s", msg);
		return;
	}
	FUZZ_CHECK(only && nd == APPNO_LEN, "accepted \"%s\": not 18 digits and separators", typed);
	FUZZ_CHECK(strlen(out) == APPNO_LEN && !memcmp(out, digits, APPNO_LEN), "normalised to \"%.19s\"", out);
	FUZZ_CHECK(iso7064_mod11_10(out, 17) == out[17] - '0', "accepted a bad check digit");
	FUZZ_CHECK(!appno_check(out, again) && !strcmp(again, out), "the normalised number does not check");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *typed = fuzz_cstr(data, size);

	check_typed(typed);
	/* 6 + 4 bytes of day and branch, then a sequence number */
	if (size >= 10) {
		char day[7], branch[5], out[APPNO_LEN + 1];
		long seq = size > 10 ? strtol(typed + 10, NULL, 10) : 0;

		memcpy(day, data, 6);
		day[6] = '\0';
		memcpy(branch, data + 6, 4);
		branch[4] = '\0';
		if (appno_format(day, branch, seq, out)) {
			FUZZ_CHECK(strlen(out) == APPNO_LEN && strspn(out, "0123456789") == APPNO_LEN,
				   "composed \"%s\"", out);
			FUZZ_CHECK(!memcmp(out, day, 6) && !memcmp(out + 6, branch, 4), "day or branch lost");
			FUZZ_CHECK(strtol(out + 10, NULL, 10) / 10 == seq, "sequence lost");
			check_typed(out);
		} else {
			FUZZ_CHECK(strspn(day, "0123456789") != 6 || strspn(branch, "0123456789") != 4 || seq < 1 ||
					   seq > 9999999,
				   "refused day %s branch %s seq %ld", day, branch, seq);
		}
	}
	free(typed);
	return 0;
}
