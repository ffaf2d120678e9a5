/* refdata.c - divisions and banks: loading from data/, cascade look-ups, the
 * gram index behind the bank keyword search, and the CNAPS/divisions imports. */
#include "store/refdata.h"
#include "core/sheetfile.h"
#include "store/store.h"
#include "core/appno.h"
#include "core/paths.h"
#include "core/tabfile.h"
#include "core/util.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Text normalisation shared by the index and the queries: white space,
 * controls and punctuation are dropped, full-width ASCII is folded to ASCII
 * and ASCII letters to lower case. Private-use code points are dropped too:
 * the index uses two of them as start and end markers. */
#define MARK_START 0xE000u
#define MARK_END 0xE001u

static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
		      ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		return 4;
	}
	*cp = 0xFFFD;    /* invalid byte: skip it */
	return 1;
}

static void utf8_put(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	sb_add(sb, b, n);
}

static bool cp_ignored(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
	return (cp >= 0x80 && cp <= 0xBF) ||            /* C1 controls, Latin-1 punctuation (·) */
	       (cp >= 0x2000 && cp <= 0x206F) ||        /* general punctuation (• … ‧) */
	       (cp >= 0x3000 && cp <= 0x3004) ||        /* ideographic space, 、 。 */
	       (cp >= 0x3008 && cp <= 0x301F) ||        /* 《》「」【】 … */
	       cp == 0x3030 || cp == 0x30FB ||          /* 〰 ・ */
	       (cp >= 0xE000 && cp <= 0xF8FF) ||        /* private use (our markers) */
	       (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
	       cp == 0xFEFF || cp == 0xFFFD ||
	       (cp >= 0xFF5F && cp <= 0xFF65);          /* half-width CJK punctuation */
}

/* Normalised code points of S into a growing array; returns the count. */
static size_t normalise(const char *s, uint32_t **out, size_t *cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t cp;
		p += utf8_decode(p, &cp);
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;     /* full-width ASCII */
		if (cp_ignored(cp))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (n + 1 > *cap) {
			*cap = *cap ? *cap * 2 : 32;
			*out = xrealloc(*out, *cap * sizeof(**out));
		}
		(*out)[n++] = cp;
	}
	return n;
}

/* ======================================================================
 * The gram index. For each bank, its strings (name, aliases and, for an
 * imported branch, the name and aliases of the single head office sharing its
 * three-digit CNAPS bank class) are normalised and framed as START s END. The
 * document holds, in order, the two-character grams of every framed string
 * (so a substring is a phrase of consecutive grams, never spanning two
 * strings), then each distinct single character once, then whole-string and
 * leading-edge tokens: START s END for strings of up to WHOLE_MAX characters,
 * START s1…sk for k = 2…EDGE_MAX. Queries:
 *   equal to a string:  the token START q END (longer: phrase START q1, q1 q2, …, qm END)
 *   prefix of one:      the token START q (one character: the gram START q1;
 *                       longer than EDGE_MAX: phrase START q1, q1 q2, …)
 *   anywhere:           phrase q1 q2, …  (one character: the gram q1)
 * The document's rowid is the bank's rank, so each query reads doclists in
 * result order and stops at its limit. The whole and edge tokens spare the
 * first two tiers a phrase check: the branches of a big bank hold every gram
 * of "工商" or "中国工商" (through their head office's strings), and checking
 * positions in each of them cost milliseconds. */
#define WHOLE_MAX 8
#define EDGE_MAX 6
/* Bump when the document layout changes: refdata_ensure() then rebuilds. */
#define INDEX_FORMAT "2"
#define INDEX_FORMAT_KEY "refdata.bank_index.format"

static void add_gram(struct strbuf *sb, uint32_t a, uint32_t b)
{
	if (sb->len)
		sb_addc(sb, ' ');
	utf8_put(sb, a);
	if (b)
		utf8_put(sb, b);
}

struct grams {
	struct strbuf doc, tail;     /* tail: " tok tok … " (whole and edge tokens, distinct) */
	struct strbuf tok;
	uint32_t *cps, *uni;
	size_t cap, ucap, nuni;
};

static void tail_add(struct grams *g, const uint32_t *cps, size_t k, bool end)
{
	sb_reset(&g->tok);
	sb_addc(&g->tok, ' ');
	utf8_put(&g->tok, MARK_START);
	for (size_t i = 0; i < k; i++)
		utf8_put(&g->tok, cps[i]);
	if (end)
		utf8_put(&g->tok, MARK_END);
	sb_addc(&g->tok, ' ');
	if (strstr(g->tail.s, g->tok.s))
		return;
	sb_add(&g->tail, g->tok.s + 1, g->tok.len - 1);   /* keeps the trailing space */
}

static void grams_add_string(struct grams *g, const char *s)
{
	size_t n = normalise(s, &g->cps, &g->cap);

	if (n == 0)
		return;
	add_gram(&g->doc, MARK_START, g->cps[0]);
	for (size_t i = 0; i + 1 < n; i++)
		add_gram(&g->doc, g->cps[i], g->cps[i + 1]);
	add_gram(&g->doc, g->cps[n - 1], MARK_END);
	if (n <= WHOLE_MAX)
		tail_add(g, g->cps, n, true);
	for (size_t k = 2; k <= n && k <= EDGE_MAX; k++)
		tail_add(g, g->cps, k, false);
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < g->nuni && !seen; k++)
			seen = g->uni[k] == g->cps[i];
		if (seen)
			continue;
		if (g->nuni + 1 > g->ucap) {
			g->ucap = g->ucap ? g->ucap * 2 : 64;
			g->uni = xrealloc(g->uni, g->ucap * sizeof(*g->uni));
		}
		g->uni[g->nuni++] = g->cps[i];
	}
}

/* Each space-separated word of LIST as a string. */
static void grams_add_list(struct grams *g, const char *list)
{
	char *copy = xstrdup(list ? list : "");
	char *save = NULL;

	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		grams_add_string(g, w);
	free(copy);
}

