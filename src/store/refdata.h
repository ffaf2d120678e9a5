/* refdata.h - reference data in the store: GB/T 2260 divisions (the 省市县
 * cascade) and the bank directory (基本户开户行 keyword search, CNAPS import). */
#ifndef CERTDESK_REFDATA_H
#define CERTDESK_REFDATA_H

#include <stdbool.h>
#include <stddef.h>

struct store;

/* Load data/divisions.tsv and data/banks.tsv into the store when the tables
 * are empty, and again when those files changed since the last load (a new
 * release): divisions are replaced, the built-in head offices refreshed,
 * imported branches kept. Cheap when nothing changed (two file digests).
 * The TUI and the commands that need the data call it after store_open().
 * False with *err (Chinese, caller frees) when a file is missing or bad. */
bool refdata_ensure(struct store *s, char **err);
/* Same with the two files named explicitly (tests, tools). */
bool refdata_ensure_from(struct store *s, const char *divisions_tsv, const char *banks_tsv, char **err);

/* ---- divisions ---------------------------------------------------------
 * Every selection has three steps: province, prefecture, county. Where the
 * source has no county level (东莞 中山 儋州 嘉峪关, and the county-level
 * cities directly under a province such as 济源 仙桃 五指山 石河子, which sit
 * at the second step), the third step offers exactly one entry, the
 * prefecture itself, marked `whole`. Municipalities (北京 天津 上海 重庆) have
 * one second-step entry named after the municipality (code NN0100). */
struct division {
	char code[7];         /* six digits */
	char parent[7];       /* "" for a province */
	int level;            /* cascade step: 1 province, 2 prefecture, 3 county */
	bool whole;           /* step-3 entry that stands for its whole prefecture:
			         code == parent, nothing below the prefecture */
	char *name;           /* owned: division_release() */
};

struct division_list {
	struct division *v;   /* owned: division_list_release() */
	size_t n;
};

/* The entries of the next step below PARENT (NULL or "" = the provinces), by
 * code. Below a prefecture without counties: the single `whole` entry.
 * Below a county: none. Returns the count, or -1 on a database error. */
int division_children(struct store *s, const char *parent, struct division_list *out);
void division_list_release(struct division_list *l);

/* One division by code (as stored: never `whole`). False when unknown. */
bool division_get(struct store *s, const char *code, struct division *out);
void division_release(struct division *d);

/* "广东省 深圳市 福田区"; a prefecture without counties is not repeated
 * ("广东省 东莞市"), a municipality's second step neither ("北京市 朝阳区").
 * NULL when unknown (caller frees). */
char *division_path(struct store *s, const char *code);

/* The three steps that select CODE, for reopening a saved value in the
 * cascade: true when CODE is a complete selection (a county, or a prefecture
 * without counties, whose sel[2] is then the `whole` entry). Release each. */
bool division_selection(struct store *s, const char *code, struct division sel[3]);

/* For validate_set_region_lookup(): UD is the struct store *. */
bool division_known(const char *code6, void *ud);

/* ---- banks -------------------------------------------------------------- */
struct bank {                 /* strings valid only during the callback */
	long long id;
	const char *code;     /* CNAPS 12 digits, "" when not known */
	const char *name;
	const char *aliases;  /* space-separated short names */
	const char *kind;     /* policy state joint city rural private foreign branch */
};

/* Return false to stop the search early. */
typedef bool (*bank_cb)(const struct bank *b, void *ud);

/* Keyword search for the 基本户开户行 picker: every white-space separated term
 * must occur in the full name or in an alias (or, for imported branches, an
 * alias of their bank's head office); punctuation, white space and letter case
 * are ignored. Best first: the first term equal to a name or alias, then a
 * prefix of one, then anywhere; within each, head offices before branches,
 * then shorter names. Any length works, one character included. An empty
 * query lists the head offices. Calls CB for at most LIMIT banks; returns how
 * many, or -1 on a database error. */
int bank_search(struct store *s, const char *query, int limit, bank_cb cb, void *ud);

/* The bank with CNAPS code CODE; false when none. */
bool bank_by_code(struct store *s, const char *code, bank_cb cb, void *ud);

/* Chinese name of a kind ("股份制商业银行" …), "" for an unknown one. */
const char *bank_kind_zh(const char *kind);

/* Rebuild the search index from the banks table (after raw SQL changes;
 * imports and refdata_ensure do it themselves). Joins the caller's
 * transaction when there is one. */
bool bank_reindex(struct store *s);

/* ---- imports ------------------------------------------------------------ */
struct import_report {
	const char *encoding; /* "UTF-8" or "GB18030", or "xlsx"/"xls" for a workbook */
	long rows;            /* data rows read */
	long imported;        /* rows inserted or updated */
	long skipped;         /* bad rows (each in problems) */
	long added, replaced; /* divisions from the MCA code-and-name list: NN0100 steps the rules
			       * added, and 市辖区/县 rows they replaced (imported + skipped +
			       * replaced == rows + added) */
	char *sheet;          /* worksheet read from an .xlsx/.xls file (owned), else NULL */
	char **problems;      /* "第 N 行: …" (owned; N the line, or the sheet row) */
	size_t nproblems;
};

/* `certdesk import banks FILE`: a CNAPS directory, CSV or TSV, UTF-8 or
 * GB18030, or the first worksheet of an .xlsx or .xls workbook (told by
 * content, not by name), with a header row naming at least the code (行号/联行号/code …)
 * and name (行名/名称/name …) columns; optional aliases (简称/别名/aliases).
 * Codes must be 12 digits with a valid ISO 7064 MOD 11,10 check digit. Bad
 * rows are reported and skipped; the others are inserted or update the row
 * with the same code, all in one transaction with the index rebuild: on any
 * database error nothing is imported. False with *err when the file cannot
 * be read, has no usable header or no good row, or the database fails. */
bool refdata_import_banks(struct store *s, const char *path, struct import_report *r, char **err);

/* `certdesk import divisions FILE`: the format of data/divisions.tsv (code,
 * name, parent, level; 代码/名称/上级/级别 accepted too), or the MCA / GB/T
 * 2260 list of code and name only, whose parents and levels follow from the
 * codes (data/README's rules 1, 4 and 5); CSV, TSV, .xlsx or .xls. Replaces the whole
 * table in one transaction; rows with a bad code, level or a missing parent
 * are reported and skipped. */
bool refdata_import_divisions(struct store *s, const char *path, struct import_report *r, char **err);

void import_report_release(struct import_report *r);

#endif
