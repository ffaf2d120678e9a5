/* screen_print.c - 打印申请表, step kind print of the replacement journey: the
 * form as text (appform_preview in a pager), the print state (never / current
 * / changed since the last print), p prints it (formprint_run: the [printer]
 * of the configuration, or saved as PDF) and says where it went: while CUPS
 * prints, 打印中 and what CUPS says; then 已打印, or the failure (queue
 * stopped, paper out, …) in place with the kept PDF, and r prints again. The
 * next step is refused until the form as it is now has been printed. The arg
 * is the journey's struct journey * (not owned). */
#include "core/clock.h"
#include "core/conf.h"
#include "tui/journey.h"
#include "tui/pager.h"
#include "tui/screens.h"
#include "store/store.h"
#include "core/util.h"
#include "print/appform.h"
#include "print/formprint.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct printscr {
	struct journey *j;
	struct pager pager;
	int pager_width;           /* the width the preview was made for */
	char *missing;             /* appform_missing: what the form lacks, or NULL */
	char *load_err;            /* the form could not be gathered */
	struct formprint_info info;
	bool have_info;
	char *result;              /* the last print's sentence (where it went), or 打印中 while printing */
	char *failed;              /* the last print failed: why, and where its PDF is kept */
	struct tui_rect prect;     /* where the pager was drawn */
	struct tui_rect body;      /* where the screen was drawn (for the progress while printing) */
	struct tui *t;
};

/* Gather the form again (the values may have changed) and the print state. */
static void reload(struct tui *t, struct printscr *p, int width)
{
	char *err = NULL;
	struct appform *f = appform_load(t->store, t->conf, p->j->app_id, &err);

	xfree(&p->missing);
	xfree(&p->load_err);
	pager_release(&p->pager);
	pager_init(&p->pager);
	p->pager_width = width;
	if (!f) {
		p->load_err = err ? err : xstrdup("无法读取申请表");
	} else {
		int n = 0;
		char **lines = appform_preview(f, width > 10 ? width - 1 : 10, &n);
		struct strbuf sb;

		sb_init(&sb);
		for (int i = 0; i < n; i++)
			sb_addf(&sb, "%s\n", lines[i]);
		pager_add(&p->pager, sb.s, STYLE_NORMAL);
		sb_release(&sb);
		appform_lines_free(lines);
		if (appform_missing(f))
			p->missing = xstrdup(appform_missing(f));
	}
	if (p->have_info)
		formprint_info_release(&p->info);
	p->have_info = f != NULL;
	if (f)
		formprint_status_of(t->store, f, p->j->app_id, &p->info);   /* the form just loaded */
	else
		tui_msg(t, TUI_MSG_ERROR, "%s", p->load_err);
	appform_free(f);
}

static bool print_init(struct tui *t, void *arg, void **state)
{
	struct printscr *p = xcalloc(1, sizeof(*p));

	p->j = arg;
	p->t = t;
	pager_init(&p->pager);
	reload(t, p, t->body.w - 4);
	*state = p;
	return true;
}

static void print_done(struct tui *t, void *state)
{
	struct printscr *p = state;

	(void)t;
	pager_release(&p->pager);
	if (p->have_info)
		formprint_info_release(&p->info);
	free(p->missing);
	free(p->load_err);
	free(p->result);
	free(p->failed);
	free(p);
}

static char *state_line(const struct printscr *p)
{
	char at[CLOCK_SHOWN];

	if (!p->have_info)
		return xstrdup("打印状态: 未知");
	switch (p->info.state) {
	case FORMPRINT_NEVER:
		return xstrdup("打印状态: 尚未打印。请核对下方内容, 按 p 打印申请表并加盖单位公章。");
	case FORMPRINT_CHANGED:
		return xasprintf("打印状态: 申请信息自上次打印后已修改 (已打印 %d 次), 请按 p 打印新版本。",
				 p->info.prints);
	case FORMPRINT_CURRENT:
	default:
		return xasprintf("打印状态: 已打印 %d 次, 最近 %s 由 %s %s%s。", p->info.prints,
				 clock_show(p->info.last_at, false, at, sizeof(at)), p->info.last_by ? p->info.last_by : "",
				 p->info.last_printer ? "发送到打印机 " : "保存为 ",
				 p->info.last_printer ? p->info.last_printer : (p->info.last_pdf ? p->info.last_pdf : "PDF"));
	}
}

