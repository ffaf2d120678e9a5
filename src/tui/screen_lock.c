/* screen_lock.c - 屏幕已锁定: shown by the engine after [security]
 * idle_lock_minutes (or idle_lock_seconds) without a key; the operator's password unlocks, Esc
 * logs out (another clerk may then log in). */
#include "tui/screens.h"
#include "tui/field.h"
#include "core/conf.h"
#include "core/text.h"
#include "core/util.h"
#include "store/store.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct lock {
	struct editor pw;
};

static bool lock_init(struct tui *t, void *arg, void **state)
{
	struct lock *l;

	(void)arg;
	if (!t->logged_in)
		return false;
	l = xcalloc(1, sizeof(*l));
	editor_init(&l->pw, 128, NULL);
	store_audit(t->store, t->op.id, t->op.login, AUDIT_SCREEN_LOCK, t->op.login, "idle");
	*state = l;
	return true;
}

static void lock_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct lock *l = state;
	int x0 = b->x + (b->w - 40) / 2, y0 = b->y + 4;
	char *who = xasprintf("%s%s (%s)", text("login.operator"), t->op.display_name, t->op.login);
	long idle = tui_idle_lock_seconds(t);
	char *why = idle % 60 ? xasprintf("空闲超过 %ld 秒, 屏幕已锁定, 以保护客户信息。", idle)
			      : xasprintf("空闲超过 %ld 分钟, 屏幕已锁定, 以保护客户信息。", idle / 60);

	tui_draw_center(stdscr, y0, b->x, b->w, text("lock.title"), tui_style(STYLE_HEADING));
	tui_draw_center(stdscr, y0 + 2, b->x, b->w, why, A_NORMAL);
	tui_draw_center(stdscr, y0 + 3, b->x, b->w, who, A_NORMAL);
	tui_draw_text(stdscr, y0 + 6, x0, text("login.password"), 10, tui_style(STYLE_LABEL));
	tui_field_draw(t, y0 + 6, x0 + 10, 30, &l->pw, true, true);
	tui_draw_center(stdscr, y0 + 9, b->x, b->w, "输入密码后按 Enter 解锁; 按 Esc 注销 (换人登录)。",
			tui_style(STYLE_HINT));
	free(who);
	free(why);
}

static enum tui_outcome lock_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct lock *l = state;
	enum tui_outcome out = tui_field_key(&l->pw, k);
	struct operator check;
	enum login_result r;
	char *pw;

	if (out == TUI_UNHANDLED && k->act == ACT_BACK) {
		tui_logout(t);
		return TUI_REDRAW;
	}
	if (out != TUI_NEXT_FIELD)
		return out == TUI_PREV_FIELD ? TUI_HANDLED : out;
	pw = editor_text(&l->pw);
	editor_apply(&l->pw, ED_CLEAR);
	r = operator_login(t->store, t->conf, t->op.login, pw, &check);
	sodium_memzero(pw, strlen(pw));
	free(pw);
	if (r == LOGIN_OK) {
		operator_release(&check);
		store_audit(t->store, t->op.id, t->op.login, AUDIT_SCREEN_UNLOCK, t->op.login, NULL);
		return TUI_LEAVE;
	}
	if (r == LOGIN_LOCKED) {
		tui_logout(t);
		tui_msg(t, TUI_MSG_ERROR, "账户已锁定: 连续输错密码次数过多。请联系管理员解锁。");
		return TUI_REDRAW;
	}
	tui_msg(t, TUI_MSG_ERROR, "密码错误");
	return TUI_REDRAW;
}

static void lock_done(struct tui *t, void *state)
{
	struct lock *l = state;

	(void)t;
	editor_release(&l->pw);
	free(l);
}

const struct screen_ops screen_lock_ops = {
	.name = "lock",
	.title = "屏幕已锁定",
	.keyctx = KC_FIELDS | KC_EDIT,
	.init = lock_init,
	.draw = lock_draw,
	.key = lock_key,
	.done = lock_done,
};
