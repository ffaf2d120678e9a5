/* screen_detail.c - one application in full: 查看详情 (read-only, masked,
 * from 我的业务单) and 审核 (from 审核队列: sensitive values in full, with
 * 通过 / 退回 / 领取 / 释放, and the 退回 form: a reason and the fields at
 * fault picked from the application's own fields). The core decides; its
 * refusals (four eyes, claimed by another, changed since opened, decided
 * meanwhile) are shown here as it words them. */
#include "core/clock.h"
#include "tui/screens.h"
#include "tui/field.h"
#include "tui/list.h"
#include "tui/pager.h"
#include "core/text.h"
#include "core/util.h"
#include "core/utf8.h"
#include "form/shown.h"
#include "store/orders.h"
#include "store/review.h"

#include <stdlib.h>
#include <string.h>

struct detail {
	long long app_id;
	bool decide;               /* the review screen */
	struct order_detail d;
	bool loaded;
	struct pager pager;
	struct tui_rect body;
	/* the 退回 form */
	bool returning;
	int focus;                 /* 0 the reason, 1 the field list */
	struct editor reason;
	struct tui_list fl;
	bool *marked;              /* per d.fields */
	char *notice;              /* the last refusal, shown on top in full */
};

static void add_kv(struct pager *p, const char *label, const char *value, enum tui_style st)
{
	char *line;

	if (str_empty(value))
		return;
	line = xasprintf("  %s: %s", label, value);
	pager_add(p, line, st);
	free(line);
}

static char *size_text(long long size)
{
	if (size >= 1024 * 1024)
		return xasprintf("%.1f MB", (double)size / (1024.0 * 1024.0));
	if (size >= 1024)
		return xasprintf("%.1f KB", (double)size / 1024.0);
	return xasprintf("%lld 字节", size);
}

