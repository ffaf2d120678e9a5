/* screen_form.c - 录入信息: the form engine. It walks the fields screens of
 * the journey's form (sections, fields, hints, notes, conditions) and never
 * names a field: what a field is, how it is checked and saved, comes from
 * forms/ through form/formstate.h. Each field is saved as it is left; its
 * error stays beside it; the screen cannot be left forward with an error.
 * How a field is entered (a line editor, choices, the 省市县 cascade, the
 * bank search) is its input's (input.h), chosen by type in input_of().
 * screen_form_section_ops is the same screen on one section alone, held in
 * memory until it is right (struct form_section_arg, 金融认证 re-entry). */
#include "tui/screens.h"
#include "tui/input.h"
#include "tui/journey.h"
#include "tui/pager.h"
#include "form/form.h"
#include "form/formstate.h"
#include "form/shown.h"
#include "core/util.h"
#include "store/app.h"

#include <stdlib.h>
#include <string.h>

#define LABEL_COLS 20
#define BOX_COLS 46

struct formscr {
	struct input_host host;               /* first: the inputs' commit gets back to the screen */
	struct journey *j;
	const struct form_screen **screens;   /* the form's fields screens */
	int nscreens, si;                     /* current: screens[si] */
	const struct form_field *cur;         /* the active field, NULL when none is editable */
	struct input *in;                     /* how cur is entered; NULL with cur */
	char **err;                           /* per field index: its message, or NULL */
	int scroll;
	/* screen_form_section_ops: the one section, its journey-like state
	 * (form and formstate owned here), its texts and what writes it */
	const struct form_section *sec;       /* NULL: the journey's 录入信息 */
	struct journey own;
	char *heading, *note;
	bool (*done)(struct tui *t, const struct formstate *fs, const char *app_no, char **err);
	bool leave;                           /* written (or cancelled): close after this key */
};

/* The one table of field type -> input; a type not named is typed in a line editor. */
static const struct input_ops *input_of(const struct form_field *fld)
{
	static const struct input_ops *const by_type[FT__COUNT] = {
		[FT_CHOICE] = &input_choice_ops,
		[FT_YESNO] = &input_choice_ops,
		[FT_DIVISION] = &input_cascade_ops,
		[FT_BANK] = &input_bank_ops,
	};

	return by_type[fld->type] ? by_type[fld->type] : &input_text_ops;
}

static const struct form_screen *scr_of(const struct formscr *f)
{
	return f->screens[f->si];
}

static void set_err(struct formscr *f, const struct form_field *fld, char *msg)
{
	free(f->err[fld->index]);
	f->err[fld->index] = msg;
}

/* ---- entering and leaving a field ---- */

static void enter_field(struct tui *t, struct formscr *f, const struct form_field *fld)
{
	f->cur = fld;
	if (f->in)
		f->in->ops->close(f->in);
	f->in = NULL;
	f->host.t = t;
	f->host.fs = f->j->fs;
	if (fld)
		f->in = input_of(fld)->open(&f->host, fld);
}


/* After a save: messages of other fields that may have changed (rules). */
static void refresh_errors(struct formscr *f, const struct form_field *changed)
{
	const struct form *form = f->j->form;

	for (size_t i = 0; i < form->nfields; i++) {
		const struct form_field *o = form->fields[i];
		bool related = false;

		if (o == changed)
			continue;
		for (size_t r = 0; r < o->nrules; r++)
			related |= !strcmp(o->rules[r].other, changed->key);
		if (f->err[i] || (related && *formstate_get(f->j->fs, o->key)))
			set_err(f, o, formstate_field_error(f->j->fs, o));
	}
}

static void take_result(struct tui *t, struct formscr *f, const struct form_field *fld, struct fs_result *r)
{
	if (r->outcome == FS_FAILED) {
		tui_msg(t, TUI_MSG_ERROR, "未能保存%s: %s", fld->label, r->message ? r->message : "");
	} else {
		set_err(f, fld, r->outcome == FS_OK ? NULL : xstrdup(r->message));
		if (r->warning)
			tui_msg(t, TUI_MSG_INFO, "%s: %s", fld->label, r->warning);
	}
	fs_result_release(r);
	refresh_errors(f, fld);
}

