/* screen_attach.c - 上传资料, step kind attachments of the replacement journey: the
 * two required scans (申请表扫描件, signed and stamped, only after the form
 * was printed and linked to that print; 营业执照扫描件, stamped) with the
 * guide's hints from data/steps.tsv. A file is picked from the [scanner]
 * folder (newest first, type to filter) or typed as a path (F4, Tab
 * completes); attach_add_file checks and stores it, a replaced scan stays in
 * the history. Each refusal is shown under its attachment. The next step is
 * refused while attach_missing() says something is missing. The arg is the
 * journey's struct journey * (not owned). */
#include "core/clock.h"
#include "tui/field.h"
#include "tui/journey.h"
#include "tui/list.h"
#include "tui/screens.h"
#include "core/conf.h"
#include "core/imagecheck.h"
#include "core/scanfolder.h"
#include "core/text.h"
#include "core/util.h"
#include "store/attach.h"
#include "store/steps.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct attachscr {
	struct journey *j;
	enum attach_kind kind;                 /* the attachment being chosen */
	char *note[ATTACH__COUNT], *hint[ATTACH__COUNT];
	char *refusal[ATTACH__COUNT];          /* the last refusal's reason, shown in place */
	const char *folder;                    /* [scanner] folder (conf) */
	struct scan_list files;
	bool have_files;
	char *folder_err;
	struct editor filter;
	size_t *idx, nidx;
	struct tui_list list;
	int list_rows;
	bool typing;                           /* F4: a typed path */
	struct editor path;
	char *cands;                           /* Tab: the candidates, when several */
};

static void refilter(struct attachscr *a)
{
	char *f = editor_text(&a->filter);

	a->nidx = a->have_files ? scanfolder_filter(&a->files, f, a->idx) : 0;
	free(f);
	tui_list_set_count(&a->list, (int)a->nidx);
	if (a->list.sel < 0 && a->nidx)
		a->list.sel = 0;
}

static void load_folder(struct attachscr *a)
{
	char *err = NULL;

	if (a->have_files)
		scanfolder_release(&a->files);
	xfree(&a->folder_err);
	free(a->idx);
	a->idx = NULL;
	a->have_files = scanfolder_list(a->folder, &a->files, &err);
	if (!a->have_files)
		a->folder_err = err;
	a->idx = xcalloc(a->have_files && a->files.n ? a->files.n : 1, sizeof(*a->idx));
	tui_list_init(&a->list, 0);
	refilter(a);
}

static bool attach_init(struct tui *t, void *arg, void **state)
{
	struct attachscr *a = xcalloc(1, sizeof(*a));
	char key[64];

	a->j = arg;
	for (int k = 0; k < ATTACH__COUNT; k++) {
		snprintf(key, sizeof(key), "attach.%s.note", attach_kind_code(k));
		a->note[k] = steps_text(key);
		snprintf(key, sizeof(key), "attach.%s.hint", attach_kind_code(k));
		a->hint[k] = steps_text(key);
	}
	a->folder = conf_str(t->conf, "scanner.folder");
	editor_init(&a->filter, 60, NULL);
	editor_init(&a->path, 400, NULL);
	load_folder(a);
	/* start on the first one missing */
	for (int k = ATTACH__COUNT - 1; k >= 0; k--) {
		struct attachment cur;

		if (!attach_current(t->store, a->j->app_id, k, &cur))
			a->kind = k;
		else
			attach_release(&cur);
	}
	*state = a;
	return true;
}

static void attach_done(struct tui *t, void *state)
{
	struct attachscr *a = state;

	(void)t;
	for (int k = 0; k < ATTACH__COUNT; k++) {
		free(a->note[k]);
		free(a->hint[k]);
		free(a->refusal[k]);
	}
	if (a->have_files)
		scanfolder_release(&a->files);
	free(a->folder_err);
	free(a->idx);
	editor_release(&a->filter);
	editor_release(&a->path);
	free(a->cands);
	free(a);
}