static void grams_start(struct grams *g)
{
	sb_reset(&g->doc);
	sb_reset(&g->tail);
	sb_addc(&g->tail, ' ');
	g->nuni = 0;
}

static void grams_finish(struct grams *g)
{
	for (size_t i = 0; i < g->nuni; i++)
		add_gram(&g->doc, g->uni[i], 0);
	sb_adds(&g->doc, g->tail.s);
}

struct bankrow {
	long long id;
	char *code, *name, *aliases, *kind;
	size_t nlen;
};

/* Head offices before branches; among head offices the banks most accounts
 * are kept with first (the order of bank_kinds[]). */
static int kind_order(const char *kind);

static int bankrow_cmp(const void *a, const void *b)
{
	const struct bankrow *x = a, *y = b;
	int kx = kind_order(x->kind), ky = kind_order(y->kind);
	int c;

	if (kx != ky)
		return kx - ky;
	if (x->nlen != y->nlen)
		return x->nlen < y->nlen ? -1 : 1;
	if ((c = strcmp(x->name, y->name)))
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The head office whose CNAPS class (first three digits) is CODE's, when
 * exactly one head office has that class. */
static const struct bankrow *class_head(const struct bankrow *heads, size_t nheads, const char *code)
{
	const struct bankrow *found = NULL;

	if (!code || strlen(code) != 12)
		return NULL;
	for (size_t i = 0; i < nheads; i++) {
		if (heads[i].code && strlen(heads[i].code) == 12 && !memcmp(heads[i].code, code, 3)) {
			if (found)
				return NULL;
			found = &heads[i];
		}
	}
	return found;
}

bool bank_reindex(struct store *s)
{
	sqlite3_stmt *st;
	struct bankrow *rows = NULL, *heads;
	size_t n = 0, cap = 0, nheads = 0;
	struct grams g = { 0 };
	uint32_t *tmp = NULL;
	size_t tmpcap = 0;
	bool ok = false;

	if (!store_begin(s))
		return false;
	st = store_prepare(s, "SELECT id, code, name, aliases, kind FROM banks");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		rows[n].id = sqlite3_column_int64(st, 0);
		rows[n].code = xstrdup((const char *)sqlite3_column_text(st, 1));
		rows[n].name = xstrdup((const char *)sqlite3_column_text(st, 2));
		rows[n].aliases = xstrdup((const char *)sqlite3_column_text(st, 3));
		rows[n].kind = xstrdup((const char *)sqlite3_column_text(st, 4));
		rows[n].nlen = normalise(rows[n].name, &tmp, &tmpcap);
		n++;
	}
	sqlite3_finalize(st);
	free(tmp);
	if (n)
		qsort(rows, n, sizeof(*rows), bankrow_cmp);
	heads = rows;
	while (nheads < n && strcmp(rows[nheads].kind, "branch"))
		nheads++;

	if (!store_exec(s, "INSERT INTO bank_index(bank_index) VALUES ('delete-all')") ||
	    !store_exec(s, "UPDATE banks SET rank = NULL"))
		goto out;
	sqlite3_stmt *up = store_prepare(s, "UPDATE banks SET rank = ? WHERE id = ?");
	sqlite3_stmt *ins = store_prepare(s, "INSERT INTO bank_index(rowid, grams) VALUES (?, ?)");
	sb_init(&g.doc);
	sb_init(&g.tail);
	sb_init(&g.tok);
	ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		const struct bankrow *h = i >= nheads ? class_head(heads, nheads, rows[i].code) : NULL;

		grams_start(&g);
		grams_add_string(&g, rows[i].name);
		grams_add_list(&g, rows[i].aliases);
		if (h) {
			grams_add_string(&g, h->name);
			grams_add_list(&g, h->aliases);
		}
		grams_finish(&g);
		sqlite3_bind_int64(up, 1, (long long)i + 1);
		sqlite3_bind_int64(up, 2, rows[i].id);
		sqlite3_bind_int64(ins, 1, (long long)i + 1);
		sqlite3_bind_text(ins, 2, g.doc.s, (int)g.doc.len, SQLITE_STATIC);
		ok = sqlite3_step(up) == SQLITE_DONE && sqlite3_step(ins) == SQLITE_DONE;
		sqlite3_reset(up);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(up);
	sqlite3_finalize(ins);
	sb_release(&g.doc);
	sb_release(&g.tail);
	sb_release(&g.tok);
	if (ok)
		ok = store_state_set(s, INDEX_FORMAT_KEY, INDEX_FORMAT);
out:
	free(g.cps);
	free(g.uni);
	for (size_t i = 0; i < n; i++) {
		free(rows[i].code);
		free(rows[i].name);
		free(rows[i].aliases);
		free(rows[i].kind);
	}
	free(rows);
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s);
}

/* ======================================================================
 * Search. */

static void fts_token(struct strbuf *sb, uint32_t a, uint32_t b)
{
	if (sb->len && sb->s[sb->len - 1] != '"')
		sb_addc(sb, ' ');
	/* inside an FTS5 string a '"' is doubled; normalise() drops it anyway */
	utf8_put(sb, a);
	if (b)
		utf8_put(sb, b);
}

enum tier { TIER_EQUAL, TIER_PREFIX, TIER_ANYWHERE };

