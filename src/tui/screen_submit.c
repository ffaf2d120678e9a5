/* screen_submit.c - 提交: the summary of everything entered, grouped as on the
 * form (sensitive values in full: the clerk checks them with the customer),
 * then F5 puts the application into 待审核 with a status-history row. */
#include "core/clock.h"
#include "tui/screens.h"
#include "tui/journey.h"
#include "tui/pager.h"
#include "form/form_lib.h"
#include "core/status.h"
#include "core/utf8.h"
#include "core/text.h"
#include "core/util.h"
#include "store/app.h"
#include "store/review.h"
#include "store/steps.h"

#include <stdlib.h>
#include <string.h>

struct submit {
	struct journey *j;
	const struct form_screen *scr;   /* the summary screen (its notes) */
	struct pager pager;
	struct tui_rect text;
	const struct form_section *last;
};

static void walk_cb(const struct form_screen *scr, const struct form_section *sec, const struct form_field *f,
		    const char *display, void *ud)
{
	struct submit *s = ud;
	char *line;
	int pad;

	(void)scr;
	if (sec != s->last) {
		char *head = xasprintf("%s■ %s", s->last ? "\n" : "", sec->title);
		pager_add(&s->pager, head, STYLE_HEADING);
		free(head);
		s->last = sec;
	}
	pad = 20 - (int)utf8_cols(f->label);
	line = xasprintf("  %s%*s%s", f->label, pad > 1 ? pad : 1, "", *display ? display : "(未填写)");
	pager_add(&s->pager, line, *display ? STYLE_NORMAL : STYLE_DISABLED);
	free(line);
}

static void build(struct tui *t, struct submit *s)
{
	const struct form *form = s->j->form;
	char *warn;
	size_t nmissing;

	pager_release(&s->pager);
	pager_init(&s->pager);
	s->last = NULL;
	for (size_t i = 0; i < form->nscreens; i++) {
		const struct form_screen *scr = form->screens[i];

		if (scr->kind != SK_AGREEMENTS)
			continue;
		pager_add(&s->pager, "■ 协议", STYLE_HEADING);
		for (size_t a = 0; a < scr->nagreements; a++) {
			char *v = app_get_field(t->store, s->j->app_id, scr->agreements[a].column);
			char *line = v ? xasprintf("  %s  已同意 (版本 %s)", scr->agreements[a].title, v)
				       : xasprintf("  %s  未同意", scr->agreements[a].title);

			pager_add(&s->pager, line, v ? STYLE_NORMAL : STYLE_ERROR);
			free(line);
			free(v);
		}
		if (scr->consent_time) {
			char *v = app_get_field(t->store, s->j->app_id, scr->consent_time);
			char shown[CLOCK_SHOWN];
			char *l = xasprintf("  同意时间            %s", clock_show(v, false, shown, sizeof(shown)));

			pager_add(&s->pager, l, STYLE_NORMAL);
			free(l);
			free(v);
		}
		s->last = (const struct form_section *)scr;   /* a blank line before the next heading */
	}
	formstate_walk(s->j->fs, walk_cb, s);
	{
		/* the steps after 录入信息, and the PIN-delivery rule of the chosen payment */
		char *steps = steps_summary(t->store, s->j->app_id);

		pager_add(&s->pager, "", STYLE_NORMAL);
		pager_add(&s->pager, steps, STYLE_NORMAL);
		free(steps);
	}
	nmissing = formstate_missing(s->j->fs, NULL, NULL);
	if (nmissing) {
		char *l = xasprintf("\n还有 %zu 个必填项未填写, 不能提交。按 Shift-Tab 返回修改。", nmissing);
		pager_add(&s->pager, l, STYLE_ERROR);
		free(l);
	}
	warn = review_duplicate_warning(t->store, s->j->app_id);
	if (warn) {
		pager_add(&s->pager, "", STYLE_NORMAL);
		pager_add(&s->pager, warn, STYLE_ERROR);
		free(warn);
	}
	for (size_t i = 0; s->scr && i < s->scr->notes.n; i++) {
		pager_add(&s->pager, "", STYLE_NORMAL);
		pager_add(&s->pager, s->scr->notes.v[i], STYLE_HINT);
	}
}

