/* formstate.c - a form bound to one application: values, visibility,
 * prefill, validation, rules and per-field draft saves. */
#include "form/formstate.h"
#include "core/clock.h"
#include "core/status.h"
#include "core/util.h"
#include "core/validate.h"
#include "store/app.h"
#include "store/formdata.h"
#include "store/refdata.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct formstate {
	const struct form *form;
	struct store *s;
	long long app_id, op;
	char **values;   /* per field index; never NULL */
	char **codes;    /* per field index: the code-column value of bank fields, else NULL */
	char **shown;    /* per field index: a division's 省 市 县 names, kept with its code, else NULL */
	bool *lost;      /* per field index: changed by the reload after a lost commit (formstate_take_lost) */
	bool held;       /* formstate_hold: saves change the memory only */
	/* the saves of the open transaction (tx_begin), written together by tx_end (app_set_fields) */
	struct {
		bool on;
		const char **cols;
		char **vals;     /* NULL: SQL NULL */
		size_t n, cap;
	} pend;
};

/* What a division field shows follows its value (the screen draws it on
 * every key; the names come from the database). */
static void set_shown(struct formstate *fs, size_t i)
{
	xfree(&fs->shown[i]);
	if (fs->form->fields[i]->type == FT_DIVISION && *fs->values[i])
		fs->shown[i] = division_path(fs->s, fs->values[i]);
}

void fs_result_release(struct fs_result *r)
{
	xfree(&r->message);
	xfree(&r->warning);
}

const struct form *formstate_form(const struct formstate *fs)
{
	return fs->form;
}

long long formstate_app_id(const struct formstate *fs)
{
	return fs->app_id;
}

const char *formstate_get(const struct formstate *fs, const char *key)
{
	const struct form_field *f = form_field_find(fs->form, key);

	if (f)
		return fs->values[f->index];
	for (size_t i = 0; key && i < fs->form->nfields; i++)
		if (fs->form->fields[i]->code_column && !strcmp(fs->form->fields[i]->code_column, key))
			return fs->codes[i] ? fs->codes[i] : "";
	return "";
}

static void load_values(struct formstate *fs)
{
	store_read_begin(fs->s);
	for (size_t i = 0; i < fs->form->nfields; i++) {
		const struct form_field *f = fs->form->fields[i];
		char *v = app_get_field(fs->s, fs->app_id, f->key);

		free(fs->values[i]);
		fs->values[i] = v ? v : xstrdup("");
		set_shown(fs, i);
		xfree(&fs->codes[i]);
		if (f->code_column)
			fs->codes[i] = app_get_field(fs->s, fs->app_id, f->code_column);
	}
	store_read_end(fs->s);
}

/* Compile what the keys will need (each field's load and save, the
 * certificate row) while the form opens, not while the clerk types. */
static void prepare(struct formstate *fs)
{
	const char **cols = xcalloc(fs->form->nfields * 2, sizeof(*cols));
	size_t n = 0;

	for (size_t i = 0; i < fs->form->nfields; i++) {
		cols[n++] = fs->form->fields[i]->key;
		if (fs->form->fields[i]->code_column)
			cols[n++] = fs->form->fields[i]->code_column;
	}
	app_prepare_fields(fs->s, cols, n);
	free(cols);
	cert_row_prepare(fs->s);
}

/* A deferred commit was lost: show what the database holds, and remember
 * which fields that changed (the clerk types them again). */
static void reload(void *ud)
{
	struct formstate *fs = ud;
	char **before;

	if (fs->held)
		return;   /* nothing of a held state was written: the lost commit is not its own */
	before = xcalloc(fs->form->nfields, sizeof(*before));
	for (size_t i = 0; i < fs->form->nfields; i++)
		before[i] = xstrdup(fs->values[i]);
	load_values(fs);
	for (size_t i = 0; i < fs->form->nfields; i++) {
		if (strcmp(before[i], fs->values[i]))
			fs->lost[i] = true;
		free(before[i]);
	}
	free(before);
}

const struct form_field *formstate_take_lost(struct formstate *fs)
{
	const struct form_field *first = NULL;

	for (size_t i = 0; i < fs->form->nfields; i++) {
		if (fs->lost[i] && !first)
			first = fs->form->fields[i];
		fs->lost[i] = false;
	}
	return first;
}