/* One term as an FTS5 expression for TIER. */
static void term_phrase(struct strbuf *sb, const uint32_t *q, size_t m, enum tier tier)
{
	if (tier != TIER_ANYWHERE && m > EDGE_MAX && !(tier == TIER_EQUAL && m <= WHOLE_MAX)) {
		/* long: the edge token narrows the documents before the phrase check */
		sb_addc(sb, '"');
		utf8_put(sb, MARK_START);
		for (size_t i = 0; i < EDGE_MAX; i++)
			utf8_put(sb, q[i]);
		sb_adds(sb, "\" AND ");
	}
	sb_addc(sb, '"');
	size_t mark = sb->len;
	if (tier == TIER_ANYWHERE && m == 1) {
		fts_token(sb, q[0], 0);
	} else if ((tier == TIER_EQUAL && m <= WHOLE_MAX) || (tier == TIER_PREFIX && m >= 2 && m <= EDGE_MAX)) {
		utf8_put(sb, MARK_START);
		for (size_t i = 0; i < m; i++)
			utf8_put(sb, q[i]);
		if (tier == TIER_EQUAL)
			utf8_put(sb, MARK_END);
	} else {
		if (tier != TIER_ANYWHERE)
			fts_token(sb, MARK_START, q[0]);
		for (size_t i = 0; i + 1 < m; i++) {
			if (sb->len > mark)
				sb_addc(sb, ' ');
			utf8_put(sb, q[i]);
			utf8_put(sb, q[i + 1]);
		}
		if (tier == TIER_EQUAL) {
			sb_addc(sb, ' ');
			utf8_put(sb, q[m - 1]);
			utf8_put(sb, MARK_END);
		}
	}
	sb_addc(sb, '"');
}

struct term {
	uint32_t *cp;
	size_t n, cap;
};

static const char *const bank_cols = "b.id, COALESCE(b.code, ''), b.name, b.aliases, b.kind";

static bool emit_row(sqlite3_stmt *st, bank_cb cb, void *ud)
{
	struct bank b = {
		.id = sqlite3_column_int64(st, 0),
		.code = (const char *)sqlite3_column_text(st, 1),
		.name = (const char *)sqlite3_column_text(st, 2),
		.aliases = (const char *)sqlite3_column_text(st, 3),
		.kind = (const char *)sqlite3_column_text(st, 4),
	};
	return cb(&b, ud);
}

int bank_search(struct store *s, const char *query, int limit, bank_cb cb, void *ud)
{
	struct term *terms = NULL;
	size_t nterms = 0;
	char *copy = xstrdup(query ? query : "");
	char *save = NULL;
	long long *seen;
	int found = 0;
	bool stop = false, err = false, typed = false;
	char *sql;
	sqlite3_stmt *st;

	if (limit <= 0) {
		free(copy);
		return 0;
	}
	/* terms: split on ASCII and ideographic spaces */
	for (char *p = copy; (p = strstr(p, "\xe3\x80\x80"));)
		memcpy(p, "   ", 3);
	for (char *w = strtok_r(copy, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
		struct term t = { 0 };
		typed = true;
		t.n = normalise(w, &t.cp, &t.cap);
		if (!t.n) {
			free(t.cp);
			continue;
		}
		terms = xrealloc(terms, (nterms + 1) * sizeof(*terms));
		terms[nterms++] = t;
	}
	free(copy);

	if (nterms == 0) {
		if (typed) {
			/* nothing searchable typed (only punctuation) */
			free(terms);
			return 0;
		}
		sql = xasprintf("SELECT %s FROM banks b WHERE b.kind <> 'branch' AND b.rank IS NOT NULL "
				"ORDER BY b.rank LIMIT ?", bank_cols);
		st = store_cached(s, sql);
		free(sql);
		sqlite3_bind_int(st, 1, limit);
		int rc = SQLITE_DONE;
		while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			found++;
			stop = !emit_row(st, cb, ud);
		}
		sqlite3_reset(st);
		free(terms);
		return !stop && rc != SQLITE_DONE ? -1 : found;
	}

	sql = xasprintf("SELECT %s, f.rowid FROM bank_index f JOIN banks b ON b.rank = f.rowid "
			"WHERE bank_index MATCH ?1 ORDER BY f.rowid LIMIT ?2", bank_cols);
	st = store_cached(s, sql);
	free(sql);
	seen = xcalloc((size_t)limit, sizeof(*seen));
	for (enum tier tier = TIER_EQUAL; tier <= TIER_ANYWHERE && !stop && !err && found < limit; tier++) {
		struct strbuf expr;
		int rc = SQLITE_DONE;

		sb_init(&expr);
		term_phrase(&expr, terms[0].cp, terms[0].n, tier);
		for (size_t i = 1; i < nterms; i++) {
			sb_adds(&expr, " AND ");
			term_phrase(&expr, terms[i].cp, terms[i].n, TIER_ANYWHERE);
		}
		sqlite3_bind_text(st, 1, expr.s, (int)expr.len, SQLITE_TRANSIENT);
		/* the FOUND rows of earlier tiers come again here: LIMIT - FOUND new
		 * ones need at most LIMIT rows */
		sqlite3_bind_int(st, 2, limit);
		while (!stop && found < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			long long rank = sqlite3_column_int64(st, 5);
			bool dup = false;
			for (int k = 0; k < found && !dup; k++)
				dup = seen[k] == rank;
			if (dup)
				continue;
			seen[found++] = rank;
			stop = !emit_row(st, cb, ud);
		}
		if (!stop && found < limit && rc != SQLITE_DONE)
			err = true;
		sqlite3_reset(st);
		sb_release(&expr);
	}
	sqlite3_reset(st);
	free(seen);
	for (size_t i = 0; i < nterms; i++)
		free(terms[i].cp);
	free(terms);
	return err ? -1 : found;
}

bool bank_by_code(struct store *s, const char *code, bank_cb cb, void *ud)
{
	char *sql = xasprintf("SELECT %s FROM banks b WHERE b.code = ?", bank_cols);
	sqlite3_stmt *st = store_cached(s, sql);
	bool found;

	free(sql);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		emit_row(st, cb, ud);
	sqlite3_reset(st);
	return found;
}

static const struct {
	const char *kind, *zh;
} bank_kinds[] = {
	{ "state", "国有大型商业银行" },
	{ "joint", "股份制商业银行" },
	{ "policy", "政策性银行" },
	{ "city", "城市商业银行" },
	{ "rural", "农村金融机构" },
	{ "private", "民营银行" },
	{ "foreign", "外资银行" },
	{ "branch", "分支机构" },
};

