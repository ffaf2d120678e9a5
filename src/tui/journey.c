/* journey.c - the replacement journey's controller: the steps, and the host
 * screen that owns the journey and shows one step screen at a time.
 *
 * The steps are the screens of forms/replacement.form, in its order (a run of
 * consecutive fields screens is one step, 录入信息); their titles (breadcrumb,
 * title bar) and names (applications.screen, for resuming) are the form's.
 * kinds[] below maps a screen's kind to the step screen that shows it: an
 * ordinary struct screen_ops whose init gets the struct journey * as its arg
 * (it does not own it). Plugging in a step kind = a row in
 * FORM_SCREEN_KIND_TABLE (core/form.h), its ops declared in screens.h and put
 * in its row of kinds[].
 *
 * The engine sees one screen per step: a host (the step's struct jstep: the
 * form's title, the step screen's key contexts, the host's functions) whose
 * state is the journey. The host passes draw/key/resize/resume/tick to the
 * step screen and, on done, frees the step's state, and the journey too
 * unless the journey is moving on to another step. So the journey is freed
 * exactly once however the screen stack is unwound (F2, Esc, logout, idle
 * lock, program end). */
#include "tui/journey.h"
#include "tui/screens.h"
#include "core/conf.h"
#include "form/form.h"
#include "form/formstate.h"
#include "form/shown.h"
#include "core/paths.h"
#include "core/utf8.h"
#include "core/util.h"
#include "store/app.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* The screen of each step kind: the only list of step screens. old_name is
 * what drafts saved before the steps came from the form have in
 * applications.screen (they resume on the same step). */
static const struct step_kind {
	const struct screen_ops *ops;
	const char *old_name;
} kinds[SK__COUNT] = {
	[SK_AGREEMENTS] = { &screen_agree_ops, "agree" },
	[SK_CERTIFICATE] = { &screen_cert_ops, "cert" },
	[SK_FIELDS] = { &screen_form_ops, "form" },
	[SK_PRINT] = { &screen_print_ops, "print" },
	[SK_ATTACHMENTS] = { &screen_attach_ops, "attach" },
	[SK_IDENTITY] = { &screen_idv_ops, "idv" },
	[SK_PAYMENT] = { &screen_pay_ops, "pay" },
	[SK_SUMMARY] = { &screen_submit_ops, "submit" },
};

/* One step: form->screens[from, to) (more than one only for consecutive
 * fields screens, the 录入信息 step), named and titled by the first. */
struct jstep {
	const struct form_screen *scr;
	size_t from, to;
	char *title;                      /* the title bar */
	struct screen_ops host;
};

/* The journey with what only this file sees. */
struct jrun {
	struct journey pub;               /* first: a struct journey * is a struct jrun * */
	struct jstep *steps;              /* from the form, in its order */
	int nsteps;
	void *st;                         /* the step screen's state */
	const struct screen_ops *ops;     /* the step screen */
	bool handoff;                     /* the host is being replaced by the next step's */
	bool leaving;                     /* journey_leave: close the host after this key */
};

static const struct screen_ops *step_ops(const struct jrun *r, int step)
{
	return kinds[r->steps[step].scr->kind].ops;
}

static void jrun_free(struct tui *t, struct jrun *r)
{
	(void)t;
	for (int i = 0; i < r->nsteps; i++)
		free(r->steps[i].title);
	free(r->steps);
	formstate_free(r->pub.fs);
	form_free(r->pub.form);
	free(r->pub.focus);
	free(r);
}

static bool host_init(struct tui *t, void *arg, void **state)
{
	struct jrun *r = arg;
	const struct screen_ops *ops = step_ops(r, r->pub.step);

	r->handoff = false;
	r->leaving = false;
	r->st = NULL;
	r->ops = ops;
	if (ops->init && !ops->init(t, &r->pub, &r->st)) {
		jrun_free(t, r);
		return false;
	}
	*state = r;
	/* where the clerk is, for resuming (the draft's other columns are the fields) */
	app_set_screen_later(t->store, r->pub.app_id, r->steps[r->pub.step].scr->key);
	return true;
}

static void host_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct jrun *r = state;

	r->ops->draw(t, r->st, b);
}

static enum tui_outcome host_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct jrun *r = state;
	enum tui_outcome out = r->ops->key(t, r->st, k);

	if (r->leaving)
		return TUI_LEAVE;
	if (out == TUI_UNHANDLED && !t->pending) {
		/* the journey's meaning of the global keys */
		if (k->act == ACT_BACK) {
			journey_prev(t, &r->pub);
			return r->leaving ? TUI_LEAVE : TUI_REDRAW;
		}
		if (k->act == ACT_SAVE_LEAVE) {
			journey_leave(t, &r->pub);
			return TUI_LEAVE;
		}
		if (k->act == ACT_NEXT_SCREEN) {
			journey_next(t, &r->pub);
			return TUI_REDRAW;
		}
		if (k->act == ACT_PREV_SCREEN) {
			journey_prev(t, &r->pub);
			return r->leaving ? TUI_LEAVE : TUI_REDRAW;
		}
		if (k->act == ACT_FIELD_HELP) {
			tui_push(t, &screen_help_ops, NULL);
			return TUI_REDRAW;
		}
	}
	return out;
}

