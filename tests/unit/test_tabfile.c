/* test_tabfile.c - the CSV/TSV reader: encodings, quoting, line numbers, headers. */
#include "testutil.h"

#include "core/tabfile.h"

static void open_mem(struct tabfile *t, const char *data, size_t len)
{
	char *err = NULL;

	if (!tabfile_open_mem(t, data, len, &err))
		fail_msg("tabfile_open_mem: %s", err);
}

static void utf8_validation_rejects_malformed_sequences(void **state)
{
	(void)state;
	assert_true(utf8_valid("abc", 3));
	assert_true(utf8_valid("中国工商银行", strlen("中国工商银行")));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));          /* U+1F600 */
	assert_false(utf8_valid("\xd6\xd0\xb9\xfa", 4));         /* 中国 in GB18030 */
	assert_false(utf8_valid("\xc0\xaf", 2));                 /* overlong '/' */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));             /* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));             /* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));         /* > U+10FFFF */
	assert_false(utf8_valid("\xe4\xb8", 2));                 /* truncated */
}

static void csv_quotes_commas_and_line_breaks(void **state)
{
	struct tabfile t;
	const char *csv = "# exported 2026-11-25\n"
			  "行号,行名\n"
			  "1,\"a, b\"\n"
			  "2,\"two\nlines\"\r\n"
			  "\n"
			  "3,\"say \"\"hi\"\"\" \n"
			  "4,  spaced  ";

	(void)state;
	open_mem(&t, csv, strlen(csv));
	assert_string_equal(t.encoding, "UTF-8");
	assert_int_equal(t.delim, ',');
	assert_int_equal(tabfile_next(&t), 1);
	assert_int_equal(t.record_line, 2);
	assert_int_equal(t.nfields, 2);
	assert_string_equal(t.fields[1], "行名");
	assert_int_equal(tabfile_next(&t), 1);
	assert_int_equal(t.record_line, 3);
	assert_string_equal(t.fields[1], "a, b");
	assert_int_equal(tabfile_next(&t), 1);
	assert_int_equal(t.record_line, 4);
	assert_string_equal(t.fields[1], "two\nlines");
	assert_int_equal(tabfile_next(&t), 1);
	assert_int_equal(t.record_line, 7);                    /* line 6 is blank */
	assert_string_equal(t.fields[1], "say \"hi\"");
	assert_int_equal(tabfile_next(&t), 1);
	assert_int_equal(t.record_line, 8);
	assert_string_equal(t.fields[0], "4");
	assert_string_equal(t.fields[1], "spaced");
	assert_int_equal(tabfile_next(&t), 0);
	tabfile_release(&t);
}

static void tsv_is_recognised_from_the_header(void **state)
{
	struct tabfile t;
	const char *tsv = "\xef\xbb\xbf" "code\tname, with comma\n102100099996\t中国工商银行\n";

	(void)state;
	open_mem(&t, tsv, strlen(tsv));
	assert_int_equal(t.delim, '\t');
	assert_int_equal(tabfile_next(&t), 1);
	assert_string_equal(t.fields[0], "code");            /* BOM dropped */
	assert_string_equal(t.fields[1], "name, with comma");
	assert_int_equal(tabfile_next(&t), 1);
	assert_string_equal(t.fields[1], "中国工商银行");
	tabfile_release(&t);
}

static void gb18030_is_converted(void **state)
{
	struct tabfile t;
	/* "行号,行名\n1,中国\n" in GB18030 */
	const char gb[] = "\xd0\xd0\xba\xc5,\xd0\xd0\xc3\xfb\n1,\xd6\xd0\xb9\xfa\n";

	(void)state;
	open_mem(&t, gb, sizeof(gb) - 1);
	assert_string_equal(t.encoding, "GB18030");
	assert_int_equal(tabfile_next(&t), 1);
	assert_string_equal(t.fields[0], "行号");
	assert_int_equal(tabfile_next(&t), 1);
	assert_string_equal(t.fields[1], "中国");
	tabfile_release(&t);
}

static void bad_inputs_are_refused_or_flagged(void **state)
{
	struct tabfile t;
	char *err = NULL;
	const char *open_quote = "a,b\n1,\"never closed\n2,x\n";

	(void)state;
	assert_false(tabfile_open_mem(&t, "\xff\xfe" "a\0b\0", 6, &err));
	assert_non_null(strstr(err, "UTF-16"));
	free(err);
	assert_false(tabfile_open_mem(&t, "a\0b", 3, &err));
	free(err);
	assert_false(tabfile_open(&t, "/nonexistent/x.csv", &err));
	free(err);
	open_mem(&t, open_quote, strlen(open_quote));
	assert_int_equal(tabfile_next(&t), 1);
	assert_int_equal(tabfile_next(&t), -1);
	assert_int_equal(t.record_line, 2);
	tabfile_release(&t);
}

static void header_names_match_loosely(void **state)
{
	char *header[] = { "地址", "Bank_Name", " CNAPS Code ", "行号" };
	const char *const code[] = { "联行号", "行号", "cnaps code", NULL };
	const char *const name[] = { "行名", "bank name", NULL };
	const char *const none[] = { "别名", NULL };

	(void)state;
	assert_int_equal(tabfile_column(header, 4, code), 3);   /* first name in the list wins */
	assert_int_equal(tabfile_column(header, 4, name), 1);
	assert_int_equal(tabfile_column(header, 4, none), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_validation_rejects_malformed_sequences),
		cmocka_unit_test(csv_quotes_commas_and_line_breaks),
		cmocka_unit_test(tsv_is_recognised_from_the_header),
		cmocka_unit_test(gb18030_is_converted),
		cmocka_unit_test(bad_inputs_are_refused_or_flagged),
		cmocka_unit_test(header_names_match_loosely),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