static int kind_order(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(bank_kinds); i++)
		if (str_eq(kind, bank_kinds[i].kind))
			return (int)i;
	return (int)ARRAY_SIZE(bank_kinds);
}

const char *bank_kind_zh(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(bank_kinds); i++)
		if (str_eq(kind, bank_kinds[i].kind))
			return bank_kinds[i].zh;
	return "";
}

/* ======================================================================
 * Reports. */

static void report_add(struct import_report *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_add(struct import_report *r, long line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	r->problems = xrealloc(r->problems, (r->nproblems + 1) * sizeof(*r->problems));
	r->problems[r->nproblems++] = xasprintf("第 %ld 行: %s", line, msg);
	free(msg);
}

void import_report_release(struct import_report *r)
{
	for (size_t i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->problems);
	free(r->sheet);
	memset(r, 0, sizeof(*r));
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static bool all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

/* Copy of S without ASCII spaces (codes are often typed or exported grouped). */
static char *strip_spaces(const char *s)
{
	char *o = xmalloc(strlen(s) + 1), *q = o;

	for (; *s; s++)
		if (*s != ' ')
			*q++ = *s;
	*q = '\0';
	return o;
}

/* Open an import file: CSV/TSV text, or the first worksheet of an .xlsx or
 * .xls workbook (by content) read as TSV, whose lines are the sheet's rows. */
/* Workbooks often carry a title (支付系统行名行号表, 导出日期 …) above the
 * header: rows before the first of the first 20 that names a KEY_NAMES
 * column become '#' comments, so the row numbers stay the sheet's. */
static char *title_rows_as_comments(char *tsv, size_t *len, const char *const *key_names)
{
	const char *line = tsv;
	int before = 0;
	struct strbuf sb;

	for (; before < 20 && *line; before++) {
		const char *nl = strchr(line, '\n');
		char *copy = xstrndup(line, nl ? (size_t)(nl - line) : strlen(line)), *f[64], *save = NULL;
		int n = 0;

		for (char *tok = strtok_r(copy, "\t", &save); tok && n < 64; tok = strtok_r(NULL, "\t", &save))
			f[n++] = tok;
		bool header = tabfile_column(f, n, key_names) >= 0;
		free(copy);
		if (header)
			break;
		if (!nl)
			return tsv;
		line = nl + 1;
	}
	if (before == 0 || before == 20 || !*line)
		return tsv;
	sb_init(&sb);
	line = tsv;
	for (int i = 0; i < before; i++) {
		const char *nl = strchr(line, '\n');
		sb_addc(&sb, '#');
		sb_add(&sb, line, (size_t)(nl - line) + 1);
		line = nl + 1;
	}
	sb_adds(&sb, line);
	free(tsv);
	*len = sb.len;
	return sb_detach(&sb);
}

static bool import_open(struct tabfile *t, const char *path, const char *const *key_names, struct import_report *r,
			enum sheet_kind *kindp, char **err)
{
	enum sheet_kind kind = *kindp = sheet_detect(path);
	char *tsv, *e = NULL;
	size_t len;
	bool ok;

	if (kind == SHEET_NONE)
		return tabfile_open(t, path, err);
	if (!sheet_read_tsv(path, kind, &tsv, &len, &r->sheet, &e)) {
		*err = e;
		return false;
	}
	tsv = title_rows_as_comments(tsv, &len, key_names);
	ok = tabfile_open_mem(t, tsv, len, err);
	free(tsv);
	return ok;
}

/* ======================================================================
 * Banks: the built-in head offices and the CNAPS import. */

static const char *const code_names[] = { "联行号", "行号", "支付系统行号", "银行行号", "支付行号", "参与者行号",
	"开户行行号", "开户银行行号", "现代化支付系统行号", "cnaps", "cnaps code", "bank code", "code", NULL };
static const char *const name_names[] = { "行名", "名称", "银行名称", "行名全称", "参与者全称", "全称",
	"开户行名称", "开户银行", "机构名称", "网点名称", "bank name", "name", NULL };
static const char *const alias_names[] = { "别名", "简称", "参与者简称", "aliases", "alias",
	"short name", NULL };
static const char *const kind_names[] = { "kind", "类别", NULL };

/* Hash set of 12-digit codes -> first line, to report duplicates in a file. */
struct codeset {
	uint64_t *keys;
	long *lines;
	size_t cap, n;
};

static long codeset_add(struct codeset *c, const char *code, long line)
{
	uint64_t k = strtoull(code, NULL, 10) + 1;

	if ((c->n + 1) * 2 > c->cap) {
		struct codeset big = { xcalloc(c->cap ? c->cap * 2 : 1024, sizeof(uint64_t)),
				       xcalloc(c->cap ? c->cap * 2 : 1024, sizeof(long)),
				       c->cap ? c->cap * 2 : 1024, 0 };
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->keys[i])
				continue;
			size_t h = (size_t)(c->keys[i] * 0x9E3779B97F4A7C15ull) & (big.cap - 1);
			while (big.keys[h])
				h = (h + 1) & (big.cap - 1);
			big.keys[h] = c->keys[i];
			big.lines[h] = c->lines[i];
			big.n++;
		}
		free(c->keys);
		free(c->lines);
		*c = big;
	}
	size_t h = (size_t)(k * 0x9E3779B97F4A7C15ull) & (c->cap - 1);
	while (c->keys[h]) {
		if (c->keys[h] == k)
			return c->lines[h];
		h = (h + 1) & (c->cap - 1);
	}
	c->keys[h] = k;
	c->lines[h] = line;
	c->n++;
	return 0;
}

static void codeset_free(struct codeset *c)
{
	free(c->keys);
	free(c->lines);
}

/* Read and apply a bank table. BUILTIN: data/banks.tsv (code optional, kind
 * required; replaces the built-in head offices). Otherwise an import. */