/* Save the active field as it stands (validated; kept even when invalid). */
static void commit(struct tui *t, struct formscr *f)
{
	const struct form_field *fld = f->cur;
	struct fs_result r;

	if (!fld || !formstate_field_editable(f->j->fs, fld))
		return;
	if (f->in->ops->save(f->in, &r))
		take_result(t, f, fld, &r);
	else
		set_err(f, fld, formstate_field_error(f->j->fs, fld));
}

static void host_commit(struct input_host *h)
{
	struct formscr *f = (struct formscr *)h;

	commit(h->t, f);
}


/* ---- screens and navigation ---- */

/* Is SEC on screen? (in section mode only the one section) */
static bool section_shown(const struct formscr *f, const struct form_section *sec)
{
	return !f->sec || sec == f->sec;
}

/* formstate_next within what is on screen. */
static const struct form_field *next_field(const struct formscr *f, const struct form_field *from, int dir)
{
	const struct form_field *n = formstate_next(f->j->fs, scr_of(f), from, dir);

	while (n && !section_shown(f, n->section))
		n = formstate_next(f->j->fs, scr_of(f), n, dir);
	return n;
}

static void mark_existing_errors(struct formscr *f)
{
	const struct form_screen *scr = scr_of(f);

	for (size_t s = 0; s < scr->nsections; s++)
		for (size_t i = 0; section_shown(f, scr->sections[s]) && i < scr->sections[s]->nfields; i++) {
			const struct form_field *fld = scr->sections[s]->fields[i];

			if (*formstate_get(f->j->fs, fld->key) || (f->j->focus && !strcmp(f->j->focus, fld->key)))
				set_err(f, fld, formstate_field_error(f->j->fs, fld));
		}
}

static void open_screen(struct tui *t, struct formscr *f, int si, const struct form_field *focus)
{
	f->si = si;
	f->j->form_screen = si;
	f->scroll = 0;
	mark_existing_errors(f);
	if (!focus || !formstate_field_editable(f->j->fs, focus))
		focus = next_field(f, NULL, 1);
	enter_field(t, f, focus);
}

/* A save that did not reach the database (the engine's deferred commit
 * failed, formstate reloaded): back to the first field it lost, marked. */
static bool land_on_lost(struct tui *t, struct formscr *f)
{
	const struct form_field *lost = formstate_take_lost(f->j->fs);

	if (!lost)
		return false;
	for (int si = 0; si < f->nscreens; si++)
		if (f->screens[si] == lost->section->screen && formstate_screen_visible(f->j->fs, f->screens[si])) {
			open_screen(t, f, si, lost);
			set_err(f, lost, xstrdup("未能写入数据库, 请重新填写本项"));
			return true;
		}
	return false;
}

static bool form_init(struct tui *t, void *arg, void **state)
{
	struct journey *j = arg;
	struct formscr *f;
	const struct form_field *focus = NULL;
	int si;

	f = xcalloc(1, sizeof(*f));
	f->j = j;
	f->screens = xcalloc(j->form->nscreens, sizeof(*f->screens));
	for (size_t i = 0; i < j->form->nscreens; i++)
		if (j->form->screens[i]->kind == SK_FIELDS)
			f->screens[f->nscreens++] = j->form->screens[i];
	if (!f->nscreens) {
		free(f->screens);
		free(f);
		tui_msg(t, TUI_MSG_ERROR, "表单中没有录入界面 (kind fields)");
		return false;
	}
	f->err = xcalloc(j->form->nfields, sizeof(*f->err));
	f->host.commit = host_commit;
	si = j->form_screen;
	if (si < 0 || si >= f->nscreens) {
		si = f->nscreens - 1;
		while (si > 0 && !formstate_screen_visible(j->fs, f->screens[si]))
			si--;
	}
	if (j->focus)
		focus = form_field_find(j->form, j->focus);
	open_screen(t, f, si, focus);
	land_on_lost(t, f);
	*state = f;
	return true;
}