static void host_resize(struct tui *t, void *state, const struct tui_rect *b)
{
	struct jrun *r = state;

	if (r->ops->resize)
		r->ops->resize(t, r->st, b);
}

static void host_resume(struct tui *t, void *state)
{
	struct jrun *r = state;

	if (r->ops->resume)
		r->ops->resume(t, r->st);
}

/* Only the hosts of steps that tick have one (the engine wakes for it). */
static bool host_tick(struct tui *t, void *state)
{
	struct jrun *r = state;

	return r->ops->tick(t, r->st);
}

static void host_done(struct tui *t, void *state)
{
	struct jrun *r = state;

	if (r->ops->done)
		r->ops->done(t, r->st);
	r->st = NULL;
	if (!r->handoff)
		jrun_free(t, r);
}

/* The steps of the journey's form, each with its host. The form was loaded
 * as a journey (form_schema.journey): every kind is there once, the fields
 * screens together. */
static void steps_init(struct jrun *r)
{
	const struct form *form = r->pub.form;

	r->steps = xcalloc(form->nscreens, sizeof(*r->steps));
	for (size_t i = 0; i < form->nscreens; i++) {
		const struct form_screen *scr = form->screens[i];
		struct jstep *st;
		const struct screen_ops *ops;

		if (r->nsteps && scr->kind == SK_FIELDS && r->steps[r->nsteps - 1].scr->kind == SK_FIELDS) {
			r->steps[r->nsteps - 1].to = i + 1;
			continue;
		}
		st = &r->steps[r->nsteps++];
		ops = kinds[scr->kind].ops;
		st->scr = scr;
		st->from = i;
		st->to = i + 1;
		st->title = xasprintf("新建补办 · %s", scr->title);
		st->host = (struct screen_ops){
			.name = ops->name,
			.title = st->title,
			.keyctx = ops->keyctx,
			.init = host_init,
			.draw = host_draw,
			.key = host_key,
			.resize = host_resize,
			.resume = host_resume,
			.done = host_done,
			.tick = ops->tick ? host_tick : NULL,
		};
	}
}

/* ---- where to land ---- */

/* Whether step S has no error; else its first field at fault and which of
 * its screens shows it. */
static bool step_ok(const struct jrun *r, int s, const struct form_field **bad, int *fscreen)
{
	const struct journey *j = &r->pub;
	const struct jstep *st = &r->steps[s];

	for (size_t i = st->from; i < st->to; i++) {
		const struct form_screen *scr = j->form->screens[i];
		char *msg = NULL;
		bool ok;

		if (scr->kind == SK_SUMMARY || !formstate_screen_visible(j->fs, scr))
			continue;
		ok = formstate_screen_ok(j->fs, scr, bad, &msg);
		free(msg);
		if (!ok) {
			if (fscreen)
				*fscreen = (int)(i - st->from);
			return false;
		}
	}
	return true;
}

/* The step saved as NAME in applications.screen, or -1. */
static int step_of_name(const struct jrun *r, const char *name)
{
	for (int i = 0; name && i < r->nsteps; i++)
		if (str_eq(name, r->steps[i].scr->key) || str_eq(name, kinds[r->steps[i].scr->kind].old_name))
			return i;
	return -1;
}

/* The step and 录入信息 screen that show field KEY. */
static bool step_of_field(const struct jrun *r, const char *key, int *step, int *fscreen)
{
	const struct form_field *f = form_field_find(r->pub.form, key);

	if (!f)
		return false;
	for (int s = 0; s < r->nsteps; s++)
		for (size_t i = r->steps[s].from; i < r->steps[s].to; i++)
			if (r->pub.form->screens[i] == f->section->screen) {
				*step = s;
				*fscreen = (int)(i - r->steps[s].from);
				return true;
			}
	return false;
}

static void land(struct tui *t, struct jrun *r, const char *focus)
{
	struct journey *j = &r->pub;
	int saved;
	char *where = app_get_field(t->store, j->app_id, "screen");

	saved = step_of_name(r, where);
	free(where);
	j->form_screen = 0;
	if (focus && step_of_field(r, focus, &j->step, &j->form_screen)) {
		j->focus = xstrdup(focus);
		return;
	}
	for (int s = 0; s < r->nsteps; s++) {
		const struct form_field *bad = NULL;
		int fs = 0;

		if ((s == saved && r->steps[s].scr->kind != SK_SUMMARY) || !step_ok(r, s, &bad, &fs)) {
			/* the first step with something missing, or where the clerk left
			 * it when nothing before is missing; on its first field at fault */
			if (s == saved)
				step_ok(r, s, &bad, &fs);
			j->step = s;
			j->form_screen = fs;
			if (bad)
				j->focus = xstrdup(bad->key);
			return;
		}
	}
	j->step = r->nsteps - 1;
}

