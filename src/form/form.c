/* form.c - the forms/ *.form parser and checker (format: certdesk-forms(5)). */
#include "form/form.h"
#include "core/text.h"
#include "core/util.h"
#include "core/validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ERRORS 50

static const struct {
	const char *name, *zh;
	int vkind, max;
} types[] = {
#define X(e, name, zh, vk, max) { name, zh, vk, max },
	FORM_TYPE_TABLE(X)
#undef X
};

static const struct {
	const char *name, *zh;
	bool sections;
} kinds[] = {
#define X(e, name, zh, sections) { name, zh, sections },
	FORM_SCREEN_KIND_TABLE(X)
#undef X
};

int form_type_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (!strcmp(name, types[i].name))
			return (int)i;
	return -1;
}

const char *form_type_name(enum form_type t)
{
	return (unsigned)t < FT__COUNT ? types[t].name : "?";
}

const char *form_type_zh(enum form_type t)
{
	return (unsigned)t < FT__COUNT ? types[t].zh : "?";
}

int form_type_vkind(enum form_type t)
{
	return (unsigned)t < FT__COUNT ? types[t].vkind : -1;
}

int form_type_default_max(enum form_type t)
{
	return (unsigned)t < FT__COUNT ? types[t].max : 0;
}

int form_screen_kind_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(name, kinds[i].name))
			return (int)i;
	return -1;
}

const char *form_screen_kind_name(enum form_screen_kind k)
{
	return (unsigned)k < SK__COUNT ? kinds[k].name : "?";
}

const char *form_screen_kind_zh(enum form_screen_kind k)
{
	return (unsigned)k < SK__COUNT ? kinds[k].zh : "?";
}

size_t form_utf8_len(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---- freeing ---- */

static void strv_add(struct form_strv *v, const char *s)
{
	v->v = xrealloc(v->v, (v->n + 1) * sizeof(*v->v));
	v->v[v->n++] = xstrdup(s);
}

static void strv_release(struct form_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

static void conds_release(struct form_conds *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].field);
		free(c->v[i].value);
	}
	free(c->v);
}

static void field_free(struct form_field *f)
{
	free(f->key);
	free(f->label);
	free(f->hint);
	free(f->def);
	free(f->fixed);
	free(f->code_column);
	free(f->copy);
	strv_release(&f->choices);
	strv_release(&f->notes);
	conds_release(&f->when);
	for (size_t i = 0; i < f->nprefills; i++) {
		free(f->prefills[i].source);
		conds_release(&f->prefills[i].when);
	}
	free(f->prefills);
	for (size_t i = 0; i < f->nchecks; i++)
		conds_release(&f->checks[i].when);
	free(f->checks);
	for (size_t i = 0; i < f->nrules; i++) {
		free(f->rules[i].other);
		free(f->rules[i].message);
	}
	free(f->rules);
	free(f);
}

void form_free(struct form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nfields; i++)
		field_free(f->fields[i]);
	for (size_t i = 0; i < f->nsections; i++) {
		struct form_section *s = f->sections[i];
		free(s->key);
		free(s->title);
		free(s->copy_from);
		conds_release(&s->when);
		strv_release(&s->notes);
		free(s->fields);
		free(s);
	}
	for (size_t i = 0; i < f->nscreens; i++) {
		struct form_screen *s = f->screens[i];
		free(s->key);
		free(s->title);
		conds_release(&s->when);
		strv_release(&s->notes);
		free(s->sections);
		for (size_t a = 0; a < s->nagreements; a++) {
			free(s->agreements[a].column);
			free(s->agreements[a].title);
			free(s->agreements[a].file);
			free(s->agreements[a].version);
			free(s->agreements[a].text);
		}
		free(s->agreements);
		free(s->consent_time);
		free(s);
	}
	free(f->screens);
	free(f->sections);
	free(f->fields);
	free(f->path);
	free(f->title);
	free(f);
}

const struct form_field *form_field_find(const struct form *f, const char *key)
{
	for (size_t i = 0; f && key && i < f->nfields; i++)
		if (!strcmp(f->fields[i]->key, key))
			return f->fields[i];
	return NULL;
}

const struct form_section *form_section_find(const struct form *f, const char *key)
{
	for (size_t i = 0; f && key && i < f->nsections; i++)
		if (!strcmp(f->sections[i]->key, key))
			return f->sections[i];
	return NULL;
}

const struct form_screen *form_screen_find(const struct form *f, const char *key)
{
	for (size_t i = 0; f && key && i < f->nscreens; i++)
		if (!strcmp(f->screens[i]->key, key))
			return f->screens[i];
	return NULL;
}

/* ---- agreements ---- */

static const char *why(int e)
{
	return e == ENOENT ? "文件不存在" : e == EACCES ? "没有读取权限" : e == EISDIR ? "是一个目录" : strerror(e);
}