/* Section mode, forward: the section right as a whole, then written by done. */
static void finish_section(struct tui *t, struct formscr *f)
{
	const struct form_field *bad = NULL;
	char *msg = NULL;

	commit(t, f);
	if (!formstate_section_ok(f->j->fs, f->sec, &bad, &msg)) {
		if (bad) {
			set_err(f, bad, formstate_field_error(f->j->fs, bad));
			if (formstate_field_editable(f->j->fs, bad))
				enter_field(t, f, bad);
		}
		tui_msg(t, TUI_MSG_ERROR, "本节还有错误, 未提交: %s%s%s", bad ? bad->label : "", bad ? ": " : "",
			msg ? msg : "");
		free(msg);
		return;
	}
	if (f->done(t, f->j->fs, f->j->appno, &msg)) {
		f->leave = true;
	} else {
		tui_msg(t, TUI_MSG_ERROR, "未提交: %s", msg ? msg : "");
		free(msg);
	}
}

static void goto_screen(struct tui *t, struct formscr *f, int dir)
{
	const struct form_field *bad = NULL;
	char *msg = NULL;
	int si = f->si + dir;

	if (f->sec && dir > 0) {
		finish_section(t, f);
		return;
	}
	if (f->sec) {
		/* nothing was written: the stored values stand */
		tui_msg(t, TUI_MSG_INFO, "已取消, 没有提交。");
		f->leave = true;
		return;
	}
	commit(t, f);
	if (dir > 0 && !formstate_screen_ok(f->j->fs, scr_of(f), &bad, &msg)) {
		if (bad) {
			set_err(f, bad, formstate_field_error(f->j->fs, bad));
			if (formstate_field_editable(f->j->fs, bad))
				enter_field(t, f, bad);
		}
		journey_page_error(t, bad, msg);
		free(msg);
		return;
	}
	free(msg);
	while (si >= 0 && si < f->nscreens && !formstate_screen_visible(f->j->fs, f->screens[si]))
		si += dir;
	if (si < 0) {
		journey_prev(t, f->j);
	} else if (si >= f->nscreens) {
		journey_next(t, f->j);
	} else {
		open_screen(t, f, si, NULL);
	}
}

static void move_field(struct tui *t, struct formscr *f, int dir)
{
	const struct form_field *n;

	commit(t, f);
	n = next_field(f, f->cur, dir);
	if (n) {
		enter_field(t, f, n);
	} else if (dir > 0) {
		goto_screen(t, f, 1);        /* Enter on the last field: the next step */
	} else {
		enter_field(t, f, f->cur);   /* the first field: stay */
	}
}

/* ---- F1: the field's help ---- */

struct fieldhelp {
	struct pager pager;
	struct tui_rect body;
};

static bool fieldhelp_init(struct tui *t, void *arg, void **state)
{
	struct fieldhelp *h = xcalloc(1, sizeof(*h));

	(void)t;
	pager_init(&h->pager);
	pager_add(&h->pager, arg, STYLE_NORMAL);
	free(arg);
	*state = h;
	return true;
}

static void fieldhelp_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct fieldhelp *h = state;

	(void)t;
	h->body = *b;
	pager_draw(&h->pager, b);
}

static enum tui_outcome fieldhelp_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct fieldhelp *h = state;

	(void)t;
	return pager_key(&h->pager, k, &h->body);
}

static void fieldhelp_done(struct tui *t, void *state)
{
	struct fieldhelp *h = state;

	(void)t;
	pager_release(&h->pager);
	free(h);
}

static const struct screen_ops fieldhelp_ops = {
	.name = "field-help",
	.title = "本项说明",
	.keyctx = KC_PAGER,
	.init = fieldhelp_init,
	.draw = fieldhelp_draw,
	.key = fieldhelp_key,
	.done = fieldhelp_done,
};

static void conds_text(struct strbuf *sb, const struct form *form, const struct form_conds *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct form_field *o = form_field_find(form, c->v[i].field);

		sb_addf(sb, "%s「%s」%s「%s」", i ? "并且" : "", o ? o->label : c->v[i].field,
			c->v[i].negate ? "不是" : "为", c->v[i].value);
	}
}

