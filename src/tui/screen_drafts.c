/* screen_drafts.c - 继续草稿: the operator's drafts (申请单号, 主题, 更新时间);
 * Enter resumes one in the journey, Delete then Y voids it (作废: a status,
 * the record stays). */
#include "core/clock.h"
#include "tui/screens.h"
#include "tui/journey.h"
#include "tui/list.h"
#include "core/status.h"
#include "core/text.h"
#include "core/util.h"
#include "store/app.h"
#include "store/store.h"

#include <stdlib.h>

struct draft {
	long long id;
	char *no, *subject, *updated;
};

struct drafts {
	struct draft *v;
	int n;
	struct tui_list list;
	bool confirm;               /* Delete pressed: Y voids */
	int rows;
};

static void drafts_free(struct drafts *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->v[i].no);
		free(d->v[i].subject);
		free(d->v[i].updated);
	}
	xfree(&d->v);
	d->n = 0;
}

static void add_draft(void *ud, const struct app_draft_row *row)
{
	struct drafts *d = ud;
	char shown[CLOCK_SHOWN];

	d->v = xrealloc(d->v, (size_t)(d->n + 1) * sizeof(*d->v));
	d->v[d->n].id = row->id;
	d->v[d->n].no = xstrdup(row->app_no);
	d->v[d->n].subject = xstrdup(row->subject);
	d->v[d->n].updated = xstrdup(clock_show(row->updated_at, false, shown, sizeof(shown)));
	d->n++;
}

static void load(struct tui *t, struct drafts *d)
{
	drafts_free(d);
	app_drafts_each(t->store, t->op.id, add_draft, d);
	tui_list_set_count(&d->list, d->n);
}

static bool drafts_init(struct tui *t, void *arg, void **state)
{
	struct drafts *d = xcalloc(1, sizeof(*d));

	(void)arg;
	tui_list_init(&d->list, 0);
	load(t, d);
	*state = d;
	return true;
}

static void row(void *ud, int i, int y, int x, int width, bool selected)
{
	struct drafts *d = ud;
	const char *cells[] = { d->v[i].no, d->v[i].subject, d->v[i].updated };
	int widths[] = { 19, width - 19 - 20 - 2, 19 };

	tui_draw_columns(y, x, cells, widths, 3, selected ? tui_style(STYLE_SELECTED) : A_NORMAL);
}

static void drafts_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct drafts *d = state;
	const char *head[] = { text("col.app_no"), text("col.subject"), "更新时间" };
	int widths[] = { 19, b->w - 2 - 19 - 20 - 2, 19 };
	struct tui_rect lr = { .y = b->y + 3, .x = b->x + 1, .h = b->h - 5, .w = b->w - 2 };
	char *title = xasprintf("%s 的草稿 (%d 份): Enter 继续办理, Delete 作废", t->op.display_name, d->n);

	d->rows = lr.h;
	tui_draw_text(stdscr, b->y + 1, b->x + 1, title, b->w - 2, tui_style(STYLE_HEADING));
	free(title);
	tui_draw_columns(b->y + 2, b->x + 1, head, widths, 3, tui_style(STYLE_LABEL));
	tui_list_draw(&d->list, &lr, row, d, "没有草稿。新建补办请回主菜单选「新建补办」。");
	if (d->confirm && d->list.sel >= 0) {
		char *q = xasprintf("作废草稿 %s? 按 Y 确认作废, 其他键取消 (记录保留)", d->v[d->list.sel].no);
		tui_draw_text(stdscr, b->y + b->h - 1, b->x + 1, q, b->w - 2, tui_style(STYLE_ERROR));
		free(q);
	}
}

static enum tui_outcome drafts_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct drafts *d = state;
	enum tui_outcome out;

	if (d->confirm) {
		d->confirm = false;
		if (k->act == ACT_YES && d->list.sel >= 0) {
			char *err = NULL;
			const struct draft *dr = &d->v[d->list.sel];

			if (app_transition(t->store, dr->id, ST_VOIDED, t->op.id, t->op.login, "柜员作废草稿", &err))
				tui_msg(t, TUI_MSG_OK, "草稿 %s 已作废。", dr->no);
			else
				tui_msg(t, TUI_MSG_ERROR, "无法作废: %s", err ? err : "");
			free(err);
			load(t, d);
		} else {
			tui_msg(t, TUI_MSG_INFO, "未作废。");
		}
		return TUI_REDRAW;
	}
	if (k->act == ACT_RELOAD) {
		load(t, d);
		return TUI_REDRAW;
	}
	if (k->act == ACT_VOID_DRAFT && d->list.sel >= 0) {
		d->confirm = true;
		return TUI_REDRAW;
	}
	if (k->act == ACT_OK && d->list.sel >= 0) {
		journey_open(t, d->v[d->list.sel].id, NULL);
		return TUI_REDRAW;
	}
	out = tui_list_key(&d->list, k, d->rows > 0 ? d->rows : 10);
	return out;
}

static void drafts_resume(struct tui *t, void *state)
{
	load(t, state);
}

static void drafts_done(struct tui *t, void *state)
{
	struct drafts *d = state;

	(void)t;
	drafts_free(d);
	free(d);
}

const struct screen_ops screen_drafts_ops = {
	.name = "drafts",
	.title = "继续草稿",
	.keyctx = KC_LIST | KC_DRAFTS,
	.init = drafts_init,
	.draw = drafts_draw,
	.key = drafts_key,
	.resume = drafts_resume,
	.done = drafts_done,
};