bool form_agreement_read(const char *path, char **version, char **text, char **err)
{
	size_t len;
	char *data = file_read_all(path, &len), *p, *eol, *line, *t;
	const char *v = NULL;

	*version = *text = NULL;
	*err = NULL;
	if (!data) {
		*err = xasprintf("无法读取协议文件 %s: %s", path, why(errno));
		return false;
	}
	p = data;
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t')
		p++;
	eol = strchr(p, '\n');
	line = xstrndup(p, eol ? (size_t)(eol - p) : strlen(p));
	t = str_trim(line);
	if (str_startswith(t, "版本:"))
		v = t + strlen("版本:");
	else if (str_startswith(t, "版本："))
		v = t + strlen("版本：");
	if (v) {
		while (*v == ' ')
			v++;
	}
	if (!v || !*v) {
		*err = xasprintf("协议文件 %s 的第一行应为「版本: …」", path);
		free(line);
		free(data);
		return false;
	}
	*version = xstrdup(v);
	p = eol ? eol + 1 : p + strlen(p);
	while (*p == '\n' || *p == '\r')
		p++;
	*text = xstrdup(p);
	free(line);
	free(data);
	return true;
}

/* ---- the parser ---- */

enum block { B_NONE, B_SCREEN, B_SECTION, B_FIELD, B_AGREEMENT };

struct parser {
	const char *name;
	const struct form_schema *schema;
	struct form *f;
	struct strbuf errs;
	int nerrs;
	int line;
	enum block block;
	struct form_screen *screen;
	struct form_section *section;
	struct form_field *field;
	int kind_line;                 /* of the current screen */
	int form_line;                 /* of `form TITLE`, 0 when none */
};

static void perr_at(struct parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void perr_at(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	p->nerrs++;
	if (p->nerrs > MAX_ERRORS)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		sb_addf(&p->errs, "%s:%d: %s\n", p->name, line, msg);
	else
		sb_addf(&p->errs, "%s: %s\n", p->name, msg);
	free(msg);
}

#define perr(p, ...) perr_at((p), (p)->line, __VA_ARGS__)

/* Split off the first white-space separated word of *rest (modified in place). */
static char *next_word(char **rest)
{
	char *s = *rest, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s) {
		*rest = s;
		return NULL;
	}
	w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	*rest = s;
	return w;
}