static void build(struct tui *t, struct detail *s)
{
	struct order_detail *d = &s->d;
	struct pager *p = &s->pager;
	char amount[32];
	char *line;
	const char *group = NULL;
	char t1[CLOCK_SHOWN], t2[CLOCK_SHOWN];

	pager_release(p);
	pager_init(p);
	if (s->notice) {
		line = xasprintf("未生效: %s", s->notice);
		pager_add(p, line, STYLE_ERROR);
		free(line);
		pager_add(p, "", STYLE_NORMAL);
	}
	line = xasprintf("申请单号 %s    状态: %s    业务类型: %s", d->app_no, status_name(d->status),
			 d->business_type ? d->business_type : "");
	pager_add(p, line, STYLE_HEADING);
	free(line);
	line = xasprintf("  录入: %s (%s)  创建 %s  更新 %s", d->clerk_name ? d->clerk_name : "",
			 d->clerk_login ? d->clerk_login : "", clock_show(d->created_at, false, t1, sizeof(t1)),
			 clock_show(d->updated_at, false, t2, sizeof(t2)));
	pager_add(p, line, STYLE_NORMAL);
	free(line);
	if (d->approved_by) {
		line = xasprintf("  审核: %s  %s", d->approved_by, clock_show(d->approved_at, false, t1, sizeof(t1)));
		pager_add(p, line, STYLE_NORMAL);
		free(line);
	}
	if (d->claimed_by) {
		line = xasprintf("  领取: %s (自 %s)", d->claimed_by, clock_show(d->claimed_at, false, t1, sizeof(t1)));
		pager_add(p, line, STYLE_NORMAL);
		free(line);
	}

	/* warnings first: what the supervisor must not miss */
	if (d->duplicate_warning || !str_empty(d->warnings) || (s->decide && t->op.id &&
	    str_eq(d->clerk_login, t->op.login))) {
		pager_add(p, "", STYLE_NORMAL);
		pager_add(p, "【警告】", STYLE_ERROR);
		if (s->decide && str_eq(d->clerk_login, t->op.login))
			pager_add(p, "  这是您本人录入的申请: 双人复核, 您不能审核通过。", STYLE_ERROR);
		if (d->duplicate_warning)
			add_kv(p, "重复申请", d->duplicate_warning, STYLE_ERROR);
		if (!str_empty(d->warnings))
			add_kv(p, "校验提示", d->warnings, STYLE_ERROR);
	}
	if (!str_empty(d->return_reason) || !str_empty(d->central_reason) || !str_empty(d->tracking)) {
		pager_add(p, "", STYLE_NORMAL);
		pager_add(p, "【审核意见与中心回执】", STYLE_HEADING);
		add_kv(p, "退回原因", d->return_reason, STYLE_ERROR);
		if (d->return_fields && d->return_fields[0]) {
			struct strbuf sb;

			sb_init(&sb);
			for (char **f = d->return_fields; *f; f++) {
				const char *label = *f;
				for (size_t i = 0; i < d->nfields; i++)
					if (str_eq(d->fields[i].column, *f))
						label = d->fields[i].label;
				if (sb.len)
					sb_adds(&sb, "、");
				sb_adds(&sb, label);
			}
			add_kv(p, "需修改的字段", sb.s, STYLE_ERROR);
			sb_release(&sb);
		}
		add_kv(p, "中心意见", d->central_reason, STYLE_ERROR);
		add_kv(p, "快递单号", d->tracking, STYLE_NORMAL);
	}

	for (size_t i = 0; i < d->nfields; i++) {
		const struct detail_field *f = &d->fields[i];

		if (!str_eq(group, f->group)) {
			group = f->group;
			pager_add(p, "", STYLE_NORMAL);
			line = xasprintf("【%s】", group);
			pager_add(p, line, STYLE_HEADING);
			free(line);
		}
		if (str_eq(f->column, "fee_cents") && f->value) {
			order_amount(strtoll(f->value, NULL, 10), amount);
			add_kv(p, f->label, amount, STYLE_NORMAL);
		} else {
			/* the stored times (…_at) in branch time; dates and the rest as they are */
			size_t cn = strlen(f->column);
			const char *v = !f->value ? "—" : cn > 3 && !strcmp(f->column + cn - 3, "_at")
					? clock_show(f->value, false, t1, sizeof(t1)) : f->value;

			line = xasprintf("  %s: %s", f->label, v);
			pager_add(p, line, f->value ? STYLE_NORMAL : STYLE_DISABLED);
			free(line);
		}
	}

	pager_add(p, "", STYLE_NORMAL);
	pager_add(p, "【附件】", STYLE_HEADING);
	if (!d->nattachments)
		pager_add(p, "  (没有附件)", STYLE_DISABLED);
	for (size_t i = 0; i < d->nattachments; i++) {
		const struct detail_attachment *a = &d->attachments[i];
		char *size = size_text(a->size);
		char *print = a->print_id ? xasprintf("申请表打印版本 #%lld (%s)", a->print_id,
						      clock_show(a->print_at, false, t1, sizeof(t1)))
					  : xstrdup("未关联申请表打印版本");

		line = xasprintf("  %s%s  %s  %s  %s\n    SHA-256 %s  上传 %s", a->superseded ? "(已被替换) " : "",
				 a->kind ? a->kind : "", a->name ? a->name : "", size, print,
				 a->sha256 ? a->sha256 : "", clock_show(a->created_at, false, t2, sizeof(t2)));
		pager_add(p, line, a->superseded ? STYLE_DISABLED : STYLE_NORMAL);
		free(line);
		free(size);
		free(print);
	}

	pager_add(p, "", STYLE_NORMAL);
	pager_add(p, "【状态记录】", STYLE_HEADING);
	for (size_t i = 0; i < d->nhistory; i++) {
		const struct detail_event *e = &d->history[i];
		char *who = e->operator_name ? xasprintf("%s (%s)", e->operator_name, e->actor ? e->actor : "")
					     : xstrdup(e->actor ? e->actor : "");

		line = xasprintf("  %s  %s  %s → %s%s%s", clock_show(e->at, false, t1, sizeof(t1)), who,
				 e->from < 0 ? "创建" : status_name((enum app_status)e->from), status_name(e->to),
				 str_empty(e->reason) ? "" : "  原因: ", e->reason ? e->reason : "");
		pager_add(p, line, STYLE_NORMAL);
		free(line);
		free(who);
	}
}

static bool load(struct tui *t, struct detail *s)
{
	char *err = NULL;
	struct order_detail nd;

	if (!form_detail_load(t->store, s->app_id, s->decide, &nd, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "%s", err ? err : "无法读取申请");
		free(err);
		return false;
	}
	if (s->loaded)
		order_detail_release(&s->d);
	s->d = nd;
	s->loaded = true;
	build(t, s);
	return true;
}

static bool open_common(struct tui *t, void *arg, void **state, bool decide)
{
	struct detail *s;

	if (!arg)
		return false;
	s = xcalloc(1, sizeof(*s));
	s->app_id = ((struct detail_arg *)arg)->app_id;
	s->decide = decide;
	pager_init(&s->pager);
	editor_init(&s->reason, 200, NULL);
	if (!load(t, s)) {
		pager_release(&s->pager);
		editor_release(&s->reason);
		free(s);
		return false;
	}
	*state = s;
	return true;
}

