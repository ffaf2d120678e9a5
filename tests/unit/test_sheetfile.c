/* test_sheetfile.c - .xlsx worksheets as TSV: detection by content, shared
 * and inline strings, numbers, gaps, escaping; refusals of broken files. */
#include "testutil.h"

#include "core/sheetfile.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

static char *dir;

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static void kinds_are_told_by_content(void **state)
{
	static const unsigned char ole2[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0 };
	char *a = path_of("a.xlsx"), *b = path_of("b.csv"), *c = path_of("c.txt");

	(void)state;
	write_file(a, "行号,行名\n", strlen("行号,行名\n"));       /* text behind an .xlsx name */
	write_file(b, "PK\3\4rest", 8);                           /* a zip behind a .csv name */
	write_file(c, ole2, sizeof(ole2));
	assert_int_equal(sheet_detect(a), SHEET_NONE);
	assert_int_equal(sheet_detect(b), SHEET_XLSX);
	assert_int_equal(sheet_detect(c), SHEET_XLS);
	free(a);
	free(b);
	free(c);
}

static void a_worksheet_becomes_tsv_row_for_row(void **state)
{
	char *p = path_of("banks.xlsx"), *tsv = NULL, *sheet = NULL, *err = NULL;
	lxw_workbook *wb = workbook_new(p);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "行名行号");
	size_t len;

	(void)state;
	workbook_add_worksheet(wb, "其他");           /* only the first sheet is read */
	worksheet_write_string(ws, 0, 0, "支付系统行号", NULL);
	worksheet_write_string(ws, 0, 1, "开户行名称", NULL);
	worksheet_write_number(ws, 1, 0, 102584000117.0, NULL);      /* a code kept as a number */
	worksheet_write_string(ws, 1, 1, "工行\t福田\n支行", NULL);   /* tab and line break: spaces */
	worksheet_write_number(ws, 3, 0, 1.5, NULL);                 /* row 3 empty, row 4 after it */
	worksheet_write_string(ws, 3, 2, "say \"hi\"", NULL);        /* column B empty */
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	assert_true(sheet_read_tsv(p, SHEET_XLSX, &tsv, &len, &sheet, &err));
	assert_string_equal(sheet, "行名行号");
	assert_string_equal(tsv, "支付系统行号\t开户行名称\n102584000117\t工行 福田 支行\n\n1.5\t\t\"say \"\"hi\"\"\"\n");
	assert_int_equal(len, strlen(tsv));
	free(tsv);
	free(sheet);
	free(p);
}

static void broken_workbooks_are_refused(void **state)
{
	char *p = path_of("broken.xlsx"), *tsv = NULL, *sheet = NULL, *err = NULL;
	size_t len;

	(void)state;
	write_file(p, "PK\3\4 not really a zip", 22);
	assert_false(sheet_read_tsv(p, SHEET_XLSX, &tsv, &len, &sheet, &err));
	assert_non_null(strstr(err, ".xlsx"));
	free(err);
	err = NULL;
	assert_false(sheet_read_tsv(p, SHEET_XLS, &tsv, &len, &sheet, &err));
	assert_non_null(strstr(err, ".xls"));
	assert_null(sheet);
	free(err);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	dir = tu_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmrf(dir);
	free(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_are_told_by_content),
		cmocka_unit_test(a_worksheet_becomes_tsv_row_for_row),
		cmocka_unit_test(broken_workbooks_are_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