static bool conds_hold(const struct formstate *fs, const struct form_conds *c)
{
	for (size_t i = 0; i < c->n; i++) {
		bool eq = !strcmp(formstate_get(fs, c->v[i].field), c->v[i].value);

		if (c->v[i].negate ? eq : !eq)
			return false;
	}
	return true;
}

bool formstate_screen_visible(const struct formstate *fs, const struct form_screen *scr)
{
	return conds_hold(fs, &scr->when);
}

bool formstate_section_visible(const struct formstate *fs, const struct form_section *s)
{
	return conds_hold(fs, &s->when) && formstate_screen_visible(fs, s->screen);
}

bool formstate_field_visible(const struct formstate *fs, const struct form_field *f)
{
	return conds_hold(fs, &f->when) && formstate_section_visible(fs, f->section);
}

bool formstate_field_editable(const struct formstate *fs, const struct form_field *f)
{
	return !f->readonly && !f->fixed && formstate_field_visible(fs, f);
}

static bool in_choices(const struct form_field *f, const char *v)
{
	for (size_t i = 0; i < f->choices.n; i++)
		if (!strcmp(f->choices.v[i], v))
			return true;
	return false;
}

/* ---- saving ---- */

static bool save_column(struct formstate *fs, const char *column, const char *value, char **err)
{
	size_t i;

	if (fs->held)
		return true;
	if (!fs->pend.on)
		return app_set_field(fs->s, fs->app_id, column, value, fs->op, err);
	for (i = 0; i < fs->pend.n && strcmp(fs->pend.cols[i], column); i++)
		;
	if (i == fs->pend.n) {
		if (fs->pend.n == fs->pend.cap) {
			fs->pend.cap = fs->pend.cap ? fs->pend.cap * 2 : 16;
			fs->pend.cols = xrealloc(fs->pend.cols, fs->pend.cap * sizeof(*fs->pend.cols));
			fs->pend.vals = xrealloc(fs->pend.vals, fs->pend.cap * sizeof(*fs->pend.vals));
		}
		fs->pend.cols[fs->pend.n] = column;   /* the form's strings: they outlive the state */
		fs->pend.vals[fs->pend.n++] = NULL;
	}
	free(fs->pend.vals[i]);
	fs->pend.vals[i] = value ? xstrdup(value) : NULL;
	return true;
}

/* Write the transaction's saves (app_set_fields: one revision); forget them either way. */
static bool pend_write(struct formstate *fs, bool ok, char **err)
{
	if (ok && fs->pend.n)
		ok = app_set_fields(fs->s, fs->app_id, fs->pend.cols, (const char *const *)fs->pend.vals, fs->pend.n,
				    fs->op, err);
	for (size_t i = 0; i < fs->pend.n; i++)
		free(fs->pend.vals[i]);
	fs->pend.n = 0;
	fs->pend.on = false;
	return ok;
}

static bool set_value(struct formstate *fs, const struct form_field *f, const char *v, char **err);

/* Fields prefilled from SRC follow it while the clerk has not changed them:
 * a target takes the new value when it is readonly, empty, or still equal to
 * the source's previous value OLD. */
static bool follow(struct formstate *fs, const struct form_field *src, const char *old, char **err)
{
	const char *now = fs->values[src->index];

	for (size_t i = 0; i < fs->form->nfields; i++) {
		const struct form_field *t = fs->form->fields[i];

		for (size_t k = 0; k < t->nprefills; k++) {
			const struct form_prefill *pf = &t->prefills[k];
			const char *cur = fs->values[t->index];

			if (pf->from != PF_FIELD || strcmp(pf->source, src->key) || !conds_hold(fs, &pf->when))
				continue;
			if (t->fixed || !strcmp(cur, now))
				break;
			if (!t->readonly && *cur && strcmp(cur, old))
				break;
			if (t->choices.n && *now && !in_choices(t, now))
				break;
			if (!set_value(fs, t, now, err))
				return false;
			break;
		}
	}
	return true;
}