static bool banks_load(struct store *s, struct tabfile *t, bool builtin, struct import_report *r, char **err)
{
	int ccode, cname, calias, ckind, need;
	struct codeset seen = { 0 };
	sqlite3_stmt *st;
	bool ok = true;
	int rc;

	r->encoding = t->encoding;
	if ((rc = tabfile_next(t)) != 1) {
		*err = xstrdup("文件为空或没有表头行");
		return false;
	}
	ccode = tabfile_column(t->fields, t->nfields, code_names);
	cname = tabfile_column(t->fields, t->nfields, name_names);
	calias = tabfile_column(t->fields, t->nfields, alias_names);
	ckind = builtin ? tabfile_column(t->fields, t->nfields, kind_names) : -1;
	if (ccode < 0 || cname < 0 || (builtin && ckind < 0)) {
		*err = xasprintf("第 %ld 行: 表头缺少%s列 (行号列可叫 联行号/行号/code, 名称列可叫 行名/名称/name)",
				 t->record_line, ccode < 0 ? "行号" : cname < 0 ? "名称" : "kind");
		return false;
	}
	need = ccode > cname ? ccode : cname;     /* the last required column */
	if (ckind > need)
		need = ckind;

	if (!store_begin(s)) {
		*err = xasprintf("无法锁定数据库: %s", store_errmsg(s));
		return false;
	}
	if (builtin && !store_exec(s, "DELETE FROM banks WHERE kind <> 'branch'")) {
		ok = false;
		goto dberr;
	}
	st = store_prepare(s, builtin
		? "INSERT INTO banks(code, name, aliases, kind) VALUES (?1, ?2, ?3, ?4) "
		  "ON CONFLICT(code) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, "
		  "kind = excluded.kind"
		: "INSERT INTO banks(code, name, aliases, kind) VALUES (?1, ?2, ?3, 'branch') "
		  "ON CONFLICT(code) DO UPDATE SET "
		  "name = CASE WHEN banks.kind = 'branch' THEN excluded.name ELSE banks.name END, "
		  "aliases = CASE WHEN excluded.aliases <> '' THEN excluded.aliases ELSE banks.aliases END");
	while (ok && (rc = tabfile_next(t)) != 0) {
		long line = t->record_line;
		char *code;
		const char *name, *aliases, *kind = NULL;

		r->rows++;
		if (rc < 0) {
			report_add(r, line, "引号未闭合, 其后内容无法读取");
			r->skipped++;
			break;
		}
		if (t->nfields <= need) {
			report_add(r, line, "列数不足 (%d 列, 应至少 %d 列)", t->nfields, need + 1);
			r->skipped++;
			continue;
		}
		code = strip_spaces(t->fields[ccode]);
		name = t->fields[cname];
		aliases = calias >= 0 && calias < t->nfields ? t->fields[calias] : "";
		if (builtin)
			kind = t->fields[ckind];
		if (!(builtin && !*code)) {
			if (!all_digits(code, 12)) {
				report_add(r, line, "行号 \"%s\" 不是 12 位数字", code);
				goto bad;
			}
			if (iso7064_mod11_10(code, 11) != code[11] - '0') {
				report_add(r, line, "行号 %s 校验位错误 (按 ISO 7064 MOD 11,10 应为 %d)", code,
					   iso7064_mod11_10(code, 11));
				goto bad;
			}
		}
		if (!*name) {
			report_add(r, line, "行名为空");
			goto bad;
		}
		if (has_control(name) || has_control(aliases) || strlen(name) > 300 || !utf8_valid(name, strlen(name))) {
			report_add(r, line, "行名含控制字符或过长");
			goto bad;
		}
		if (builtin && !*bank_kind_zh(kind)) {
			report_add(r, line, "未知的类别 \"%s\"", kind);
			goto bad;
		}
		if (*code) {     /* last: only a good row claims its code */
			long first = codeset_add(&seen, code, line);
			if (first) {
				report_add(r, line, "行号 %s 与第 %ld 行重复, 已保留第 %ld 行", code, first, first);
				goto bad;
			}
		}
		if (*code)
			sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 1);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, aliases, -1, SQLITE_TRANSIENT);
		if (builtin)
			sqlite3_bind_text(st, 4, kind, -1, SQLITE_TRANSIENT);
		ok = sqlite3_step(st) == SQLITE_DONE;
		if (!ok)
			*err = xasprintf("第 %ld 行写入数据库失败, 全部未导入: %s", line, store_errmsg(s));
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		r->imported += ok;
		free(code);
		continue;
bad:
		r->skipped++;
		free(code);
	}
	sqlite3_finalize(st);
	codeset_free(&seen);
	if (ok && r->imported == 0) {
		*err = xstrdup("没有可导入的行");
		ok = false;
		store_rollback(s);
		return false;
	}
	if (ok && !bank_reindex(s)) {
		ok = false;
		*err = xasprintf("重建检索索引失败, 全部未导入: %s", store_errmsg(s));
	}
dberr:
	if (!ok) {
		if (!*err)
			*err = xasprintf("数据库错误, 全部未导入: %s", store_errmsg(s));
		store_rollback(s);
		r->imported = 0;
		return false;
	}
	if (!store_commit(s)) {
		*err = xasprintf("提交失败, 全部未导入: %s", store_errmsg(s));
		r->imported = 0;
		return false;
	}
	return true;
}

bool refdata_import_banks(struct store *s, const char *path, struct import_report *r, char **err)
{
	struct tabfile t;
	enum sheet_kind kind;
	bool ok;

	memset(r, 0, sizeof(*r));
	*err = NULL;
	if (!import_open(&t, path, code_names, r, &kind, err))
		return false;
	ok = banks_load(s, &t, false, r, err);
	if (kind != SHEET_NONE)
		r->encoding = kind == SHEET_XLS ? "xls" : "xlsx";
	tabfile_release(&t);
	return ok;
}

/* ======================================================================
 * Divisions. */

static const char *const dcode_names[] = { "code", "代码", "区划代码", "行政区划代码", NULL };
static const char *const dname_names[] = { "name", "名称", "区划名称", "行政区划名称", "单位名称", NULL };
static const char *const dparent_names[] = { "parent", "上级", "上级代码", "父级代码", NULL };
static const char *const dlevel_names[] = { "level", "级别", "层级", NULL };

