/* screen_orders.c - 我的业务单: the guide's filters in a bar (业务单号, 业务类型,
 * 主题, 状态, 开始时间, 结束时间), the list in windows of rows fetched as it
 * scrolls (orders_page: one indexed query per window, so a hundred thousand
 * rows scroll at once), the actions each status allows, the .xlsx export of
 * the current filter, and a supervisor's audited 显示完整信息. */
#include "core/clock.h"
#include "tui/screens.h"
#include "tui/journey.h"
#include "tui/field.h"
#include "tui/list.h"
#include "form/formstate.h"
#include "core/text.h"
#include "core/util.h"
#include "core/utf8.h"
#include "export/xlsx.h"
#include "store/orders.h"
#include "store/review.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The filter bar, in the guide's order. */
enum { F_APPNO, F_TYPE, F_SUBJECT, F_STATUS, F_FROM, F_TO, F__COUNT };

#define WINDOW_EXTRA 128   /* rows fetched beyond the view, half above, half below */

struct applied {
	char *app_no, *subject, *from, *to;
	int type;                  /* index of order_business_type_at, -1 all */
	int status;                /* enum app_status, -1 all */
};

struct orders {
	struct editor ed[F__COUNT];   /* the text filters (F_TYPE, F_STATUS unused) */
	int type, status;             /* the choices being edited */
	struct applied ap;            /* what the list shows */
	bool editing;
	int focus;

	long count;
	struct tui_list list;
	struct order_page win;        /* rows [win_off, win_off + win.n) */
	long win_off;
	bool win_valid;
	struct tui_rect body;
	int view_rows;

	struct detail_arg open;       /* what Enter / b opens */
	long long unmasked_id;        /* the row whose full values are shown */
	char *unmasked;
};

static const char *type_code(int i, const char **name)
{
	const char *dummy;

	return i < 0 ? NULL : order_business_type_at((size_t)i, name ? name : &dummy);
}

static void filter_of(const struct applied *ap, struct order_filter *f)
{
	order_filter_init(f);
	f->app_no = ap->app_no;
	f->business_type = type_code(ap->type, NULL);
	f->subject = ap->subject;
	f->status = ap->status;
	f->from = ap->from;
	f->to = ap->to;
}

static void applied_release(struct applied *ap)
{
	free(ap->app_no);
	free(ap->subject);
	free(ap->from);
	free(ap->to);
	memset(ap, 0, sizeof(*ap));
}

static void window_drop(struct orders *o)
{
	if (o->win_valid)
		order_page_release(&o->win);
	o->win_valid = false;
	o->win.n = 0;
}

/* Make rows [top, top + rows) available. */
static void window_ensure(struct tui *t, struct orders *o, int top, int rows)
{
	struct order_filter f;
	long want_end = top + rows < o->count ? top + rows : o->count;
	char *err = NULL;
	long off;

	if (o->win_valid && top >= o->win_off && want_end <= o->win_off + (long)o->win.n)
		return;
	window_drop(o);
	off = top - WINDOW_EXTRA / 2 > 0 ? top - WINDOW_EXTRA / 2 : 0;
	filter_of(&o->ap, &f);
	if (!orders_page(t->store, &f, off, rows + WINDOW_EXTRA, &o->win, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "无法读取业务单: %s", err ? err : "");
		free(err);
		return;
	}
	o->win_off = off;
	o->win_valid = true;
}

static const struct order_row *row_at(struct orders *o, int index)
{
	if (!o->win_valid || index < o->win_off || index >= o->win_off + (long)o->win.n)
		return NULL;
	return &o->win.rows[index - o->win_off];
}

static const struct order_row *selected(struct tui *t, struct orders *o)
{
	if (o->list.sel < 0)
		return NULL;
	window_ensure(t, o, o->list.sel, 1);
	return row_at(o, o->list.sel);
}

/* Count again and refetch; keep the selected application selected when it
 * is still in the window, else the same position. */
static void reload(struct tui *t, struct orders *o)
{
	struct order_filter f;
	const struct order_row *r = selected(t, o);
	long long keep = r ? r->id : 0;

	filter_of(&o->ap, &f);
	o->count = orders_count(t->store, &f);
	window_drop(o);
	tui_list_set_count(&o->list, o->count > INT_MAX ? INT_MAX : (int)o->count);
	if (keep && o->list.sel >= 0) {
		window_ensure(t, o, o->list.sel, 1);
		for (size_t i = 0; o->win_valid && i < o->win.n; i++)
			if (o->win.rows[i].id == keep)
				o->list.sel = (int)(o->win_off + (long)i);
	}
	free(o->unmasked);
	o->unmasked = NULL;
	o->unmasked_id = 0;
}