static void fmt_time(const struct timespec *ts, char *buf, size_t n)
{
	struct tm tm;
	time_t s = ts->tv_sec;

	localtime_r(&s, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

static void file_row(void *ud, int index, int y, int x, int width, bool selected)
{
	struct attachscr *a = ud;
	const struct scan_entry *e = &a->files.v[a->idx[index]];
	char size[32], when[32];
	const char *cells[3];
	int widths[3] = { width - 12 - 17 - 2, 12, 17 };

	imagecheck_group_digits(e->size, size, sizeof(size));
	fmt_time(&e->mtime, when, sizeof(when));
	cells[0] = e->name;
	cells[1] = size;
	cells[2] = when;
	tui_draw_columns(y, x, cells, widths, 3, selected ? tui_style(STYLE_SELECTED) : A_NORMAL);
}

static char *current_line(struct tui *t, struct attachscr *a, enum attach_kind k)
{
	struct attachment cur;
	char size[32], at[CLOCK_SHOWN];
	char *s;

	if (!attach_current(t->store, a->j->app_id, k, &cur))
		return xstrdup(text("attach.none"));
	imagecheck_group_digits(cur.size, size, sizeof(size));
	clock_show(cur.created_at, false, at, sizeof(at));
	if (cur.print_id)
		s = xasprintf("已上传 %s (%s 字节, %dx%d, %s; 对应打印记录 #%lld)", cur.name, size, cur.width,
			      cur.height, at, cur.print_id);
	else
		s = xasprintf("已上传 %s (%s 字节, %dx%d, %s)", cur.name, size, cur.width, cur.height, at);
	attach_release(&cur);
	return s;
}

static void attach_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct attachscr *a = state;
	int x = b->x + 2, w = b->w - 4, y = b->y, bottom = b->y + b->h;
	char *line;

	y += journey_crumbs(t, a->j, y);
	for (int k = 0; k < ATTACH__COUNT; k++) {
		bool sel = (int)a->kind == k;
		char *cur = current_line(t, a, k);

		line = xasprintf("%s* %s (%s)", sel ? "▶ " : "  ", attach_kind_name(k), a->note[k] ? a->note[k] : "");
		tui_draw_text(stdscr, y, x, line, 34, tui_style(sel ? STYLE_HEADING : STYLE_LABEL));
		tui_draw_text(stdscr, y, x + 34, cur, w - 34,
			      tui_style(strcmp(cur, text("attach.none")) ? STYLE_OK : STYLE_DISABLED));
		free(line);
		free(cur);
		y++;
		if (a->refusal[k])
			y += tui_draw_wrapped(stdscr, y, x + 4, w - 4, a->refusal[k], 0, 2, tui_style(STYLE_ERROR));
	}
	if (a->hint[a->kind])
		y += tui_draw_wrapped(stdscr, y, x, w, a->hint[a->kind], 0, 3, tui_style(STYLE_HINT));
	y++;
	if (a->typing) {
		tui_draw_text(stdscr, y, x, "文件路径:", 10, tui_style(STYLE_LABEL));
		tui_field_draw(t, y, x + 10, w - 10, &a->path, true, false);
		y += 2;
		if (a->cands)
			tui_draw_wrapped(stdscr, y, x, w, a->cands, 0, bottom - y, tui_style(STYLE_HINT));
		tui_draw_text(stdscr, bottom - 1, x, "Tab 补全  Enter 上传  F4 返回扫描目录列表", w,
			      tui_style(STYLE_HINT));
		return;
	}
	line = xasprintf("扫描目录: %s", str_empty(a->folder) ? "(未配置 [scanner] folder)" : a->folder);
	tui_draw_text(stdscr, y, x, line, w - 30, tui_style(STYLE_LABEL));
	free(line);
	tui_draw_text(stdscr, y, x + w - 28, "筛选:", 6, tui_style(STYLE_LABEL));
	tui_field_draw(t, y, x + w - 22, 22, &a->filter, true, false);
	y++;
	if (a->folder_err) {
		tui_draw_wrapped(stdscr, y, x, w, a->folder_err, 0, 2, tui_style(STYLE_ERROR));
		tui_draw_text(stdscr, y + 2, x, "按 F4 输入文件路径。", w, tui_style(STYLE_HINT));
		return;
	}
	{
		const char *head[3] = { "文件名", "大小(字节)", "修改时间" };
		int widths[3] = { w - 12 - 17 - 2, 12, 17 };
		struct tui_rect r;

		tui_draw_columns(y++, x, head, widths, 3, tui_style(STYLE_LABEL));
		r = (struct tui_rect){ y, x, bottom - y, w };
		a->list_rows = r.h > 0 ? r.h : 1;
		if (r.h > 0)
			tui_list_draw(&a->list, &r, file_row, a, "扫描目录中没有符合条件的图片文件");
	}
}

static void take(struct tui *t, struct attachscr *a, const char *path, const char *shown)
{
	char *warning = NULL, *err = NULL;
	struct attachment old;
	bool had = attach_current(t->store, a->j->app_id, a->kind, &old);
	long long id = attach_add_file(t->store, a->j->app_id, a->kind, path, t->op.id, &warning, &err);

	xfree(&a->refusal[a->kind]);
	if (!id) {
		a->refusal[a->kind] = xasprintf("%s %s: %s", shown, text("attach.none"), err ? err : "");
		tui_msg(t, TUI_MSG_ERROR, "%s未上传: %s", attach_kind_name(a->kind), err ? err : "");
	} else {
		tui_msg(t, TUI_MSG_OK, "%s已上传%s%s%s", attach_kind_name(a->kind),
			had && old.id != id ? ", 原文件保留在历史中" : "", warning ? "; 注意: " : "",
			warning ? warning : "");
		editor_set(&a->filter, "");     /* the next pick starts from the whole folder */
		editor_set(&a->path, "");
		refilter(a);
		/* on to the other one when it is still missing */
		for (int k = 0; k < ATTACH__COUNT; k++) {
			struct attachment cur;

			if (!attach_current(t->store, a->j->app_id, k, &cur)) {
				a->kind = k;
				break;
			}
			attach_release(&cur);
		}
	}
	if (had)
		attach_release(&old);
	free(warning);
	free(err);
}

static enum tui_outcome complete(struct attachscr *a)
{
	char *typed = editor_text(&a->path);
	struct scan_completion c;
	struct strbuf sb;

	scanfolder_complete(a->folder, typed, &c);
	editor_set(&a->path, c.completed ? c.completed : typed);
	xfree(&a->cands);
	if (c.n > 1) {
		sb_init(&sb);
		sb_adds(&sb, "候选: ");
		for (size_t i = 0; i < c.n; i++)
			sb_addf(&sb, "%s%s", i ? "  " : "", c.cand[i]);
		a->cands = sb.s;
	} else if (c.n == 0) {
		a->cands = xstrdup("没有可补全的文件");
	}
	scan_completion_release(&c);
	free(typed);
	return TUI_REDRAW;
}

static enum tui_outcome attach_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct attachscr *a = state;
	enum tui_outcome out;

	switch (k->act) {
	case ACT_NEXT_SCREEN: {
		char *why = attach_missing(t->store, a->j->app_id);

		if (why) {
			tui_msg(t, TUI_MSG_ERROR, "%s%s", why, text("msg.cannot_advance"));
			free(why);
			return TUI_REDRAW;
		}
		journey_next(t, a->j);
		return TUI_REDRAW;
	}
	case ACT_SWITCH:
		a->kind = (a->kind + 1) % ATTACH__COUNT;
		return TUI_REDRAW;
	case ACT_TYPE_PATH:
		a->typing = !a->typing;
		xfree(&a->cands);
		return TUI_REDRAW;
	case ACT_RELOAD:
		load_folder(a);
		return TUI_REDRAW;
	case ACT_COMPLETE:
		return a->typing ? complete(a) : TUI_HANDLED;
	case ACT_OK:
		if (a->typing) {
			char *typed = editor_text(&a->path);
			char *path = str_empty(typed) ? NULL : scanfolder_resolve(a->folder, typed);

			if (path)
				take(t, a, path, typed);
			else
				tui_msg(t, TUI_MSG_ERROR, "请输入文件路径");
			free(path);
			free(typed);
		} else if (a->nidx && a->list.sel >= 0) {
			const char *name = a->files.v[a->idx[a->list.sel]].name;
			char *err = NULL, *path = scanfolder_pick(a->folder, name, &err);

			if (path) {
				take(t, a, path, name);
				load_folder(a);   /* also filters again */
			} else {
				free(a->refusal[a->kind]);
				a->refusal[a->kind] = xasprintf("%s %s: %s", name, text("attach.none"), err);
			}
			free(path);
			free(err);
		} else {
			tui_msg(t, TUI_MSG_ERROR, "没有选中的文件");
		}
		return TUI_REDRAW;
	default:
		break;
	}
	if (a->typing) {
		out = tui_field_key(&a->path, k);
		if (out == TUI_REDRAW)
			xfree(&a->cands);
		return out == TUI_NEXT_FIELD || out == TUI_PREV_FIELD ? TUI_HANDLED : out;
	}
	out = tui_list_key(&a->list, k, a->list_rows);
	if (out != TUI_UNHANDLED)
		return out;
	out = tui_field_key(&a->filter, k);
	if (out == TUI_REDRAW)
		refilter(a);
	return out == TUI_NEXT_FIELD || out == TUI_PREV_FIELD ? TUI_HANDLED : out;
}

static void attach_resume(struct tui *t, void *state)
{
	(void)t;
	load_folder(state);
}

const struct screen_ops screen_attach_ops = {
	.name = "attach",
	.keyctx = KC_FORM | KC_ATTACH | KC_LIST | KC_EDIT,
	.init = attach_init,
	.draw = attach_draw,
	.key = attach_key,
	.resume = attach_resume,
	.done = attach_done,
};
