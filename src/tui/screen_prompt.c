/* screen_prompt.c - one line of input on its own screen (a refund reason, a
 * void confirmation, the export file name): the caller's submit callback
 * does the work and decides whether the prompt closes. */
#include "tui/screens.h"
#include "tui/field.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdlib.h>

struct prompt {
	struct prompt_arg *arg;
	struct editor ed;
};

struct prompt_arg *prompt_arg_new(const char *heading, const char *label, const char *hint, const char *initial)
{
	struct prompt_arg *a = xcalloc(1, sizeof(*a));

	a->heading = xstrdup(heading);
	a->label = xstrdup(label);
	a->hint = xstrdup(hint);
	a->initial = xstrdup(initial);
	return a;
}

static void arg_free(struct prompt_arg *a)
{
	if (!a)
		return;
	if (a->free_ud)
		a->free_ud(a->ud);
	free(a->heading);
	free(a->label);
	free(a->hint);
	free(a->initial);
	free(a);
}

static bool prompt_init(struct tui *t, void *arg, void **state)
{
	struct prompt *p;

	(void)t;
	if (!arg)
		return false;
	p = xcalloc(1, sizeof(*p));
	p->arg = arg;
	editor_init(&p->ed, p->arg->maxlen, NULL);
	if (p->arg->initial)
		editor_set(&p->ed, p->arg->initial);
	*state = p;
	return true;
}

static void prompt_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct prompt *p = state;
	int x0 = b->x + 2, w = b->w - 4, lw = p->arg->label ? (int)utf8_cols(p->arg->label) + 1 : 0;
	int y = b->y + 2;

	y += tui_draw_wrapped(stdscr, y, x0, w, p->arg->heading ? p->arg->heading : "", 0, 4,
			      tui_style(STYLE_HEADING)) + 1;
	if (p->arg->label)
		tui_draw_text(stdscr, y, x0, p->arg->label, w, tui_style(STYLE_LABEL));
	tui_field_draw(t, y, x0 + lw, w - lw, &p->ed, true, false);
	y += 2;
	if (p->arg->hint)
		y += tui_draw_wrapped(stdscr, y, x0, w, p->arg->hint, 0, b->y + b->h - y - 2, tui_style(STYLE_HINT));
	tui_draw_text(stdscr, b->y + b->h - 1, x0, "Enter 确认    Esc 取消 (不做任何更改)", w, tui_style(STYLE_HINT));
}

static enum tui_outcome prompt_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct prompt *p = state;
	enum tui_outcome out;
	char *text, *err = NULL;
	bool ok;

	/* only Enter confirms: a stray arrow or Tab must not void or send anything */
	if (k->key != '\n' && k->key != '\r' && k->key != TUI_KEY_FN(KEY_ENTER)) {
		out = tui_field_key(&p->ed, k);
		if (out == TUI_UNHANDLED && k->act == ACT_BACK) {
			tui_msg(t, TUI_MSG_INFO, "已取消, 没有任何更改。");
			return TUI_LEAVE;
		}
		return out;
	}
	text = editor_text(&p->ed);
	str_trim(text);
	if (p->arg->required && !*text) {
		tui_msg(t, TUI_MSG_ERROR, "请填写%s", p->arg->label ? p->arg->label : "内容");
		free(text);
		return TUI_REDRAW;
	}
	ok = p->arg->submit(t, p->arg->ud, text, &err);
	free(text);
	if (ok)
		return TUI_LEAVE;
	tui_msg(t, TUI_MSG_ERROR, "%s", err ? err : "操作未完成");
	free(err);
	return TUI_REDRAW;
}

static void prompt_done(struct tui *t, void *state)
{
	struct prompt *p = state;

	(void)t;
	editor_release(&p->ed);
	arg_free(p->arg);
	free(p);
}

const struct screen_ops screen_prompt_ops = {
	.name = "prompt",
	.title = "请输入",
	.keyctx = KC_EDIT,   /* Enter confirms (read as a key), no fields to move between */
	.init = prompt_init,
	.draw = prompt_draw,
	.key = prompt_key,
	.done = prompt_done,
};
