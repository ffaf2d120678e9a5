/* screen_review.c - 审核队列 (supervisors): the applications waiting in 待审核,
 * oldest first, with counts, each row's age in working days against the
 * centre's three-working-day period (overdue highlighted), who holds a claim
 * and duplicate warnings; claim, release, take over, open to decide. Ages and
 * deadlines counted past the holiday calendar are marked (估), and a warning
 * says when the calendar ends within 30 days. */
#include "tui/screens.h"
#include "tui/list.h"
#include "core/clock.h"
#include "core/text.h"
#include "core/util.h"
#include "store/orders.h"
#include "store/review.h"
#include "store/workdays.h"

#include <stdio.h>
#include <stdlib.h>

struct review {
	struct review_queue q;
	bool loaded;
	struct tui_list list;
	struct tui_rect body;
	struct detail_arg open;    /* what Enter opens (lives as long as the screen) */
	long long keep_id;         /* the selected application, kept across reloads */
};

/* Rows above the list: the counts, the calendar warning (two lines) when
 * the holiday calendar ends within 30 days, the column headings. */
static int top_rows(const struct review *r)
{
	return r->q.calendar_warning ? 4 : 2;
}

static void reload(struct tui *t, struct review *r)
{
	char *err = NULL, today[11];
	struct review_queue q = { 0 };

	if (r->list.sel >= 0 && (size_t)r->list.sel < r->q.n)
		r->keep_id = r->q.items[r->list.sel].id;
	clock_today(today);   /* ages, deadlines and the calendar warning count from the one clock */
	if (!review_queue_load(t->store, t->op.id, today, &q, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "无法读取审核队列: %s", err ? err : "");
		free(err);
		return;
	}
	if (r->loaded)
		review_queue_release(&r->q);
	r->q = q;
	r->loaded = true;
	tui_list_set_count(&r->list, (int)q.n);
	for (size_t i = 0; i < q.n; i++)
		if (q.items[i].id == r->keep_id)
			r->list.sel = (int)i;
}

static bool review_init(struct tui *t, void *arg, void **state)
{
	struct review *r;

	(void)arg;
	if (t->op.role != ROLE_SUPERVISOR) {
		tui_msg(t, TUI_MSG_ERROR, "审核队列只对主管开放。");
		return false;
	}
	r = xcalloc(1, sizeof(*r));
	tui_list_init(&r->list, 0);
	reload(t, r);
	*state = r;
	return true;
}

/* Column widths for the body width: 申请单号 and 主题 always; the others
 * as the room allows (the widest terminals get every column). */
struct cols {
	int no, subject, clerk, submitted, age, claim, dup;
};

static void layout(int w, struct cols *c)
{
	c->no = 18;
	c->age = 15;      /* "2/3 工作日(估)!" */
	c->claim = 10;
	c->clerk = w >= 100 ? 10 : 0;
	c->submitted = w >= 90 ? 16 : 0;
	c->dup = w >= 120 ? 10 : 0;
	c->subject = w - 1 - c->no - c->age - c->claim - c->clerk - c->submitted - c->dup;
	c->subject -= 3 + (c->clerk > 0) + (c->submitted > 0) + (c->dup > 0) + 1;
	if (c->subject < 8)
		c->subject = 8;
}

static int cells_of(const struct cols *c, const char **cells, int *widths, const char *no, const char *subject,
		    const char *clerk, const char *submitted, const char *age, const char *claim, const char *dup)
{
	int n = 0;

	cells[n] = no, widths[n++] = c->no;
	cells[n] = subject, widths[n++] = c->subject;
	if (c->clerk)
		cells[n] = clerk, widths[n++] = c->clerk;
	if (c->submitted)
		cells[n] = submitted, widths[n++] = c->submitted;
	cells[n] = age, widths[n++] = c->age;
	cells[n] = claim, widths[n++] = c->claim;
	if (c->dup)
		cells[n] = dup, widths[n++] = c->dup;
	return n;
}

struct row_ud {
	struct tui *t;
	struct review *r;
	struct cols c;
};

static void row(void *ud, int index, int y, int x, int width, bool selected)
{
	struct row_ud *u = ud;
	const struct review_item *it = &u->r->q.items[index];
	char age[32], submitted[CLOCK_SHOWN], dup[24];
	const char *cells[8];
	int widths[8], n;
	char *claim = it->claimed_login ? xasprintf("%s%s", it->claimed_by == u->t->op.id ? "我 " : "",
						    it->claimed_login)
					: xstrdup("—");
	char *subject = xasprintf("%s%s%s", it->duplicates ? "[重复] " : "", it->own ? "[本人录入] " : "",
				  it->subject ? it->subject : "");
	attr_t a = selected ? tui_style(STYLE_SELECTED) : it->overdue ? tui_style(STYLE_ERROR) : A_NORMAL;

	snprintf(age, sizeof(age), "%d/%d 工作日%s%s", it->age_workdays, REVIEW_PERIOD_WORKDAYS,
		 it->age_estimated ? "(估)" : "", it->overdue ? "!" : "");
	clock_show(it->submitted_at, false, submitted, sizeof(submitted));
	if (it->duplicates)
		snprintf(dup, sizeof(dup), "%d 笔重复", it->duplicates);
	else
		dup[0] = '\0';
	if (selected && it->overdue)
		a |= A_BOLD;
	n = cells_of(&u->c, cells, widths, it->app_no, subject, it->clerk_name ? it->clerk_name : "", submitted,
		     age, claim, dup);
	tui_draw_fill(stdscr, y, x, "", width, a);
	tui_draw_columns(y, x + 1, cells, widths, n, a);
	free(claim);
	free(subject);
}