struct divrow {
	char code[7], parent[7];
	int level;
	char *name;
	long line;
	bool ok;
};

static int divrow_cmp_code(const void *a, const void *b)
{
	const struct divrow *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* V is sorted by code; duplicates (not ok) sit next to the row they repeat. */
static struct divrow *divrow_find(struct divrow *v, size_t n, const char *code)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].code, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && !strcmp(v[lo].code, code); lo++)
		if (v[lo].ok)
			return &v[lo];
	return NULL;
}

static bool is_municipality(const char *code)
{
	return !strncmp(code, "11", 2) || !strncmp(code, "12", 2) || !strncmp(code, "31", 2) ||
	       !strncmp(code, "50", 2);
}

/* The code-and-name list as the cascade wants it (data/README, rules 4 and
 * 5): a municipality's districts and counties sit under one second step
 * NN0100 named after it (the list's 市辖区/县 rows, when present, give way to
 * it); a county-level unit whose prefecture is not in the list (济源市
 * 419001, 石河子市 659001) is a second step under its province. */
static void divisions_derive(struct divrow **vp, size_t *np, size_t *capp, struct import_report *r)
{
	struct divrow *v = *vp;
	size_t n = *np;

	if (!n)
		return;            /* no row: nothing to derive (and qsort may not take NULL) */
	qsort(v, n, sizeof(*v), divrow_cmp_code);
	for (size_t i = 0; i < n; i++) {
		if (!v[i].ok || !is_municipality(v[i].code))
			continue;
		if (v[i].level == 2) {
			v[i].ok = false;      /* 市辖区 / 县: replaced by NN0100 below */
			v[i].line = -v[i].line;
			r->replaced++;
		} else if (v[i].level == 3) {
			snprintf(v[i].parent, sizeof(v[i].parent), "%.2s0100", v[i].code);
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].ok && v[i].level == 3 && !is_municipality(v[i].code) && !divrow_find(v, n, v[i].parent)) {
			char prov[7];
			snprintf(prov, sizeof(prov), "%.2s0000", v[i].code);
			if (divrow_find(v, n, prov)) {
				v[i].level = 2;
				memcpy(v[i].parent, prov, 7);
			}
		}
	}
	for (size_t i = 0, m = n; i < m; i++) {
		if (!v[i].ok || v[i].level != 1 || !is_municipality(v[i].code))
			continue;
		if (n == *capp) {
			*capp = *capp ? *capp * 2 : 1024;
			v = xrealloc(v, *capp * sizeof(*v));
		}
		v[n] = (struct divrow){ .level = 2, .name = xstrdup(v[i].name), .line = v[i].line, .ok = true };
		snprintf(v[n].code, sizeof(v[n].code), "%.2s0100", v[i].code);
		memcpy(v[n].parent, v[i].code, 7);
		n++;
		r->added++;
	}
	/* the dropped rows go, so that they are not reported as duplicates */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].ok && v[i].line < 0)
			free(v[i].name);
		else
			v[k++] = v[i];
	}
	*vp = v;
	*np = k;
}