static bool key_ok(const char *k)
{
	if (!k || !*k || !((*k >= 'a' && *k <= 'z') || *k == '_'))
		return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

static bool utf8_valid(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		int n;
		unsigned cp;

		if (*u < 0x80) {
			u++;
			continue;
		} else if ((*u & 0xE0) == 0xC0) {
			n = 1;
			cp = *u & 0x1F;
		} else if ((*u & 0xF0) == 0xE0) {
			n = 2;
			cp = *u & 0x0F;
		} else if ((*u & 0xF8) == 0xF0) {
			n = 3;
			cp = *u & 0x07;
		} else {
			return false;
		}
		u++;
		for (int i = 0; i < n; i++, u++) {
			if ((*u & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (*u & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
	}
	return true;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7F)
			return true;
	return false;
}

/* Parse "FIELD = VALUE" / "FIELD != VALUE" (the words after `when`). */
static bool parse_cond(struct parser *p, char *rest, struct form_conds *into)
{
	char *field = next_word(&rest), *op = next_word(&rest), *value = next_word(&rest);
	struct form_cond *c;

	if (!field || !op || !value || *rest || (strcmp(op, "=") && strcmp(op, "!="))) {
		perr(p, "条件应写作「when 字段 = 值」或「when 字段 != 值」");
		return false;
	}
	into->v = xrealloc(into->v, (into->n + 1) * sizeof(*into->v));
	c = &into->v[into->n++];
	c->field = xstrdup(field);
	c->value = xstrdup(value);
	c->negate = op[0] == '!';
	c->line = p->line;
	return true;
}

/* Cut "… when FIELD = VALUE" off the end of REST into conds; returns the part before. */
static bool split_when(struct parser *p, char *rest, struct form_conds *into)
{
	char *w = str_startswith(rest, "when ") ? rest : strstr(rest, " when ");

	if (!w)
		return true;
	*w = '\0';
	return parse_cond(p, w + (w == rest ? 5 : 6), into);
}

static struct form_screen *new_screen(struct parser *p, const char *key, const char *title)
{
	struct form_screen *s = xcalloc(1, sizeof(*s));

	s->key = xstrdup(key);
	s->title = xstrdup(title);
	s->kind = SK_FIELDS;
	s->line = p->line;
	p->f->screens = xrealloc(p->f->screens, (p->f->nscreens + 1) * sizeof(*p->f->screens));
	p->f->screens[p->f->nscreens++] = s;
	return s;
}

/* Where a directive may be written: a mask of enum block. */
#define IN(b) (1 << (b))
#define ANYWHERE (IN(B_NONE) | IN(B_SCREEN) | IN(B_SECTION) | IN(B_FIELD) | IN(B_AGREEMENT))
#define SCREEN_HEAD (IN(B_SCREEN) | IN(B_AGREEMENT))   /* a screen's own lines, before its sections */

static void need_block_failed(struct parser *p, const char *dir, int allowed)
{
	static const char *const names[] = { "", "screen", "section", "field", "agreement" };
	struct strbuf sb;

	if (allowed == SCREEN_HEAD) {
		perr(p, "「%s」只能写在 screen 之内、第一个 section 之前", dir);
		return;
	}
	sb_init(&sb);
	for (int b = B_SCREEN; b <= B_AGREEMENT; b++) {
		if (!(allowed & (1 << b)))
			continue;
		if (sb.len)
			sb_adds(&sb, " 或 ");
		sb_adds(&sb, names[b]);
	}
	perr(p, "「%s」只能写在 %s 之内", dir, sb.s);
	sb_release(&sb);
}

static void set_once(struct parser *p, const char *dir, char **slot, const char *value)
{
	if (*slot) {
		perr(p, "「%s」重复", dir);
		return;
	}
	*slot = xstrdup(value);
}

static bool parse_key(struct parser *p, const char *key)
{
	if (key_ok(key))
		return true;
	perr(p, "键「%s」只能由小写字母、数字和下划线组成", key);
	return false;
}

/* Each handler gets the text after the directive (trimmed; "" when none). */
static void d_form(struct parser *p, const char *dir, char *rest)
{
	if (p->block != B_NONE || p->f->title || p->f->nscreens) {
		perr(p, "「form」只能写一次, 且在第一个 screen 之前");
		return;
	}
	set_once(p, dir, &p->f->title, rest);
	p->form_line = p->line;
}

static void d_screen(struct parser *p, const char *dir, char *rest)
{
	char *key = next_word(&rest);

	(void)dir;
	if (!key || !*rest) {
		perr(p, "应写作「screen 键 标题」");
		return;
	}
	parse_key(p, key);
	p->screen = new_screen(p, key, rest);
	p->kind_line = 0;
	p->section = NULL;
	p->field = NULL;
	p->block = B_SCREEN;
}

static void d_kind(struct parser *p, const char *dir, char *rest)
{
	int k = form_screen_kind_parse(rest);

	if (k < 0) {
		struct strbuf sb;

		sb_init(&sb);
		for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
			sb_addf(&sb, "%s%s", i ? " " : "", kinds[i].name);
		perr(p, "未知的界面类型「%s」(可用: %s)", rest, sb.s);
		sb_release(&sb);
		return;
	}
	if (p->kind_line) {
		perr(p, "「%s」重复", dir);
		return;
	}
	p->screen->kind = (enum form_screen_kind)k;
	p->screen->kind_line = p->line;
	p->kind_line = p->line;
}

static void d_agreement(struct parser *p, const char *dir, char *rest)
{
	char *col = next_word(&rest);
	struct form_screen *s = p->screen;
	struct form_agreement *a;

	(void)dir;
	if (!col || !*rest) {
		perr(p, "应写作「agreement 列名 标题」");
		return;
	}
	s->agreements = xrealloc(s->agreements, (s->nagreements + 1) * sizeof(*s->agreements));
	a = &s->agreements[s->nagreements++];
	memset(a, 0, sizeof(*a));
	a->column = xstrdup(col);
	a->title = xstrdup(rest);
	a->line = p->line;
	p->block = B_AGREEMENT;
}

static void d_file(struct parser *p, const char *dir, char *rest)
{
	struct form_agreement *a = &p->screen->agreements[p->screen->nagreements - 1];

	if (strstr(rest, "..") || rest[0] == '/') {
		perr(p, "协议文件应为 data/ 下的相对路径, 而不是「%s」", rest);
		return;
	}
	set_once(p, dir, &a->file, rest);
}

static void d_consent_time(struct parser *p, const char *dir, char *rest)
{
	set_once(p, dir, &p->screen->consent_time, rest);
}

static void d_section(struct parser *p, const char *dir, char *rest)
{
	char *key = next_word(&rest);
	struct form *f = p->f;
	struct form_section *s;

	(void)dir;
	if (!p->screen) {
		perr(p, "section 必须写在 screen 之内");
		return;
	}
	if (!key || !*rest) {
		perr(p, "应写作「section 键 标题」");
		return;
	}
	parse_key(p, key);
	s = xcalloc(1, sizeof(*s));
	s->key = xstrdup(key);
	s->title = xstrdup(rest);
	s->screen = p->screen;
	s->line = p->line;
	f->sections = xrealloc(f->sections, (f->nsections + 1) * sizeof(*f->sections));
	f->sections[f->nsections++] = s;
	p->screen->sections = xrealloc(p->screen->sections, (p->screen->nsections + 1) * sizeof(*p->screen->sections));
	p->screen->sections[p->screen->nsections++] = s;
	p->section = s;
	p->field = NULL;
	p->block = B_SECTION;
}

static void d_copy_from(struct parser *p, const char *dir, char *rest)
{
	set_once(p, dir, &p->section->copy_from, rest);
}

static void d_field(struct parser *p, const char *dir, char *rest)
{
	char *key = next_word(&rest);
	struct form *f = p->f;
	struct form_field *fld;

	(void)dir;
	if (!p->section) {
		perr(p, "field 必须写在 section 之内");
		return;
	}
	if (!key || *rest) {
		perr(p, "应写作「field 键」(键即 applications 表中保存该字段的列名)");
		return;
	}
	fld = xcalloc(1, sizeof(*fld));
	fld->key = xstrdup(key);
	fld->type = FT__COUNT;     /* "not given" until `type` */
	fld->max = -1;             /* "not given" until `max` */
	fld->section = p->section;
	fld->line = p->line;
	fld->index = f->nfields;
	f->fields = xrealloc(f->fields, (f->nfields + 1) * sizeof(*f->fields));
	f->fields[f->nfields++] = fld;
	p->section->fields = xrealloc(p->section->fields, (p->section->nfields + 1) * sizeof(*p->section->fields));
	p->section->fields[p->section->nfields++] = fld;
	p->field = fld;
	p->block = B_FIELD;
}

static void d_label(struct parser *p, const char *dir, char *rest)
{
	set_once(p, dir, &p->field->label, rest);
}

static void d_type(struct parser *p, const char *dir, char *rest)
{
	int t = form_type_parse(rest);

	if (t < 0) {
		perr(p, "未知的字段类型「%s」", rest);
		return;
	}
	if (p->field->type != FT__COUNT) {
		perr(p, "「%s」重复", dir);
		return;
	}
	p->field->type = (enum form_type)t;
}

static void d_required(struct parser *p, const char *dir, char *rest)
{
	(void)dir;
	(void)rest;
	p->field->required = true;
}

static void d_readonly(struct parser *p, const char *dir, char *rest)
{
	(void)dir;
	(void)rest;
	p->field->readonly = true;
}

static void d_print(struct parser *p, const char *dir, char *rest)
{
	(void)dir;
	(void)rest;
	p->field->print = true;
}

static void d_max(struct parser *p, const char *dir, char *rest)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(rest, &end, 10);
	if (errno || *end || end == rest || n < 1 || n > 1000) {
		perr(p, "「max」应为 1 到 1000 之间的整数 (字符数), 而不是「%s」", rest);
		return;
	}
	if (p->field->max >= 0) {
		perr(p, "「%s」重复", dir);
		return;
	}
	p->field->max = (int)n;
}

/* The text of a `note` or `hint`: as written, or "@key" for the text of KEY
 * in the text catalogue (data/text.txt, loaded on first use); NULL, with the
 * error given at the line, for an unknown key. */
static const char *note_text(struct parser *p, const char *rest)
{
	char *err;
	const char *t;

	if (rest[0] != '@')
		return rest;
	t = text_lookup(rest + 1, &err);
	if (!t) {
		perr(p, "%s", err);
		free(err);
	}
	return t;
}

static void d_hint(struct parser *p, const char *dir, char *rest)
{
	const char *t = note_text(p, rest);

	if (t)
		set_once(p, dir, &p->field->hint, t);
}

static void d_default(struct parser *p, const char *dir, char *rest)
{
	set_once(p, dir, &p->field->def, rest);
}

static void d_fixed(struct parser *p, const char *dir, char *rest)
{
	set_once(p, dir, &p->field->fixed, rest);
}

static void d_choices(struct parser *p, const char *dir, char *rest)
{
	struct form_strv *c = &p->field->choices;
	char *w;

	(void)dir;
	while ((w = next_word(&rest))) {
		for (size_t i = 0; i < c->n; i++)
			if (!strcmp(c->v[i], w))
				perr(p, "选项「%s」重复", w);
		strv_add(c, w);
	}
}

static void d_levels(struct parser *p, const char *dir, char *rest)
{
	(void)dir;
	if (strcmp(rest, "2") && strcmp(rest, "3")) {
		perr(p, "「levels」应为 2 (省、市) 或 3 (省、市、县)");
		return;
	}
	p->field->levels = rest[0] - '0';
}

static void d_code_column(struct parser *p, const char *dir, char *rest)
{
	set_once(p, dir, &p->field->code_column, rest);
}

static void d_check(struct parser *p, const char *dir, char *rest)
{
	struct form_field *fld = p->field;
	struct form_check *c;
	int t;

	(void)dir;
	fld->checks = xrealloc(fld->checks, (fld->nchecks + 1) * sizeof(*fld->checks));
	c = &fld->checks[fld->nchecks++];
	memset(c, 0, sizeof(*c));
	c->line = p->line;
	c->type = FT_TEXT;
	if (!split_when(p, rest, &c->when))
		return;
	rest = str_trim(rest);
	t = form_type_parse(rest);
	if (t < 0 || form_type_vkind((enum form_type)t) < 0) {
		perr(p, "「check」后应为有校验规则的类型 (text name id uscc taxid mobile email postcode "
			"serial account), 而不是「%s」", rest);
		return;
	}
	c->type = (enum form_type)t;
}

static void d_prefill(struct parser *p, const char *dir, char *rest)
{
	struct form_field *fld = p->field;
	struct form_prefill *pf;
	char *src;

	(void)dir;
	fld->prefills = xrealloc(fld->prefills, (fld->nprefills + 1) * sizeof(*fld->prefills));
	pf = &fld->prefills[fld->nprefills++];
	memset(pf, 0, sizeof(*pf));
	pf->line = p->line;
	pf->source = xstrdup("");
	if (!split_when(p, rest, &pf->when))
		return;
	src = next_word(&rest);
	if (src && !strcmp(src, "from")) {
		src = next_word(&rest);
		pf->from = PF_FIELD;
	} else if (src && str_startswith(src, "cert.") && src[5]) {
		src += 5;
		pf->from = PF_CERT;
	} else {
		src = NULL;
	}
	if (!src || *rest) {
		perr(p, "应写作「prefill from 字段 [when …]」或「prefill cert.列名 [when …]」");
		return;
	}
	free(pf->source);
	pf->source = xstrdup(src);
}

static void d_copy(struct parser *p, const char *dir, char *rest)
{
	set_once(p, dir, &p->field->copy, rest);
}

static void d_rule(struct parser *p, const char *dir, char *rest)
{
	struct form_field *fld = p->field;
	char *op = next_word(&rest), *other = next_word(&rest);
	struct form_rule *r;

	(void)dir;
	if (!op || !other || !*rest || (strcmp(op, "equals") && strcmp(op, "differs"))) {
		perr(p, "应写作「rule equals 字段 提示」或「rule differs 字段 提示」");
		return;
	}
	fld->rules = xrealloc(fld->rules, (fld->nrules + 1) * sizeof(*fld->rules));
	r = &fld->rules[fld->nrules++];
	r->op = op[0] == 'e' ? RULE_EQUALS : RULE_DIFFERS;
	r->other = xstrdup(other);
	r->message = xstrdup(rest);
	r->line = p->line;
}

static void d_when(struct parser *p, const char *dir, char *rest)
{
	(void)dir;
	parse_cond(p, rest, p->block == B_FIELD     ? &p->field->when
			    : p->block == B_SECTION ? &p->section->when
						    : &p->screen->when);
}

static void d_note(struct parser *p, const char *dir, char *rest)
{
	const char *t = note_text(p, rest);

	(void)dir;
	if (t)
		strv_add(p->block == B_FIELD ? &p->field->notes : p->block == B_SECTION ? &p->section->notes
											: &p->screen->notes, t);
}

enum argument { ARG_TEXT, ARG_NONE, ARG_ANY };

/* The vocabulary of forms/: every directive, where it may stand, what it takes.
 * certdesk-forms(5) documents each row. */
static const struct directive {
	const char *name;
	int blocks;
	enum argument arg;
	void (*run)(struct parser *p, const char *dir, char *rest);
} directives[] = {
	{ "form", ANYWHERE, ARG_TEXT, d_form },
	{ "screen", ANYWHERE, ARG_ANY, d_screen },
	{ "kind", SCREEN_HEAD, ARG_TEXT, d_kind },
	{ "agreement", SCREEN_HEAD, ARG_ANY, d_agreement },
	{ "file", IN(B_AGREEMENT), ARG_TEXT, d_file },
	{ "consent-time", SCREEN_HEAD, ARG_TEXT, d_consent_time },
	{ "section", ANYWHERE, ARG_ANY, d_section },
	{ "copy-from", IN(B_SECTION), ARG_TEXT, d_copy_from },
	{ "field", ANYWHERE, ARG_ANY, d_field },
	{ "label", IN(B_FIELD), ARG_TEXT, d_label },
	{ "type", IN(B_FIELD), ARG_TEXT, d_type },
	{ "required", IN(B_FIELD), ARG_NONE, d_required },
	{ "readonly", IN(B_FIELD), ARG_NONE, d_readonly },
	{ "print", IN(B_FIELD), ARG_NONE, d_print },
	{ "max", IN(B_FIELD), ARG_TEXT, d_max },
	{ "hint", IN(B_FIELD), ARG_TEXT, d_hint },
	{ "default", IN(B_FIELD), ARG_TEXT, d_default },
	{ "fixed", IN(B_FIELD), ARG_TEXT, d_fixed },
	{ "choices", IN(B_FIELD), ARG_TEXT, d_choices },
	{ "levels", IN(B_FIELD), ARG_TEXT, d_levels },
	{ "code-column", IN(B_FIELD), ARG_TEXT, d_code_column },
	{ "check", IN(B_FIELD), ARG_TEXT, d_check },
	{ "prefill", IN(B_FIELD), ARG_TEXT, d_prefill },
	{ "copy", IN(B_FIELD), ARG_TEXT, d_copy },
	{ "rule", IN(B_FIELD), ARG_ANY, d_rule },
	{ "when", IN(B_SCREEN) | IN(B_SECTION) | IN(B_FIELD), ARG_ANY, d_when },
	{ "note", IN(B_SCREEN) | IN(B_SECTION) | IN(B_FIELD), ARG_TEXT, d_note },
};

static void directive(struct parser *p, char *dir, char *rest)
{
	const struct directive *d = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(directives); i++)
		if (!strcmp(dir, directives[i].name))
			d = &directives[i];
	if (!d) {
		perr(p, "未知指令「%s」", dir);
		return;
	}
	if (!(d->blocks & IN(p->block))) {
		need_block_failed(p, dir, d->blocks);
		return;
	}
	if (d->arg == ARG_TEXT && !*rest) {
		perr(p, "「%s」缺少内容", dir);
		return;
	}
	if (d->arg == ARG_NONE && *rest) {
		perr(p, "「%s」后面不应有内容: %s", dir, rest);
		return;
	}
	d->run(p, dir, rest);
}

/* ---- whole-form checks, after every line is read ---- */

static bool writable(struct parser *p, const char *column)
{
	return !p->schema || !p->schema->column_writable || p->schema->column_writable(column, p->schema->ud);
}

static void check_conds(struct parser *p, const struct form_conds *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct form_field *on = form_field_find(p->f, c->v[i].field);
		bool found = false;

		if (!on) {
			perr_at(p, c->v[i].line, "条件中的字段「%s」不存在", c->v[i].field);
			continue;
		}
		if (on->type != FT_CHOICE && on->type != FT_YESNO)
			continue;
		for (size_t k = 0; k < on->choices.n; k++)
			found |= !strcmp(on->choices.v[k], c->v[i].value);
		if (!found)
			perr_at(p, c->v[i].line, "「%s」不是字段「%s」的选项", c->v[i].value, c->v[i].field);
	}
}

