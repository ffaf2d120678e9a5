/* xlsx.h - export of the order list to .xlsx (libxlsxwriter, constant memory):
 * sheet 业务单 (the filtered applications, masked) and sheet 汇总 (totals). */
#ifndef CERTDESK_XLSX_H
#define CERTDESK_XLSX_H

#include <stdbool.h>
#include <stddef.h>

struct store;
struct order_filter;

/* Write the applications matching F (oldest first) to PATH, replacing it
 * only when the whole workbook was written. The export is recorded in the
 * audit log: who (operator_id, or 0 with ACTOR naming the process/user), the
 * filters and the row count. *rows gets the count. false with *err (Chinese,
 * caller frees) on failure. */
bool xlsx_export(struct store *s, const struct order_filter *f, const char *path, long long operator_id,
		 const char *actor, long *rows, char **err);

/* The filters in words, as the audit log and the 汇总 sheet show them (caller frees). */
char *xlsx_filter_describe(struct store *s, const struct order_filter *f);

/* S as valid UTF-8 that XML accepts: every invalid byte sequence, C0 control
 * character (except tab and newline) and U+FFFE/U+FFFF becomes U+FFFD; cut
 * at a character boundary to at most max_bytes. Caller frees; NULL in, NULL out. */
char *xlsx_text_clean(const char *s, size_t max_bytes);

#endif