static bool detail_init(struct tui *t, void *arg, void **state)
{
	return open_common(t, arg, state, false);
}

static bool decide_init(struct tui *t, void *arg, void **state)
{
	if (t->op.role != ROLE_SUPERVISOR) {
		tui_msg(t, TUI_MSG_ERROR, "只有主管可以审核申请。");
		return false;
	}
	return open_common(t, arg, state, true);
}

/* ---- the 退回 form ------------------------------------------------------ */

static void return_open(struct detail *s)
{
	free(s->marked);
	s->marked = xcalloc(s->d.nfields ? s->d.nfields : 1, sizeof(bool));
	editor_apply(&s->reason, ED_CLEAR);
	tui_list_init(&s->fl, (int)s->d.nfields);
	s->focus = 0;
	s->returning = true;
}

struct fl_ud {
	struct detail *s;
};

static void field_row(void *ud, int index, int y, int x, int width, bool selected)
{
	struct detail *s = ((struct fl_ud *)ud)->s;
	const struct detail_field *f = &s->d.fields[index];
	char *line = xasprintf("[%s] %s · %s: %s", s->marked[index] ? "×" : " ", f->group, f->label,
			       f->value ? f->value : "—");

	tui_draw_fill(stdscr, y, x, line, width,
		      selected && s->focus == 1 ? tui_style(STYLE_SELECTED)
		      : s->marked[index]        ? tui_style(STYLE_ERROR)
						: A_NORMAL);
	free(line);
}

static void return_draw(struct tui *t, struct detail *s, const struct tui_rect *b)
{
	int x0 = b->x + 1, w = b->w - 2, y = b->y;
	size_t nmarked = 0;
	char *head = xasprintf("退回 %s 给柜员修改: 填写原因, 并在下面标出有误的字段", s->d.app_no);
	struct tui_rect r;
	struct fl_ud ud = { s };

	for (size_t i = 0; i < s->d.nfields; i++)
		nmarked += s->marked[i];
	tui_draw_text(stdscr, y, x0, head, w, tui_style(STYLE_HEADING));
	tui_draw_text(stdscr, y + 2, x0, "退回原因:", 10, tui_style(STYLE_LABEL));
	tui_field_draw(t, y + 2, x0 + 10, w - 10, &s->reason, s->focus == 0, false);
	free(head);
	head = xasprintf("有误的字段 (已标出 %zu 项; ↑↓ 选择, 空格 标记):", nmarked);
	tui_draw_text(stdscr, y + 4, x0, head, w, tui_style(STYLE_LABEL));
	free(head);
	r = (struct tui_rect){ y + 5, x0, b->h - 7, w };
	tui_list_draw(&s->fl, &r, field_row, &ud, "(本申请没有可标记的字段)");
	tui_draw_text(stdscr, b->y + b->h - 1, x0, "Tab 原因/字段  Enter 确认退回  Esc 取消退回", w,
		      tui_style(STYLE_HINT));
}

static enum tui_outcome return_submit(struct tui *t, struct detail *s)
{
	char *reason = editor_text(&s->reason), *err = NULL;
	const char **fields = xcalloc(s->d.nfields + 1, sizeof(*fields));
	size_t n = 0;
	bool ok;

	str_trim(reason);
	if (!*reason) {
		tui_msg(t, TUI_MSG_ERROR, "请填写退回原因 (柜员会看到它)。");
		s->focus = 0;
		free(reason);
		free(fields);
		return TUI_REDRAW;
	}
	for (size_t i = 0; i < s->d.nfields; i++)
		if (s->marked[i])
			fields[n++] = s->d.fields[i].column;
	ok = review_return(t->store, s->app_id, t->op.id, reason, fields, n, &err);
	free(fields);
	free(reason);
	if (ok) {
		tui_msg(t, TUI_MSG_OK, "已退回 %s 给柜员修改 (标出 %zu 个字段)。", s->d.app_no, n);
		return TUI_LEAVE;
	}
	s->returning = false;
	tui_msg(t, TUI_MSG_ERROR, "未退回: %s", err ? err : text("msg.failed"));
	free(s->notice);
	s->notice = err;
	load(t, s);
	return TUI_REDRAW;
}

static enum tui_outcome return_key(struct tui *t, struct detail *s, const struct tui_key *k)
{
	struct tui_key rk = *k;
	enum tui_outcome out;

