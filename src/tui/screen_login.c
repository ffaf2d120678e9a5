/* screen_login.c - 登录: login name and password, lockout messages, then the
 * forced password change or the main menu. */
#include "tui/screens.h"
#include "tui/field.h"
#include "core/conf.h"
#include "core/text.h"
#include "core/util.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct login {
	struct editor name, pw;
	int focus;                 /* 0 name, 1 password */
};

static bool login_init(struct tui *t, void *arg, void **state)
{
	struct login *l = xcalloc(1, sizeof(*l));

	(void)t;
	(void)arg;
	editor_init(&l->name, 32, editor_filter_login);
	editor_init(&l->pw, 128, NULL);
	*state = l;
	return true;
}

static void login_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct login *l = state;
	int x0 = b->x + (b->w - 40) / 2, y0 = b->y + 3;
	char *branch = xasprintf("%s  %s", conf_str(t->conf, "branch.name"), conf_str(t->conf, "branch.address"));

	tui_draw_center(stdscr, y0, b->x, b->w, "数字证书介质遗失补办 · 柜台终端", tui_style(STYLE_HEADING));
	tui_draw_center(stdscr, y0 + 2, b->x, b->w, branch, A_NORMAL);
	tui_draw_text(stdscr, y0 + 6, x0, "登录名:", 10, tui_style(STYLE_LABEL));
	tui_draw_text(stdscr, y0 + 8, x0, text("login.password"), 10, tui_style(STYLE_LABEL));
	tui_field_draw(t, y0 + 6, x0 + 10, 30, &l->name, l->focus == 0, false);
	tui_field_draw(t, y0 + 8, x0 + 10, 30, &l->pw, l->focus == 1, true);
	tui_draw_center(stdscr, y0 + 12, b->x, b->w, "请输入登录名和密码, 按 Enter 登录。忘记密码请联系管理员。",
			tui_style(STYLE_HINT));
	free(branch);
}

static enum tui_outcome submit(struct tui *t, struct login *l)
{
	char *name = editor_text(&l->name), *pw = editor_text(&l->pw);
	struct operator op;
	enum login_result r;

	if (str_empty(name)) {
		tui_msg(t, TUI_MSG_ERROR, "请输入登录名");
		l->focus = 0;
		goto out;
	}
	if (str_empty(pw)) {
		tui_msg(t, TUI_MSG_ERROR, "请输入密码");
		l->focus = 1;
		goto out;
	}
	r = operator_login(t->store, t->conf, name, pw, &op);
	editor_apply(&l->pw, ED_CLEAR);
	l->focus = 1;
	if (r == LOGIN_OK) {
		static struct passwd_arg forced = { .forced = true };

		t->op = op;
		t->logged_in = true;
		editor_apply(&l->name, ED_CLEAR);
		l->focus = 0;
		if (op.must_change_pw) {
			tui_msg(t, TUI_MSG_INFO, "首次登录 (或管理员重置了密码): 请先设置您自己的密码。");
			tui_replace(t, &screen_passwd_ops, &forced);
		} else {
			tui_msg(t, TUI_MSG_OK, "欢迎, %s。", op.display_name);
			tui_replace(t, &screen_menu_ops, NULL);
		}
	} else if (r == LOGIN_LOCKED) {
		long minutes = conf_int(t->conf, "security.lockout_minutes");

		if (minutes > 0)
			tui_msg(t, TUI_MSG_ERROR, "账户已锁定: 连续输错密码次数过多。请 %ld 分钟后再试, 或联系管理员解锁。",
				minutes);
		else
			tui_msg(t, TUI_MSG_ERROR, "账户已锁定: 请联系管理员解锁。");
	} else {
		tui_msg(t, TUI_MSG_ERROR, "登录名或密码错误, 请重新输入。");
	}
out:
	sodium_memzero(pw, strlen(pw));
	free(pw);
	free(name);
	return TUI_REDRAW;
}

static enum tui_outcome login_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct login *l = state;
	enum tui_outcome out = tui_field_key(l->focus ? &l->pw : &l->name, k);

	switch (out) {
	case TUI_NEXT_FIELD:
		if (l->focus == 0 && l->name.len) {
			l->focus = 1;
			return TUI_REDRAW;
		}
		return submit(t, l);
	case TUI_PREV_FIELD:
		l->focus = 0;
		return TUI_REDRAW;
	default:
		break;
	}
	if (out == TUI_UNHANDLED && k->act == ACT_BACK)
		return TUI_QUIT;
	return out;
}

static void login_done(struct tui *t, void *state)
{
	struct login *l = state;

	(void)t;
	editor_release(&l->name);
	editor_release(&l->pw);
	free(l);
}

const struct screen_ops screen_login_ops = {
	.name = "login",
	.title = "操作员登录",
	.keyctx = KC_TOP | KC_FIELDS | KC_EDIT,
	.init = login_init,
	.draw = login_draw,
	.key = login_key,
	.done = login_done,
};