static void review_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct review *r = state;
	struct row_ud u = { t, r, { 0 } };
	const char *cells[8];
	int widths[8], n;
	char *counts = xasprintf("待审核 %zu 笔 (最早提交的在最上)  我领取 %zu  他人领取 %zu  未领取 %zu  超期 %zu",
				 r->q.n, r->q.claimed_by_me, r->q.claimed_by_others, r->q.unclaimed, r->q.overdue);
	struct tui_rect lr;

	r->body = *b;
	layout(b->w, &u.c);
	tui_draw_text(stdscr, b->y, b->x + 1, counts, b->w - 2, r->q.overdue ? tui_style(STYLE_ERROR)
									   : tui_style(STYLE_HEADING));
	free(counts);
	if (r->q.calendar_warning) {
		tui_draw_text(stdscr, b->y + 1, b->x + 1, r->q.calendar_warning, b->w - 2, tui_style(STYLE_ERROR));
		tui_draw_text(stdscr, b->y + 2, b->x + 1, WORKDAYS_HOWTO, b->w - 2, tui_style(STYLE_HINT));
	}
	n = cells_of(&u.c, cells, widths, text("col.app_no"), text("col.subject"), text("col.clerk"), "提交时间", "已用/期限", "领取人", "重复");
	tui_draw_fill(stdscr, b->y + top_rows(r) - 1, b->x, "", b->w, tui_style(STYLE_LABEL));
	tui_draw_columns(b->y + top_rows(r) - 1, b->x + 1, cells, widths, n, tui_style(STYLE_LABEL));
	lr = (struct tui_rect){ b->y + top_rows(r), b->x, b->h - top_rows(r) - 1, b->w };
	tui_list_draw(&r->list, &lr, row, &u, "审核队列是空的: 没有待审核的申请。");
	if (r->list.sel >= 0) {
		const struct review_item *it = &r->q.items[r->list.sel];
		char *foot = xasprintf("%s  期限 %s%s%s%s", it->app_no, it->due, it->due_estimated ? " (估)" : "",
				       it->claimed_login ? "  领取: " : "",
				       it->claimed_login ? it->claimed_login : "");
		if (it->claimed_at) {
			char at[CLOCK_SHOWN];
			char *f2 = xasprintf("%s 自 %s", foot, clock_show(it->claimed_at, false, at, sizeof(at)));
			free(foot);
			foot = f2;
		}
		tui_draw_text(stdscr, b->y + b->h - 1, b->x + 1, foot, b->w - 2, tui_style(STYLE_HINT));
		free(foot);
	}
}

void review_claim_notice(struct tui *t, int how, const char *app_no)
{
	tui_msg(t, TUI_MSG_OK, how == 2 ? "已释放 %s。" : how == 1 ? "已接管 %s (已记入审计日志)。"
						  : "已领取 %s: 其他主管会看到由您审核。",
		app_no);
}

static enum tui_outcome do_claim(struct tui *t, struct review *r, int how)
{
	const struct review_item *it;
	char *err = NULL;
	bool ok;

	if (r->list.sel < 0)
		return TUI_HANDLED;
	it = &r->q.items[r->list.sel];
	ok = how == 2 ? review_release(t->store, it->id, t->op.id, &err)
		      : review_claim(t->store, it->id, t->op.id, how == 1, &err);
	if (ok)
		review_claim_notice(t, how, it->app_no);
	else if (how == 0 && it->claimed_by && it->claimed_by != t->op.id)
		tui_msg(t, TUI_MSG_ERROR, "%s  (确需接管请按 C)", err ? err : "已被他人领取");
	else
		tui_msg(t, TUI_MSG_ERROR, "%s", err ? err : text("msg.failed"));
	free(err);
	reload(t, r);
	return TUI_REDRAW;
}

static enum tui_outcome review_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct review *r = state;
	enum tui_outcome out = tui_list_key(&r->list, k, r->body.h - top_rows(r) - 1);

	if (out != TUI_UNHANDLED)
		return out;
	switch (k->act) {
	case ACT_OK:
		if (r->list.sel < 0)
			return TUI_HANDLED;
		r->open.app_id = r->q.items[r->list.sel].id;
		tui_push(t, &screen_decide_ops, &r->open);
		return TUI_REDRAW;
	case ACT_CLAIM:
		return do_claim(t, r, 0);
	case ACT_TAKEOVER:
		return do_claim(t, r, 1);
	case ACT_RELEASE:
		return do_claim(t, r, 2);
	case ACT_RELOAD:
		reload(t, r);
		tui_msg(t, TUI_MSG_INFO, "已刷新: 待审核 %zu 笔。", r->q.n);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void review_resume(struct tui *t, void *state)
{
	reload(t, state);
}

static void review_done(struct tui *t, void *state)
{
	struct review *r = state;

	(void)t;
	if (r->loaded)
		review_queue_release(&r->q);
	free(r);
}

const struct screen_ops screen_review_ops = {
	.name = "review",
	.title = "审核队列",
	.keyctx = KC_LIST | KC_REVIEW,
	.init = review_init,
	.draw = review_draw,
	.key = review_key,
	.resume = review_resume,
	.done = review_done,
};