static bool in_choices(const struct form_field *fld, const char *v)
{
	for (size_t i = 0; i < fld->choices.n; i++)
		if (!strcmp(fld->choices.v[i], v))
			return true;
	return false;
}

/* Does following `prefill from` edges from AT come back to START? SEEN
 * (one flag per field) keeps the walk linear. */
static bool prefill_cycle(const struct form *f, const struct form_field *start, const struct form_field *at,
			  bool *seen)
{
	for (size_t i = 0; i < at->nprefills; i++) {
		const struct form_field *src;

		if (at->prefills[i].from != PF_FIELD || !(src = form_field_find(f, at->prefills[i].source)))
			continue;
		if (src == start)
			return true;
		if (seen[src->index])
			continue;
		seen[src->index] = true;
		if (prefill_cycle(f, start, src, seen))
			return true;
	}
	return false;
}

static void check_field(struct parser *p, struct form_field *fld)
{
	struct form *f = p->f;

	if (!key_ok(fld->key))
		perr_at(p, fld->line, "字段键「%s」只能由小写字母、数字和下划线组成", fld->key);
	else if (!writable(p, fld->key))
		perr_at(p, fld->line, "字段键「%s」不是 applications 表中可写的列", fld->key);
	for (size_t i = 0; i < fld->index; i++)
		if (!strcmp(f->fields[i]->key, fld->key)) {
			perr_at(p, fld->line, "字段「%s」重复 (第 %d 行已定义)", fld->key, f->fields[i]->line);
			break;
		}
	if (!fld->label)
		perr_at(p, fld->line, "字段「%s」缺少 label", fld->key);
	if (fld->type == FT__COUNT) {
		perr_at(p, fld->line, "字段「%s」缺少 type", fld->key);
		fld->type = FT_TEXT;
	}
	if (fld->max < 0)
		fld->max = form_type_default_max(fld->type);
	else if (form_type_default_max(fld->type) == 0)
		perr_at(p, fld->line, "「%s」类型的字段不能设置 max", form_type_name(fld->type));
	if (fld->type == FT_CHOICE && fld->choices.n < 1)
		perr_at(p, fld->line, "choice 字段「%s」缺少 choices", fld->key);
	if (fld->type == FT_YESNO && fld->choices.n == 0) {
		strv_add(&fld->choices, "是");
		strv_add(&fld->choices, "否");
	}
	if (fld->type == FT_YESNO && fld->choices.n != 2)
		perr_at(p, fld->line, "yesno 字段「%s」的 choices 应正好两项 (先「是」后「否」)", fld->key);
	if (fld->type != FT_CHOICE && fld->type != FT_YESNO && fld->choices.n)
		perr_at(p, fld->line, "只有 choice 和 yesno 字段可以有 choices");
	if (fld->levels && fld->type != FT_DIVISION)
		perr_at(p, fld->line, "只有 division 字段可以设置 levels");
	if (fld->type == FT_DIVISION && !fld->levels)
		fld->levels = 3;
	if (fld->code_column) {
		if (fld->type != FT_BANK)
			perr_at(p, fld->line, "只有 bank 字段可以设置 code-column");
		else if (!writable(p, fld->code_column))
			perr_at(p, fld->line, "code-column「%s」不是 applications 表中可写的列", fld->code_column);
		else if (form_field_find(f, fld->code_column))
			perr_at(p, fld->line, "code-column「%s」已被字段占用", fld->code_column);
	}
	if (fld->choices.n && fld->def && !in_choices(fld, fld->def))
		perr_at(p, fld->line, "默认值「%s」不是字段「%s」的选项", fld->def, fld->key);
	if (fld->choices.n && fld->fixed && !in_choices(fld, fld->fixed))
		perr_at(p, fld->line, "固定值「%s」不是字段「%s」的选项", fld->fixed, fld->key);
	if (fld->def && fld->fixed)
		perr_at(p, fld->line, "字段「%s」不能同时有 default 和 fixed", fld->key);
	if (fld->fixed && fld->max > 0 && form_utf8_len(fld->fixed) > (size_t)fld->max)
		perr_at(p, fld->line, "固定值超过 max");
	check_conds(p, &fld->when);
	for (size_t i = 0; i < fld->nprefills; i++) {
		const struct form_prefill *pf = &fld->prefills[i];

		check_conds(p, &pf->when);
		if (!*pf->source)
			continue;
		if (pf->from == PF_FIELD) {
			if (!form_field_find(f, pf->source))
				perr_at(p, pf->line, "预填来源字段「%s」不存在", pf->source);
			else if (!strcmp(pf->source, fld->key))
				perr_at(p, pf->line, "字段「%s」不能从自己预填", fld->key);
		} else if (p->schema && p->schema->cert_column && !p->schema->cert_column(pf->source, p->schema->ud)) {
			perr_at(p, pf->line, "证书缓存中没有「%s」这一列", pf->source);
		}
	}
	{
		bool *seen = xcalloc(f->nfields, sizeof(*seen));

		if (prefill_cycle(f, fld, fld, seen))
			perr_at(p, fld->line, "字段「%s」的预填 (prefill from) 构成循环", fld->key);
		free(seen);
	}
	for (size_t i = 0; i < fld->nchecks; i++)
		check_conds(p, &fld->checks[i].when);
	for (size_t i = 0; i < fld->nrules; i++) {
		const struct form_rule *r = &fld->rules[i];

		if (!form_field_find(f, r->other))
			perr_at(p, r->line, "规则中的字段「%s」不存在", r->other);
		else if (!strcmp(r->other, fld->key))
			perr_at(p, r->line, "规则不能拿字段「%s」和自己比较", fld->key);
	}
	if (fld->copy) {
		const struct form_field *src = form_field_find(f, fld->copy);
		const char *from = fld->section->copy_from;

		if (!from)
			perr_at(p, fld->line, "字段「%s」有 copy, 但所在 section「%s」没有 copy-from", fld->key,
				fld->section->key);
		else if (!src)
			perr_at(p, fld->line, "复制来源字段「%s」不存在", fld->copy);
		else if (strcmp(src->section->key, from))
			perr_at(p, fld->line, "复制来源字段「%s」不在 section「%s」中", fld->copy, from);
		else if (src->type != fld->type)
			perr_at(p, fld->line, "复制来源字段「%s」的类型 (%s) 与本字段 (%s) 不同", fld->copy,
				form_type_name(src->type), form_type_name(fld->type));
	}
}

