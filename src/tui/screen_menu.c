/* screen_menu.c - 主菜单: the journeys of SPEC.md as ONE table. To add a
 * journey: write its screen_X.c, declare it in screens.h, and put its ops in
 * its row here (or add a row). A row whose screen does not exist yet has
 * ops = NULL and says so plainly when chosen. */
#include "tui/screens.h"
#include "core/util.h"
#include "tui/journey.h"
#include "store/review.h"

#include <stdlib.h>

#define ROLES_ALL ((1u << ROLE_CLERK) | (1u << ROLE_SUPERVISOR) | (1u << ROLE_ADMIN))
#define ROLE_BIT(r) (1u << (r))

enum menu_kind { MENU_SCREEN, MENU_JOURNEY, MENU_LOGOUT, MENU_QUIT };

struct menu_entry {
	const char *label;               /* 中文; NULL: the title of ops (written once, there) */
	const char *desc;                /* one line under the menu */
	unsigned roles;                  /* who sees it: ROLE_BIT(enum role) */
	enum menu_kind kind;
	const struct screen_ops *ops;    /* MENU_SCREEN; NULL: not built yet */
	/* A count shown after the label (e.g. 待审核 N), or NULL. */
	char *(*badge)(struct tui *t);
};

static char *review_badge(struct tui *t)
{
	return xasprintf("待审核 %lld 笔", review_queue_count(t->store));
}

static const struct menu_entry menu_entries[] = {
	{ "新建补办", "介质遗失补办: 协议、证书选择、录入信息、打印、上传、核验、支付、提交", ROLES_ALL,
	  MENU_JOURNEY, NULL, NULL },
	{ NULL, "查询本网点的申请单: 编辑、金融认证、申请退费、查看详情、导出", ROLES_ALL,
	  MENU_SCREEN, &screen_orders_ops, NULL },
	{ NULL, "审核柜员提交的申请: 通过或退回修改 (不能审核自己录入的申请)",
	  ROLE_BIT(ROLE_SUPERVISOR), MENU_SCREEN, &screen_review_ops, review_badge },
	{ NULL, "继续办理您尚未提交的补办草稿, 或作废不再需要的草稿", ROLES_ALL, MENU_SCREEN, &screen_drafts_ops,
	  NULL },
	{ NULL, "与 CA 中心端点的同步: 待发送、失败原因、最近一次同步", ROLES_ALL, MENU_SCREEN, &screen_sync_ops, NULL },
	{ NULL, "修改您自己的登录密码", ROLES_ALL, MENU_SCREEN, &screen_passwd_ops, NULL },
	{ NULL, "按键说明、常见问题、服务支持", ROLES_ALL, MENU_SCREEN, &screen_help_ops, NULL },
	{ "注销", "退出登录, 回到登录界面 (换人使用本终端)", ROLES_ALL, MENU_LOGOUT, NULL, NULL },
	{ "退出", "退出 certdesk", ROLES_ALL, MENU_QUIT, NULL, NULL },
};

static const char *label_of(const struct menu_entry *e)
{
	return e->label ? e->label : e->ops->title;
}

struct menu {
	const struct menu_entry *visible[ARRAY_SIZE(menu_entries)];
	int n, sel;
};

static void build(struct tui *t, struct menu *m)
{
	m->n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(menu_entries); i++)
		if (menu_entries[i].roles & ROLE_BIT(t->op.role))
			m->visible[m->n++] = &menu_entries[i];
	if (m->sel >= m->n)
		m->sel = m->n - 1;
}

static bool menu_init(struct tui *t, void *arg, void **state)
{
	struct menu *m;

	(void)arg;
	if (!t->logged_in)
		return false;
	m = xcalloc(1, sizeof(*m));
	build(t, m);
	*state = m;
	return true;
}

static void menu_draw(struct tui *t, void *state, const struct tui_rect *b)
{
	struct menu *m = state;
	int x0 = b->x + (b->w - 40) / 2, y0 = b->y + 2;
	char *who = xasprintf("%s (%s), 请选择要办理的业务:", t->op.display_name, role_name(t->op.role));

	tui_draw_text(stdscr, y0, x0, who, b->w - x0, tui_style(STYLE_HEADING));
	for (int i = 0; i < m->n; i++) {
		const struct menu_entry *e = m->visible[i];
		char *badge = e->badge ? e->badge(t) : NULL;
		char *line = xasprintf(" %d  %s%s%s%s", i + 1, label_of(e),
				       e->kind == MENU_SCREEN && !e->ops ? "  (尚未开放)" : "", badge ? "  " : "",
				       badge ? badge : "");
		attr_t a = i == m->sel ? tui_style(STYLE_SELECTED)
			 : e->kind == MENU_SCREEN && !e->ops ? tui_style(STYLE_DISABLED) : A_NORMAL;

		tui_draw_fill(stdscr, y0 + 2 + i, x0, line, 40, a);
		free(line);
		free(badge);
	}
	if (m->n)
		tui_draw_wrapped(stdscr, y0 + 3 + m->n, b->x + (b->w - 76) / 2, 76, m->visible[m->sel]->desc, 0, 2,
				 tui_style(STYLE_HINT));
	free(who);
}

static enum tui_outcome choose(struct tui *t, struct menu *m)
{
	const struct menu_entry *e = m->visible[m->sel];

	switch (e->kind) {
	case MENU_QUIT:
		return TUI_QUIT;
	case MENU_LOGOUT:
		tui_logout(t);
		tui_msg(t, TUI_MSG_INFO, "已退出登录。");
		return TUI_REDRAW;
	case MENU_JOURNEY:
		journey_open(t, 0, NULL);
		return TUI_REDRAW;
	case MENU_SCREEN:
		break;
	}
	if (!e->ops) {
		tui_msg(t, TUI_MSG_INFO, "「%s」尚未开放: 本版本还没有这个界面。", label_of(e));
		return TUI_REDRAW;
	}
	tui_push(t, e->ops, NULL);
	return TUI_REDRAW;
}

static enum tui_outcome menu_key(struct tui *t, void *state, const struct tui_key *k)
{
	struct menu *m = state;

	switch (k->act) {
	case ACT_UP:
		m->sel = (m->sel + m->n - 1) % m->n;
		return TUI_REDRAW;
	case ACT_DOWN:
		m->sel = (m->sel + 1) % m->n;
		return TUI_REDRAW;
	case ACT_TOP:
		m->sel = 0;
		return TUI_REDRAW;
	case ACT_BOTTOM:
		m->sel = m->n - 1;
		return TUI_REDRAW;
	case ACT_OK:
		return choose(t, m);
	case ACT_BACK:
		/* Esc is pressed often; leaving the program needs a deliberate choice */
		tui_msg(t, TUI_MSG_INFO, "这是主菜单。退出请选「退出」或按 F10; 换人使用请选「注销」。");
		return TUI_REDRAW;
	case ACT_NONE:
		if (k->ch >= L'1' && k->ch <= L'9' && (int)(k->ch - L'1') < m->n) {
			m->sel = (int)(k->ch - L'1');
			return choose(t, m);
		}
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static void menu_resume(struct tui *t, void *state)
{
	build(t, state);
}

static void menu_done(struct tui *t, void *state)
{
	(void)t;
	free(state);
}

const struct screen_ops screen_menu_ops = {
	.name = "menu",
	.title = "主菜单",
	.keyctx = KC_TOP | KC_MENU,
	.init = menu_init,
	.draw = menu_draw,
	.key = menu_key,
	.resume = menu_resume,
	.done = menu_done,
};