static char *field_help_text(const struct formscr *f, const struct form_field *fld)
{
	const struct form *form = f->j->form;
	struct strbuf sb;

	sb_init(&sb);
	sb_addf(&sb, "【%s】 (%s)\n\n", fld->label, fld->section ? fld->section->title : "");
	sb_addf(&sb, "类型: %s\n", form_type_zh(fld->type));
	sb_addf(&sb, "%s\n", fld->required ? "必填 (标 * 的项)" : "选填");
	if (fld->max > 0)
		sb_addf(&sb, "最多 %d 个字\n", fld->max);
	if (input_of(fld)->help)
		input_of(fld)->help(fld, &sb);
	if (fld->hint)
		sb_addf(&sb, "\n提示: %s\n", fld->hint);
	for (size_t i = 0; i < fld->notes.n; i++)
		sb_addf(&sb, "\n%s\n", fld->notes.v[i]);
	for (size_t i = 0; i < fld->nchecks; i++) {
		sb_addf(&sb, "\n规则: 按%s校验", form_type_zh(fld->checks[i].type));
		if (fld->checks[i].when.n) {
			sb_adds(&sb, " (当");
			conds_text(&sb, form, &fld->checks[i].when);
			sb_adds(&sb, "时)");
		}
		sb_addc(&sb, '\n');
	}
	for (size_t i = 0; i < fld->nrules; i++) {
		const struct form_field *o = form_field_find(form, fld->rules[i].other);

		sb_addf(&sb, "\n规则: 须%s「%s」 — %s\n", fld->rules[i].op == RULE_EQUALS ? "与以下项相同:" : "与以下项不同:",
			o ? o->label : fld->rules[i].other, fld->rules[i].message);
	}
	for (size_t i = 0; i < fld->nprefills; i++) {
		const struct form_prefill *p = &fld->prefills[i];
		const struct form_field *o = p->from == PF_FIELD ? form_field_find(form, p->source) : NULL;

		if (p->from == PF_FIELD)
			sb_addf(&sb, "\n自动填入: 「%s」的内容 (可修改)\n", o ? o->label : p->source);
		else
			sb_adds(&sb, "\n自动填入: 所选证书的信息 (可修改)\n");
	}
	if (fld->when.n) {
		sb_adds(&sb, "\n仅当");
		conds_text(&sb, form, &fld->when);
		sb_adds(&sb, "时填写。\n");
	}
	if (fld->section && fld->section->copy_from)
		sb_adds(&sb, "\n按 F3 可一键复制经办人信息到本节。\n");
	sb_adds(&sb, "\n按 Esc 返回。");
	return sb_detach(&sb);
}

/* ---- drawing ---- */

enum rowkind { R_HEAD, R_NOTE, R_FIELD, R_ERR, R_HINT, R_CAND, R_MORE };

struct row {
	enum rowkind k;
	const struct form_field *f;
	const char *text;
	int sub;                  /* R_NOTE: line of the wrapped text; R_CAND: candidate index */
	enum tui_style style;
	int indent;
};

struct rows {
	struct row *v;
	int n, cap;
};

static void row_add(struct rows *r, struct row row)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->v = xrealloc(r->v, (size_t)r->cap * sizeof(*r->v));
	}
	r->v[r->n++] = row;
}

static void note_rows(struct rows *r, const char *text, int width, int indent, enum tui_style st)
{
	int n = tui_text_lines(text, width - indent);

	for (int i = 0; i < n; i++)
		row_add(r, (struct row){ .k = R_NOTE, .text = text, .sub = i, .style = st, .indent = indent });
}

static void build_rows(struct formscr *f, struct rows *r, int width)
{
	const struct form_screen *scr = scr_of(f);
	const struct formstate *fs = f->j->fs;

	for (size_t i = 0; !f->sec && i < scr->notes.n; i++)
		note_rows(r, scr->notes.v[i], width, 0, STYLE_HINT);
	for (size_t s = 0; s < scr->nsections; s++) {
		const struct form_section *sec = scr->sections[s];

		if (!section_shown(f, sec) || !formstate_section_visible(fs, sec))
			continue;
		row_add(r, (struct row){ .k = R_HEAD, .text = sec->title, .style = STYLE_HEADING });
		for (size_t i = 0; i < sec->notes.n; i++)
			note_rows(r, sec->notes.v[i], width, 2, STYLE_HINT);
		for (size_t i = 0; i < sec->nfields; i++) {
			const struct form_field *fld = sec->fields[i];
			bool active = fld == f->cur;

			if (!formstate_field_visible(fs, fld))
				continue;
			row_add(r, (struct row){ .k = R_FIELD, .f = fld });
			if (f->err[fld->index])
				row_add(r, (struct row){ .k = R_ERR, .f = fld, .text = f->err[fld->index],
							 .style = STYLE_ERROR, .indent = LABEL_COLS });
			if (active && fld->hint)
				row_add(r, (struct row){ .k = R_HINT, .f = fld, .text = fld->hint, .style = STYLE_HINT,
							 .indent = LABEL_COLS });
			if (active && f->in->ops->cands) {
				bool more = false;
				int first = 0, n = f->in->ops->cands(f->in, &first, &more);

				for (int c = first; c < first + n; c++)
					row_add(r, (struct row){ .k = R_CAND, .f = fld, .sub = c, .indent = LABEL_COLS });
				if (more)
					row_add(r, (struct row){ .k = R_MORE, .f = fld, .indent = LABEL_COLS,
								 .style = STYLE_HINT });
			}
			for (size_t n = 0; n < fld->notes.n; n++)
				note_rows(r, fld->notes.v[n], width, 2, STYLE_HINT);
		}
	}
}