static void editors_from_applied(struct orders *o)
{
	editor_set(&o->ed[F_APPNO], o->ap.app_no ? o->ap.app_no : "");
	editor_set(&o->ed[F_SUBJECT], o->ap.subject ? o->ap.subject : "");
	editor_set(&o->ed[F_FROM], o->ap.from ? o->ap.from : "");
	editor_set(&o->ed[F_TO], o->ap.to ? o->ap.to : "");
	o->type = o->ap.type;
	o->status = o->ap.status;
}

static wint_t filter_date(wint_t c)
{
	return (c >= L'0' && c <= L'9') || c == L'-' ? c : WEOF;
}

static bool orders_init(struct tui *t, void *arg, void **state)
{
	struct orders *o = xcalloc(1, sizeof(*o));

	(void)arg;
	editor_init(&o->ed[F_APPNO], APPNO_LEN, editor_filter_digits);
	editor_init(&o->ed[F_TYPE], 1, NULL);
	editor_init(&o->ed[F_SUBJECT], 60, NULL);
	editor_init(&o->ed[F_STATUS], 1, NULL);
	editor_init(&o->ed[F_FROM], 10, filter_date);
	editor_init(&o->ed[F_TO], 10, filter_date);
	o->ap.type = o->ap.status = -1;
	editors_from_applied(o);
	tui_list_init(&o->list, 0);
	reload(t, o);
	*state = o;
	return true;
}

/* ---- drawing ------------------------------------------------------------ */

struct cols {
	int seq, no, type, subject, amount, created, updated, status, ops;
	bool all_ops;              /* room for 查看详情 in 操作 */
	bool short_ops;            /* 80 columns: 继续 退费 详情 for 继续填写 申请退费 查看详情 */
};

static void layout(const struct orders *o, int w, struct cols *c)
{
	int n = 0, used;

	memset(c, 0, sizeof(*c));
	c->seq = w >= 90 ? 4 : 0;
	for (long v = o->count; c->seq && v >= 10000; v /= 10)
		c->seq++;
	c->no = APPNO_LEN;
	c->type = w >= 130 ? 12 : 0;
	c->amount = 9;
	c->created = 10;
	c->updated = w >= 110 ? 10 : 0;
	c->status = 12;
	c->all_ops = w >= 140;
	c->ops = c->all_ops ? 26 : w >= 100 ? 17 : 13;
	c->short_ops = w < 100;
	used = c->seq + c->no + c->type + c->amount + c->created + c->updated + c->status + c->ops;
	n = 3 + (c->seq > 0) + (c->type > 0) + (c->updated > 0) + 3;   /* columns, 主题 included */
	c->subject = w - 2 - used - (n - 1);
	if (c->subject < 8) {
		c->ops -= 8 - c->subject;
		c->subject = 8;
	}
}

/* Cells of one row (or the header) in order; *status_x the status cell's x offset. */
static int cells_of(const struct cols *c, const char **cells, int *widths, const char *const v[9], int *status_x)
{
	const int w[9] = { c->seq, c->no, c->type, c->subject, c->amount, c->created, c->updated, c->status, c->ops };
	int n = 0, x = 0;

	for (int i = 0; i < 9; i++) {
		if (!w[i])
			continue;
		if (i == 7)
			*status_x = x;
		cells[n] = v[i];
		widths[n++] = w[i];
		x += w[i] + 1;
	}
	return n;
}

static char *ops_text(unsigned actions, bool all, bool shrt)
{
	struct strbuf sb;

	sb_init(&sb);
	for (int a = 0; a < ACT__COUNT; a++) {
		if (!(actions & ACT_BIT(a)) || (a == ACT_VIEW && !all))
			continue;
		if (sb.len)
			sb_addc(&sb, ' ');
		sb_adds(&sb, shrt ? order_action_short((enum order_action)a) : order_action_name((enum order_action)a));
	}
	if (!sb.len)
		sb_adds(&sb, shrt ? order_action_short(ACT_VIEW) : order_action_name(ACT_VIEW));
	return sb_detach(&sb);
}

