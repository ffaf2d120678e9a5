/* screen_agree.c - 介质遗失补办介绍: the agreements of the form's agreements
 * screen (电子认证服务协议, 敏感个人信息授权书) in a pager; Y records the
 * customer's consent (versions and time) and moves on. No consent, no next. */
#include "core/clock.h"
#include "tui/screens.h"
#include "tui/journey.h"
#include "tui/pager.h"
#include "form/form_lib.h"
#include "core/util.h"

#include <stdlib.h>

struct agree {
	struct journey *j;
	const struct form_screen *scr;
	struct pager pager;
	struct tui_rect text;        /* where the pager draws */
};

static void build(struct agree *a)
{
	const struct form_screen *scr = a->scr;

	pager_release(&a->pager);
	pager_init(&a->pager);
	for (size_t i = 0; i < scr->notes.n; i++)
		pager_add(&a->pager, scr->notes.v[i], STYLE_HINT);
	for (size_t i = 0; i < scr->nagreements; i++) {
		const struct form_agreement *ag = &scr->agreements[i];
		char *head = xasprintf("%s%s  (版本 %s)", i || scr->notes.n ? "\n" : "", ag->title,
				       ag->version ? ag->version : "?");

		pager_add(&a->pager, head, STYLE_HEADING);
		pager_add(&a->pager, ag->text ? ag->text : "(协议文本未能读取)", ag->text ? STYLE_NORMAL : STYLE_ERROR);
		free(head);
	}
}

static bool agree_init(struct tui *t, void *arg, void **state)
{
	struct journey *j = arg;
	struct agree *a;
	const struct form_screen *scr = NULL;

	for (size_t i = 0; i < j->form->nscreens && !scr; i++)
		if (j->form->screens[i]->kind == SK_AGREEMENTS)
			scr = j->form->screens[i];
	if (!scr) {
		tui_msg(t, TUI_MSG_ERROR, "表单中没有协议界面 (kind agreements)");
		return false;
	}
	a = xcalloc(1, sizeof(*a));
	a->j = j;
	a->scr = scr;
	pager_init(&a->pager);
	build(a);
	*state = a;
	return true;
}

static void text_rect(const struct tui_rect *b, int crumbs, struct tui_rect *r)
{
	*r = (struct tui_rect){ .y = b->y + crumbs + 1, .x = b->x, .h = b->h - crumbs - 3, .w = b->w };
}

static void agree_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct agree *a = state;
	bool done = formstate_consented(a->j->fs, a->scr);
	char *consent = NULL;

	text_rect(b, journey_crumbs(t, a->j, b->y), &a->text);
	pager_draw(&a->pager, &a->text);
	if (done) {
		char at[CLOCK_SHOWN];

		clock_show(formstate_get(a->j->fs, a->scr->consent_time ? a->scr->consent_time : ""), false, at,
			   sizeof(at));
		consent = xasprintf("客户已于 %s 同意以上协议。按 Y 或 PgDn 进入下一步。", *at ? at : "此前");
	}
	tui_draw_text(stdscr, b->y + b->h - 1, b->x + 1,
		      done ? consent : "请客户阅读以上协议。客户同意后按 Y: 记录协议版本和同意时间, 进入证书选择。",
		      b->w - 2, tui_style(done ? STYLE_OK : STYLE_HEADING));
	free(consent);
}

static enum tui_outcome agree_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct agree *a = state;
	char *err = NULL;

	if (k->act == ACT_YES) {
		if (!formstate_consented(a->j->fs, a->scr) && !formstate_consent(a->j->fs, a->scr, &err)) {
			tui_msg(t, TUI_MSG_ERROR, "无法记录同意: %s", err ? err : "");
			free(err);
			return TUI_REDRAW;
		}
		journey_next(t, a->j);
		return TUI_REDRAW;
	}
	if (k->act == ACT_PGDN && formstate_consented(a->j->fs, a->scr) &&
	    a->pager.scroll + a->text.h >= (int)a->pager.nlines) {
		/* at the end of the text, PgDn moves on like the other steps */
		journey_next(t, a->j);
		return TUI_REDRAW;
	}
	if (k->act == ACT_PGDN && !formstate_consented(a->j->fs, a->scr) &&
	    a->pager.scroll + a->text.h >= (int)a->pager.nlines) {
		tui_msg(t, TUI_MSG_ERROR, "客户尚未同意协议, 不能进入下一步: 客户同意后请按 Y。");
		return TUI_REDRAW;
	}
	return pager_key(&a->pager, k, &a->text);
}

static void agree_done(struct tui *t, void *state)
{
	struct agree *a = state;

	(void)t;
	pager_release(&a->pager);
	free(a);
}

const struct screen_ops screen_agree_ops = {
	.name = "journey-agree",
	.keyctx = KC_PAGER | KC_AGREE,
	.init = agree_init,
	.draw = agree_draw,
	.key = agree_key,
	.done = agree_done,
};
