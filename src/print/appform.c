/* appform.c - the 数字证书申请表: values from the application, checks, A4 PDF, text preview. */
#include "core/clock.h"
#include "print/appform.h"
#include "buildconf.h"
#include "core/conf.h"
#include "core/fees.h"
#include "core/paths.h"
#include "core/tabfile.h"
#include "core/util.h"
#include "form/form.h"
#include "form/shown.h"
#include "store/app.h"
#include "store/refdata.h"
#include "store/store.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <ctype.h>
#include <errno.h>
#include <pango/pangocairo.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zint.h>

/* ---- the form model ---------------------------------------------------- */

enum item_kind { IT_VALUE, IT_HEADER, IT_TITLE, IT_APPNO, IT_SECTION, IT_FIELD, IT_DECL, IT_SIGN, IT_FOOTER, IT_EXTRA };

static const struct {
	const char *word;
	enum item_kind kind;
	int cols;                 /* columns after the keyword */
} kinds[] = {
	{ "value", IT_VALUE, 4 },    { "header", IT_HEADER, 1 }, { "title", IT_TITLE, 1 },
	{ "appno", IT_APPNO, 1 },    { "section", IT_SECTION, 2 }, { "field", IT_FIELD, 3 },
	{ "declaration", IT_DECL, 3 }, { "sign", IT_SIGN, 4 },  { "footer", IT_FOOTER, 1 },
	{ "extra", IT_EXTRA, 2 },
};

struct item {
	enum item_kind kind;
	char *col[4];             /* the layout line's columns after the keyword */
	bool required;
	char *source;             /* field/value: where the value comes from */
	char *text;               /* resolved value / expanded text / date of the sign row */
	char *markup;             /* IT_DECL: the text with the filled values underlined */
	char *why;                /* a required value is missing: the label to name */
	const char *section;      /* IT_FIELD: the section's name */
};

struct appform {
	char appno[APPNO_LEN + 1];
	struct item *it;
	int n;
	char *missing;
	char hash[65];
	char *ca_name;            /* PDF metadata */
};

/* conf: sources a layout may read (conf_str aborts on an unknown key). */
static const char *const conf_readable[] = {
	"ca.name", "ca.hotline", "ca.website", "ca.hours",
	"branch.code", "branch.name", "branch.address", "branch.hotline", "branch.hours",
};

struct build {
	const struct conf *c;
	const struct appform_source *src;
	struct appform *f;
	int year, month, day;
	struct fees fees;
	bool fees_loaded;
	const char *file;         /* for messages */
	int line;
	char *err;
};