static void draw_box(struct formscr *f, const struct form_field *fld, int y, int x, int w)
{
	const struct formstate *fs = f->j->fs;

	if (!formstate_field_editable(fs, fld)) {
		tui_draw_text(stdscr, y, x, formstate_get(fs, fld->key), w, A_NORMAL);
		return;
	}
	if (fld == f->cur) {
		f->in->ops->draw(f->in, y, x, w);
	} else {
		char *d = formstate_display(fs, fld);

		tui_draw_fill(stdscr, y, x, d, w, tui_style(STYLE_FIELD));
		free(d);
	}
}

static void draw_row(struct formscr *f, const struct row *r, int y, int x, int w)
{
	const struct form_field *fld = r->f;

	switch (r->k) {
	case R_HEAD: {
		const struct form_section *sec = NULL;

		for (size_t s = 0; s < scr_of(f)->nsections; s++)
			if (scr_of(f)->sections[s]->title == r->text)
				sec = scr_of(f)->sections[s];
		int n = tui_draw_text(stdscr, y, x, "■ ", w, tui_style(STYLE_HEADING));
		n += tui_draw_text(stdscr, y, x + n, r->text, w - n, tui_style(STYLE_HEADING));
		if (sec && sec->copy_from) {
			const struct form_section *from = form_section_find(f->j->form, sec->copy_from);
			char *s = xasprintf("   (按 F3: 同%s)", from ? from->title : sec->copy_from);

			tui_draw_text(stdscr, y, x + n, s, w - n, tui_style(STYLE_HINT));
			free(s);
		}
		break;
	}
	case R_NOTE:
		tui_draw_wrapped(stdscr, y, x + r->indent, w - r->indent, r->text, r->sub, 1, tui_style(r->style));
		break;
	case R_FIELD: {
		int bw = w - LABEL_COLS < BOX_COLS ? w - LABEL_COLS : BOX_COLS;
		bool bad = f->err[fld->index] != NULL;

		if (fld->required && formstate_field_editable(f->j->fs, fld))
			tui_draw_text(stdscr, y, x, "*", 1, tui_style(STYLE_ERROR));
		tui_draw_text(stdscr, y, x + 1, fld->label, LABEL_COLS - 2,
			      tui_style(bad ? STYLE_ERROR : fld == f->cur ? STYLE_HEADING : STYLE_LABEL));
		draw_box(f, fld, y, x + LABEL_COLS, bw);
		break;
	}
	case R_ERR: {
		char *s = xasprintf("✗ %s", r->text);
		tui_draw_text(stdscr, y, x + r->indent, s, w - r->indent, tui_style(STYLE_ERROR));
		free(s);
		break;
	}
	case R_HINT:
		tui_draw_text(stdscr, y, x + r->indent, r->text, w - r->indent, tui_style(STYLE_HINT));
		break;
	case R_CAND: {
		char *text, *s;
		bool sel = false;

		text = f->in->ops->cand(f->in, r->sub, &sel);
		if (!text)
			break;
		s = xasprintf("%s %s ", sel ? "▸" : " ", text);
		free(text);
		tui_draw_fill(stdscr, y, x + r->indent + 1, s, BOX_COLS - 2 < w - r->indent - 1 ? BOX_COLS - 2 : w - r->indent - 1,
			      sel ? tui_style(STYLE_SELECTED) : A_NORMAL);
		free(s);
		break;
	}
	case R_MORE: {
		char *s = f->in->ops->more ? f->in->ops->more(f->in) : NULL;

		if (s)
			tui_draw_text(stdscr, y, x + r->indent + 1, s, w - r->indent - 1, tui_style(STYLE_HINT));
		free(s);
		break;
	}
	}
}

