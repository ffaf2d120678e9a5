/* tabfile.h - read a CSV or TSV file with a header row, in UTF-8 or GB18030,
 * record by record with the line number each record starts on. */
#ifndef CERTDESK_TABFILE_H
#define CERTDESK_TABFILE_H

#include <stdbool.h>
#include <stddef.h>

struct tabfile {
	char *text;               /* the whole file as UTF-8 (owned) */
	size_t len, pos;
	long line;                /* line of the next unread character, 1-based */
	char delim;               /* '\t' or ',' (taken from the header line) */
	const char *encoding;     /* "UTF-8" or "GB18030" */
	char **fields;            /* the current record (owned, reused) */
	int nfields, cap;
	long record_line;         /* line the current record starts on */
	bool plain;               /* a data file: see tabfile_plain */
};

/* Read PATH whole and decide its encoding: valid UTF-8 (a BOM is dropped),
 * otherwise GB18030 converted with iconv. Lines starting with '#' before the
 * header are comments. The delimiter is a tab when the header line holds one,
 * else a comma. On failure returns false and *err gets a Chinese message. */
bool tabfile_open(struct tabfile *t, const char *path, char **err);
/* Same over a UTF-8/GB18030 buffer (copied). */
bool tabfile_open_mem(struct tabfile *t, const char *data, size_t len, char **err);
void tabfile_release(struct tabfile *t);

/* Read the rest as one of the project's data files (data/fees.tsv, data/steps.tsv): no header
 * row, one record a line, fields split at each tab (quotes are ordinary
 * characters), and lines whose first non-blank character is '#' are
 * comments wherever they are. */
void tabfile_plain(struct tabfile *t);

/* Next record into t->fields/t->nfields (valid until the next call), fields
 * trimmed of surrounding white space; blank lines are skipped. Quoted fields
 * ("…", "" for a quote) may hold delimiters and line breaks.
 * Returns 1 for a record, 0 at the end, -1 for a malformed record
 * (unterminated quote; t->record_line says where). */
int tabfile_next(struct tabfile *t);

/* Index of the header column whose name is one of NAMES (NULL-terminated;
 * compared ignoring ASCII case, spaces and '_'), or -1. */
int tabfile_column(char *const *header, int n, const char *const *names);

/* True when S is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

#endif
