/* appform.h - the 数字证书申请表: gather an application's printed values, check
 * them, render one A4 PDF page (cairo + pango, Code 128 from zint) and a text
 * preview for the terminal. Labels, layout and the declaration's wording come
 * from data/appform.layout and data/declaration.txt (see certdesk.conf(5)). */
#ifndef CERTDESK_APPFORM_H
#define CERTDESK_APPFORM_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct conf;
struct appform;

/* Where the printed values come from when there is no application row
 * (tests, benchmarks): column(ud, name) returns a malloc'd value or NULL;
 * region(ud, code) the names of a GB/T 2260 code, province first and
 * separated by spaces ("广东省 深圳市 福田区"),
 * malloc'd, or NULL; region may be NULL. */
struct appform_extra {
	const char *label, *column;
	bool required;
};
struct appform_source {
	char *(*column)(void *ud, const char *column);
	char *(*region)(void *ud, const char *code);
	void *ud;
	/* The form's fields marked `print` (certdesk-forms(5)): printed in the
	 * layout's `extra` section unless a `field` line prints their column. */
	const struct appform_extra *extra;
	size_t nextra;
};

/* Gather the form of application APP_ID, with the journey form's `print`
 * fields; the application date (申请日期, the
 * start of the 委托期限) is the day the application was created. Returns
 * NULL with *err (Chinese, caller frees) when the application does not exist
 * or a data/ file is broken. Missing values are not an error here: see
 * appform_missing(). Free with appform_free(). */
struct appform *appform_load(struct store *s, const struct conf *c, long long app_id, char **err);
/* The same from a source; DATE is "YYYY-MM-DD" (more may follow). */
struct appform *appform_build(const struct conf *c, const char *appno, const char *date,
			      const struct appform_source *src, char **err);
void appform_free(struct appform *f);

const char *appform_appno(const struct appform *f);
/* NULL when every required value is there, else a Chinese message naming each
 * missing value ("申请表缺少必填项：经办人信息 姓名、法定代表人身份证号码").
 * Owned by f. */
const char *appform_missing(const struct appform *f);
/* SHA-256 (64 hex digits) over every value printed on the form: an edit of
 * the application after a print changes it. Owned by f. */
const char *appform_data_hash(const struct appform *f);

/* Render the one-page A4 PDF into memory: *pdf (caller frees) of *len bytes.
 * Refuses with *err = the missing-values message when appform_missing() is
 * not NULL, and when the values cannot be fitted on one page. */
bool appform_render(const struct appform *f, unsigned char **pdf, size_t *len, char **err);

/* A text preview of the form for the terminal: UTF-8 lines no wider than
 * COLS display columns (CJK counts two; never splits a character), missing
 * values shown as （未填写）. Returns a NULL-terminated array; *nlines gets
 * the count. Free with appform_lines_free(). */
char **appform_preview(const struct appform *f, int cols, int *nlines);
void appform_lines_free(char **lines);

/* Display columns of a UTF-8 string, as appform_preview() counts them. */
int appform_text_width(const char *s);

/* Drop the cached fonts (at process exit; keeps leak checkers quiet). */
void appform_shutdown(void);

#endif