/* Printed values are one line of valid UTF-8 without control characters. */
static char *clean(char *v)
{
	char *valid, *t;

	if (!v)
		return xstrdup("");
	valid = g_utf8_make_valid(v, -1);
	free(v);
	for (char *p = valid; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	t = xstrdup(str_trim(valid));
	g_free(valid);
	return t;
}

static char *column(struct build *b, const char *name)
{
	return clean(b->src->column(b->src->ud, name));
}

static bool fail(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(struct build *b, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (!b->err)
		b->err = b->line ? xasprintf("%s 第 %d 行: %s", b->file, b->line, msg) : xasprintf("%s: %s", b->file, msg);
	free(msg);
	return false;
}

static char *region_prefix(struct build *b, const char *region)
{
	char code[7] = "";

	if (!b->src->region || str_empty(region))
		return NULL;
	/* The last run of six digits: a county code, or the deepest one given. */
	for (const char *p = region; *p; p++)
		if (strspn(p, "0123456789") >= 6 && (p == region || !isdigit((unsigned char)p[-1]))) {
			memcpy(code, p, 6);
			code[6] = '\0';
		}
	if (!code[0])
		return NULL;
	return b->src->region(b->src->ud, code);
}

/* NAMES "广东省 深圳市 福田区" before ADDR, leaving out the levels the address
 * already starts with ("深圳市福田区…" gets only "广东省"). */
static char *with_region(const char *names, const char *addr)
{
	char *copy = xstrdup(names), *lv[3], *save = NULL, *out;
	int n = 0, from = -1;
	struct strbuf sb;

	for (char *t = strtok_r(copy, " ", &save); t && n < 3; t = strtok_r(NULL, " ", &save))
		lv[n++] = t;
	for (int i = 0; i < n; i++)
		if (str_startswith(addr, lv[i]))
			from = i;
	sb_init(&sb);
	for (int i = 0; i < (from < 0 ? n : from); i++)
		sb_adds(&sb, lv[i]);
	sb_adds(&sb, addr);
	out = sb_detach(&sb);
	sb_release(&sb);
	free(copy);
	return out;
}

/* Resolve a source: the value (possibly "", never NULL) or NULL with b->err. *why
 * gets a better name for the gap when the value is missing for a reason. */
static char *resolve(struct build *b, const char *src, char **why)
{
	const char *arg = strchr(src, ':');

	*why = NULL;
	if (!arg) {
		fail(b, "来源「%s」应写作 类型:参数", src);
		return NULL;
	}
	arg++;
	if (str_startswith(src, "col:"))
		return column(b, arg);
	if (str_startswith(src, "text:"))
		return xstrdup(arg);
	if (str_startswith(src, "conf:")) {
		for (size_t i = 0; i < ARRAY_SIZE(conf_readable); i++)
			if (!strcmp(arg, conf_readable[i]))
				return clean(xstrdup(conf_str(b->c, arg)));
		fail(b, "不能读取的配置项「%s」(只可用 [ca] 与 [branch] 的键)", arg);
		return NULL;
	}
	if (str_startswith(src, "date:")) {
		int v = !strcmp(arg, "year") ? b->year : !strcmp(arg, "month") ? b->month : !strcmp(arg, "day") ? b->day : -1;
		if (v < 0) {
			fail(b, "未知的日期部分「%s」(year|month|day)", arg);
			return NULL;
		}
		return xasprintf("%d", v);
	}
	if (str_startswith(src, "fee:")) {
		bool cert = !strcmp(arg, "cert");
		const struct fee *fe;
		char *type, *yuan, *out;

		if (!cert && strcmp(arg, "media")) {
			fail(b, "未知的费用「%s」(cert|media)", arg);
			return NULL;
		}
		if (!b->fees_loaded) {
			char *e = NULL;
			if (!fees_load(NULL, &b->fees, &e)) {
				b->err = e;
				return NULL;
			}
			b->fees_loaded = true;
		}
		type = column(b, "cert_type");
		fe = fees_find(&b->fees, type);
		if (!fe) {
			if (*type)
				*why = xasprintf("收费表 data/fees.tsv 中没有证书类型「%s」的费用", type);
			free(type);
			return xstrdup("");
		}
		free(type);
		yuan = fees_yuan(cert ? fe->cert_cents : fe->media_cents);
		out = xasprintf("%s 元", yuan);
		free(yuan);
		return out;
	}
	if (str_startswith(src, "addr:")) {
		const char *comma = strchr(arg, ',');
		char *regcol, *region, *addr, *names, *out;

		if (!comma) {
			fail(b, "地址来源应写作 addr:地区列,地址列");
			return NULL;
		}
		regcol = xstrndup(arg, (size_t)(comma - arg));
		region = column(b, regcol);
		addr = column(b, comma + 1);
		free(regcol);
		names = *addr ? region_prefix(b, region) : NULL;
		out = names ? with_region(names, addr) : xstrdup(addr);
		free(names);
		free(region);
		free(addr);
		return out;
	}
	fail(b, "未知的来源「%s」", src);
	return NULL;
}

static struct item *value_named(struct appform *f, const char *name, size_t len)
{
	for (int i = 0; i < f->n; i++)
		if (f->it[i].kind == IT_VALUE && strlen(f->it[i].col[0]) == len && !strncmp(f->it[i].col[0], name, len))
			return &f->it[i];
	return NULL;
}

/* Replace {name} by the value rows. MARKUP: escape the text for pango and
 * underline the filled values. */
static char *expand(struct build *b, const char *text, bool markup)
{
	struct strbuf sb;
	const char *p = text;
	char *out;

	sb_init(&sb);
	while (*p) {
		const char *open = strchr(p, '{'), *close;
		struct item *v;

		if (!open)
			open = p + strlen(p);
		if (markup) {
			char *esc = g_markup_escape_text(p, open - p);
			sb_adds(&sb, esc);
			g_free(esc);
		} else {
			sb_add(&sb, p, (size_t)(open - p));
		}
		if (!*open)
			break;
		close = strchr(open, '}');
		v = close ? value_named(b->f, open + 1, (size_t)(close - open - 1)) : NULL;
		if (!v) {
			int len = close ? (int)(close - open + 1) : (int)strlen(open);
			fail(b, "未定义的占位符「%.*s」(见 data/appform.layout 的 value 行)", len > 40 ? 40 : len, open);
			sb_release(&sb);
			return NULL;
		}
		if (markup) {
			char *esc = g_markup_escape_text(*v->text ? v->text : "　　　　", -1);
			sb_addf(&sb, "<u>%s</u>", esc);
			g_free(esc);
		} else {
			sb_adds(&sb, v->text);
		}
		p = close + 1;
	}
	out = sb_detach(&sb);
	sb_release(&sb);
	return out;
}

static char *read_declaration(struct build *b, const char *rel)
{
	char *path = paths_file(rel), *body, *line, *save = NULL, *out;
	size_t len;
	struct strbuf sb;

	body = file_read_all(path, &len);
	if (!body) {
		fail(b, "无法读取声明正文 %s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	free(path);
	sb_init(&sb);
	for (line = strtok_r(body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *t = str_trim(line);
		if (!*t || *t == '#')
			continue;
		if (sb.len)
			sb_addc(&sb, '\n');
		sb_adds(&sb, t);
	}
	free(body);
	if (!sb.len) {
		sb_release(&sb);
		fail(b, "声明正文 %s 是空的", rel);
		return NULL;
	}
	out = sb_detach(&sb);
	sb_release(&sb);
	return out;
}

/* Is COLUMN printed by a `field col:COLUMN` line of the layout? */
static bool layout_prints(const struct appform *f, const char *column)
{
	for (int i = 0; i < f->n; i++)
		if (f->it[i].kind == IT_FIELD && str_startswith(f->it[i].source, "col:") &&
		    !strcmp(f->it[i].source + 4, column))
			return true;
	return false;
}

/* The `extra` line becomes a section of the form's `print` fields the layout
 * does not print itself (none: no section). Such fields and no `extra` line,
 * or two of them: the layout cannot be used. */
static bool place_extra(struct build *b)
{
	struct appform *f = b->f;
	struct item *add = xcalloc(b->src->nextra + 1, sizeof(*add));   /* the section, then its fields */
	int at = -1, nadd = 0;

	for (int i = 0; i < f->n; i++)
		if (f->it[i].kind == IT_EXTRA) {
			if (at >= 0) {
				free(add);
				return fail(b, "只能有一个 extra 行");
			}
			at = i;
		}
	for (size_t i = 0; i < b->src->nextra; i++) {
		const struct appform_extra *e = &b->src->extra[i];

		if (layout_prints(f, e->column))
			continue;
		if (at < 0) {
			free(add);
			return fail(b, "表单中标有 print 的字段「%s」无处可印: 版面须有一个 extra 行", e->label);
		}
		if (!nadd) {
			add[nadd].kind = IT_SECTION;
			add[nadd].col[0] = xstrdup(f->it[at].col[0]);
			add[nadd++].col[1] = xstrdup(f->it[at].col[1]);
		}
		add[nadd].kind = IT_FIELD;
		add[nadd].col[0] = xstrdup(e->label);
		add[nadd].col[1] = xstrdup(e->required ? "*" : "-");
		add[nadd].col[2] = xasprintf("col:%s", e->column);
		add[nadd].required = e->required;
		add[nadd].source = xstrdup(add[nadd].col[2]);
		nadd++;
	}
	if (at >= 0) {
		for (int c = 0; c < 4; c++)
			free(f->it[at].col[c]);
		f->it = xrealloc(f->it, sizeof(*f->it) * (size_t)(f->n + nadd));
		memmove(&f->it[at + nadd], &f->it[at + 1], sizeof(*f->it) * (size_t)(f->n - at - 1));
		memcpy(&f->it[at], add, sizeof(*add) * (size_t)nadd);
		f->n += nadd - 1;
	}
	free(add);
	return true;
}

static bool parse_layout(struct build *b)
{
	char *path = paths_file("data/appform.layout"), *terr = NULL;
	struct tabfile t;
	struct appform *f = b->f;
	int rc;

	b->file = "data/appform.layout";
	if (!tabfile_open(&t, path, &terr)) {
		b->err = xasprintf("无法读取申请表版面 %s: %s", path, terr ? terr : "");
		free(terr);
		free(path);
		return false;
	}
	free(path);
	tabfile_plain(&t);
	while ((rc = tabfile_next(&t)) == 1) {
		char *const *cols = t.fields;
		int n = t.nfields, k = -1;
		struct item *it;

		b->line = (int)t.record_line;
		for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
			if (!strcmp(cols[0], kinds[i].word))
				k = (int)i;
		if (k < 0) {
			fail(b, "未知的行类型「%s」", cols[0]);
			break;
		}
		if (n - 1 > kinds[k].cols) {
			fail(b, "「%s」行应有 %d 列 (Tab 分隔)", cols[0], kinds[k].cols);
			break;
		}
		f->it = xrealloc(f->it, sizeof(*f->it) * (size_t)(f->n + 1));
		it = &f->it[f->n++];
		memset(it, 0, sizeof(*it));
		it->kind = kinds[k].kind;
		for (int i = 1; i <= kinds[k].cols; i++)      /* empty trailing columns may be left out */
			it->col[i - 1] = xstrdup(i < n ? cols[i] : "");
		if (it->kind == IT_FIELD || it->kind == IT_VALUE) {
			const char *req = it->kind == IT_FIELD ? it->col[1] : it->col[2];
			if (strcmp(req, "*") && strcmp(req, "-")) {
				fail(b, "必填标记应为 * 或 -");
				break;
			}
			it->required = !strcmp(req, "*");
			it->source = xstrdup(it->kind == IT_FIELD ? it->col[2] : it->col[3]);
		}
		if (it->kind == IT_VALUE && (!*it->col[0] || strspn(it->col[0], "abcdefghijklmnopqrstuvwxyz_0123456789") !=
								 strlen(it->col[0]))) {
			fail(b, "value 的名字只能用小写字母、数字和下划线");
			break;
		}
	}
	tabfile_release(&t);
	if (b->err)
		return false;
	b->line = 0;              /* what follows is about the layout as a whole */
	if (!place_extra(b))
		return false;
	{
		int sections = 0, appno = 0, title = 0;

		for (int i = 0; i < f->n; i++) {
			sections += f->it[i].kind == IT_SECTION;
			appno += f->it[i].kind == IT_APPNO;
			title += f->it[i].kind == IT_TITLE;
			if (f->it[i].kind == IT_FIELD && !sections)
				return fail(b, "field 行之前须有 section 行");
		}
		if (appno != 1 || title != 1)
			return fail(b, "须有且只有一个 title 行和一个 appno 行");
	}
	return true;
}

/* "、"-separated, each name once. */
static void add_missing(struct strbuf *sb, const char *what)
{
	char *list = xasprintf("、%s、", sb->s), *key = xasprintf("、%s、", what);
	bool seen = strstr(list, key) != NULL;

	free(list);
	free(key);
	if (seen)
		return;
	if (sb->len)
		sb_adds(sb, "、");
	sb_adds(sb, what);
}

static bool resolve_all(struct build *b)
{
	struct appform *f = b->f;
	struct strbuf miss;
	const char *section = "";

	b->file = "data/appform.layout";
	/* Value rows first: the texts below refer to them. */
	for (int i = 0; i < f->n; i++) {
		struct item *it = &f->it[i];
		if (it->kind == IT_VALUE && !(it->text = resolve(b, it->source, &it->why)))
			return false;
	}
	for (int i = 0; i < f->n; i++) {
		struct item *it = &f->it[i];

		switch (it->kind) {
		case IT_SECTION:
			section = it->col[0];
			break;
		case IT_FIELD:
			it->section = section;
			if (!(it->text = resolve(b, it->source, &it->why)))
				return false;
			break;
		case IT_HEADER:
		case IT_FOOTER:
		case IT_TITLE:
			if (!(it->text = expand(b, it->col[0], false)))
				return false;
			break;
		case IT_APPNO:
			it->text = xstrdup(f->appno);
			break;
		case IT_SIGN:
			if (!(it->text = expand(b, it->col[3], false)))
				return false;
			break;
		case IT_DECL: {
			char *body = read_declaration(b, it->col[2]);
			if (!body)
				return false;
			b->file = it->col[2];
			it->text = expand(b, body, false);
			it->markup = it->text ? expand(b, body, true) : NULL;
			b->file = "data/appform.layout";
			free(body);
			if (!it->markup)
				return false;
			break;
		}
		case IT_VALUE:
		case IT_EXTRA:      /* replaced by its section when the layout is read */
			break;
		}
	}
	/* The missing values, each named once: a field by its section and label;
	 * a value row only when no field with the same source already says it. */
	sb_init(&miss);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < f->n; i++) {
			struct item *it = &f->it[i];
			bool dup = false;

			if (!it->required || *it->text || it->kind != (pass ? IT_VALUE : IT_FIELD))
				continue;
			if (it->why) {
				add_missing(&miss, it->why);
				continue;
			}
			if (pass == 0) {
				char *name = xasprintf("%s %s", it->section, it->col[0]);
				add_missing(&miss, name);
				free(name);
				continue;
			}
			for (int j = 0; j < f->n; j++)
				dup |= f->it[j].kind == IT_FIELD && !strcmp(f->it[j].source, it->source);
			if (!dup)
				add_missing(&miss, it->col[1]);
		}
	if (miss.len)
		f->missing = xasprintf("申请表缺少必填项：%s", miss.s);
	sb_release(&miss);
	return true;
}

static void hash_values(struct appform *f)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)f->appno, strlen(f->appno));
	for (int i = 0; i < f->n; i++) {
		const struct item *it = &f->it[i];
		unsigned char sep[2] = { 0x1e, (unsigned char)('a' + it->kind) };

		crypto_hash_sha256_update(&st, sep, 2);
		for (int c = 0; c < 4; c++)
			if (it->col[c]) {
				crypto_hash_sha256_update(&st, (const unsigned char *)"\x1f", 1);
				crypto_hash_sha256_update(&st, (const unsigned char *)it->col[c], strlen(it->col[c]));
			}
		crypto_hash_sha256_update(&st, (const unsigned char *)"\x1d", 1);
		if (it->text)
			crypto_hash_sha256_update(&st, (const unsigned char *)it->text, strlen(it->text));
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(f->hash, sizeof(f->hash), h, sizeof(h));
}

struct appform *appform_build(const struct conf *c, const char *appno, const char *date,
			      const struct appform_source *src, char **err)
{
	struct build b = { .c = c, .src = src };
	struct appform *f;

	*err = NULL;
	if (sodium_init() < 0) {
		*err = xstrdup("libsodium 初始化失败");
		return NULL;
	}
	if (str_empty(appno) || strlen(appno) != APPNO_LEN) {
		*err = xstrdup("申请单号无效");
		return NULL;
	}
	if (!date || sscanf(date, "%4d-%2d-%2d", &b.year, &b.month, &b.day) != 3) {
		*err = xstrdup("申请日期无效");
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	memcpy(f->appno, appno, APPNO_LEN + 1);
	f->ca_name = xstrdup(conf_str(c, "ca.name"));
	b.f = f;
	if (!parse_layout(&b) || !resolve_all(&b)) {
		*err = b.err ? b.err : xstrdup("申请表版面有误");
		if (b.fees_loaded)
			fees_release(&b.fees);
		appform_free(f);
		return NULL;
	}
	if (b.fees_loaded)
		fees_release(&b.fees);
	hash_values(f);
	return f;
}

/* ---- from the store --------------------------------------------------- */

struct store_src {
	struct store *s;
	long long id;
};

static char *store_column(void *ud, const char *name)
{
	struct store_src *ss = ud;

	return app_get_field(ss->s, ss->id, name);
}

/* "广东省 深圳市 福田区" from the divisions table; NULL when the code is unknown
 * (or the table not loaded). 市辖区/县 are placeholders of GB/T 2260, not names. */
static char *store_region(void *ud, const char *code)
{
	struct store_src *ss = ud;
	char *names[3] = { NULL, NULL, NULL }, *cur = xstrdup(code), *out;
	int n = 0;

	while (cur && n < 3) {
		struct division d;
		char *next = NULL;

		if (division_get(ss->s, cur, &d)) {
			names[n++] = d.name;   /* taken over: not released */
			if (d.parent[0])
				next = xstrdup(d.parent);
		}
		free(cur);
		cur = next;
	}
	free(cur);
	if (!n)
		return NULL;
	out = xstrdup("");
	for (int i = n - 1; i >= 0; i--) {
		if (strcmp(names[i], "市辖区") && strcmp(names[i], "县") && strcmp(names[i], "省直辖县级行政区划")) {
			char *t = xasprintf("%s%s%s", out, *out ? " " : "", names[i]);
			free(out);
			out = t;
		}
		free(names[i]);
	}
	return out;
}

/* The journey form's fields marked `print`, in form order (strings: FORM's). */
static struct appform_extra *print_fields(const struct form *form, size_t *n)
{
	struct appform_extra *v = xcalloc(form->nfields + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < form->nfields; i++)
		if (form->fields[i]->print)
			v[(*n)++] = (struct appform_extra){ form->fields[i]->label, form->fields[i]->key,
							    form->fields[i]->required };
	return v;
}

struct appform *appform_load(struct store *s, const struct conf *c, long long app_id, char **err)
{
	struct store_src ss = { s, app_id };
	struct appform_source src = { store_column, store_region, &ss, NULL, 0 };
	char *appno, *created;
	struct appform *f;
	struct form *form = form_journey_load(s, "无法打印申请表", err);
	struct appform_extra *extra;

	if (!form)
		return NULL;
	src.extra = extra = print_fields(form, &src.nextra);

	store_read_begin(s);   /* one snapshot for the form's sixty values */
	appno = app_get_field(s, app_id, "app_no");
	created = app_get_field(s, app_id, "created_at");
	if (!appno || !created) {
		*err = xstrdup("申请不存在");
		f = NULL;
	} else {
		/* 申请日期: the branch-local date of the creation, whatever form it is stored in */
		char day[11];
		time_t t;

		if (clock_parse(created, &t))
			clock_date(t, day);
		else
			snprintf(day, sizeof(day), "%.10s", created);
		f = appform_build(c, appno, day, &src, err);
	}
	store_read_end(s);
	free(appno);
	free(created);
	free(extra);
	form_free(form);
	return f;
}

void appform_free(struct appform *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->n; i++) {
		for (int c = 0; c < 4; c++)
			free(f->it[i].col[c]);
		free(f->it[i].source);
		free(f->it[i].text);
		free(f->it[i].markup);
		free(f->it[i].why);
	}
	free(f->it);
	free(f->missing);
	free(f->ca_name);
	free(f);
}

const char *appform_appno(const struct appform *f)
{
	return f->appno;
}

const char *appform_missing(const struct appform *f)
{
	return f->missing;
}

const char *appform_data_hash(const struct appform *f)
{
	return f->hash;
}

static const struct item *find_kind(const struct appform *f, enum item_kind k)
{
	for (int i = 0; i < f->n; i++)
		if (f->it[i].kind == k)
			return &f->it[i];
	return NULL;
}

/* ---- the PDF ------------------------------------------------------------ */

#define PAGE_W 595.276     /* A4 in points */
#define PAGE_H 841.890
#define MARGIN_X 48.0
#define MARGIN_TOP 40.0
#define MARGIN_BOTTOM 36.0
/* One family (regular and bold): each embedded CJK face costs ~100 KB and
 * milliseconds of subsetting per form; the serif faces cost far more. */
#define SANS "Noto Sans CJK SC"

struct pen {
	cairo_t *cr;
	PangoContext *pc;
	double s;                 /* font scale: < 1 when the values need room */
	bool draw;
};

static PangoLayout *text_layout(struct pen *p, const char *family, double size, bool bold, const char *text,
				bool markup, double width)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();
	PangoAttrList *al;

	pango_font_description_set_family_static(fd, family);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	if (markup)
		pango_layout_set_markup(l, text, -1);
	else
		pango_layout_set_text(l, text, -1);
	/* A value broken inside a word (an e-mail address) must not gain a hyphen. */
	al = pango_layout_get_attributes(l);
	al = al ? pango_attr_list_copy(al) : pango_attr_list_new();
	pango_attr_list_insert_before(al, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	return l;
}

static double layout_h(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double layout_w(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* Every text is drawn twice. What is seen and printed is the glyph outlines
 * in black, through a cairo user font per face (a Type 3 font in the PDF):
 * cairo 1.16's CFF subsetter miscounts the hint mask of glyphs whose first
 * hintmask follows path operators and drops the subroutines they call, so
 * some Noto CJK glyphs (如, alone in a subset) would print blank. Under it,
 * the same text in white as real text in the embedded CFF font: that layer
 * makes the PDF searchable and copyable with the font's true metrics; a glyph
 * missing there costs nothing visible. */
static const cairo_user_data_key_t outline_key;
static GHashTable *outline_faces;     /* cairo_font_face_t* (FreeType) -> user face */

static cairo_status_t outline_glyph(cairo_scaled_font_t *sf, unsigned long glyph, cairo_t *cr,
				    cairo_text_extents_t *ext)
{
	cairo_scaled_font_t *real = cairo_font_face_get_user_data(cairo_scaled_font_get_font_face(sf), &outline_key);
	cairo_glyph_t g = { glyph, 0, 0 };

	cairo_set_scaled_font(cr, real);
	cairo_glyph_path(cr, &g, 1);
	cairo_fill(cr);
	cairo_scaled_font_glyph_extents(real, &g, 1, ext);
	return CAIRO_STATUS_SUCCESS;
}

static void outline_real_free(void *sf)
{
	cairo_scaled_font_destroy(sf);
}

static cairo_font_face_t *outline_face(cairo_scaled_font_t *sf)
{
	cairo_font_face_t *ft = cairo_scaled_font_get_font_face(sf), *uf;
	cairo_matrix_t unit;
	cairo_font_options_t *fo;
	cairo_scaled_font_t *real;

	if (!outline_faces)
		outline_faces = g_hash_table_new_full(g_direct_hash, g_direct_equal,
						      (GDestroyNotify)cairo_font_face_destroy,
						      (GDestroyNotify)cairo_font_face_destroy);
	if ((uf = g_hash_table_lookup(outline_faces, ft)))
		return uf;
	cairo_matrix_init_identity(&unit);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	real = cairo_scaled_font_create(ft, &unit, &unit, fo);    /* 1 unit = 1 em */
	cairo_font_options_destroy(fo);
	uf = cairo_user_font_face_create();
	cairo_user_font_face_set_render_glyph_func(uf, outline_glyph);
	cairo_font_face_set_user_data(uf, &outline_key, real, outline_real_free);
	g_hash_table_insert(outline_faces, cairo_font_face_reference(ft), uf);
	return uf;
}

static bool run_underlined(const PangoItem *item)
{
	for (GSList *a = item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *at = a->data;
		if (at->klass->type == PANGO_ATTR_UNDERLINE && ((const PangoAttrInt *)at)->value != PANGO_UNDERLINE_NONE)
			return true;
	}
	return false;
}

/* One shaped run as outlines; the cluster carries no text (the white layer
 * does), so extraction does not see the text twice. */
static void show_run(cairo_t *cr, const PangoLayoutRun *run, double x, double y)
{
	const PangoGlyphString *gs = run->glyphs;
	const PangoItem *item = run->item;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(item->analysis.font));
	cairo_glyph_t *glyphs;
	cairo_matrix_t fm;
	int ng = 0, pen = 0;

	if (!sf)
		return;
	glyphs = xcalloc((size_t)gs->num_glyphs + 1, sizeof(*glyphs));
	cairo_scaled_font_get_font_matrix(sf, &fm);
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &gs->glyphs[i];

		if (!(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) && gi->glyph != PANGO_GLYPH_EMPTY) {
			glyphs[ng].index = gi->glyph;
			glyphs[ng].x = x + (double)(pen + gi->geometry.x_offset) / PANGO_SCALE;
			glyphs[ng].y = y + (double)gi->geometry.y_offset / PANGO_SCALE;
			ng++;
		}
		pen += gi->geometry.width;
	}
	if (ng) {
		cairo_text_cluster_t none = { 0, ng };

		cairo_set_font_face(cr, outline_face(sf));
		cairo_set_font_matrix(cr, &fm);
		cairo_show_text_glyphs(cr, "", 0, glyphs, ng, &none, 1, 0);
	}
	if (run_underlined(item)) {
		cairo_rectangle(cr, x, y + fm.yy * 0.14, (double)pen / PANGO_SCALE, fm.yy * 0.05);
		cairo_fill(cr);
	}
	free(glyphs);
}

static void show(struct pen *p, PangoLayout *l, double x, double y)
{
	PangoLayoutIter *it;

	if (!p->draw)
		return;
	{
		/* The text layer in the regular face only: CJK advances are the
		 * same in both weights, and each embedded CFF face costs cairo a
		 * copy of its whole 16 MB CFF table per PDF. */
		PangoLayout *t = pango_layout_copy(l);
		PangoAttrList *al = pango_layout_get_attributes(t);
		PangoAttribute *w = pango_attr_weight_new(PANGO_WEIGHT_NORMAL);

		al = al ? pango_attr_list_copy(al) : pango_attr_list_new();
		pango_attr_list_change(al, w);
		pango_layout_set_attributes(t, al);
		pango_attr_list_unref(al);
		cairo_set_source_rgb(p->cr, 1, 1, 1);
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, t);
		g_object_unref(t);
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	it = pango_layout_get_iter(l);
	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		PangoRectangle logical;

		if (!run)
			continue;
		pango_layout_iter_get_run_extents(it, NULL, &logical);
		show_run(p->cr, run, x + (double)logical.x / PANGO_SCALE,
			 y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
}

static void cell(struct pen *p, double x, double y, double w, double h, double grey)
{
	if (!p->draw)
		return;
	cairo_rectangle(p->cr, x, y, w, h);
	if (grey < 1) {
		cairo_set_source_rgb(p->cr, grey, grey, grey);
		cairo_fill_preserve(p->cr);
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_set_line_width(p->cr, 0.6);
	cairo_stroke(p->cr);
}

/* A value in a cell of width W: wrap, and shrink a long value rather than
 * let it grow past three lines. */
static PangoLayout *value_layout(struct pen *p, const char *text, double w)
{
	double size = 10.5 * p->s;
	PangoLayout *l = text_layout(p, SANS, size, false, text, false, w);

	while (pango_layout_get_line_count(l) > 3 && size > 8.0 * p->s) {
		g_object_unref(l);
		size -= 0.5;
		l = text_layout(p, SANS, size, false, text, false, w);
	}
	return l;
}

#define PAD_X 6.0
#define PAD_Y 5.0
#define LABEL_W 84.0

/* One row of the grid: one or two fields (label, value). Returns its height. */
static double field_row(struct pen *p, const struct item *a, const struct item *b, double x, double y, double tw)
{
	const struct item *fs[2] = { a, b };
	PangoLayout *lab[2] = { NULL, NULL }, *val[2] = { NULL, NULL };
	double vw = b ? (tw - 2 * LABEL_W) / 2 : tw - LABEL_W, h = 27.0 * p->s;

	for (int i = 0; i < 2 && fs[i]; i++) {
		char *label = xasprintf("%s%s", fs[i]->required ? "*" : "", fs[i]->col[0]);
		lab[i] = text_layout(p, SANS, 10.5 * p->s, false, label, false, LABEL_W - 2 * PAD_X);
		free(label);
		val[i] = value_layout(p, fs[i]->text, vw - 2 * PAD_X);
		if (layout_h(lab[i]) + 2 * PAD_Y > h)
			h = layout_h(lab[i]) + 2 * PAD_Y;
		if (layout_h(val[i]) + 2 * PAD_Y > h)
			h = layout_h(val[i]) + 2 * PAD_Y;
	}
	for (int i = 0; i < 2 && fs[i]; i++) {
		double cx = x + i * (LABEL_W + vw);
		cell(p, cx, y, LABEL_W, h, 0.94);
		cell(p, cx + LABEL_W, y, vw, h, 1);
		show(p, lab[i], cx + PAD_X, y + (h - layout_h(lab[i])) / 2);
		show(p, val[i], cx + LABEL_W + PAD_X, y + (h - layout_h(val[i])) / 2);
		g_object_unref(lab[i]);
		g_object_unref(val[i]);
	}
	return h;
}

static double section_row(struct pen *p, const char *name, const char *note, double x, double y, double tw)
{
	char *mk = g_markup_printf_escaped("%s<span weight=\"normal\">%s</span>", name, note);
	PangoLayout *l = text_layout(p, SANS, 10.5 * p->s, true, mk, true, tw - 2 * PAD_X);
	double h = layout_h(l) + 2 * 4.0;

	g_free(mk);
	cell(p, x, y, tw, h, 0.84);
	show(p, l, x + PAD_X, y + 4.0);
	g_object_unref(l);
	return h;
}

static double declaration(struct pen *p, const struct item *it, double x, double y, double tw)
{
	double size = 10.5 * p->s, h;
	double pad = 10.0;
	PangoLayout *l = text_layout(p, SANS, size, false, it->markup, true, tw - 2 * pad);

	pango_layout_set_justify(l, TRUE);
	pango_layout_set_indent(l, (int)(2 * size * PANGO_SCALE));
	pango_layout_set_spacing(l, (int)(4.0 * p->s * PANGO_SCALE));
	h = layout_h(l) + 2 * 8.0;
	cell(p, x, y, tw, h, 1);
	show(p, l, x + pad, y + 8.0);
	g_object_unref(l);
	return h;
}

static double sign_row(struct pen *p, const struct item *it, double x, double y, double tw)
{
	double w = tw / 3, h = 104.0 * p->s;

	for (int i = 0; i < 3; i++) {
		char *label = xasprintf("%s：", it->col[i]);
		PangoLayout *l = text_layout(p, SANS, 10.5 * p->s, true, label, false, w - 2 * PAD_X);

		free(label);
		cell(p, x + i * w, y, w, h, 1);
		show(p, l, x + i * w + PAD_X, y + PAD_Y);
		if (i == 1) {
			PangoLayout *d = text_layout(p, SANS, 10.5 * p->s, false, it->text, false, w - 2 * PAD_X);
			pango_layout_set_alignment(d, PANGO_ALIGN_CENTER);
			show(p, d, x + w + PAD_X, y + (h - layout_h(d)) / 2 + 6.0);
			g_object_unref(d);
		}
		g_object_unref(l);
	}
	return h;
}

/* Code 128 of the application number as filled rectangles (vectors from zint). */
static bool barcode(struct pen *p, const char *data, double x, double y, double w, double h)
{
	struct zint_symbol *sym = ZBarcode_Create();
	bool ok;

	if (!sym)
		return false;
	sym->symbology = BARCODE_CODE128;
	sym->show_hrt = 0;
	sym->whitespace_width = 0;
	ok = ZBarcode_Encode_and_Buffer_Vector(sym, (const unsigned char *)data, (int)strlen(data), 0) < ZINT_ERROR &&
	     sym->vector && sym->vector->width > 0;
	if (ok && p->draw) {
		double sx = w / sym->vector->width, sy = h / sym->vector->height;

		cairo_set_source_rgb(p->cr, 0, 0, 0);
		for (struct zint_vector_rect *r = sym->vector->rectangles; r; r = r->next)
			cairo_rectangle(p->cr, x + r->x * sx, y + r->y * sy, r->width * sx, r->height * sy);
		cairo_fill(p->cr);
	}
	ZBarcode_Delete(sym);
	return ok;
}

/* Lay the page out (and draw it when p->draw). Returns the bottom of the
 * table, or a negative value when the barcode cannot be made. */
static double page(struct pen *p, const struct appform *f)
{
	const double tw = PAGE_W - 2 * MARGIN_X, x = MARGIN_X;
	const struct item *pending = NULL;
	const struct item *hd = find_kind(f, IT_HEADER), *ti = find_kind(f, IT_TITLE), *an = find_kind(f, IT_APPNO);
	double y = MARGIN_TOP, top;
	double bw = 170.0, bh = 34.0;

	/* Header: the CA at the left, the number and its barcode at the right. */
	if (hd) {
		PangoLayout *l = text_layout(p, SANS, 13.0, true, hd->text, false, tw - bw - 20);
		show(p, l, x, y + 4);
		g_object_unref(l);
	}
	if (!barcode(p, f->appno, x + tw - bw, y, bw, bh))
		return -1;
	{
		char *t = xasprintf("%s：%s", an->col[0], f->appno);
		PangoLayout *l = text_layout(p, SANS, 9.0, false, t, false, 0);
		show(p, l, x + tw - bw + (bw - layout_w(l)) / 2, y + bh + 2);
		g_object_unref(l);
		free(t);
	}
	y += bh + 22;
	{
		char *mk = g_markup_printf_escaped("<span letter_spacing=\"%d\">%s</span>", 6 * PANGO_SCALE, ti->text);
		PangoLayout *l = text_layout(p, SANS, 21.0, true, mk, true, 0);
		g_free(mk);
		show(p, l, x + (tw - layout_w(l)) / 2, y);
		y += layout_h(l) + 10;
		g_object_unref(l);
	}
	top = y;
	for (int i = 0; i < f->n; i++) {
		const struct item *it = &f->it[i];

		if (it->kind != IT_FIELD && pending && (it->kind == IT_SECTION || it->kind == IT_DECL || it->kind == IT_SIGN)) {
			y += field_row(p, pending, NULL, x, y, tw);
			pending = NULL;
		}
		switch (it->kind) {
		case IT_SECTION:
			y += section_row(p, it->col[0], it->col[1], x, y, tw);
			break;
		case IT_FIELD:
			if (!pending) {
				pending = it;
			} else {
				y += field_row(p, pending, it, x, y, tw);
				pending = NULL;
			}
			break;
		case IT_DECL:
			y += section_row(p, it->col[0], it->col[1], x, y, tw);
			y += declaration(p, it, x, y, tw);
			break;
		case IT_SIGN:
			y += sign_row(p, it, x, y, tw);
			break;
		default:
			break;
		}
	}
	if (pending)
		y += field_row(p, pending, NULL, x, y, tw);
	if (p->draw) {
		/* A heavier frame round the whole table. */
		cairo_rectangle(p->cr, x, top, tw, y - top);
		cairo_set_line_width(p->cr, 1.2);
		cairo_stroke(p->cr);
	}
	for (int i = 0; i < f->n; i++)
		if (f->it[i].kind == IT_FOOTER) {
			PangoLayout *l = text_layout(p, SANS, 9.0, false, f->it[i].text, false, tw);
			double fy = PAGE_H - MARGIN_BOTTOM - layout_h(l);

			pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
			if (p->draw) {
				cairo_move_to(p->cr, x, fy - 4);
				cairo_line_to(p->cr, x + tw, fy - 4);
				cairo_set_line_width(p->cr, 0.5);
				cairo_stroke(p->cr);
			}
			show(p, l, x, fy);
			if (y > fy - 12)
				y = PAGE_H; /* the table runs into the footer */
			g_object_unref(l);
		}
	return y;
}

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	sb_add(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

static PangoContext *pen_context(cairo_t *cr)
{
	PangoContext *pc = pango_cairo_create_context(cr);
	cairo_font_options_t *fo = cairo_font_options_create();

	/* Metrics as designed, not snapped to a screen grid. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	/* zh-cn: the Simplified-Chinese glyph forms, never the Japanese ones. */
	pango_context_set_language(pc, pango_language_from_string("zh-cn"));
	return pc;
}

bool appform_render(const struct appform *f, unsigned char **pdf, size_t *len, char **err)
{
	struct strbuf sb;

	*pdf = NULL;
	*len = 0;
	*err = NULL;
	if (f->missing) {
		*err = xstrdup(f->missing);
		return false;
	}
	sb_init(&sb);
	/* Shrink the fonts step by step until the values fit on the page. */
	for (double s = 1.0; s > 0.81; s -= 0.06) {   /* down to 82%: 6.6 pt at the smallest */
		cairo_surface_t *surf;
		struct pen p = { .s = s };
		cairo_status_t st;
		double bottom;
		char *title;

		sb_reset(&sb);
		surf = cairo_pdf_surface_create_for_stream(pdf_write, &sb, PAGE_W, PAGE_H);
		title = xasprintf("数字证书申请表 %s", f->appno);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, f->ca_name);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "certdesk " CERTDESK_VERSION);
		free(title);
		p.cr = cairo_create(surf);
		p.pc = pen_context(p.cr);
		p.draw = false;
		bottom = page(&p, f);
		if (bottom >= 0 && bottom <= PAGE_H - MARGIN_BOTTOM) {
			p.draw = true;
			page(&p, f);
			cairo_show_page(p.cr);
		}
		g_object_unref(p.pc);
		cairo_destroy(p.cr);
		cairo_surface_finish(surf);
		st = cairo_surface_status(surf);
		cairo_surface_destroy(surf);
		if (bottom < 0) {
			*err = xstrdup("无法生成申请单号条码");
			break;
		}
		if (st != CAIRO_STATUS_SUCCESS) {
			*err = xasprintf("生成 PDF 失败: %s", cairo_status_to_string(st));
			break;
		}
		if (p.draw) {
			*len = sb.len;
			*pdf = (unsigned char *)sb_detach(&sb);
			sb_release(&sb);
			return true;
		}
	}
	if (!*err)
		*err = xstrdup("申请表内容过长, 无法排在一页 A4 纸上, 请精简过长的字段");
	sb_release(&sb);
	return false;
}

void appform_shutdown(void)
{
	if (outline_faces)
		g_hash_table_destroy(outline_faces);
	outline_faces = NULL;
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}

/* ---- the text preview --------------------------------------------------- */

static int cp_width(gunichar c)
{
	if (c < 0x20 || c == 0x7f)
		return 0;
	if (g_unichar_iszerowidth(c))
		return 0;
	return g_unichar_iswide(c) ? 2 : 1;
}

int appform_text_width(const char *s)
{
	int w = 0;

	for (const char *p = s; *p; p = g_utf8_next_char(p))
		w += cp_width(g_utf8_get_char(p));
	return w;
}

struct lines {
	char **v;
	int n;
};

static void line_add(struct lines *ls, char *s)
{
	ls->v = xrealloc(ls->v, sizeof(*ls->v) * (size_t)(ls->n + 2));
	ls->v[ls->n++] = s;
	ls->v[ls->n] = NULL;
}

static bool is_closing(gunichar c)
{
	return g_utf8_strchr("，。、；：？！）》」』】〕…,.;:?!)]}", -1, c) != NULL;
}

/* Bytes (and *width) of the unit at P that is never split across lines: a
 * run of printable ASCII (a number, an e-mail address) or one character,
 * each with the closing punctuation after it (never at a line's start). */
static size_t unit_len(const char *p, int *width)
{
	const char *q = p;
	int w = 0;

	if ((unsigned char)*q > ' ' && (unsigned char)*q < 0x7f) {
		while ((unsigned char)*q > ' ' && (unsigned char)*q < 0x7f) {
			q++;
			w++;
		}
	} else {
		w = cp_width(g_utf8_get_char(q));
		q = g_utf8_next_char(q);
	}
	while (*q && *q != '\n' && is_closing(g_utf8_get_char(q))) {
		w += cp_width(g_utf8_get_char(q));
		q = g_utf8_next_char(q);
	}
	*width = w;
	return (size_t)(q - p);
}

static void new_line(struct lines *ls, struct strbuf *sb, int *w, int indent)
{
	line_add(ls, sb_detach(sb));
	for (*w = 0; *w < indent; (*w)++)
		sb_addc(sb, ' ');
}

/* FIRST then TEXT, wrapped at COLS; continuation lines start with INDENT
 * spaces, a new paragraph (\n) two more. */
static void wrap(struct lines *ls, const char *first, const char *text, int indent, int cols)
{
	struct strbuf sb;
	int w;

	sb_init(&sb);
	sb_adds(&sb, first);
	w = appform_text_width(first);
	if (indent > cols / 2)
		indent = cols / 2;
	for (const char *p = text; *p;) {
		int uw;
		size_t n;

		if (*p == '\n') {
			new_line(ls, &sb, &w, indent + 2);
			p++;
			continue;
		}
		n = unit_len(p, &uw);
		if (w + uw > cols && w > indent) {
			new_line(ls, &sb, &w, indent);
			if (*p == ' ') {          /* a break eats the space */
				p++;
				continue;
			}
		}
		if (w + uw <= cols) {
			sb_add(&sb, p, n);
			w += uw;
			p += n;
			continue;
		}
		for (const char *end = p + n; p < end; p = g_utf8_next_char(p)) {   /* longer than a line */
			int cw = cp_width(g_utf8_get_char(p));

			if (w + cw > cols && w > indent)
				new_line(ls, &sb, &w, indent);
			sb_add(&sb, p, (size_t)(g_utf8_next_char(p) - p));
			w += cw;
		}
	}
	line_add(ls, sb_detach(&sb));
	sb_release(&sb);
}

char **appform_preview(const struct appform *f, int cols, int *nlines)
{
	struct lines ls = { NULL, 0 };

	if (cols < 20)
		cols = 20;
	for (int i = 0; i < f->n; i++) {
		const struct item *it = &f->it[i];
		char *t;

		switch (it->kind) {
		case IT_HEADER:
		case IT_FOOTER:
			wrap(&ls, "", it->text, 0, cols);
			break;
		case IT_TITLE:
			wrap(&ls, "", it->text, 0, cols);
			break;
		case IT_APPNO:
			t = xasprintf("%s：", it->col[0]);
			wrap(&ls, t, f->appno, 0, cols);
			free(t);
			break;
		case IT_SECTION:
			t = xasprintf("【%s】%s", it->col[0], it->col[1]);
			wrap(&ls, "", t, 0, cols);
			free(t);
			break;
		case IT_FIELD:
			t = xasprintf("  %s%s：", it->required ? "*" : " ", it->col[0]);
			wrap(&ls, t, *it->text ? it->text : "（未填写）", 6, cols);
			free(t);
			break;
		case IT_DECL:
			t = xasprintf("【%s】%s", it->col[0], it->col[1]);
			wrap(&ls, "", t, 0, cols);
			free(t);
			wrap(&ls, "    ", it->text, 2, cols);
			break;
		case IT_SIGN:
			t = xasprintf("  %s：", it->col[0]);
			wrap(&ls, t, "________________", 4, cols);
			free(t);
			t = xasprintf("  %s：", it->col[1]);
			wrap(&ls, t, it->text, 4, cols);
			free(t);
			t = xasprintf("  %s：", it->col[2]);
			wrap(&ls, t, "________________", 4, cols);
			free(t);
			break;
		case IT_VALUE:
		case IT_EXTRA:      /* replaced by its section when the layout is read */
			break;
		}
	}
	*nlines = ls.n;
	if (!ls.v)
		line_add(&ls, xstrdup(""));
	return ls.v;
}

void appform_lines_free(char **lines)
{
	if (!lines)
		return;
	for (char **p = lines; *p; p++)
		free(*p);
	free(lines);
}