struct row_ud {
	struct tui *t;
	struct orders *o;
	struct cols c;
};

static void row(void *ud, int index, int y, int x, int width, bool sel)
{
	struct row_ud *u = ud;
	const struct order_row *r = row_at(u->o, index);
	char seq[24], amount[32], created[11], updated[11];
	const char *cells[9];
	int widths[9], n, sx = 0;
	attr_t a = sel ? tui_style(STYLE_SELECTED) : A_NORMAL;
	char *ops;

	tui_draw_fill(stdscr, y, x, "", width, a);
	if (!r) {
		tui_draw_text(stdscr, y, x + 1, "…", width - 1, a);
		return;
	}
	snprintf(seq, sizeof(seq), "%ld", r->seq);
	order_amount(r->fee_cents, amount);
	snprintf(created, sizeof(created), "%.10s", r->created);
	snprintf(updated, sizeof(updated), "%.10s", r->updated);
	ops = ops_text(r->actions, u->c.all_ops, u->c.short_ops);
	{
		const char *v[9] = { seq, r->app_no, r->business_type, r->subject ? r->subject : "", amount,
				     created, updated, status_name(r->status), ops };
		n = cells_of(&u->c, cells, widths, v, &sx);
	}
	tui_draw_columns(y, x + 1, cells, widths, n, a);
	if (!sel)
		tui_draw_fill(stdscr, y, x + 1 + sx, status_name(r->status), u->c.status,
			      tui_status_attr(status_colour(r->status)));
	free(ops);
}

static void draw_choice(int y, int x, int w, const char *text, bool active)
{
	char *s = xasprintf("‹%s›", text);

	tui_draw_fill(stdscr, y, x, s, w, tui_style(active ? STYLE_FIELD_ACTIVE : STYLE_FIELD));
	free(s);
}

static int label(int y, int x, const char *text)
{
	return tui_draw_text(stdscr, y, x, text, 12, tui_style(STYLE_LABEL)) + 1;
}

static void draw_filters(struct tui *t, struct orders *o, const struct tui_rect *b)
{
	int y = b->y, x = b->x + 1, w = b->w - 2, x2;
	const char *all = text("filter.all"), *tname = all;
	const char *sname = o->status >= 0 ? status_name((enum app_status)o->status) : all;
	bool e = o->editing;
	char *count;

	if (o->type >= 0)
		type_code(o->type, &tname);
	x += label(y, x, "业务单号");
	tui_field_draw(t, y, x, APPNO_LEN + 1, &o->ed[F_APPNO], e && o->focus == F_APPNO, false);
	x += APPNO_LEN + 2;
	x += label(y, x, text("col.kind"));
	draw_choice(y, x, 16, tname, e && o->focus == F_TYPE);
	x += 17;
	x += label(y, x, text("col.subject"));
	tui_field_draw(t, y, x, b->x + 1 + w - x, &o->ed[F_SUBJECT], e && o->focus == F_SUBJECT, false);

	y++;
	x = b->x + 1;
	x += label(y, x, "状    态");
	draw_choice(y, x, 14, sname, e && o->focus == F_STATUS);
	x += 15;
	x += label(y, x, "开始时间");
	tui_field_draw(t, y, x, 11, &o->ed[F_FROM], e && o->focus == F_FROM, false);
	x += 12;
	x += label(y, x, "结束时间");
	tui_field_draw(t, y, x, 11, &o->ed[F_TO], e && o->focus == F_TO, false);
	x2 = x + 12;
	if (e)
		count = xstrdup("Enter 查询  Tab 下一项  ←→ 选择  Esc 取消");
	else
		count = xasprintf("共 %ld 条", o->count);
	tui_draw_text(stdscr, y, x2, count, b->x + b->w - x2 - 1, tui_style(e ? STYLE_HINT : STYLE_HEADING));
	free(count);
}