static bool submit_init(struct tui *t, void *arg, void **state)
{
	struct submit *s = xcalloc(1, sizeof(*s));

	s->j = arg;
	for (size_t i = 0; i < s->j->form->nscreens && !s->scr; i++)
		if (s->j->form->screens[i]->kind == SK_SUMMARY)
			s->scr = s->j->form->screens[i];
	pager_init(&s->pager);
	build(t, s);
	*state = s;
	return true;
}

static void submit_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct submit *s = state;

	int crumbs = journey_crumbs(t, s->j, b->y);

	s->text = (struct tui_rect){ .y = b->y + crumbs + 1, .x = b->x, .h = b->h - crumbs - 2, .w = b->w };
	pager_draw(&s->pager, &s->text);
	tui_draw_text(stdscr, b->y + b->h - 1, b->x + 1, "请与客户逐项核对。确认无误后按 F5 提交审核; 需要修改请按 Shift-Tab 返回。",
		      b->w - 2, tui_style(STYLE_HEADING));
}

/* The first step and field with an error, over the whole form. */
static bool form_ok(struct submit *s, const struct form_field **bad, char **msg)
{
	const struct form *form = s->j->form;

	for (size_t i = 0; i < form->nscreens; i++) {
		const struct form_screen *scr = form->screens[i];

		if (scr->kind == SK_SUMMARY || !formstate_screen_visible(s->j->fs, scr))
			continue;
		*bad = NULL;
		if (!formstate_screen_ok(s->j->fs, scr, bad, msg))
			return false;
	}
	return true;
}

static enum tui_outcome do_submit(struct tui *t, struct submit *s)
{
	const struct form_field *bad = NULL;
	char *msg = NULL, *err = NULL;
	int st = app_status(t->store, s->j->app_id);
	bool ok;

	if (!form_ok(s, &bad, &msg)) {
		tui_msg(t, TUI_MSG_ERROR, "不能提交: %s%s%s", bad ? bad->label : "", bad ? ": " : "",
			msg ? msg : "请完成前面各步");
		free(msg);
		return TUI_REDRAW;
	}
	if (!formstate_clear_hidden(s->j->fs, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "%s%s", text("msg.submit_failed"), err ? err : "");
		free(err);
		return TUI_REDRAW;
	}
	if (status_allows(st, SR_FINAUTH))
		ok = app_transition(t->store, s->j->app_id, ST_QUEUED, t->op.id, t->op.login, "重新提交金融认证信息",
				    &err);
	else
		ok = review_submit(t->store, s->j->app_id, t->op.id, &err);
	if (!ok) {
		tui_msg(t, TUI_MSG_ERROR, "%s%s", text("msg.submit_failed"), err ? err : "");
		free(err);
		return TUI_REDRAW;
	}
	journey_leave(t, s->j);
	st = app_status(t->store, s->j->app_id);
	tui_msg(t, TUI_MSG_OK, "申请 %s 已提交, 状态: %s。", s->j->appno, st >= 0 ? status_name(st) : "");
	return TUI_REDRAW;
}

static enum tui_outcome submit_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct submit *s = state;

	switch (k->act) {
	case ACT_SUBMIT:
		return do_submit(t, s);
	case ACT_PREV_SCREEN:
	case ACT_BACK:
		journey_prev(t, s->j);
		return TUI_REDRAW;
	case ACT_SAVE_LEAVE:
		journey_leave(t, s->j);
		return TUI_REDRAW;
	default:
		return pager_key(&s->pager, k, &s->text);
	}
}

static void submit_resume(struct tui *t, void *state)
{
	build(t, state);
}

static void submit_done(struct tui *t, void *state)
{
	struct submit *s = state;

	(void)t;
	pager_release(&s->pager);
	free(s);
}

const struct screen_ops screen_submit_ops = {
	.name = "journey-submit",
	.keyctx = KC_PAGER | KC_SUBMIT,
	.init = submit_init,
	.draw = submit_draw,
	.key = submit_key,
	.resume = submit_resume,
	.done = submit_done,
};