static bool set_value(struct formstate *fs, const struct form_field *f, const char *v, char **err)
{
	char *old;

	if (!strcmp(fs->values[f->index], v))
		return true;
	if (!save_column(fs, f->key, v, err))
		return false;
	old = fs->values[f->index];
	fs->values[f->index] = xstrdup(v);
	set_shown(fs, f->index);
	if (!follow(fs, f, old, err)) {
		free(old);
		return false;
	}
	free(old);
	return true;
}

static bool set_code(struct formstate *fs, const struct form_field *f, const char *code, char **err)
{
	if (!f->code_column || str_eq(fs->codes[f->index], code) ||
	    (str_empty(fs->codes[f->index]) && str_empty(code)))
		return true;
	if (!save_column(fs, f->code_column, str_empty(code) ? NULL : code, err))
		return false;
	xfree(&fs->codes[f->index]);
	fs->codes[f->index] = str_empty(code) ? NULL : xstrdup(code);
	return true;
}

/* Run a group of saves as one transaction; on failure the memory is reloaded
 * from the store so it never shows what was not saved. The commit is
 * deferred when the store defers (the TUI: the screen first, store_flush
 * after); if it is lost then, the watcher reloads the memory. */
static bool tx_begin(struct formstate *fs, char **err)
{
	if (fs->held)
		return true;
	if (store_begin(fs->s)) {
		fs->pend.on = true;
		return true;
	}
	*err = xasprintf("数据库忙, 本字段未保存: %s", store_errmsg(fs->s));
	return false;
}

static bool tx_end(struct formstate *fs, bool ok, char **err)
{
	if (fs->held)
		return ok;
	ok = pend_write(fs, ok, err);
	if (ok && store_commit_later(fs->s))
		return true;
	if (ok && !*err)
		*err = xasprintf("本字段未保存: %s", store_errmsg(fs->s));
	store_rollback(fs->s);
	load_values(fs);
	return false;
}

/* ---- opening ---- */

struct formstate *formstate_open(const struct form *form, struct store *s, long long app_id,
				 long long operator_id, char **err)
{
	struct formstate *fs;
	bool ok = true;

	*err = NULL;
	if (app_status(s, app_id) < 0) {
		*err = xstrdup("申请不存在");
		return NULL;
	}
	fs = xcalloc(1, sizeof(*fs));
	fs->form = form;
	fs->s = s;
	fs->app_id = app_id;
	fs->op = operator_id;
	fs->values = xcalloc(form->nfields, sizeof(*fs->values));
	fs->codes = xcalloc(form->nfields, sizeof(*fs->codes));
	fs->shown = xcalloc(form->nfields, sizeof(*fs->shown));
	fs->lost = xcalloc(form->nfields, sizeof(*fs->lost));
	store_watch_lost(s, reload, fs);
	prepare(fs);
	load_values(fs);
	if (!status_allows(app_status(s, app_id), SR_RESUME))
		return fs;   /* defaults belong to new drafts; later edits keep what was saved */
	if (!tx_begin(fs, err)) {
		formstate_free(fs);
		return NULL;
	}
	for (size_t i = 0; ok && i < form->nfields; i++) {
		const struct form_field *f = form->fields[i];

		if (f->fixed) {
			ok = set_value(fs, f, f->fixed, err);
		} else if (f->def && !*fs->values[i]) {
			char *raw = app_get_field(s, app_id, f->key);   /* NULL: never saved; "" the clerk cleared it */

			if (!raw)
				ok = set_value(fs, f, f->def, err);
			free(raw);
		}
	}
	if (!tx_end(fs, ok, err)) {
		formstate_free(fs);
		return NULL;
	}
	return fs;
}

void formstate_hold(struct formstate *fs)
{
	fs->held = true;
}

void formstate_free(struct formstate *fs)
{
	if (!fs)
		return;
	store_unwatch_lost(fs->s, fs);
	for (size_t i = 0; i < fs->form->nfields; i++) {
		free(fs->values[i]);
		free(fs->codes[i]);
		free(fs->shown[i]);
	}
	free(fs->values);
	free(fs->codes);
	free(fs->shown);
	free(fs->lost);
	for (size_t i = 0; i < fs->pend.n; i++)
		free(fs->pend.vals[i]);
	free(fs->pend.cols);
	free(fs->pend.vals);
	free(fs);
}

