/* journey.c - the replacement journey's controller: the step table, and the
 * host screen that owns the journey and shows one step screen at a time.
 *
 * Each step of enum journey_step has a row in steps[] below: its title (the
 * breadcrumb) and its screen's ops, or NULL when this build has no screen for
 * that step; such a step is not part of the journey (next and previous skip
 * it, the breadcrumb leaves it out). A step screen is an ordinary struct
 * screen_ops whose init gets the struct journey * as its arg (it does not own
 * it). Plugging in a step screen = declare its ops in screens.h and put
 * &screen_X_ops in its row.
 *
 * The engine sees one screen per step: a host (hosts[step]: the step
 * screen's title and key contexts, the host's functions) whose state is the
 * journey. The host passes draw/key/resize/resume/tick to the step screen
 * and, on done, frees the step's state, and the journey too unless the
 * journey is moving on to another step. So the journey is freed exactly once however the
 * screen stack is unwound (F2, Esc, logout, idle lock, program end). */
#include "tui/journey.h"
#include "tui/screens.h"
#include "core/conf.h"
#include "form/form.h"
#include "form/formstate.h"
#include "core/paths.h"
#include "core/utf8.h"
#include "core/util.h"
#include "store/app.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

static const struct journey_step_def {
	const char *name;                 /* ASCII: stored in applications.screen for resuming */
	const char *title;
	const struct screen_ops *ops;     /* NULL: no screen for this step in this build */
	int kind;                         /* the form screens it shows (enum form_screen_kind), -1 none */
} steps[J__COUNT] = {
	[J_AGREE] = { "agree", "介质遗失补办介绍", &screen_agree_ops, SK_AGREEMENTS },
	[J_CERT] = { "cert", "证书选择", &screen_cert_ops, SK_CERTIFICATE },
	[J_FORM] = { "form", "录入信息", &screen_form_ops, SK_FIELDS },
	[J_PRINT] = { "print", "打印申请表", &screen_print_ops, -1 },
	[J_ATTACH] = { "attach", "上传资料", &screen_attach_ops, -1 },
	[J_IDV] = { "idv", "身份核验", &screen_idv_ops, -1 },
	[J_PAY] = { "pay", "支付", &screen_pay_ops, -1 },
	[J_SUBMIT] = { "submit", "提交", &screen_submit_ops, SK_SUMMARY },
};

/* The journey with what only this file sees. */
struct jrun {
	struct journey pub;               /* first: a struct journey * is a struct jrun * */
	void *st;                         /* the step screen's state */
	const struct screen_ops *ops;     /* the step screen */
	bool handoff;                     /* the host is being replaced by the next step's */
	bool leaving;                     /* journey_leave: close the host after this key */
};

static struct screen_ops hosts[J__COUNT];

const char *journey_step_title(enum journey_step step)
{
	return step < J__COUNT ? steps[step].title : "";
}

static void jrun_free(struct tui *t, struct jrun *r)
{
	(void)t;
	formstate_free(r->pub.fs);
	form_free(r->pub.form);
	free(r->pub.focus);
	free(r);
}

static bool host_init(struct tui *t, void *arg, void **state)
{
	struct jrun *r = arg;
	const struct screen_ops *ops = steps[r->pub.step].ops;

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
	app_set_screen_later(t->store, r->pub.app_id, steps[r->pub.step].name);
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

static void hosts_init(void)
{
	for (int i = 0; i < J__COUNT; i++) {
		if (!steps[i].ops)
			continue;
		hosts[i] = (struct screen_ops){
			.name = steps[i].ops->name,
			.title = steps[i].ops->title,
			.keyctx = steps[i].ops->keyctx,
			.init = host_init,
			.draw = host_draw,
			.key = host_key,
			.resize = host_resize,
			.resume = host_resume,
			.done = host_done,
			.tick = steps[i].ops->tick ? host_tick : NULL,
		};
	}
}

/* ---- where to land ---- */

static bool step_ok(const struct journey *j, enum journey_step s, const struct form_field **bad, int *fscreen)
{
	int nfields = 0;

	if (steps[s].kind < 0)
		return true;
	for (size_t i = 0; i < j->form->nscreens; i++) {
		const struct form_screen *scr = j->form->screens[i];
		char *msg = NULL;
		bool ok;

		if ((int)scr->kind != steps[s].kind)
			continue;
		nfields++;
		if (scr->kind == SK_SUMMARY || !formstate_screen_visible(j->fs, scr))
			continue;
		ok = formstate_screen_ok(j->fs, scr, bad, &msg);
		free(msg);
		if (!ok) {
			if (fscreen)
				*fscreen = nfields - 1;
			return false;
		}
	}
	return true;
}

static enum journey_step step_of_name(const char *name)
{
	for (int i = 0; i < J__COUNT; i++)
		if (steps[i].ops && str_eq(name, steps[i].name))
			return (enum journey_step)i;
	return J__COUNT;
}

/* The step and 录入信息 screen that show field KEY. */
static bool step_of_field(const struct journey *j, const char *key, enum journey_step *step, int *fscreen)
{
	const struct form_field *f = form_field_find(j->form, key);
	int n = 0;

	if (!f)
		return false;
	for (int s = 0; s < J__COUNT; s++) {
		if (!steps[s].ops || steps[s].kind < 0)
			continue;
		n = 0;
		for (size_t i = 0; i < j->form->nscreens; i++) {
			const struct form_screen *scr = j->form->screens[i];

			if ((int)scr->kind != steps[s].kind)
				continue;
			if (scr == f->section->screen) {
				*step = (enum journey_step)s;
				*fscreen = n;
				return true;
			}
			n++;
		}
	}
	return false;
}

static void land(struct tui *t, struct journey *j, const char *focus)
{
	enum journey_step saved;
	char *where = app_get_field(t->store, j->app_id, "screen");

	saved = step_of_name(where);
	free(where);
	j->form_screen = 0;
	if (focus && step_of_field(j, focus, &j->step, &j->form_screen)) {
		j->focus = xstrdup(focus);
		return;
	}
	for (int s = 0; s < J__COUNT; s++) {
		const struct form_field *bad = NULL;
		int fs = 0;

		if (!steps[s].ops)
			continue;
		if ((s == (int)saved && s != J_SUBMIT) || !step_ok(j, (enum journey_step)s, &bad, &fs)) {
			/* the first step with something missing, or where the clerk left
			 * it when nothing before is missing; on its first field at fault */
			if (s == (int)saved)
				step_ok(j, (enum journey_step)s, &bad, &fs);
			j->step = (enum journey_step)s;
			j->form_screen = fs;
			if (bad)
				j->focus = xstrdup(bad->key);
			return;
		}
	}
	j->step = J_SUBMIT;
}

static struct form *load_form(struct tui *t, char **err)
{
	struct form_schema schema;
	char *path = paths_file("forms/replacement.form");
	struct form *f;

	store_form_schema(&schema, t->store, paths_datadir());
	f = form_load(path, &schema, err);
	free(path);
	return f;
}

/* The first line of a (possibly long) error list, for the message line. */
static char *first_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
}