static void form_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct formscr *f = state;
	struct rows rows = { 0 };
	int x = b->x + 1, w = b->w - 2, y0, h, ra = -1, rb = -1;

	if (f->sec) {
		y0 = b->y;
		tui_draw_text(stdscr, y0++, x, f->heading ? f->heading : "", w, tui_style(STYLE_HEADING));
		if (f->note)
			tui_draw_text(stdscr, y0++, x, f->note, w, tui_style(STYLE_LABEL));
		y0++;
	} else {
		y0 = b->y + journey_crumbs(t, f->j, b->y);
	}
	if (f->nscreens > 1) {
		char *s = xasprintf("%s (%d/%d)", scr_of(f)->title, f->si + 1, f->nscreens);
		tui_draw_text(stdscr, y0++, x, s, w, tui_style(STYLE_HEADING));
		free(s);
	}
	h = b->y + b->h - y0;
	build_rows(f, &rows, w);
	for (int i = 0; i < rows.n; i++) {
		if (rows.v[i].f == f->cur && f->cur) {
			if (ra < 0)
				ra = i;
			if (rows.v[i].k != R_NOTE)
				rb = i;
		}
	}
	if (ra >= 0) {
		int top = ra > 0 && rows.v[ra - 1].k == R_HEAD ? ra - 1 : ra;

		if (rb - top + 1 > h)
			rb = top + h - 1;
		if (top < f->scroll)
			f->scroll = top;
		if (rb >= f->scroll + h)
			f->scroll = rb - h + 1;
	}
	if (f->scroll > rows.n - h)
		f->scroll = rows.n - h > 0 ? rows.n - h : 0;
	if (f->scroll < 0)
		f->scroll = 0;
	for (int i = 0; i < h && f->scroll + i < rows.n; i++)
		draw_row(f, &rows.v[f->scroll + i], y0 + i, x, w);
	if (f->scroll > 0)
		tui_draw_text(stdscr, y0, b->x + b->w - 3, "↑", 2, tui_style(STYLE_HINT));
	if (f->scroll + h < rows.n)
		tui_draw_text(stdscr, y0 + h - 1, b->x + b->w - 3, "↓", 2, tui_style(STYLE_HINT));
	free(rows.v);
}

/* ---- keys ---- */

static enum tui_outcome form_key1(struct tui *t, struct formscr *f, const struct tui_key *k);

static enum tui_outcome form_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct formscr *f = state;
	enum tui_outcome out = form_key1(t, f, k);

	return f->leave ? TUI_LEAVE : out;
}

static enum tui_outcome form_key1(struct tui *t, struct formscr *f, const struct tui_key *k)
{
	enum tui_outcome out = TUI_UNHANDLED;

