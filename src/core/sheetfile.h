/* sheetfile.h - the first worksheet of an .xlsx (minizip + expat) or .xls
 * (freexl) workbook as TSV text, one line per sheet row, for tabfile. */
#ifndef CERTDESK_SHEETFILE_H
#define CERTDESK_SHEETFILE_H

#include <stdbool.h>
#include <stddef.h>

enum sheet_kind { SHEET_NONE, SHEET_XLSX, SHEET_XLS };

/* What PATH holds, by content: a zip archive (PK\3\4) is taken for .xlsx,
 * an OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1) for .xls; anything else
 * (text) is SHEET_NONE. */
enum sheet_kind sheet_detect(const char *path);

/* The first worksheet of PATH as UTF-8 TSV: line N is sheet row N (empty
 * rows give empty lines), cells separated by tabs; a tab or line break in a
 * cell becomes a space and a cell holding '"' is quoted ("" inside). Numbers
 * are written without exponent (a code kept as a number stays 12 digits).
 * *sheet gets the worksheet's name. Caller frees *tsv and *sheet. False with
 * *err (Chinese) when the file is not a readable workbook. */
bool sheet_read_tsv(const char *path, enum sheet_kind kind, char **tsv, size_t *len, char **sheet, char **err);

#endif