/* A journey form: each step kind once (consecutive fields screens are one
 * step), summary last. */
static void check_journey(struct parser *p)
{
	const struct form *f = p->f;
	const struct form_screen *first[SK__COUNT] = { 0 };
	int at = p->form_line ? p->form_line : f->screens[0]->line;

	for (size_t i = 0; i < f->nscreens; i++) {
		const struct form_screen *s = f->screens[i];
		int line = s->kind_line ? s->kind_line : s->line;

		if (!first[s->kind])
			first[s->kind] = s;
		else if (s->kind != SK_FIELDS || f->screens[i - 1]->kind != SK_FIELDS)
			perr_at(p, line, "步骤「%s」(kind %s) 重复 (第 %d 行已有)", kinds[s->kind].zh, kinds[s->kind].name,
				first[s->kind]->line);
	}
	for (int k = 0; k < SK__COUNT; k++)
		if (!first[k])
			perr_at(p, at, "缺少步骤「%s」: 应有一个 kind %s 的 screen", kinds[k].zh, kinds[k].name);
	if (first[SK_SUMMARY] && f->screens[f->nscreens - 1]->kind != SK_SUMMARY)
		perr_at(p, first[SK_SUMMARY]->line, "kind summary 的界面「%s」应是最后一步", first[SK_SUMMARY]->key);
}