/* ---- reference data: divisions and banks ---- */

static bool six_digits(const char *v)
{
	if (strlen(v) != 6)
		return false;
	for (int i = 0; i < 6; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	return true;
}

static char *division_error(const struct formstate *fs, const struct form_field *f, const char *code, char **warn)
{
	struct division d, sel[3];
	int level;

	if (!six_digits(code))
		return xstrdup("行政区划代码应为 6 位数字, 请从省市县列表中选择");
	if (!store_divisions_loaded(fs->s)) {
		*warn = xstrdup("行政区划表尚未导入, 未核对该代码");
		return NULL;
	}
	if (!division_get(fs->s, code, &d))
		return xasprintf("行政区划代码 %s 不存在", code);
	level = d.level;
	division_release(&d);
	if (f->levels < 3)
		return level >= 2 ? NULL : xstrdup("请选择到地市一级");
	if (!division_selection(fs->s, code, sel))
		return xstrdup("请选择到区县一级");
	for (int i = 0; i < 3; i++)
		division_release(&sel[i]);
	return NULL;
}

static bool bank_name_of(const struct bank *b, void *ud)
{
	*(char **)ud = xstrdup(b->name);
	return false;
}

static char *bank_error(const struct formstate *fs, const char *name, const char *code, char **warn)
{
	char *dbname = NULL;

	if (!store_banks_loaded(fs->s)) {
		*warn = xstrdup("银行目录尚未导入, 未核对开户行");
		return NULL;
	}
	if (!str_empty(code)) {
		if (!bank_by_code(fs->s, code, bank_name_of, &dbname) || !str_eq(dbname, name)) {
			free(dbname);
			return xasprintf("开户行「%s」与联行号 %s 不符, 请重新搜索选择", name, code);
		}
		free(dbname);
		return NULL;
	}
	if (bank_count_named(fs->s, name) == 0)
		return xasprintf("开户行「%s」不在银行目录中, 请输入关键字后从搜索结果中选择", name);
	return NULL;
}

/* ---- validation ---- */

static char *run_validator(enum form_type t, const char *v, char **norm, char **warn)
{
	struct vresult r = { 0 };
	int kind = form_type_vkind(t);
	char *e = NULL;

	if (kind < 0)
		return NULL;
	if (!validate((enum vkind)kind, v, &r)) {
		e = xstrdup(r.error ? r.error : "格式不正确");
	} else {
		if (norm && r.value) {
			free(*norm);
			*norm = xstrdup(r.value);
		}
		if (warn && r.warning && !*warn)
			*warn = xstrdup(r.warning);
	}
	vresult_release(&r);
	return e;
}

/* Checks of a non-empty value that need no other field: max, type, choices,
 * reference data, `check`. *norm gets the normalised value (caller frees). */
static char *value_error(const struct formstate *fs, const struct form_field *f, const char *v, const char *code,
			 char **norm, char **warn)
{
	char *e = NULL;

	*norm = xstrdup(v);
	if (f->max > 0 && form_utf8_len(v) > (size_t)f->max)
		return xasprintf("%s最多可填写 %d 个字", f->label, f->max);
	switch (f->type) {
	case FT_CHOICE:
	case FT_YESNO:
		if (!in_choices(f, v)) {
			struct strbuf sb;

			sb_init(&sb);
			for (size_t i = 0; i < f->choices.n; i++)
				sb_addf(&sb, "%s%s", i ? "、" : "", f->choices.v[i]);
			e = xasprintf("请从以下选项中选择: %s", sb.s);
			sb_release(&sb);
		}
		break;
	case FT_DIVISION:
		e = division_error(fs, f, v, warn);
		break;
	case FT_BANK:
		if (!(e = run_validator(FT_TEXT, v, norm, warn)))
			e = bank_error(fs, *norm, code, warn);
		break;
	default:
		e = run_validator(f->type, v, norm, warn);
		break;
	}
	for (size_t i = 0; !e && i < f->nchecks; i++)
		if (conds_hold(fs, &f->checks[i].when))
			e = run_validator(f->checks[i].type, *norm, norm, warn);
	return e;
}

static char *rule_error(const struct formstate *fs, const struct form_field *f, const char *v)
{
	for (size_t i = 0; i < f->nrules; i++) {
		const struct form_rule *r = &f->rules[i];
		const struct form_field *o = form_field_find(fs->form, r->other);
		const char *ov;

		if (!o || !formstate_field_visible(fs, o))
			continue;
		ov = fs->values[o->index];
		if (!*ov || !*v)
			continue;
		if ((r->op == RULE_EQUALS) != !strcmp(v, ov))
			return xstrdup(r->message);
	}
	return NULL;
}

static char *missing_message(const struct form_field *f)
{
	bool pick = f->type == FT_CHOICE || f->type == FT_YESNO || f->type == FT_DIVISION || f->type == FT_BANK;

	if (f->readonly)
		return xasprintf("缺少%s", f->label);
	return xasprintf("请%s%s", pick ? "选择" : "填写", f->label);
}

char *formstate_field_error(const struct formstate *fs, const struct form_field *f)
{
	const char *v = fs->values[f->index];
	char *norm = NULL, *warn = NULL, *e;

	if (!formstate_field_visible(fs, f))
		return NULL;
	if (!*v)
		return f->required ? missing_message(f) : NULL;
	e = value_error(fs, f, v, fs->codes[f->index], &norm, &warn);
	free(warn);
	if (!e)
		e = rule_error(fs, f, norm);
	free(norm);
	return e;
}

char *formstate_check(const struct formstate *fs, const struct form_field *f, const char *typed, char **norm)
{
	char *v = xstrdup(typed ? typed : ""), *t = str_trim(v), *n = NULL, *warn = NULL, *e = NULL;

	if (norm)
		*norm = NULL;
	if (!*t) {
		e = f->required ? missing_message(f) : NULL;
	} else {
		e = value_error(fs, f, t, NULL, &n, &warn);
		if (!e)
			e = rule_error(fs, f, n);
	}
	if (!e && norm)
		*norm = n ? n : xstrdup(t);
	else
		free(n);
	free(warn);
	free(v);
	return e;
}

/* ---- leaving a field ---- */

static enum fs_outcome leave(struct formstate *fs, const struct form_field *f, const char *typed, const char *code,
			     bool picked, struct fs_result *r)
{
	char *v = xstrdup(typed ? typed : ""), *t, *norm = NULL, *e = NULL, *serr = NULL, *looked_up = NULL;
	bool ok;

	memset(r, 0, sizeof(*r));
	if (f->readonly || f->fixed) {
		free(v);
		return r->outcome = FS_OK;
	}
	t = str_trim(v);
	if (!tx_begin(fs, &serr)) {
		free(v);
		r->message = serr;
		return r->outcome = FS_FAILED;
	}
	if (!*t) {
		ok = set_value(fs, f, "", &serr) && set_code(fs, f, NULL, &serr);
		if (f->required && formstate_field_visible(fs, f)) {
			r->outcome = FS_MISSING;
			r->message = missing_message(f);
		}
	} else {
		if (f->type == FT_BANK && !picked)
			code = looked_up = bank_code_named(fs->s, t);
		e = value_error(fs, f, t, code, &norm, &r->warning);
		if (e) {
			ok = set_value(fs, f, t, &serr) && set_code(fs, f, NULL, &serr);
			r->outcome = FS_INVALID;
			r->message = e;
			xfree(&r->warning);
		} else {
			ok = set_value(fs, f, norm, &serr) && set_code(fs, f, code, &serr);
			if ((e = rule_error(fs, f, norm))) {
				r->outcome = FS_INVALID;
				r->message = e;
				xfree(&r->warning);
			}
		}
	}
	free(norm);
	free(looked_up);
	free(v);
	if (!tx_end(fs, ok, &serr)) {
		fs_result_release(r);
		r->message = serr;
		return r->outcome = FS_FAILED;
	}
	return r->outcome;
}

enum fs_outcome formstate_leave(struct formstate *fs, const struct form_field *f, const char *typed,
				struct fs_result *r)
{
	return leave(fs, f, typed, NULL, false, r);
}

enum fs_outcome formstate_leave_bank(struct formstate *fs, const struct form_field *f, const char *name,
				     const char *code, struct fs_result *r)
{
	return leave(fs, f, name, code, true, r);
}

/* ---- screens ---- */

bool formstate_consented(const struct formstate *fs, const struct form_screen *scr)
{
	for (size_t i = 0; i < scr->nagreements; i++) {
		char *v = app_get_field(fs->s, fs->app_id, scr->agreements[i].column);
		bool same = v && scr->agreements[i].version && !strcmp(v, scr->agreements[i].version);

		free(v);
		if (!same)
			return false;
	}
	if (scr->consent_time) {
		char *at = app_get_field(fs->s, fs->app_id, scr->consent_time);
		bool have = !str_empty(at);

		free(at);
		return have;
	}
	return true;
}

bool formstate_consent(struct formstate *fs, const struct form_screen *scr, char **err)
{
	char now[32];
	bool ok = true;

	*err = NULL;
	for (size_t i = 0; i < scr->nagreements; i++)
		if (!scr->agreements[i].version) {
			*err = xasprintf("协议「%s」未加载, 无法记录同意", scr->agreements[i].title);
			return false;
		}
	if (!tx_begin(fs, err))
		return false;
	clock_now_text(now);
	for (size_t i = 0; ok && i < scr->nagreements; i++)
		ok = save_column(fs, scr->agreements[i].column, scr->agreements[i].version, err);
	if (ok && scr->consent_time)
		ok = save_column(fs, scr->consent_time, now, err);
	return tx_end(fs, ok, err);
}

bool formstate_screen_ok(const struct formstate *fs, const struct form_screen *scr,
			 const struct form_field **bad, char **msg)
{
	*bad = NULL;
	*msg = NULL;
	if (scr->kind == SK_AGREEMENTS && !formstate_consented(fs, scr)) {
		*msg = xstrdup("客户须阅读并同意协议后才能继续");
		return false;
	}
	for (size_t s = 0; s < scr->nsections; s++)
		if (!formstate_section_ok(fs, scr->sections[s], bad, msg))
			return false;
	return true;
}

bool formstate_section_ok(const struct formstate *fs, const struct form_section *sec,
			  const struct form_field **bad, char **msg)
{
	*bad = NULL;
	*msg = NULL;
	for (size_t i = 0; i < sec->nfields; i++) {
		char *e = formstate_field_error(fs, sec->fields[i]);

		if (e) {
			*bad = sec->fields[i];
			*msg = e;
			return false;
		}
	}
	return true;
}

const struct form_field *formstate_next(const struct formstate *fs, const struct form_screen *scr,
					const struct form_field *from, int dir)
{
	size_t n = fs->form->nfields;
	size_t i;

	if (!from)
		i = dir < 0 ? n : (size_t)-1;
	else
		i = from->index;
	for (;;) {
		if (dir < 0 ? i == 0 : i + 1 >= n)
			return NULL;
		i = dir < 0 ? i - 1 : i + 1;
		if (fs->form->fields[i]->section->screen == scr && formstate_field_editable(fs, fs->form->fields[i]))
			return fs->form->fields[i];
	}
}

size_t formstate_missing(const struct formstate *fs, const struct form_screen *scr,
			 const struct form_field ***out)
{
	size_t n = 0;

	if (out)
		*out = NULL;
	for (size_t i = 0; i < fs->form->nfields; i++) {
		const struct form_field *f = fs->form->fields[i];

		if ((scr && f->section->screen != scr) || !f->required || *fs->values[i] ||
		    !formstate_field_visible(fs, f))
			continue;
		if (out) {
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n] = f;
		}
		n++;
	}
	return n;
}

