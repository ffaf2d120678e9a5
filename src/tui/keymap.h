/* keymap.h - the key bindings: ONE table of (action, key, 中文说明, context)
 * from which key lookup, the key bar and the help screen are all generated.
 * No curses here: keys are plain ints (see TUI_KEY_FN). */
#ifndef CERTDESK_KEYMAP_H
#define CERTDESK_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/* A key: a typed character is its code point; a curses function key
 * (KEY_LEFT …, from get_wch's KEY_CODE_YES) is TUI_KEY_FN(code). */
#define TUI_KEY_FN(k) (0x40000000 | (k))
#define TUI_KEY_IS_FN(k) (((k) & 0x40000000) != 0)
#define TUI_CTRL(c) ((c) & 0x1f)

enum tui_action {
	ACT_NONE,
	ACT_HELP,          /* help screen */
	ACT_BACK,          /* leave this screen / cancel */
	ACT_QUIT,          /* leave the program (top-level screens) */
	ACT_REDRAW,        /* repaint the whole terminal */
	ACT_OK,            /* choose the selected entry */
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_TOP, ACT_BOTTOM,
	ACT_NEXT_FIELD, ACT_PREV_FIELD,
	ACT_NEXT_SCREEN, ACT_PREV_SCREEN,
	ACT_FIELD_HELP,    /* hint and rules of the current field */
	ACT_SAVE_LEAVE,    /* save the draft and leave the journey */
	ACT_COPY,          /* 录入信息: the section's one-key copy (申请人 = 经办人) */
	ACT_YES,           /* agree (agreements), confirm (voiding a draft) */
	ACT_SUBMIT,        /* 提交: into the review queue */
	ACT_VOID_DRAFT,          /* 作废 a draft */
	ACT_ED_LEFT, ACT_ED_RIGHT, ACT_ED_HOME, ACT_ED_END,
	ACT_ED_BACKSPACE, ACT_ED_DELETE, ACT_ED_CLEAR, ACT_ED_KILL,
	ACT_RELOAD,        /* read the list again from the store */
	/* 我的业务单 (names apart from store/orders.h's enum order_action) */
	ACT_FILTER, ACT_DO_EDIT, ACT_DO_SUBMIT, ACT_DO_FINAUTH, ACT_DO_REFUND, ACT_DO_VOID,
	ACT_EXPORT, ACT_UNMASK,
	/* 审核队列 and the review of one application */
	ACT_CLAIM, ACT_TAKEOVER, ACT_RELEASE, ACT_APPROVE, ACT_RETURN,
	ACT_TOGGLE,        /* mark / unmark an entry of a check list */
	ACT_SYNC_NOW,      /* 同步状态: run certdesk sync in the background */
	/* the journey's 打印申请表, 上传资料, 身份核验, 支付 */
	ACT_PRINT,         /* print (or save) the application form */
	ACT_REPRINT,       /* print it again after a failed print */
	ACT_SWITCH,        /* 上传资料: the other attachment */
	ACT_TYPE_PATH,     /* 上传资料: type a path instead of picking */
	ACT_COMPLETE,      /* complete the typed path */
	ACT_NEW_CODE,      /* a new QR code (identity, payment) */
	ACT_STOP,          /* stop / resume polling the centre */
	ACT_IN_PERSON,     /* 身份核验: the clerk checks the original ID card */
	ACT_PAY_WECHAT, ACT_PAY_ALIPAY, ACT_PAY_TRANSFER,
};

/* 我的业务单: the keys acting on the selected application, in key-bar order.
 * X(action, key, key label, short name (the key bar shows "label short"),
 *   中文说明, handler in screen_orders.c). keymap.c binds them in KC_ORDERS
 * (lookup, key bar, help); screen_orders.c dispatches through the same rows.
 * Which statuses allow each is the order actions' (store/orders.h), from
 * the status table (core/status.h). */
#define ORDER_KEY_TABLE(X)                                                                                    \
	X(ACT_DO_EDIT, 'e', "e", "编辑", "编辑 (退回修改、审核不通过) 或继续填写 (草稿)", order_edit)         \
	X(ACT_DO_SUBMIT, 's', "s", "提交", "改好后重新提交审核 (退回修改、审核不通过)", order_resubmit)       \
	X(ACT_DO_FINAUTH, 'b', "b", "金融认证", "金融认证: 重新填写基本户信息 (金融认证失败)", order_finauth) \
	X(ACT_DO_REFUND, 'r', "r", "退费", "申请退费 (需填写原因)", order_refund)                             \
	X(ACT_DO_VOID, 'd', "d", "作废", "作废草稿 (需确认)", order_void)

/* Contexts: a screen declares the ones it uses (a bit mask); bindings of
 * those contexts win over KC_GLOBAL ones for the same key. */
enum keyctx {
	KC_GLOBAL = 1 << 0,   /* every screen */
	KC_TOP = 1 << 1,      /* login and main menu: leave the program */
	KC_MENU = 1 << 2,     /* a menu of entries */
	KC_LIST = 1 << 3,     /* a list of rows */
	KC_PAGER = 1 << 4,    /* scrollable text */
	KC_FIELDS = 1 << 5,   /* moving between input fields */
	KC_FORM = 1 << 6,     /* the journey's screens */
	KC_EDIT = 1 << 7,     /* inside a text field */
	KC_ORDERS = 1 << 8,   /* 我的业务单: the actions on the selected application */
	KC_REVIEW = 1 << 9,   /* 审核队列: claims */
	KC_DECIDE = 1 << 10,  /* reviewing one application: approve, return */
	KC_CHECKS = 1 << 11,  /* a check list (the fields at fault) */
	KC_ENTRY = 1 << 12,    /* 录入信息: pickers and the section copy */
	KC_AGREE = 1 << 13,    /* 介质遗失补办介绍: the agreements */
	KC_SUBMIT = 1 << 14,  /* 提交: the summary */
	KC_DRAFTS = 1 << 15,  /* 继续草稿 */
	KC_SYNC = 1 << 16,    /* 同步状态 */
	KC_PRINT = 1 << 17,   /* 打印申请表 */
	KC_ATTACH = 1 << 18,  /* 上传资料 */
	KC_IDV = 1 << 19,     /* 身份核验 */
	KC_PAY = 1 << 20,     /* 支付 */
};

struct keybinding {
	enum tui_action act;
	int key;              /* 0: documented only (the screen reads typed characters) */
	const char *label;    /* how the help screen names the key */
	const char *desc;     /* 中文说明 */
	unsigned ctx;         /* one enum keyctx */
	const char *bar;      /* the key bar's item: its key in the text catalogue
	                       * (keys.next_field: "Tab 下一项"), NULL: help only */
	const char *bar_short; /* ORDER_KEY_TABLE rows: "label short-name", from
	                        * that table */
};

extern const struct keybinding keymap[];
extern const size_t keymap_count;

/* The action KEY means on a screen using the contexts in MASK (KC_GLOBAL is
 * always included); ACT_NONE when unbound. */
enum tui_action keymap_lookup(int key, unsigned mask);
/* The key bar's items for MASK, specific contexts first, one per action, in
 * table order; returns how many were stored (at most max). */
size_t keymap_bar(unsigned mask, const char **items, size_t max);
/* Appends the help text for every context (or only those in MASK when it is
 * not 0): a heading per context, one line per action with all its keys. */
void keymap_help(struct strbuf *out, unsigned mask);
const char *keyctx_name(unsigned ctx);

#endif