	if (f->cur) {
		out = f->in->ops->key(f->in, k);
		if (out == TUI_NEXT_FIELD || out == TUI_PREV_FIELD)
			out = TUI_UNHANDLED;
		if (out != TUI_UNHANDLED)
			return out;
	}
	switch (k->act) {
	case ACT_NEXT_FIELD:
		move_field(t, f, 1);
		return TUI_REDRAW;
	case ACT_PREV_FIELD:
		move_field(t, f, -1);
		return TUI_REDRAW;
	case ACT_NEXT_SCREEN:
		goto_screen(t, f, 1);
		return TUI_REDRAW;
	case ACT_PREV_SCREEN:
	case ACT_BACK:
		goto_screen(t, f, -1);
		return TUI_REDRAW;
	case ACT_SAVE_LEAVE:
		if (f->sec)
			return TUI_UNHANDLED;   /* nothing is saved before the section is right */
		commit(t, f);
		journey_leave(t, f->j);
		return TUI_REDRAW;
	case ACT_FIELD_HELP:
		if (!f->cur)
			return TUI_UNHANDLED;
		tui_push(t, &fieldhelp_ops, field_help_text(f, f->cur));
		return TUI_REDRAW;
	case ACT_COPY: {
		const struct form_section *sec = f->cur ? f->cur->section : NULL;
		char *err = NULL;
		int n;

		if (!sec || !sec->copy_from) {
			tui_msg(t, TUI_MSG_INFO, "本节没有可一键复制的内容。");
			return TUI_REDRAW;
		}
		n = formstate_copy_section(f->j->fs, sec, &err);
		if (n < 0) {
			tui_msg(t, TUI_MSG_ERROR, "复制失败: %s", err ? err : "");
			free(err);
			return TUI_REDRAW;
		}
		for (size_t i = 0; i < sec->nfields; i++)
			set_err(f, sec->fields[i], formstate_field_error(f->j->fs, sec->fields[i]));
		enter_field(t, f, f->cur);
		tui_msg(t, TUI_MSG_OK, "已复制%s到%s (%d 项)。", form_section_find(f->j->form, sec->copy_from)
						 ? form_section_find(f->j->form, sec->copy_from)->title : "", sec->title, n);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static void form_resume(struct tui *t, void *state)
{
	struct formscr *f = state;

	land_on_lost(t, f);
}

static void form_done(struct tui *t, void *state)
{
	struct formscr *f = state;

	(void)t;
	if (f->in)
		f->in->ops->close(f->in);
	for (size_t i = 0; i < f->j->form->nfields; i++)
		free(f->err[i]);
	free(f->err);
	free(f->screens);
	if (f->sec) {
		formstate_free(f->own.fs);
		form_free(f->own.form);
		free(f->heading);
		free(f->note);
	}
	free(f);
}

static void section_arg_free(struct form_section_arg *a)
{
	free(a->section);
	free(a->heading);
	free(a->note);
	free(a);
}

static bool section_init(struct tui *t, void *arg, void **state)
{
	struct form_section_arg *a = arg;
	struct formscr *f;
	struct form *form;
	const struct form_section *sec;
	struct formstate *fs;
	char *err = NULL, *no;

	form = form_journey_load(t->store, "不能打开", &err);
	if (!form) {
		tui_msg(t, TUI_MSG_ERROR, "%s", err);
		free(err);
		section_arg_free(a);
		return false;
	}
	sec = form_section_find(form, a->section);
	fs = sec && sec->screen->kind == SK_FIELDS ? formstate_open(form, t->store, a->app_id, t->op.id, &err) : NULL;
	if (!fs) {
		if (!sec || sec->screen->kind != SK_FIELDS)
			tui_msg(t, TUI_MSG_ERROR, "表单中没有录入的「%s」一节", a->section);
		else
			tui_msg(t, TUI_MSG_ERROR, "无法打开申请: %s", err ? err : "");
		free(err);
		form_free(form);
		section_arg_free(a);
		return false;
	}
	/* nothing is written until the section is right and done writes it */
	formstate_hold(fs);
	f = xcalloc(1, sizeof(*f));
	f->j = &f->own;
	f->own.app_id = a->app_id;
	no = app_get_field(t->store, a->app_id, "app_no");
	snprintf(f->own.appno, sizeof(f->own.appno), "%s", no ? no : "");
	free(no);
	f->own.form = form;
	f->own.fs = fs;
	f->sec = sec;
	f->heading = a->heading;
	f->note = a->note;
	f->done = a->done;
	a->heading = a->note = NULL;
	section_arg_free(a);
	f->screens = xcalloc(1, sizeof(*f->screens));
	f->screens[f->nscreens++] = sec->screen;
	f->err = xcalloc(form->nfields, sizeof(*f->err));
	f->host.commit = host_commit;
	open_screen(t, f, 0, NULL);
	*state = f;
	return true;
}

const struct screen_ops screen_form_ops = {
	.name = "journey-form",
	.keyctx = KC_FIELDS | KC_FORM | KC_EDIT | KC_ENTRY,
	.init = form_init,
	.draw = form_draw,
	.key = form_key,
	.resume = form_resume,
	.done = form_done,
};

const struct screen_ops screen_form_section_ops = {
	.name = "form-section",
	.title = "重新录入",
	.keyctx = KC_FIELDS | KC_EDIT | KC_ENTRY,
	.init = section_init,
	.draw = form_draw,
	.key = form_key,
	.done = form_done,
};