int formstate_copy_section(struct formstate *fs, const struct form_section *sec, char **err)
{
	int changed = 0;
	bool ok = true;

	*err = NULL;
	if (!tx_begin(fs, err))
		return -1;
	for (size_t i = 0; ok && i < sec->nfields; i++) {
		const struct form_field *f = sec->fields[i];
		const struct form_field *src = f->copy ? form_field_find(fs->form, f->copy) : NULL;

		if (!src || f->readonly || f->fixed || !strcmp(fs->values[f->index], fs->values[src->index]))
			continue;
		ok = set_value(fs, f, fs->values[src->index], err);
		changed++;
	}
	return tx_end(fs, ok, err) ? changed : -1;
}

/* ---- the chosen certificate ---- */

bool formstate_choose_cert(struct formstate *fs, const char *serial, char **err)
{
	struct cert_cache_row now, before = { 0 };
	bool have_before = false, ok = true;

	*err = NULL;
	if (str_empty(serial) || !cert_row_load(fs->s, serial, &now)) {
		*err = xasprintf("没有找到序列号为 %s 的证书", serial ? serial : "");
		return false;
	}
	/* What the previous certificate gave: the field that records the serial. */
	for (size_t i = 0; !have_before && i < fs->form->nfields; i++) {
		const struct form_field *f = fs->form->fields[i];

		for (size_t k = 0; k < f->nprefills; k++)
			if (f->prefills[k].from == PF_CERT && !strcmp(f->prefills[k].source, "serial") &&
			    *fs->values[i] && strcmp(fs->values[i], serial)) {
				have_before = cert_row_load(fs->s, fs->values[i], &before);
				break;
			}
	}
	if (!tx_begin(fs, err)) {
		cert_row_release(&now);
		if (have_before)
			cert_row_release(&before);
		return false;
	}
	for (size_t i = 0; ok && i < fs->form->nfields; i++) {
		const struct form_field *f = fs->form->fields[i];

		for (size_t k = 0; k < f->nprefills; k++) {
			const struct form_prefill *pf = &f->prefills[k];
			const char *nv, *ov, *cur = fs->values[i];

			if (pf->from != PF_CERT || !conds_hold(fs, &pf->when))
				continue;
			nv = cert_row_get(&now, pf->source);
			ov = have_before ? cert_row_get(&before, pf->source) : NULL;
			if (!nv || f->fixed)
				break;
			if (!f->readonly && *cur && !(ov && !strcmp(cur, ov)))
				break;
			if (f->choices.n && *nv && !in_choices(f, nv))
				break;
			ok = set_value(fs, f, nv, err);
			break;
		}
	}
	cert_row_release(&now);
	if (have_before)
		cert_row_release(&before);
	return tx_end(fs, ok, err);
}