static void check_form(struct parser *p)
{
	struct form *f = p->f;

	if (!f->nscreens)
		perr_at(p, 0, "没有定义任何 screen");
	for (size_t i = 0; i < f->nscreens; i++) {
		struct form_screen *s = f->screens[i];

		for (size_t k = 0; k < i; k++)
			if (!strcmp(f->screens[k]->key, s->key))
				perr_at(p, s->line, "界面「%s」重复 (第 %d 行已定义)", s->key, f->screens[k]->line);
		check_conds(p, &s->when);
		if (s->nagreements && s->kind != SK_AGREEMENTS)
			perr_at(p, s->agreements[0].line, "agreement 只能用在 kind agreements 的界面");
		if (s->nsections && !kinds[s->kind].sections)
			perr_at(p, s->sections[0]->line, "kind %s 的界面「%s」不能有 section", kinds[s->kind].name, s->key);
		if (s->kind == SK_AGREEMENTS && !s->nagreements)
			perr_at(p, s->line, "kind agreements 的界面「%s」没有 agreement", s->key);
		if (s->consent_time && !writable(p, s->consent_time))
			perr_at(p, s->line, "consent-time「%s」不是 applications 表中可写的列", s->consent_time);
		for (size_t a = 0; a < s->nagreements; a++) {
			struct form_agreement *ag = &s->agreements[a];

			if (!writable(p, ag->column))
				perr_at(p, ag->line, "协议版本列「%s」不是 applications 表中可写的列", ag->column);
			if (!ag->file) {
				perr_at(p, ag->line, "协议「%s」缺少 file", ag->title);
			} else if (p->schema && p->schema->datadir) {
				char *path = xasprintf("%s/data/%s", p->schema->datadir, ag->file), *e = NULL;

				if (!form_agreement_read(path, &ag->version, &ag->text, &e))
					perr_at(p, ag->line, "%s", e);
				free(e);
				free(path);
			}
		}
	}
	for (size_t i = 0; i < f->nsections; i++) {
		struct form_section *s = f->sections[i];

		for (size_t k = 0; k < i; k++)
			if (!strcmp(f->sections[k]->key, s->key))
				perr_at(p, s->line, "section「%s」重复 (第 %d 行已定义)", s->key, f->sections[k]->line);
		check_conds(p, &s->when);
		if (s->copy_from) {
			const struct form_section *from = form_section_find(f, s->copy_from);

			if (!from)
				perr_at(p, s->line, "copy-from 的 section「%s」不存在", s->copy_from);
			else if (from == s)
				perr_at(p, s->line, "section「%s」不能从自己复制", s->key);
		}
	}
	for (size_t i = 0; i < f->nfields; i++)
		check_field(p, f->fields[i]);
	if (f->nscreens && p->schema && p->schema->journey)
		check_journey(p);
}

