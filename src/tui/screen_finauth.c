/* screen_finauth.c - 金融认证 (我的业务单, 金融认证失败): re-enter only the
 * bank information — 基本户名称 (must equal 机构名称), 基本户开户行 picked
 * from the bank directory as it is typed (bank_search), 基本户账号 twice —
 * then orders_finauth sends it back to the centre (outbox 'finauth')
 * without a second full review. The 温馨提示 come from data/finauth-hints.tsv. */
#include "tui/screens.h"
#include "tui/field.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/app.h"
#include "store/orders.h"
#include "store/refdata.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { FA_NAME, FA_BANK, FA_ACCOUNT, FA_CONFIRM, FA__COUNT };

#define PICK_MAX 6

struct pick {
	char *name, *code;
};

struct finauth {
	long long app_id;
	char app_no[APPNO_LEN + 1];
	char *org_name;
	struct editor ed[FA__COUNT];
	int focus;
	struct pick picks[PICK_MAX];
	int npicks, psel;
	char *chosen_name, *chosen_code;  /* the bank picked from the list */
	char *hint_bank, *hint_account;
};

static void picks_clear(struct finauth *f)
{
	for (int i = 0; i < f->npicks; i++) {
		free(f->picks[i].name);
		free(f->picks[i].code);
	}
	f->npicks = 0;
	f->psel = 0;
}

static bool pick_cb(const struct bank *b, void *ud)
{
	struct finauth *f = ud;

	f->picks[f->npicks].name = xstrdup(b->name);
	f->picks[f->npicks].code = xstrdup(b->code);
	f->npicks++;
	return f->npicks < PICK_MAX;
}

static void search(struct tui *t, struct finauth *f)
{
	char *q = editor_text(&f->ed[FA_BANK]);

	picks_clear(f);
	if (!str_empty(q) && !str_eq(q, f->chosen_name))
		bank_search(t->store, q, PICK_MAX, pick_cb, f);
	free(q);
}

static void load_hints(struct tui *t, struct finauth *f)
{
	char *path = paths_file("data/finauth-hints.tsv");
	char *text = file_read_all(path, NULL);

	if (!text) {
		tui_msg(t, TUI_MSG_ERROR, "无法读取 %s: %s", path, strerror(errno));
		free(path);
		return;
	}
	for (char *line = text, *nl; line && *line; line = nl) {
		char *tab;

		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (line[0] == '#' || !(tab = strchr(line, '\t')))
			continue;
		*tab = '\0';
		if (!strcmp(line, "bank_name"))
			f->hint_bank = xstrdup(tab + 1);
		else if (!strcmp(line, "bank_account"))
			f->hint_account = xstrdup(tab + 1);
	}
	free(text);
	free(path);
}

static bool finauth_init(struct tui *t, void *arg, void **state)
{
	struct finauth *f;
	char *v;

	if (!arg)
		return false;
	f = xcalloc(1, sizeof(*f));
	f->app_id = ((struct detail_arg *)arg)->app_id;
	if (app_status(t->store, f->app_id) != ST_FINAUTH_FAILED) {
		tui_msg(t, TUI_MSG_ERROR, "只有「金融认证失败」的申请可以重新金融认证。");
		free(f);
		return false;
	}
	v = app_get_field(t->store, f->app_id, "app_no");
	snprintf(f->app_no, sizeof(f->app_no), "%s", v ? v : "");
	free(v);
	f->org_name = app_get_field(t->store, f->app_id, "org_name");
	editor_init(&f->ed[FA_NAME], 100, NULL);
	editor_init(&f->ed[FA_BANK], 60, NULL);
	editor_init(&f->ed[FA_ACCOUNT], 40, editor_filter_find("account"));
	editor_init(&f->ed[FA_CONFIRM], 40, editor_filter_find("account"));
	/* the name and the bank are usually right: start from what was sent */
	v = app_get_field(t->store, f->app_id, "bank_account_name");
	editor_set(&f->ed[FA_NAME], v ? v : "");
	free(v);
	f->chosen_name = app_get_field(t->store, f->app_id, "bank_name");
	f->chosen_code = app_get_field(t->store, f->app_id, "bank_code");
	editor_set(&f->ed[FA_BANK], f->chosen_name ? f->chosen_name : "");
	load_hints(t, f);
	*state = f;
	return true;
}

static int field_row(int y0, int i)
{
	static const int rows[FA__COUNT] = { 0, 2, 4, 6 };
	return y0 + rows[i];
}