/* ---- summary ---- */

char *formstate_display(const struct formstate *fs, const struct form_field *f)
{
	const char *v = fs->values[f->index];

	return xstrdup(fs->shown[f->index] ? fs->shown[f->index] : v);
}

void formstate_walk(const struct formstate *fs, formstate_walk_fn fn, void *ud)
{
	for (size_t c = 0; c < fs->form->nscreens; c++) {
		const struct form_screen *scr = fs->form->screens[c];

		if ((scr->kind != SK_FIELDS && scr->kind != SK_CERTIFICATE) || !formstate_screen_visible(fs, scr))
			continue;
		for (size_t s = 0; s < scr->nsections; s++) {
			const struct form_section *sec = scr->sections[s];

			if (!formstate_section_visible(fs, sec))
				continue;
			for (size_t i = 0; i < sec->nfields; i++) {
				const struct form_field *f = sec->fields[i];
				char *d;

				if (!formstate_field_visible(fs, f))
					continue;
				d = formstate_display(fs, f);
				fn(scr, sec, f, d, ud);
				free(d);
			}
		}
	}
}

bool formstate_clear_hidden(struct formstate *fs, char **err)
{
	bool ok = true;
	bool *hidden = xcalloc(fs->form->nfields, sizeof(*hidden));

	*err = NULL;
	/* Decide first: clearing one field must not change which others count as hidden. */
	for (size_t i = 0; i < fs->form->nfields; i++)
		hidden[i] = !formstate_field_visible(fs, fs->form->fields[i]);
	if (!tx_begin(fs, err)) {
		free(hidden);
		return false;
	}
	for (size_t i = 0; ok && i < fs->form->nfields; i++) {
		const struct form_field *f = fs->form->fields[i];

		if (!hidden[i])
			continue;
		if (*fs->values[i]) {
			ok = save_column(fs, f->key, NULL, err);
			if (ok) {
				free(fs->values[i]);
				fs->values[i] = xstrdup("");
				set_shown(fs, i);
			}
		}
		if (ok && f->code_column && fs->codes[i])
			ok = set_code(fs, f, NULL, err);
	}
	free(hidden);
	return tx_end(fs, ok, err);
}