static bool divisions_load(struct store *s, struct tabfile *t, struct import_report *r, char **err)
{
	int cc, cn, cp, cl, need, rc;
	struct divrow *v = NULL;
	size_t n = 0, cap = 0, good = 0;
	bool ok = true, derive;

	r->encoding = t->encoding;
	if (tabfile_next(t) != 1) {
		*err = xstrdup("文件为空或没有表头行");
		return false;
	}
	cc = tabfile_column(t->fields, t->nfields, dcode_names);
	cn = tabfile_column(t->fields, t->nfields, dname_names);
	cp = tabfile_column(t->fields, t->nfields, dparent_names);
	cl = tabfile_column(t->fields, t->nfields, dlevel_names);
	derive = cc >= 0 && cn >= 0 && cp < 0 && cl < 0;   /* the MCA list: code and name */
	if (cc < 0 || cn < 0 || ((cp < 0 || cl < 0) && !derive)) {
		*err = xasprintf("第 %ld 行: 表头应有 code name parent level (或 代码 名称 上级 级别) 四列, "
				 "或只有 代码 名称 两列 (民政部行政区划代码)", t->record_line);
		return false;
	}
	need = cc > cn ? cc : cn;      /* the last required column (parent may be missing) */
	if (cl > need)
		need = cl;
	while ((rc = tabfile_next(t)) != 0) {
		struct divrow d = { .line = t->record_line };
		r->rows++;
		if (rc < 0) {
			report_add(r, d.line, "引号未闭合, 其后内容无法读取");
			r->skipped++;
			break;
		}
		if (t->nfields <= need) {
			report_add(r, d.line, "列数不足");
			r->skipped++;
			continue;
		}
		const char *code = t->fields[cc], *parent = cp >= 0 && cp < t->nfields ? t->fields[cp] : "";
		const char *level = derive ? "" : t->fields[cl], *name = t->fields[cn];
		char dparent[7] = "", dlevel[2] = "3";
		if (!all_digits(code, 6)) {
			report_add(r, d.line, "区划代码 \"%s\" 不是 6 位数字", code);
			r->skipped++;
			continue;
		}
		if (derive) {      /* GB/T 2260: NN0000 province, NNNN00 prefecture, else county */
			if (!strcmp(code + 2, "0000")) {
				dlevel[0] = '1';
			} else if (!strcmp(code + 4, "00")) {
				dlevel[0] = '2';
				snprintf(dparent, sizeof(dparent), "%.2s0000", code);
			} else {
				snprintf(dparent, sizeof(dparent), "%.4s00", code);
			}
			if (dlevel[0] == '1' && (!strncmp(code, "71", 2) || !strncmp(code, "81", 2) ||
						 !strncmp(code, "82", 2))) {
				report_add(r, d.line, "%s %s 无下级区划, 未导入", code, name);
				r->skipped++;
				continue;
			}
			parent = dparent;
			level = dlevel;
		}
		if (strlen(level) != 1 || level[0] < '1' || level[0] > '3') {
			report_add(r, d.line, "级别 \"%s\" 应为 1、2 或 3", level);
			r->skipped++;
			continue;
		}
		d.level = level[0] - '0';
		if ((d.level == 1) != (*parent == '\0') || (*parent && !all_digits(parent, 6))) {
			report_add(r, d.line, "上级代码 \"%s\" 与级别 %d 不符", parent, d.level);
			r->skipped++;
			continue;
		}
		if (!*name || has_control(name) || strlen(name) > 120 || !utf8_valid(name, strlen(name))) {
			report_add(r, d.line, "名称为空、过长或含控制字符");
			r->skipped++;
			continue;
		}
		memcpy(d.code, code, 7);
		memcpy(d.parent, parent, strlen(parent) + 1);
		d.name = xstrdup(name);
		d.ok = true;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = d;
	}
	if (derive)
		divisions_derive(&v, &n, &cap, r);
	/* duplicates, then parents level by level (a skipped parent skips its children) */
	if (n)
		qsort(v, n, sizeof(*v), divrow_cmp_code);
	for (size_t i = 1; i < n; i++) {
		if (!strcmp(v[i].code, v[i - 1].code)) {
			report_add(r, v[i].line, "区划代码 %s 与第 %ld 行重复", v[i].code, v[i - 1].line);
			v[i].ok = false;
			r->skipped++;
		}
	}
	for (int level = 2; level <= 3; level++) {
		for (size_t i = 0; i < n; i++) {
			if (!v[i].ok || v[i].level != level)
				continue;
			struct divrow *p = divrow_find(v, n, v[i].parent);
			if (!p || p->level != level - 1) {
				report_add(r, v[i].line, "%s %s 的上级 %s 不存在或级别不符", v[i].code, v[i].name,
					   v[i].parent);
				v[i].ok = false;
				r->skipped++;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		good += v[i].ok && v[i].level == 1;
	if (!good) {
		*err = xstrdup("没有可导入的省级区划");
		ok = false;
		goto out;
	}
	if (!store_begin(s)) {
		*err = xasprintf("无法锁定数据库: %s", store_errmsg(s));
		ok = false;
		goto out;
	}
	ok = store_exec(s, "DELETE FROM divisions");
	sqlite3_stmt *st = store_prepare(s, "INSERT INTO divisions(code, name, parent, level) VALUES (?, ?, ?, ?)");
	for (size_t i = 0; i < n && ok; i++) {
		if (!v[i].ok)
			continue;
		sqlite3_bind_text(st, 1, v[i].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v[i].name, -1, SQLITE_STATIC);
		if (*v[i].parent)
			sqlite3_bind_text(st, 3, v[i].parent, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_int(st, 4, v[i].level);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
		r->imported += ok;
	}
	sqlite3_finalize(st);
	if (!ok) {
		*err = xasprintf("数据库错误, 全部未导入: %s", store_errmsg(s));
		store_rollback(s);
		r->imported = 0;
	} else if (!store_commit(s)) {
		*err = xasprintf("提交失败, 全部未导入: %s", store_errmsg(s));
		r->imported = 0;
		ok = false;
	}
out:
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return ok;
}

bool refdata_import_divisions(struct store *s, const char *path, struct import_report *r, char **err)
{
	struct tabfile t;
	enum sheet_kind kind;
	bool ok;

	memset(r, 0, sizeof(*r));
	*err = NULL;
	if (!import_open(&t, path, dcode_names, r, &kind, err))
		return false;
	ok = divisions_load(s, &t, r, err);
	if (kind != SHEET_NONE)
		r->encoding = kind == SHEET_XLS ? "xls" : "xlsx";
	tabfile_release(&t);
	return ok;
}

static void division_fill(sqlite3_stmt *st, struct division *d)
{
	const char *parent = (const char *)sqlite3_column_text(st, 2);

	memset(d, 0, sizeof(*d));
	snprintf(d->code, sizeof(d->code), "%s", (const char *)sqlite3_column_text(st, 0));
	d->name = xstrdup((const char *)sqlite3_column_text(st, 1));
	snprintf(d->parent, sizeof(d->parent), "%s", parent ? parent : "");
	d->level = sqlite3_column_int(st, 3);
}

bool division_get(struct store *s, const char *code, struct division *out)
{
	sqlite3_stmt *st = store_cached(s, "SELECT code, name, parent, level FROM divisions WHERE code = ?");
	bool found;

	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		division_fill(st, out);
	sqlite3_reset(st);
	return found;
}

void division_release(struct division *d)
{
	xfree(&d->name);
}

void division_list_release(struct division_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		division_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void list_push(struct division_list *l, const struct division *d)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = *d;
}

int division_children(struct store *s, const char *parent, struct division_list *out)
{
	sqlite3_stmt *st;
	struct division d;
	int rc;

	out->v = NULL;
	out->n = 0;
	if (str_empty(parent)) {
		st = store_cached(s, "SELECT code, name, parent, level FROM divisions WHERE parent IS NULL "
				      "AND level = 1 ORDER BY code");
	} else {
		st = store_cached(s, "SELECT code, name, parent, level FROM divisions WHERE parent = ? ORDER BY code");
		sqlite3_bind_text(st, 1, parent, -1, SQLITE_TRANSIENT);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		division_fill(st, &d);
		list_push(out, &d);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		division_list_release(out);
		return -1;
	}
	if (out->n == 0 && !str_empty(parent) && division_get(s, parent, &d)) {
		if (d.level == 2) {
			/* a prefecture without counties is its own county-level choice */
			memcpy(d.parent, d.code, sizeof(d.parent));
			d.level = 3;
			d.whole = true;
			list_push(out, &d);
		} else {
			division_release(&d);
		}
	}
	return (int)out->n;
}

bool division_selection(struct store *s, const char *code, struct division sel[3])
{
	struct division d;
	struct division_list kids;

	memset(sel, 0, 3 * sizeof(*sel));
	if (str_empty(code) || !division_get(s, code, &d))
		return false;
	if (d.level == 3) {
		sel[2] = d;
		if (!division_get(s, d.parent, &sel[1]) || !division_get(s, sel[1].parent, &sel[0]))
			goto fail;
		return true;
	}
	if (d.level == 2) {
		int n = division_children(s, d.code, &kids);
		bool whole = n == 1 && kids.v[0].whole;
		division_list_release(&kids);
		if (!whole) {
			division_release(&d);
			return false;
		}
		sel[1] = d;
		sel[2] = d;
		sel[2].name = xstrdup(d.name);
		memcpy(sel[2].parent, d.code, sizeof(sel[2].parent));
		sel[2].level = 3;
		sel[2].whole = true;
		if (!division_get(s, d.parent, &sel[0]))
			goto fail;
		return true;
	}
	division_release(&d);
	return false;
fail:
	for (int i = 0; i < 3; i++)
		division_release(&sel[i]);
	return false;
}

char *division_path(struct store *s, const char *code)
{
	struct division chain[3];
	int n = 0;
	struct strbuf sb;
	char cur[7];

	if (str_empty(code) || strlen(code) != 6)
		return NULL;
	memcpy(cur, code, 7);
	while (n < 3 && division_get(s, cur, &chain[n])) {
		memcpy(cur, chain[n].parent, 7);
		n++;
		if (!*cur)
			break;
	}
	if (n == 0 || *cur) {     /* unknown, or a broken chain */
		for (int i = 0; i < n; i++)
			division_release(&chain[i]);
		return NULL;
	}
	sb_init(&sb);
	for (int i = n - 1; i >= 0; i--) {
		/* 北京市 北京市 朝阳区: the municipality's second step repeats its name */
		bool repeat = i < n - 1 && !strcmp(chain[i].name, chain[i + 1].name);
		if (!repeat) {
			if (sb.len)
				sb_addc(&sb, ' ');
			sb_adds(&sb, chain[i].name);
		}
	}
	for (int i = 0; i < n; i++)
		division_release(&chain[i]);
	return sb.s;     /* the buffer itself: sb_detach() would allocate anew */
}

bool division_known(const char *code6, void *ud)
{
	return store_get_int(ud, "SELECT COUNT(*) FROM divisions WHERE code = ?", code6, 0) > 0;
}

/* ======================================================================
 * Loading the built-in files. */

static bool file_digest(const char *path, char out[65], char **err)
{
	size_t len;
	char *data = file_read_all(path, &len);
	unsigned char h[crypto_hash_sha256_BYTES];

	if (!data) {
		*err = xasprintf("%s: 无法读取参考数据", path);
		return false;
	}
	crypto_hash_sha256(h, (const unsigned char *)data, len);
	free(data);
	sodium_bin2hex(out, 65, h, sizeof(h));
	return true;
}

static bool load_builtin(struct store *s, const char *path, const char *key, bool banks, char **err)
{
	char digest[65];
	char *stored;
	bool need;
	long long rows;
	struct tabfile t;
	struct import_report r = { 0 };
	bool ok;

	if (!file_digest(path, digest, err))
		return false;
	stored = store_state_get(s, key);
	rows = store_get_int(s, banks ? "SELECT COUNT(*) FROM banks WHERE kind <> 'branch'"
				      : "SELECT COUNT(*) FROM divisions", NULL, 0);
	need = rows == 0 || !str_eq(stored, digest);
	free(stored);
	if (!need)
		return true;
	if (!store_begin(s)) {
		*err = xasprintf("无法锁定数据库: %s", store_errmsg(s));
		return false;
	}
	/* another terminal may have loaded it meanwhile */
	stored = store_state_get(s, key);
	rows = store_get_int(s, banks ? "SELECT COUNT(*) FROM banks WHERE kind <> 'branch'"
				      : "SELECT COUNT(*) FROM divisions", NULL, 0);
	need = rows == 0 || !str_eq(stored, digest);
	free(stored);
	if (!need)
		return store_commit(s);
	if (!tabfile_open(&t, path, err)) {
		store_rollback(s);
		return false;
	}
	ok = banks ? banks_load(s, &t, true, &r, err) : divisions_load(s, &t, &r, err);
	tabfile_release(&t);
	if (ok && r.nproblems) {
		*err = xasprintf("%s: %s", path, r.problems[0]);
		ok = false;
	} else if (!ok) {
		char *e = xasprintf("%s: %s", path, *err ? *err : "?");
		free(*err);
		*err = e;
	}
	import_report_release(&r);
	if (ok && !store_state_set(s, key, digest)) {
		*err = xasprintf("数据库错误: %s", store_errmsg(s));
		ok = false;
	}
	if (!ok) {
		store_rollback(s);
		return false;
	}
	return store_commit(s);
}

bool refdata_ensure_from(struct store *s, const char *divisions_tsv, const char *banks_tsv, char **err)
{
	char *format;
	bool current;

	*err = NULL;
	if (!load_builtin(s, divisions_tsv, "refdata.divisions.sha256", false, err) ||
	    !load_builtin(s, banks_tsv, "refdata.banks.sha256", true, err))
		return false;
	/* an index written by an older release is rebuilt in the new layout */
	format = store_state_get(s, INDEX_FORMAT_KEY);
	current = str_eq(format, INDEX_FORMAT);
	free(format);
	if (!current && !bank_reindex(s)) {
		*err = xasprintf("重建开户行检索索引失败: %s", store_errmsg(s));
		return false;
	}
	return true;
}

bool refdata_ensure(struct store *s, char **err)
{
	char *d = paths_file("data/divisions.tsv");
	char *b = paths_file("data/banks.tsv");
	bool ok = refdata_ensure_from(s, d, b, err);

	free(d);
	free(b);
	return ok;
}
