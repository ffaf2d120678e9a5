/* screen_cert.c - 证书选择: the clerk types the certificate serial number and
 * queries (Enter); the matching certificates are listed (holder, type,
 * validity, status) and the chosen one prefills what it knows. The lookup
 * asks the CA centre (sync/sync.h cert_lookup), or, when it cannot be
 * reached, the branch's certificate cache, marked 离线. A warning is shown when
 * the serial or credit code already has another open application. */
#include "tui/screens.h"
#include "tui/field.h"
#include "tui/journey.h"
#include "tui/list.h"
#include "form/form_lib.h"
#include "core/certvocab.h"
#include "core/text.h"
#include "core/util.h"
#include "store/review.h"
#include "store/store.h"
#include "sync/sync.h"

#include <stdlib.h>
#include <string.h>

struct cert_row {
	char *serial, *holder, *type, *valid, *status;
};

struct certscr {
	struct journey *j;
	const struct form_screen *scr;
	const struct form_field *serial_field;   /* the field with `prefill cert.serial` */
	struct editor ed;
	bool in_list;                            /* focus on the results */
	bool queried;
	struct cert_row *rows;
	int nrows;
	struct tui_list list;
	char *warning;                           /* duplicate applications, after choosing */
	bool offline;                            /* the last lookup was answered by the cache */
	char *lookup_note;                       /* 离线 and why, or NULL */
};

static void rows_free(struct certscr *c)
{
	for (int i = 0; i < c->nrows; i++) {
		free(c->rows[i].serial);
		free(c->rows[i].holder);
		free(c->rows[i].type);
		free(c->rows[i].valid);
		free(c->rows[i].status);
	}
	xfree(&c->rows);
	c->nrows = 0;
}

/* Shown in Chinese whatever the cache holds (codes from older caches too). */
static char *cert_word(const char *v)
{
	return xstrdup(v ? cert_word_zh(v) : "");
}

/* Ask the centre (cert_lookup; the branch's cache answers when the centre
 * cannot be reached, and the list is marked 离线). */
static void lookup(struct tui *t, struct certscr *c, const char *serial)
{
	struct cert_info *res = NULL;
	char *err = NULL;
	int n;

	store_flush(t->store);   /* no write lock held while the centre answers */
	n = cert_lookup(t->conf, t->store, serial, &res, &c->offline, &err);

	rows_free(c);
	xfree(&c->lookup_note);
	if (n < 0) {
		tui_msg(t, TUI_MSG_ERROR, "无法查询证书: %s", err ? err : "");
		n = 0;
	} else if (c->offline) {
		c->lookup_note = xasprintf("离线: 无法连接 CA 中心 (%s), 以下为本网点缓存的证书信息", err ? err : "未配置");
	}
	for (int i = 0; i < n; i++) {
		struct cert_row *r;

		c->rows = xrealloc(c->rows, (size_t)(c->nrows + 1) * sizeof(*c->rows));
		r = &c->rows[c->nrows++];
		r->serial = xstrdup(res[i].serial ? res[i].serial : "");
		r->holder = xstrdup(res[i].holder ? res[i].holder : "");
		r->type = cert_word(res[i].cert_type);
		r->valid = xasprintf("%.10s~%.10s", res[i].valid_from ? res[i].valid_from : "",
				     res[i].valid_to ? res[i].valid_to : "");
		r->status = cert_word(res[i].status);
	}
	if (res)
		cert_info_free(res, n);
	free(err);
	tui_list_init(&c->list, c->nrows);
	c->queried = true;
}

/* The field of SCR that a certificate's COLUMN prefills (`prefill cert.COLUMN`). */
static const struct form_field *cert_field(const struct form_screen *scr, const char *column)
{
	for (size_t i = 0; i < scr->nsections; i++)
		for (size_t k = 0; k < scr->sections[i]->nfields; k++) {
			const struct form_field *f = scr->sections[i]->fields[k];

			for (size_t p = 0; p < f->nprefills; p++)
				if (f->prefills[p].from == PF_CERT && !strcmp(f->prefills[p].source, column))
					return f;
		}
	return NULL;
}