	if (s->focus == 0) {
		rk.act = keymap_lookup(k->key, KC_FIELDS | KC_EDIT);
		out = tui_field_key(&s->reason, &rk);
		if (out == TUI_NEXT_FIELD && (k->key == '\t' || k->key == TUI_KEY_FN(KEY_DOWN))) {
			s->focus = 1;
			return TUI_REDRAW;
		}
		if (out == TUI_NEXT_FIELD)
			return return_submit(t, s);
		if (out == TUI_PREV_FIELD)
			return TUI_HANDLED;
		if (out != TUI_UNHANDLED)
			return out;
	} else {
		rk.act = keymap_lookup(k->key, KC_LIST | KC_CHECKS);
		if (k->key == '\t' || k->key == TUI_KEY_FN(KEY_BTAB) ||
		    (rk.act == ACT_UP && s->fl.sel <= 0)) {
			s->focus = 0;
			return TUI_REDRAW;
		}
		if (rk.act == ACT_TOGGLE && s->fl.sel >= 0) {
			s->marked[s->fl.sel] = !s->marked[s->fl.sel];
			return TUI_REDRAW;
		}
		if (rk.act == ACT_OK)
			return return_submit(t, s);
		out = tui_list_key(&s->fl, &rk, s->body.h - 7);
		if (out != TUI_UNHANDLED)
			return out;
	}
	if (k->act == ACT_BACK) {
		s->returning = false;
		tui_msg(t, TUI_MSG_INFO, "已取消退回, 申请仍在待审核。");
		return TUI_REDRAW;
	}
	return k->act == ACT_HELP || k->act == ACT_REDRAW ? TUI_UNHANDLED : TUI_HANDLED;
}

/* ---- the screen --------------------------------------------------------- */

static void detail_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct detail *s = state;

	s->body = *b;
	if (s->returning)
		return_draw(t, s, b);
	else
		pager_draw(&s->pager, b);
}

static enum tui_outcome approve(struct tui *t, struct detail *s)
{
	char *err = NULL;

	if (review_approve(t->store, s->app_id, t->op.id, s->d.revision, &err)) {
		tui_msg(t, TUI_MSG_OK, "已审核通过 %s, 进入待同步。", s->d.app_no);
		return TUI_LEAVE;
	}
	tui_msg(t, TUI_MSG_ERROR, "%s", err ? err : text("msg.failed"));
	free(s->notice);
	s->notice = err;   /* also on top of the details, where a long reason fits */
	load(t, s);        /* show what is there now (a change, another's decision) */
	return TUI_REDRAW;
}

static enum tui_outcome claim(struct tui *t, struct detail *s, bool release)
{
	char *err = NULL;
	bool ok = release ? review_release(t->store, s->app_id, t->op.id, &err)
			  : review_claim(t->store, s->app_id, t->op.id, false, &err);

	free(s->notice);
	s->notice = NULL;
	if (ok)
		review_claim_notice(t, release ? 2 : 0, s->d.app_no);
	else
		tui_msg(t, TUI_MSG_ERROR, "%s", err ? err : text("msg.failed"));
	s->notice = ok ? NULL : err;
	if (ok)
		free(err);
	load(t, s);
	return TUI_REDRAW;
}

static enum tui_outcome detail_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct detail *s = state;

	if (s->returning)
		return return_key(t, s, k);
	if (s->decide) {
		switch (k->act) {
		case ACT_APPROVE:
			return approve(t, s);
		case ACT_RETURN:
			if (!status_allows(s->d.status, SR_REVIEW)) {
				tui_msg(t, TUI_MSG_ERROR, "这笔申请现在是「%s」, 不在待审核, 不能退回。",
					status_name(s->d.status));
				return TUI_REDRAW;
			}
			return_open(s);
			return TUI_REDRAW;
		case ACT_CLAIM:
			return claim(t, s, false);
		case ACT_RELEASE:
			return claim(t, s, true);
		default:
			break;
		}
	}
	return pager_key(&s->pager, k, &s->body);
}

static void detail_done(struct tui *t, void *state)
{
	struct detail *s = state;

	(void)t;
	if (s->loaded)
		order_detail_release(&s->d);
	pager_release(&s->pager);
	editor_release(&s->reason);
	free(s->marked);
	free(s->notice);
	free(s);
}

const struct screen_ops screen_detail_ops = {
	.name = "detail",
	.title = "查看详情",
	.keyctx = KC_PAGER,
	.init = detail_init,
	.draw = detail_draw,
	.key = detail_key,
	.done = detail_done,
};

const struct screen_ops screen_decide_ops = {
	.name = "decide",
	.title = "审核申请",
	.keyctx = KC_PAGER | KC_DECIDE,
	.init = decide_init,
	.draw = detail_draw,
	.key = detail_key,
	.done = detail_done,
};
