/* screen_passwd.c - 修改密码: forced at the first login (or after an admin
 * reset), or chosen from the main menu (then the current password is asked). */
#include "tui/screens.h"
#include "tui/field.h"
#include "core/text.h"
#include "core/util.h"
#include "store/store.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define POLICY "密码规则: 至少 8 个字符, 须同时包含字母和数字, 不能含控制字符。"

struct passwd {
	bool forced;
	int nfields, focus;
	struct editor ed[3];
	const char *label[3];
};

static bool passwd_init(struct tui *t, void *arg, void **state)
{
	const struct passwd_arg *a = arg;
	struct passwd *p = xcalloc(1, sizeof(*p));

	if (!t->logged_in) {
		free(p);
		return false;
	}
	p->forced = a && a->forced;
	if (!p->forced)
		p->label[p->nfields++] = "当前密码:";
	p->label[p->nfields++] = "新密码:";
	p->label[p->nfields++] = "确认新密码:";
	for (int i = 0; i < p->nfields; i++)
		editor_init(&p->ed[i], 128, NULL);
	*state = p;
	return true;
}

static void passwd_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct passwd *p = state;
	int x0 = b->x + (b->w - 46) / 2, y = b->y + 2;
	char *who = xasprintf("%s%s (%s)", text("login.operator"), t->op.display_name, t->op.login);

	tui_draw_center(stdscr, y, b->x, b->w, p->forced ? "首次登录, 请设置您自己的密码" : screen_passwd_ops.title,
			tui_style(STYLE_HEADING));
	tui_draw_center(stdscr, y + 2, b->x, b->w, who, A_NORMAL);
	tui_draw_center(stdscr, y + 4, b->x, b->w, POLICY, tui_style(STYLE_HINT));
	if (p->forced)
		tui_draw_center(stdscr, y + 5, b->x, b->w, "管理员设置的初始密码只能用于这一次登录。",
				tui_style(STYLE_HINT));
	for (int i = 0; i < p->nfields; i++) {
		tui_draw_text(stdscr, y + 8 + 2 * i, x0, p->label[i], 14, tui_style(STYLE_LABEL));
		tui_field_draw(t, y + 8 + 2 * i, x0 + 14, 32, &p->ed[i], p->focus == i, true);
	}
	free(who);
}

static void clear_all(struct passwd *p, int focus)
{
	for (int i = 0; i < p->nfields; i++)
		editor_apply(&p->ed[i], ED_CLEAR);
	p->focus = focus;
}

static void wipe(char *s)
{
	if (s) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

static enum tui_outcome submit(struct tui *t, struct passwd *p)
{
	int base = p->forced ? 0 : 1;
	char *cur = p->forced ? NULL : editor_text(&p->ed[0]);
	char *pw = editor_text(&p->ed[base]), *again = editor_text(&p->ed[base + 1]);
	const char *why;
	char *err = NULL;
	enum tui_outcome out = TUI_REDRAW;

	if (cur) {
		struct operator check;
		enum login_result r = operator_login(t->store, t->conf, t->op.login, cur, &check);

		if (r == LOGIN_OK) {
			operator_release(&check);
		} else if (r == LOGIN_LOCKED) {
			tui_logout(t);
			tui_msg(t, TUI_MSG_ERROR, "账户已锁定: 当前密码输错次数过多。请联系管理员解锁。");
			goto out;
		} else {
			tui_msg(t, TUI_MSG_ERROR, "当前密码不正确");
			clear_all(p, 0);
			goto out;
		}
	}
	if ((why = operator_password_policy(pw))) {
		tui_msg(t, TUI_MSG_ERROR, "新密码不符合规则: %s", why);
		clear_all(p, base);
		if (cur)
			editor_set(&p->ed[0], cur);
		goto out;
	}
	if (strcmp(pw, again)) {
		tui_msg(t, TUI_MSG_ERROR, "两次输入的新密码不一致, 请重新输入");
		editor_apply(&p->ed[base + 1], ED_CLEAR);
		p->focus = base + 1;
		goto out;
	}
	if (cur && !strcmp(cur, pw)) {
		tui_msg(t, TUI_MSG_ERROR, "新密码不能与当前密码相同");
		clear_all(p, base);
		editor_set(&p->ed[0], cur);
		goto out;
	}
	if (!operator_passwd(t->store, t->conf, t->op.login, pw, false, &err)) {
		tui_msg(t, TUI_MSG_ERROR, "无法修改密码: %s", err);
		free(err);
		goto out;
	}
	store_audit(t->store, t->op.id, t->op.login, AUDIT_OPERATOR_PASSWD_SELF, t->op.login,
		    p->forced ? "first login" : NULL);
	t->op.must_change_pw = false;
	tui_msg(t, TUI_MSG_OK, "密码已修改。");
	if (p->forced)
		tui_replace(t, &screen_menu_ops, NULL);
	else
		out = TUI_LEAVE;
out:
	wipe(cur);
	wipe(pw);
	wipe(again);
	return out;
}

static enum tui_outcome passwd_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct passwd *p = state;
	enum tui_outcome out = tui_field_key(&p->ed[p->focus], k);

	switch (out) {
	case TUI_NEXT_FIELD:
		if (p->focus + 1 < p->nfields) {
			p->focus++;
			return TUI_REDRAW;
		}
		return submit(t, p);
	case TUI_PREV_FIELD:
		if (p->focus > 0)
			p->focus--;
		return TUI_REDRAW;
	default:
		break;
	}
	if (out == TUI_UNHANDLED && k->act == ACT_BACK && p->forced) {
		tui_logout(t);
		tui_msg(t, TUI_MSG_INFO, "必须先修改密码才能使用 certdesk; 已退出登录。");
		return TUI_REDRAW;
	}
	return out;
}

static void passwd_done(struct tui *t, void *state)
{
	struct passwd *p = state;

	(void)t;
	for (int i = 0; i < p->nfields; i++)
		editor_release(&p->ed[i]);
	free(p);
}

const struct screen_ops screen_passwd_ops = {
	.name = "passwd",
	.title = "修改密码",
	.keyctx = KC_FIELDS | KC_EDIT,
	.init = passwd_init,
	.draw = passwd_draw,
	.key = passwd_key,
	.done = passwd_done,
};