bool journey_open(struct tui *t, long long app_id, const char *focus_field)
{
	struct jrun *r;
	char *err = NULL, appno[APPNO_LEN + 1] = "";
	struct form *form;
	int st;

	if (!hosts[J_AGREE].key)
		hosts_init();
	form = load_form(t, &err);
	if (!form) {
		char *l = first_line(err ? err : ""), *colon = strchr(l, ':'), *base = l;

		/* "PATH:LINE: 说明": the file's name is enough on one line */
		for (char *p = l; colon && p < colon; p++)
			if (*p == '/')
				base = p + 1;
		tui_msg(t, TUI_MSG_ERROR, "表单定义有误, 不能开始录入: %s (请管理员运行 certdesk forms check)", base);
		free(l);
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
	r->pub.fs = formstate_open(form, t->store, app_id, t->op.id, &err);
	if (!r->pub.fs) {
		tui_msg(t, TUI_MSG_ERROR, "无法打开申请 %s: %s", appno, err ? err : "");
		free(err);
		jrun_free(t, r);
		return false;
	}
	land(t, &r->pub, focus_field);
	tui_push(t, &hosts[r->pub.step], r);
	return true;
}

static enum journey_step step_after(enum journey_step s, int dir)
{
	int i = (int)s + dir;

	while (i >= 0 && i < J__COUNT && !steps[i].ops)
		i += dir;
	return i < 0 ? J__COUNT : (enum journey_step)(i < J__COUNT ? i : J__COUNT);
}

void journey_goto(struct tui *t, struct journey *j, enum journey_step step)
{
	struct jrun *r = (struct jrun *)j;

	if (step >= J__COUNT || !steps[step].ops)
		return;
	j->step = step;
	r->handoff = true;
	tui_replace(t, &hosts[step], r);
}

void journey_next(struct tui *t, struct journey *j)
{
	const struct form_field *bad = NULL;
	enum journey_step n = step_after(j->step, 1);

	if (!step_ok(j, j->step, &bad, NULL)) {
		char *msg = bad ? formstate_field_error(j->fs, bad) : NULL;

		tui_msg(t, TUI_MSG_ERROR, "本页还有错误, 不能进入下一步: %s%s%s", bad ? bad->label : "",
			bad ? ": " : "", msg ? msg : "请完成本页");
		free(msg);
		return;
	}
	if (n == J__COUNT)
		return;
	xfree(&j->focus);
	j->form_screen = 0;
	journey_goto(t, j, n);
}

void journey_prev(struct tui *t, struct journey *j)
{
	enum journey_step p = step_after(j->step, -1);

	if (p == J__COUNT) {
		journey_leave(t, j);
		return;
	}
	xfree(&j->focus);
	/* back into 录入信息 lands on its last screen */
	j->form_screen = -1;
	journey_goto(t, j, p);
}

void journey_leave(struct tui *t, struct journey *j)
{
	struct jrun *r = (struct jrun *)j;

	r->leaving = true;
	tui_msg(t, TUI_MSG_OK, "草稿 %s 已保存, 可在主菜单「继续草稿」中继续办理。", j->appno);
}

int journey_crumbs(struct tui *t, const struct journey *j, int y)
{
	int x0 = t->body.x + 1, maxx = t->body.x + t->body.w - 1, x = x0, rows = 1, total = 0;
	char *no = xasprintf("申请单号 %s", j->appno);
	int nocols = (int)utf8_cols(no);
	bool first = true;

	for (int s = 0; s < J__COUNT; s++)
		if (steps[s].ops)
			total += (int)utf8_cols(steps[s].title) + (total ? 3 : 0);
	/* the application number on the right when everything fits on one row */
	if (x0 + total + 2 + nocols <= maxx)
		tui_draw_text(stdscr, y, maxx - nocols, no, nocols, tui_style(STYLE_HINT));
	for (int s = 0; s < J__COUNT; s++) {
		const char *title = steps[s].title;
		int need;

		if (!steps[s].ops)
			continue;
		need = (int)utf8_cols(title) + (first ? 0 : 3);
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
		x += tui_draw_text(stdscr, y, x, title, maxx - x,
				   s == (int)j->step ? tui_style(STYLE_SELECTED) : A_NORMAL);
		first = false;
	}
	free(no);
	return rows;
}
