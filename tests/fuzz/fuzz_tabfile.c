/* fuzz_tabfile.c - the CSV/TSV reader on hostile bytes (in memory). A file it
 * opens is UTF-8 afterwards whatever it was; every field is UTF-8 without
 * outer white space; record lines only grow and stay within the file; the
 * reader always ends. */
#include "fuzz.h"

#include "core/tabfile.h"

static const char *const names[] = { "code", "名称", "行号", "level", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tabfile t;
	char *err = NULL;
	long last = 0, lines = 1, records = 0;
	int rc;

	if (!tabfile_open_mem(&t, (const char *)data, size, &err)) {
		FUZZ_CHECK(err && *err && fuzz_utf8_str(err), "refused without a UTF-8 message");
		free(err);
		return 0;
	}
	FUZZ_CHECK(!err, "opened with a message");
	FUZZ_CHECK(!strcmp(t.encoding, "UTF-8") || !strcmp(t.encoding, "GB18030"), "encoding %s", t.encoding);
	FUZZ_CHECK(strcmp(t.encoding, "UTF-8") || fuzz_utf8_ok((const char *)data, size),
		   "invalid UTF-8 taken as UTF-8");
	FUZZ_CHECK(strlen(t.text) == t.len, "text has a NUL or a wrong length");
	FUZZ_CHECK(fuzz_utf8_ok(t.text, t.len), "text is not UTF-8 after decoding %s", t.encoding);
	FUZZ_CHECK(t.delim == '\t' || t.delim == ',', "delimiter %d", t.delim);
	for (size_t i = 0; i < t.len; i++)
		lines += t.text[i] == '\n';
	while ((rc = tabfile_next(&t)) == 1) {
		FUZZ_CHECK(++records <= (long)t.len + 1, "more records than characters");
		FUZZ_CHECK(t.record_line > last && t.record_line <= lines, "record at line %ld after %ld (of %ld)",
			   t.record_line, last, lines);
		last = t.record_line;
		FUZZ_CHECK(t.nfields >= 1, "a record without fields");
		for (int i = 0; i < t.nfields; i++) {
			const char *f = t.fields[i];
			size_t n = strlen(f);

			FUZZ_CHECK(fuzz_utf8_ok(f, n), "field %d of line %ld is not UTF-8", i, t.record_line);
			FUZZ_CHECK(!n || (!strchr(" \t\r\n", f[0]) && !strchr(" \t\r\n", f[n - 1])),
				   "field %d of line %ld keeps outer white space", i, t.record_line);
		}
		if (records == 1) {
			int c = tabfile_column(t.fields, t.nfields, names);
			FUZZ_CHECK(c >= -1 && c < t.nfields, "column %d of %d", c, t.nfields);
		}
	}
	FUZZ_CHECK(rc == 0 || rc == -1, "tabfile_next returned %d", rc);
	if (rc == -1)
		FUZZ_CHECK(t.record_line > last && t.record_line <= lines, "unterminated quote at line %ld",
			   t.record_line);
	tabfile_release(&t);
	return 0;
}