static void orders_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct orders *o = state;
	struct row_ud u = { t, o, { 0 } };
	const char *cells[9];
	int widths[9], n, sx;
	struct tui_rect lr;
	const struct order_row *r;

	o->body = *b;
	o->view_rows = b->h - 4;
	layout(o, b->w, &u.c);
	draw_filters(t, o, b);
	{
		const char *v[9] = { text("col.seq"), text("col.app_no"), text("col.kind"), text("col.subject"), "金额",
				     text("col.created"), text("col.updated"), text("col.status"), "操作" };
		n = cells_of(&u.c, cells, widths, v, &sx);
	}
	tui_draw_fill(stdscr, b->y + 2, b->x, "", b->w, tui_style(STYLE_LABEL));
	tui_draw_columns(b->y + 2, b->x + 1, cells, widths, n, tui_style(STYLE_LABEL));
	lr = (struct tui_rect){ b->y + 3, b->x, o->view_rows, b->w };
	tui_list_scroll(&o->list, lr.h);
	window_ensure(t, o, o->list.top, lr.h);
	tui_list_draw(&o->list, &lr, row, &u, "没有符合条件的业务单");
	r = o->editing ? NULL : row_at(o, o->list.sel);
	if (r) {
		bool full = o->unmasked && o->unmasked_id == r->id;
		char *foot = xasprintf("第 %d/%ld 条  经办人: %s  柜员: %s%s", o->list.sel + 1, o->count,
				       full ? o->unmasked : (str_empty(r->agent) ? "—" : r->agent),
				       r->clerk_login ? r->clerk_login : "",
				       full ? "  (完整信息, 已记审计)"
				       : t->op.role == ROLE_SUPERVISOR ? "  (m 显示完整信息)" : "");

		tui_draw_text(stdscr, b->y + b->h - 1, b->x + 1, foot, b->w - 2, tui_style(STYLE_HINT));
		free(foot);
	}
}

/* ---- the filter bar ----------------------------------------------------- */

static int choice_count(int field)
{
	int n = 0;
	const char *name;

	if (field == F_STATUS)
		return ST__COUNT;
	while (order_business_type_at((size_t)n, &name))
		n++;
	return n;
}