static bool cert_init(struct tui *t, void *arg, void **state)
{
	struct journey *j = arg;
	struct certscr *c;
	const struct form_screen *scr = NULL;
	const struct form_field *sf = NULL;

	for (size_t i = 0; i < j->form->nscreens && !scr; i++)
		if (j->form->screens[i]->kind == SK_CERTIFICATE)
			scr = j->form->screens[i];
	sf = scr ? cert_field(scr, "serial") : NULL;
	if (!scr || !sf) {
		tui_msg(t, TUI_MSG_ERROR, "表单中没有证书选择界面或序列号字段 (kind certificate, prefill cert.serial)");
		return false;
	}
	c = xcalloc(1, sizeof(*c));
	c->j = j;
	c->scr = scr;
	c->serial_field = sf;
	editor_init(&c->ed, (size_t)(sf->max > 0 ? sf->max : 64), editor_filter_find("serial"));
	editor_set(&c->ed, formstate_get(j->fs, sf->key));
	tui_list_init(&c->list, 0);
	c->warning = review_duplicate_warning(t->store, j->app_id);
	*state = c;
	return true;
}

static void draw_row(void *ud, int index, int y, int x, int width, bool selected)
{
	struct certscr *c = ud;
	const struct cert_row *r = &c->rows[index];
	const char *cells[] = { r->serial, r->holder, r->type, r->valid, r->status };
	static const int widths[] = { 18, 18, 12, 21, 6 };

	(void)width;
	tui_draw_columns(y, x, cells, widths, 5, selected && c->in_list ? tui_style(STYLE_SELECTED) : A_NORMAL);
}

static void cert_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct certscr *c = state;
	const struct formstate *fs = c->j->fs;
	int y = b->y, x = b->x + 1, w = b->w - 2;
	const char *chosen = formstate_get(fs, c->serial_field->key);

	y += journey_crumbs(t, c->j, y) + 1;
	for (size_t i = 0; i < c->scr->notes.n; i++)
		y += tui_draw_wrapped(stdscr, y, x, w, c->scr->notes.v[i], 0, 2, tui_style(STYLE_HINT));
	y++;
	tui_draw_text(stdscr, y, x, "*", 1, tui_style(STYLE_ERROR));
	tui_draw_text(stdscr, y, x + 1, c->serial_field->label, 16, tui_style(STYLE_LABEL));
	tui_field_draw(t, y, x + 18, 36, &c->ed, !c->in_list, false);
	tui_draw_text(stdscr, y, x + 56, "Enter 查询", w - 56, tui_style(STYLE_HINT));
	if (c->in_list)
		tui_cursor(t, -1, -1);
	y++;
	if (c->serial_field->hint)
		tui_draw_text(stdscr, y, x + 18, c->serial_field->hint, w - 18, tui_style(STYLE_HINT));
	y += 2;
	if (c->queried) {
		const char *const head[] = { text("col.cert_serial"), "证书持有者", "证书类型", "有效期", text("col.status") };
		static const int widths[] = { 18, 18, 12, 21, 6 };
		int rows = b->y + b->h - 4 - (y + 1);
		struct tui_rect lr = { .y = y + 1, .x = x, .h = rows > 1 ? rows : 1, .w = w };

		if (c->lookup_note) {
			tui_draw_text(stdscr, y - 1, x, c->lookup_note, w, tui_style(STYLE_ERROR));
		}
		tui_draw_columns(y, x, head, widths, 5, tui_style(STYLE_HEADING));
		tui_list_draw(&c->list, &lr, draw_row, c,
			      "没有找到该序列号的证书。请核对序列号 (区分大小写), 或请客户拨打客服热线查询。");
	}
	y = b->y + b->h - 3;
	if (*chosen) {
		const struct form_field *hf = cert_field(c->scr, "holder"), *tf = cert_field(c->scr, "cert_type");
		char *type = cert_word(tf ? formstate_get(fs, tf->key) : "");
		char *s = xasprintf("已选择证书: %s  %s  %s  (PgDn 下一步)", chosen,
				    hf ? formstate_get(fs, hf->key) : "", type);

		free(type);
		tui_draw_text(stdscr, y, x, s, w, tui_style(STYLE_OK));
		free(s);
	} else {
		tui_draw_text(stdscr, y, x,
			      c->queried && c->nrows ? "↑↓ 选择证书, Enter 确定" : "请输入证书序列号后按 Enter 查询。",
			      w, tui_style(STYLE_HINT));
	}
	if (c->warning)
		tui_draw_wrapped(stdscr, y + 1, x, w, c->warning, 0, 2, tui_style(STYLE_ERROR));
}