static void finauth_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct finauth *f = state;
	static const char *labels[FA__COUNT] = { "* 基本户名称:", "* 基本户开户行:", "* 基本户账号:", "* 再次输入账号:" };
	int x0 = b->x + 2, lw = 16, fw = b->w - 4 - lw, y0 = b->y + 3, y;
	char *head = xasprintf("金融认证 · 申请单号 %s    机构名称: %s", f->app_no, f->org_name ? f->org_name : "");

	tui_draw_text(stdscr, b->y, x0, head, b->w - 4, tui_style(STYLE_HEADING));
	free(head);
	tui_draw_text(stdscr, b->y + 1, x0, "金融认证信息(带*为必填项)  提交后直接发往 CA 中心, 不再经主管审核",
		      b->w - 4, tui_style(STYLE_LABEL));
	for (int i = 0; i < FA__COUNT; i++) {
		y = field_row(y0, i) + (i >= FA_ACCOUNT ? 3 : 0);
		tui_draw_text(stdscr, y, x0, labels[i], lw, tui_style(STYLE_LABEL));
		tui_field_draw(t, y, x0 + lw, fw > 50 ? 50 : fw, &f->ed[i], f->focus == i, false);
	}
	/* under the bank: the matches as typed, or the hint */
	y = field_row(y0, FA_BANK) + 1;
	if (f->focus == FA_BANK && f->npicks) {
		for (int i = 0; i < f->npicks && i < 3; i++) {
			int first = f->psel >= 3 ? f->psel - 2 : 0;
			const struct pick *p = &f->picks[first + i];
			char *line = xasprintf("%s %s", p->name, p->code && *p->code ? p->code : "");

			tui_draw_fill(stdscr, y + i, x0 + lw, line, fw > 50 ? 50 : fw,
				      first + i == f->psel ? tui_style(STYLE_SELECTED) : tui_style(STYLE_FIELD));
			free(line);
		}
	} else {
		char *chosen = f->chosen_code && *f->chosen_code ? xasprintf("联行号 %s", f->chosen_code) : NULL;

		if (chosen)
			tui_draw_text(stdscr, y, x0 + lw, chosen, b->w - 4 - lw, A_NORMAL);
		if (f->hint_bank)
			tui_draw_wrapped(stdscr, y + 1, x0, b->w - 4, f->hint_bank, 0, 2, tui_style(STYLE_HINT));
		free(chosen);
	}
	y = field_row(y0, FA_CONFIRM) + 5;
	if (f->hint_account)
		tui_draw_wrapped(stdscr, y, x0, b->w - 4, f->hint_account, 0, b->y + b->h - y - 1,
				 tui_style(STYLE_HINT));
	tui_draw_text(stdscr, b->y + b->h - 1, x0,
		      "开户行: 输入关键字, ↑↓ 选择, Enter 选定   最后一项 Enter 提交   Esc 取消", b->w - 4,
		      tui_style(STYLE_HINT));
}

static void choose(struct finauth *f)
{
	const struct pick *p = &f->picks[f->psel];

	free(f->chosen_name);
	free(f->chosen_code);
	f->chosen_name = xstrdup(p->name);
	f->chosen_code = xstrdup(p->code);
	editor_set(&f->ed[FA_BANK], p->name);
	picks_clear(f);
}

static enum tui_outcome submit(struct tui *t, struct finauth *f)
{
	char *v[FA__COUNT], *err = NULL;
	struct order_bank bank;
	bool ok;

	for (int i = 0; i < FA__COUNT; i++) {
		v[i] = editor_text(&f->ed[i]);
		str_trim(v[i]);
	}
	if (!str_eq(v[FA_BANK], f->chosen_name)) {
		tui_msg(t, TUI_MSG_ERROR, "请从搜索结果中选择基本户开户行 (输入关键字, 如「工商」)。");
		f->focus = FA_BANK;
		ok = false;
		goto out;
	}
	bank = (struct order_bank){ v[FA_NAME], f->chosen_name, f->chosen_code, v[FA_ACCOUNT], v[FA_CONFIRM] };
	ok = orders_finauth(t->store, f->app_id, t->op.id, &bank, &err);
	if (ok)
		tui_msg(t, TUI_MSG_OK, "已重新提交 %s 的金融认证信息: 待同步, 将发送到 CA 中心。", f->app_no);
	else
		tui_msg(t, TUI_MSG_ERROR, "未提交: %s", err ? err : "失败");
	if (!ok && err && strstr(err, "名称"))
		f->focus = FA_NAME;
	else if (!ok && err && strstr(err, "账号"))
		f->focus = FA_ACCOUNT;
	free(err);
out:
	for (int i = 0; i < FA__COUNT; i++)
		free(v[i]);
	return ok ? TUI_LEAVE : TUI_REDRAW;
}

static enum tui_outcome finauth_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct finauth *f = state;
	enum tui_outcome out;

	if (f->focus == FA_BANK && f->npicks) {
		if (k->key == TUI_KEY_FN(KEY_DOWN)) {
			f->psel = (f->psel + 1) % f->npicks;
			return TUI_REDRAW;
		}
		if (k->key == TUI_KEY_FN(KEY_UP)) {
			f->psel = (f->psel + f->npicks - 1) % f->npicks;
			return TUI_REDRAW;
		}
		if (k->act == ACT_NEXT_FIELD) {
			choose(f);
			f->focus = FA_ACCOUNT;
			return TUI_REDRAW;
		}
	}
	out = tui_field_key(&f->ed[f->focus], k);
	if (f->focus == FA_BANK && f->ed[FA_BANK].changed) {
		f->ed[FA_BANK].changed = false;
		search(t, f);
	}
	if (out == TUI_NEXT_FIELD) {
		if (f->focus == FA__COUNT - 1)
			return submit(t, f);
		f->focus++;
		picks_clear(f);
		return TUI_REDRAW;
	}
	if (out == TUI_PREV_FIELD) {
		if (f->focus > 0)
			f->focus--;
		picks_clear(f);
		return TUI_REDRAW;
	}
	if (out == TUI_UNHANDLED && k->act == ACT_BACK) {
		tui_msg(t, TUI_MSG_INFO, "已取消, 没有提交。");
		return TUI_LEAVE;
	}
	return out;
}

static void finauth_done(struct tui *t, void *state)
{
	struct finauth *f = state;

	(void)t;
	picks_clear(f);
	for (int i = 0; i < FA__COUNT; i++)
		editor_release(&f->ed[i]);
	free(f->org_name);
	free(f->chosen_name);
	free(f->chosen_code);
	free(f->hint_bank);
	free(f->hint_account);
	free(f);
}

const struct screen_ops screen_finauth_ops = {
	.name = "finauth",
	.title = "金融认证",
	.keyctx = KC_FIELDS | KC_EDIT,
	.init = finauth_init,
	.draw = finauth_draw,
	.key = finauth_key,
	.done = finauth_done,
};