static void print_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct printscr *p = state;
	int x = b->x + 2, w = b->w - 4, y = b->y;
	char *line;

	p->body = *b;
	if (w != p->pager_width)
		reload(t, p, w);
	y += journey_crumbs(t, p->j, y);
	line = state_line(p);
	y += tui_draw_wrapped(stdscr, y, x, w, line, 0, 2,
			      tui_style(p->have_info && p->info.state == FORMPRINT_CURRENT ? STYLE_OK : STYLE_HEADING));
	free(line);
	if (p->failed)
		y += tui_draw_wrapped(stdscr, y, x, w, p->failed, 0, 5, tui_style(STYLE_ERROR));
	else if (p->result)
		y += tui_draw_wrapped(stdscr, y, x, w, p->result, 0, 4,
				      tui_style(str_startswith(p->result, "打印中") ? STYLE_HEADING : STYLE_OK));
	if (p->load_err)
		y += tui_draw_wrapped(stdscr, y, x, w, p->load_err, 0, 2, tui_style(STYLE_ERROR));
	else if (p->missing)
		y += tui_draw_wrapped(stdscr, y, x, w, p->missing, 0, 3, tui_style(STYLE_ERROR));
	p->prect = (struct tui_rect){ y, x, b->y + b->h - y, w };
	if (p->prect.h > 0)
		pager_draw(&p->pager, &p->prect);
}

/* While CUPS prints (formprint_run follows the job): the screen drawn again
 * with 打印中 and what CUPS says, at once (no key comes meanwhile). */
static void printing(void *ctx, const char *sentence)
{
	struct printscr *p = ctx;

	free(p->result);
	p->result = xstrdup(sentence);
	for (int y = p->body.y; y < p->body.y + p->body.h; y++) {
		wmove(stdscr, y, p->body.x);
		wclrtoeol(stdscr);
	}
	print_draw(p->t, p, &p->body);
	curs_set(0);
	wrefresh(stdscr);
}

static void do_print(struct tui *t, struct printscr *p)
{
	struct formprint_opts o = { .printer = NULL, .operator_id = t->op.id, .actor = t->op.login,
				    .progress = printing, .progress_ctx = p };
	struct formprint_result r;
	char *err = NULL;

	xfree(&p->result);
	xfree(&p->failed);
	if (p->missing) {
		tui_msg(t, TUI_MSG_ERROR, "%s; 申请表未打印 (PgUp 返回录入信息补填)", p->missing);
		return;
	}
	store_flush(t->store);   /* the printer may take a while: no write lock held */
	if (!str_empty(conf_str(t->conf, "printer.name")))
		printing(p, "打印中: 正在生成申请表并送往打印机");
	if (!formprint_run(t->store, t->conf, p->j->app_id, &o, &r, &err)) {
		xfree(&p->result);
		p->failed = xasprintf("%s。\n排除故障后按 r 重新打印。", err);
		tui_msg(t, TUI_MSG_ERROR, "%s", err);
		free(err);
		return;
	}
	p->result = xstrdup(r.message);
	tui_msg(t, TUI_MSG_OK, "%s", r.changed ? "申请信息自上次打印后已修改, 已打印新版本" : "申请表已打印");
	formprint_result_release(&r);
	reload(t, p, p->pager_width);
}

static enum tui_outcome print_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct printscr *p = state;

	switch (k->act) {
	case ACT_PRINT:
	case ACT_REPRINT:
		do_print(t, p);
		return TUI_REDRAW;
	case ACT_NEXT_SCREEN:
		reload(t, p, p->pager_width);
		if (!p->have_info || p->info.state == FORMPRINT_NEVER) {
			tui_msg(t, TUI_MSG_ERROR, "请先打印申请表，再点击下一步");
			return TUI_REDRAW;
		}
		if (p->info.state == FORMPRINT_CHANGED) {
			tui_msg(t, TUI_MSG_ERROR, "申请信息自上次打印后已修改, 请先按 p 打印新版本，再点击下一步");
			return TUI_REDRAW;
		}
		journey_next(t, p->j);
		return TUI_REDRAW;
	default:
		return p->prect.h > 0 ? pager_key(&p->pager, k, &p->prect) : TUI_UNHANDLED;
	}
}

static void print_resume(struct tui *t, void *state)
{
	struct printscr *p = state;

	reload(t, p, p->pager_width);
}

const struct screen_ops screen_print_ops = {
	.name = "print",
	.keyctx = KC_FORM | KC_PRINT | KC_PAGER,
	.init = print_init,
	.draw = print_draw,
	.key = print_key,
	.resume = print_resume,
	.done = print_done,
};