static enum tui_outcome query(struct tui *t, struct certscr *c)
{
	char *typed = editor_text(&c->ed), *norm = NULL;
	char *err = formstate_check(c->j->fs, c->serial_field, typed, &norm);

	if (err) {
		tui_msg(t, TUI_MSG_ERROR, "%s", str_empty(typed) ? "请输入证书序列号" : err);
		free(err);
		free(typed);
		return TUI_REDRAW;
	}
	lookup(t, c, norm);
	c->in_list = c->nrows > 0;
	if (!c->nrows)
		tui_msg(t, TUI_MSG_ERROR, "没有找到序列号为 %s 的证书。", norm);
	free(norm);
	free(typed);
	return TUI_REDRAW;
}

static enum tui_outcome choose(struct tui *t, struct certscr *c)
{
	char *err = NULL;

	if (c->list.sel < 0 || c->list.sel >= c->nrows)
		return TUI_HANDLED;
	if (!formstate_choose_cert(c->j->fs, c->rows[c->list.sel].serial, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "无法选择该证书: %s", err ? err : "");
		free(err);
		return TUI_REDRAW;
	}
	editor_set(&c->ed, c->rows[c->list.sel].serial);
	free(c->warning);
	c->warning = review_duplicate_warning(t->store, c->j->app_id);
	if (c->warning) {
		tui_msg(t, TUI_MSG_INFO, "已选择证书。请注意下方的重复申请提示; 确认无误后按 PgDn 继续。");
		c->in_list = false;
		return TUI_REDRAW;
	}
	journey_next(t, c->j);
	return TUI_REDRAW;
}

static enum tui_outcome cert_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct certscr *c = state;
	enum tui_outcome out;

	if (c->in_list) {
		if (k->key == TUI_KEY_FN(KEY_UP) || k->key == TUI_KEY_FN(KEY_DOWN)) {
			struct tui_key m = *k;

			m.act = k->key == TUI_KEY_FN(KEY_UP) ? ACT_UP : ACT_DOWN;
			if (m.act == ACT_UP && c->list.sel <= 0) {
				c->in_list = false;
				return TUI_REDRAW;
			}
			return tui_list_key(&c->list, &m, 10);
		}
		if (k->act == ACT_NEXT_FIELD)
			return choose(t, c);
		if (k->act == ACT_PREV_FIELD) {
			c->in_list = false;
			return TUI_REDRAW;
		}
		if (k->ch || k->act == ACT_ED_BACKSPACE)
			c->in_list = false;      /* typing goes to the serial box */
		else
			return TUI_UNHANDLED;
	}
	out = tui_field_key(&c->ed, k);
	if (out == TUI_NEXT_FIELD)
		return query(t, c);
	if (out == TUI_PREV_FIELD)
		return TUI_HANDLED;
	return out;
}

static void cert_done(struct tui *t, void *state)
{
	struct certscr *c = state;

	(void)t;
	rows_free(c);
	editor_release(&c->ed);
	free(c->warning);
	free(c->lookup_note);
	free(c);
}

const struct screen_ops screen_cert_ops = {
	.name = "journey-cert",
	.keyctx = KC_FORM | KC_FIELDS | KC_EDIT,
	.init = cert_init,
	.draw = cert_draw,
	.key = cert_key,
	.done = cert_done,
};