bool journey_open(struct tui *t, long long app_id, const char *focus_field)
{
	struct jrun *r;
	char *err = NULL, appno[APPNO_LEN + 1] = "";
	struct form *form;
	int st;

	form = form_journey_load(t->store, "不能开始录入", &err);
	if (!form) {
		tui_msg(t, TUI_MSG_ERROR, "%s", err);
		free(err);
		return false;
	}
	if (app_id) {
		st = app_status(t->store, app_id);
		if (!status_allows(st, SR_SUBMIT) && !status_allows(st, SR_FINAUTH)) {
			tui_msg(t, TUI_MSG_ERROR, "该申请当前状态为「%s」, 不能编辑。", st < 0 ? "不存在" : status_name(st));
			form_free(form);
			return false;
		}
		{
			char *no = app_get_field(t->store, app_id, "app_no");
			snprintf(appno, sizeof(appno), "%s", no ? no : "");
			free(no);
		}
	} else {
		app_id = app_create_draft(t->store, t->conf, t->op.id, appno, &err);
		if (!app_id) {
			tui_msg(t, TUI_MSG_ERROR, "无法创建草稿: %s", err ? err : "");
			free(err);
			form_free(form);
			return false;
		}
	}
	r = xcalloc(1, sizeof(*r));
	r->pub.app_id = app_id;
	memcpy(r->pub.appno, appno, sizeof(appno));
	r->pub.form = form;
	steps_init(r);
	r->pub.fs = formstate_open(form, t->store, app_id, t->op.id, &err);
	if (!r->pub.fs) {
		tui_msg(t, TUI_MSG_ERROR, "无法打开申请 %s: %s", appno, err ? err : "");
		free(err);
		jrun_free(t, r);
		return false;
	}
	land(t, r, focus_field);
	tui_push(t, &r->steps[r->pub.step].host, r);
	return true;
}

/* Move to step STEP (the journey has been checked by the caller). */
static void step_goto(struct tui *t, struct jrun *r, int step)
{
	r->pub.step = step;
	r->handoff = true;
	tui_replace(t, &r->steps[step].host, r);
}

void journey_page_error(struct tui *t, const struct form_field *bad, const char *why)
{
	tui_msg(t, TUI_MSG_ERROR, "本页还有错误, 不能进入下一步: %s%s%s", bad ? bad->label : "", bad ? ": " : "",
		!str_empty(why) ? why : "请完成本页");
}

void journey_next(struct tui *t, struct journey *j)
{
	struct jrun *r = (struct jrun *)j;
	const struct form_field *bad = NULL;

	if (!step_ok(r, j->step, &bad, NULL)) {
		char *msg = bad ? formstate_field_error(j->fs, bad) : NULL;

		journey_page_error(t, bad, msg);
		free(msg);
		return;
	}
	if (j->step + 1 >= r->nsteps)
		return;
	xfree(&j->focus);
	j->form_screen = 0;
	step_goto(t, r, j->step + 1);
}

void journey_prev(struct tui *t, struct journey *j)
{
	if (j->step == 0) {
		journey_leave(t, j);
		return;
	}
	xfree(&j->focus);
	/* back into 录入信息 lands on its last screen */
	j->form_screen = -1;
	step_goto(t, (struct jrun *)j, j->step - 1);
}

void journey_leave(struct tui *t, struct journey *j)
{
	struct jrun *r = (struct jrun *)j;

	r->leaving = true;
	tui_msg(t, TUI_MSG_OK, "草稿 %s 已保存, 可在主菜单「继续草稿」中继续办理。", j->appno);
}

int journey_crumbs(struct tui *t, const struct journey *j, int y)
{
	const struct jrun *r = (const struct jrun *)j;
	int x0 = t->body.x + 1, maxx = t->body.x + t->body.w - 1, x = x0, rows = 1, total = 0;
	char *no = xasprintf("申请单号 %s", j->appno);
	int nocols = (int)utf8_cols(no);
	bool first = true;

	for (int s = 0; s < r->nsteps; s++)
		total += (int)utf8_cols(r->steps[s].scr->title) + (total ? 3 : 0);
	/* the application number on the right when everything fits on one row */
	if (x0 + total + 2 + nocols <= maxx)
		tui_draw_text(stdscr, y, maxx - nocols, no, nocols, tui_style(STYLE_HINT));
	for (int s = 0; s < r->nsteps; s++) {
		const char *title = r->steps[s].scr->title;
		int need = (int)utf8_cols(title) + (first ? 0 : 3);

		if (x + need > maxx && !first) {
			/* more steps than one row holds: go on below */
			tui_draw_text(stdscr, y, x, " >", maxx - x, tui_style(STYLE_DISABLED));
			y++;
			rows++;
			x = x0;
			need -= 3;
			first = true;
		}
		if (!first)
			x += tui_draw_text(stdscr, y, x, " > ", maxx - x, tui_style(STYLE_DISABLED));
		x += tui_draw_text(stdscr, y, x, title, maxx - x, s == j->step ? tui_style(STYLE_SELECTED) : A_NORMAL);
		first = false;
	}
	free(no);
	return rows;
}