struct form *form_parse(const char *text, size_t len, const char *name, const struct form_schema *schema,
			char **err)
{
	struct parser p = { 0 };
	const char *s = text, *end = text + len;

	*err = NULL;
	p.name = name ? name : "(form)";
	p.schema = schema;
	p.f = xcalloc(1, sizeof(*p.f));
	p.f->path = xstrdup(p.name);
	sb_init(&p.errs);
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		const char *ls = s;
		char *line, *rest, *dir;

		p.line++;
		s = nl ? nl + 1 : end;
		if (memchr(ls, '\0', n)) {
			perr(&p, "含有 NUL 字节");
			continue;
		}
		line = xstrndup(ls, n);
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		if (!utf8_valid(line)) {
			perr(&p, "不是有效的 UTF-8 文本");
			free(line);
			continue;
		}
		for (char *t = line; *t; t++)
			if (*t == '\t')
				*t = ' ';
		if (has_control(line)) {
			perr(&p, "含有控制字符");
			free(line);
			continue;
		}
		rest = str_trim(line);
		if (!*rest || *rest == '#') {
			free(line);
			continue;
		}
		dir = next_word(&rest);
		rest = str_trim(rest);
		directive(&p, dir, rest);
		free(line);
	}
	if (!p.nerrs)
		check_form(&p);
	if (p.nerrs > MAX_ERRORS)
		sb_addf(&p.errs, "%s: 还有 %d 处错误未列出\n", p.name, p.nerrs - MAX_ERRORS);
	if (p.nerrs) {
		if (p.errs.len && p.errs.s[p.errs.len - 1] == '\n')
			p.errs.s[--p.errs.len] = '\0';
		*err = sb_detach(&p.errs);
		sb_release(&p.errs);
		form_free(p.f);
		return NULL;
	}
	sb_release(&p.errs);
	return p.f;
}

struct form *form_load(const char *path, const struct form_schema *schema, char **err)
{
	size_t len;
	char *text = file_read_all(path, &len);
	struct form *f;

	if (!text) {
		*err = xasprintf("%s: 无法读取表单文件: %s", path, why(errno));
		return NULL;
	}
	f = form_parse(text, len, path, schema, err);
	free(text);
	return f;
}