static char *text_or_null(struct editor *e)
{
	char *s = editor_text(e);

	str_trim(s);
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

static enum tui_outcome filter_apply(struct tui *t, struct orders *o)
{
	struct applied ap = { 0 };
	struct order_filter f;
	const char *why;

	ap.app_no = text_or_null(&o->ed[F_APPNO]);
	ap.subject = text_or_null(&o->ed[F_SUBJECT]);
	ap.from = text_or_null(&o->ed[F_FROM]);
	ap.to = text_or_null(&o->ed[F_TO]);
	ap.type = o->type;
	ap.status = o->status;
	filter_of(&ap, &f);
	why = order_filter_check(&f);
	if (*why) {
		tui_msg(t, TUI_MSG_ERROR, "%s", why);
		if (strstr(why, "开始时间"))
			o->focus = F_FROM;
		else if (strstr(why, "结束时间"))
			o->focus = F_TO;
		else if (strstr(why, "业务单号"))
			o->focus = F_APPNO;
		applied_release(&ap);
		return TUI_REDRAW;
	}
	applied_release(&o->ap);
	o->ap = ap;
	o->editing = false;
	o->list.sel = 0;
	o->list.top = 0;
	reload(t, o);
	tui_msg(t, TUI_MSG_INFO, "查询结果: 共 %ld 条。", o->count);
	return TUI_REDRAW;
}

static bool is_enter(int key)
{
	return key == '\n' || key == '\r' || key == TUI_KEY_FN(KEY_ENTER);
}

static enum tui_outcome filter_key(struct tui *t, struct orders *o, const struct tui_key *k)
{
	struct tui_key rk = *k;
	bool choice = o->focus == F_TYPE || o->focus == F_STATUS;
	enum tui_outcome out;

	rk.act = keymap_lookup(k->key, KC_FIELDS | KC_EDIT);
	if (is_enter(k->key))
		return filter_apply(t, o);
	if (k->act == ACT_BACK) {
		editors_from_applied(o);
		o->editing = false;
		tui_msg(t, TUI_MSG_INFO, "未更改查询条件。");
		return TUI_REDRAW;
	}
	if (choice) {
		int *v = o->focus == F_TYPE ? &o->type : &o->status, n = choice_count(o->focus);

		if (rk.act == ACT_ED_RIGHT || k->ch == L' ') {
			*v = *v + 1 >= n ? -1 : *v + 1;
			return TUI_REDRAW;
		}
		if (rk.act == ACT_ED_LEFT) {
			*v = *v < 0 ? n - 1 : *v - 1;
			return TUI_REDRAW;
		}
		if (rk.act == ACT_ED_CLEAR || rk.act == ACT_ED_BACKSPACE) {
			*v = -1;
			return TUI_REDRAW;
		}
		out = rk.act == ACT_NEXT_FIELD ? TUI_NEXT_FIELD : rk.act == ACT_PREV_FIELD ? TUI_PREV_FIELD
											     : TUI_UNHANDLED;
	} else {
		out = tui_field_key(&o->ed[o->focus], &rk);
	}
	if (out == TUI_NEXT_FIELD) {
		o->focus = (o->focus + 1) % F__COUNT;
		return TUI_REDRAW;
	}
	if (out == TUI_PREV_FIELD) {
		o->focus = (o->focus + F__COUNT - 1) % F__COUNT;
		return TUI_REDRAW;
	}
	if (out != TUI_UNHANDLED)
		return out;
	return k->act == ACT_HELP || k->act == ACT_REDRAW ? TUI_UNHANDLED : TUI_HANDLED;
}

/* ---- actions ------------------------------------------------------------ */

struct act_ud {
	long long app_id;
	char app_no[APPNO_LEN + 1];
	struct applied ap;          /* the export's filter (copied) */
};

static void act_ud_free(void *p)
{
	struct act_ud *u = p;

	applied_release(&u->ap);
	free(u);
}

static struct prompt_arg *prompt_for(const struct order_row *r, const char *heading, const char *label,
				     const char *hint, bool (*submit)(struct tui *, void *, const char *, char **))
{
	struct prompt_arg *a = prompt_arg_new(heading, label, hint, NULL);
	struct act_ud *u = xcalloc(1, sizeof(*u));

	u->app_id = r ? r->id : 0;
	if (r)
		memcpy(u->app_no, r->app_no, sizeof(u->app_no));
	a->ud = u;
	a->free_ud = act_ud_free;
	a->submit = submit;
	a->maxlen = 200;
	return a;
}

static bool refund_submit(struct tui *t, void *ud, const char *text, char **err)
{
	struct act_ud *u = ud;

	if (!orders_refund(t->store, u->app_id, t->op.id, text, err))
		return false;
	tui_msg(t, TUI_MSG_OK, "已申请退费 %s: 将发送到 CA 中心。", u->app_no);
	return true;
}

static bool void_submit(struct tui *t, void *ud, const char *text, char **err)
{
	struct act_ud *u = ud;

	if (!orders_void(t->store, u->app_id, t->op.id, *text ? text : NULL, err))
		return false;
	tui_msg(t, TUI_MSG_OK, "已作废草稿 %s (记录保留, 不会删除)。", u->app_no);
	return true;
}

static char *abs_path(const char *dir, const char *name)
{
	if (name[0] == '/')
		return xstrdup(name);
	if (name[0] == '~' && name[1] == '/' && getenv("HOME"))
		return xasprintf("%s/%s", getenv("HOME"), name + 2);
	return xasprintf("%s/%s", dir, name);
}

/* Where an export goes by default: the current directory when it can be
 * written, else $HOME (caller frees). */
static char *export_dir(void)
{
	char cwd[PATH_MAX];
	const char *home = getenv("HOME");

	if (getcwd(cwd, sizeof(cwd)) && access(cwd, W_OK) == 0)
		return xstrdup(cwd);
	return xstrdup(home && *home ? home : "/tmp");
}

static bool export_submit(struct tui *t, void *ud, const char *text, char **err)
{
	struct act_ud *u = ud;
	struct order_filter f;
	char *dir = export_dir(), *path = abs_path(dir, text);
	long rows = 0;
	bool ok;

	free(dir);
	if (strlen(path) < 6 || strcmp(path + strlen(path) - 5, ".xlsx")) {
		char *p2 = xasprintf("%s.xlsx", path);
		free(path);
		path = p2;
	}
	filter_of(&u->ap, &f);
	ok = xlsx_export(t->store, &f, path, t->op.id, t->op.login, &rows, err);
	if (ok)
		tui_msg(t, TUI_MSG_OK, "已导出 %ld 条到 %s", rows, path);
	free(path);
	return ok;
}

static enum tui_outcome start_export(struct tui *t, struct orders *o)
{
	char stamp[32], *dir = export_dir(), *path, *heading;
	time_t now = clock_now();
	struct tm tm;
	struct prompt_arg *a;
	struct act_ud *u;

	clock_local(now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	path = xasprintf("%s/业务单-%s.xlsx", dir, stamp);
	heading = xasprintf("导出当前查询结果 (共 %ld 条, 敏感信息已脱敏) 为 Excel 工作簿", o->count);
	a = prompt_for(NULL, heading, "文件名:",
		       "相对路径写在当前目录 (不可写时为主目录) 下; 已有同名文件会被替换。", export_submit);
	a->initial = path;
	a->required = true;
	a->maxlen = 0;
	u = a->ud;
	u->ap.app_no = xstrdup(o->ap.app_no);
	u->ap.subject = xstrdup(o->ap.subject);
	u->ap.from = xstrdup(o->ap.from);
	u->ap.to = xstrdup(o->ap.to);
	u->ap.type = o->ap.type;
	u->ap.status = o->ap.status;
	tui_push(t, &screen_prompt_ops, a);
	free(heading);
	free(dir);
	return TUI_REDRAW;
}

static enum tui_outcome not_allowed(struct tui *t, const struct order_row *r, enum order_action a)
{
	tui_msg(t, TUI_MSG_ERROR, "「%s」状态的申请没有「%s」操作。", status_name(r->status), order_action_name(a));
	return TUI_REDRAW;
}

/* 编辑 / 继续填写 open the replacement journey on the application, landing on
 * the first field the supervisor marked (tui/journey.h). */
static enum tui_outcome order_edit(struct tui *t, struct orders *o, const struct order_row *r)
{
	size_t n = 0;
	char **fields;

	(void)o;
	if (!(r->actions & (ACT_BIT(ACT_EDIT) | ACT_BIT(ACT_RESUME))))
		return not_allowed(t, r, ACT_EDIT);
	fields = review_return_fields(t->store, r->id, &n);
	journey_open(t, r->id, n ? fields[0] : NULL);
	review_fields_free(fields);
	return TUI_REDRAW;
}

static enum tui_outcome order_resubmit(struct tui *t, struct orders *o, const struct order_row *r)
{
	char *err = NULL;
	char no[APPNO_LEN + 1];

	if (!(r->actions & ACT_BIT(ACT_EDIT)))
		return not_allowed(t, r, ACT_EDIT);
	memcpy(no, r->app_no, sizeof(no));
	if (orders_resubmit(t->store, r->id, t->op.id, &err))
		tui_msg(t, TUI_MSG_OK, "已重新提交 %s, 等待主管审核。", no);
	else
		tui_msg(t, TUI_MSG_ERROR, "未提交: %s", err ? err : text("msg.failed"));
	free(err);
	reload(t, o);
	return TUI_REDRAW;
}

/* 金融认证, once the form's bank section is right (held in memory until
 * then): the bank fields, → 待同步 and the outbox 'finauth', in one transaction. */
static bool finauth_done(struct tui *t, const struct formstate *fs, const char *app_no, char **err)
{
	struct order_bank bank = { formstate_get(fs, "bank_account_name"), formstate_get(fs, "bank_name"),
				   formstate_get(fs, "bank_code"), formstate_get(fs, "bank_account"), NULL };

	if (!orders_finauth_resubmit(t->store, formstate_app_id(fs), t->op.id, &bank, err))
		return false;
	tui_msg(t, TUI_MSG_OK, "已重新提交 %s 的金融认证信息: 待同步, 将发送到 CA 中心。", app_no);
	return true;
}

/* 金融认证: the bank information entered again, on the form's bank section. */
static enum tui_outcome order_finauth(struct tui *t, struct orders *o, const struct order_row *r)
{
	struct form_section_arg *a;

	(void)o;
	if (!(r->actions & ACT_BIT(ACT_FINAUTH)))
		return not_allowed(t, r, ACT_FINAUTH);
	a = xcalloc(1, sizeof(*a));
	a->app_id = r->id;
	a->section = xstrdup("bank");
	a->heading = xasprintf("金融认证 · 申请单号 %s    机构名称: %s", r->app_no, r->subject ? r->subject : "");
	a->note = xstrdup("最后一项按 Enter 提交, 直接发往 CA 中心, 不再经主管审核; Esc 取消, 不保存");
	a->done = finauth_done;
	tui_push(t, &screen_form_section_ops, a);
	return TUI_REDRAW;
}

/* Ask for the reason of action A on R (heading: BEFORE, the number and
 * subject, AFTER), then SUBMIT it. */
static enum tui_outcome ask_reason(struct tui *t, const struct order_row *r, enum order_action a, const char *before,
				   const char *after, const char *label, const char *hint,
				   bool (*submit)(struct tui *, void *, const char *, char **))
{
	char *heading;

	if (!(r->actions & ACT_BIT(a)))
		return not_allowed(t, r, a);
	heading = xasprintf("%s%s  %s%s", before, r->app_no, r->subject ? r->subject : "", after);
	tui_push(t, &screen_prompt_ops, prompt_for(r, heading, label, hint, submit));
	free(heading);
	return TUI_REDRAW;
}

static enum tui_outcome order_refund(struct tui *t, struct orders *o, const struct order_row *r)
{
	(void)o;
	return ask_reason(t, r, ACT_REFUND, "申请退费: ", "", "退费原因:", "退费申请将发送到 CA 中心, 由中心办理退款。",
			  refund_submit);
}

static enum tui_outcome order_void(struct tui *t, struct orders *o, const struct order_row *r)
{
	(void)o;
	return ask_reason(t, r, ACT_VOID, "确认作废草稿 ", " ?", "作废原因 (可不填):",
			  "按 Enter 确认作废, Esc 取消。作废的草稿保留在记录中, 不能再继续填写。", void_submit);
}

/* 查看详情 (Enter). */
static enum tui_outcome order_view(struct tui *t, struct orders *o, const struct order_row *r)
{
	o->open.app_id = r->id;
	tui_push(t, &screen_detail_ops, &o->open);
	return TUI_REDRAW;
}

static enum tui_outcome order_unmask(struct tui *t, struct orders *o, const struct order_row *r)
{
	static const char *const cols[] = { "agent_name", "agent_mobile" };
	char **v = NULL, *err = NULL;

	if (!orders_unmask(t->store, r->id, t->op.id, cols, ARRAY_SIZE(cols), &v, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "%s。", err ? err : "不能显示完整信息");
		free(err);
		return TUI_REDRAW;
	}
	free(o->unmasked);
	o->unmasked = xasprintf("%s %s", v[0] ? v[0] : "—", v[1] ? v[1] : "");
	o->unmasked_id = r->id;
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		free(v[i]);
	free(v);
	return TUI_REDRAW;
}

/* What a key does to the selected application: the rows of ORDER_KEY_TABLE
 * (tui/keymap.h: key, short name, handler), then Enter and m. */
static const struct {
	enum tui_action act;
	enum tui_outcome (*run)(struct tui *t, struct orders *o, const struct order_row *r);
} order_keys[] = {
#define X(act, key, label, short_name, desc, handler) { act, handler },
	ORDER_KEY_TABLE(X)
#undef X
	{ ACT_OK, order_view },
	{ ACT_UNMASK, order_unmask },
};

static enum tui_outcome orders_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct orders *o = state;
	const struct order_row *r;
	enum tui_outcome out;

	if (o->editing)
		return filter_key(t, o, k);
	out = tui_list_key(&o->list, k, o->view_rows);
	if (out != TUI_UNHANDLED)
		return out;
	switch (k->act) {
	case ACT_FILTER:
		o->editing = true;
		o->focus = F_APPNO;
		return TUI_REDRAW;
	case ACT_RELOAD:
		reload(t, o);
		tui_msg(t, TUI_MSG_INFO, "已刷新: 共 %ld 条。", o->count);
		return TUI_REDRAW;
	case ACT_EXPORT:
		return start_export(t, o);
	default:
		break;
	}
	for (size_t i = 0; i < ARRAY_SIZE(order_keys); i++) {
		if (order_keys[i].act != k->act)
			continue;
		r = selected(t, o);
		if (!r) {
			tui_msg(t, TUI_MSG_INFO, "没有选中的业务单。");
			return TUI_REDRAW;
		}
		return order_keys[i].run(t, o, r);
	}
	return TUI_UNHANDLED;
}

static void orders_resume(struct tui *t, void *state)
{
	reload(t, state);
}

static void orders_done(struct tui *t, void *state)
{
	struct orders *o = state;

	(void)t;
	for (int i = 0; i < F__COUNT; i++)
		editor_release(&o->ed[i]);
	applied_release(&o->ap);
	window_drop(o);
	free(o->unmasked);
	free(o);
}

const struct screen_ops screen_orders_ops = {
	.name = "orders",
	.title = "我的业务单",
	.keyctx = KC_LIST | KC_ORDERS,
	.init = orders_init,
	.draw = orders_draw,
	.key = orders_key,
	.resume = orders_resume,
	.done = orders_done,
};
