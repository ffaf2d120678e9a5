/* screens.h - every screen of the counter terminal: one line per screen file.
 *
 * Adding a screen: write src/tui/screen_NAME.c defining
 *   const struct screen_ops screen_NAME_ops = { .name, .title, .keyctx,
 *       .init, .draw, .key, .resize, .resume, .done };
 * (see screen.h), declare it here, and open it with tui_push() from a key
 * handler, or put &screen_NAME_ops in its row of menu_entries[] in
 * screen_menu.c. New keys: rows in keymap[] (keymap.c) and in the KEYS
 * section of man/certdesk.1; the key bar and help follow by themselves. */
#ifndef CERTDESK_SCREENS_H
#define CERTDESK_SCREENS_H

#include "tui/screen.h"

extern const struct screen_ops screen_login_ops;    /* screen_login.c: 登录 */
extern const struct screen_ops screen_passwd_ops;   /* screen_passwd.c: 修改密码 (arg: struct passwd_arg *) */
extern const struct screen_ops screen_menu_ops;     /* screen_menu.c: 主菜单 */
extern const struct screen_ops screen_help_ops;     /* screen_help.c: 帮助 */
extern const struct screen_ops screen_lock_ops;     /* screen_lock.c: 空闲锁屏 */
extern const struct screen_ops screen_orders_ops;   /* screen_orders.c: 我的业务单 */
extern const struct screen_ops screen_review_ops;   /* screen_review.c: 审核队列 (supervisors) */
extern const struct screen_ops screen_detail_ops;   /* screen_detail.c: 查看详情, read-only (arg: struct detail_arg *) */
extern const struct screen_ops screen_decide_ops;   /* screen_detail.c: 审核 one application (arg: struct detail_arg *) */
extern const struct screen_ops screen_prompt_ops;   /* screen_prompt.c: one line of input (arg: struct prompt_arg *) */
extern const struct screen_ops screen_sync_ops;     /* screen_sync.c: 同步状态 */
extern const struct screen_ops screen_print_ops;    /* screen_print.c: 打印申请表, journey step kind print (arg: struct journey *) */
extern const struct screen_ops screen_attach_ops;   /* screen_attach.c: 上传资料, journey step kind attachments (arg: struct journey *) */
extern const struct screen_ops screen_idv_ops;      /* screen_idv.c: 身份核验, journey step kind identity (arg: struct journey *) */
extern const struct screen_ops screen_pay_ops;      /* screen_pay.c: 支付, journey step kind payment (arg: struct journey *) */
extern const struct screen_ops screen_drafts_ops;   /* screen_drafts.c: 继续草稿 (resume or void a draft) */

/* The replacement journey's steps (journey.c's kind table; arg: struct journey *;
 * their titles are the form's screens', not theirs). */
extern const struct screen_ops screen_agree_ops;    /* screen_agree.c: kind agreements */
extern const struct screen_ops screen_cert_ops;     /* screen_cert.c: kind certificate */
extern const struct screen_ops screen_form_ops;     /* screen_form.c: kind fields */
extern const struct screen_ops screen_submit_ops;   /* screen_submit.c: kind summary */
/* One section of the form alone (e.g. 金融认证: the bank section); arg: struct form_section_arg *. */
extern const struct screen_ops screen_form_section_ops;  /* screen_form.c */

/* screen_passwd's argument: forced = first login (cannot be skipped). */
struct passwd_arg {
	bool forced;
};

/* The application a detail / review screen opens: the screen copies it,
 * the caller keeps its own. */
struct detail_arg {
	long long app_id;
};

/* The message after 领取 (HOW 0), 接管 (1) or 释放 (2) of APP_NO, the same
 * from the queue and from the application (screen_review.c). */
void review_claim_notice(struct tui *t, int how, const char *app_no);

struct formstate;

/* screen_form_section_ops's argument, owned by the screen from tui_push on
 * (it frees the strings and the struct). The form screen on SECTION of
 * forms/replacement.form alone, for application APP_ID, with the form's
 * labels, notes, inputs and rules. What is typed is held in memory
 * (formstate_hold): nothing is written field by field, and Esc leaves the
 * stored values as they were. Enter on the last field checks the section
 * (formstate_section_ok, the journey's rule); when it is right, DONE writes
 * it, e.g. in one transaction: true closes the screen (DONE says so with
 * tui_msg), false keeps it open with *err (Chinese, freed by the screen). */
struct form_section_arg {
	long long app_id;
	char *section;        /* the section's key, e.g. "bank" */
	char *heading;        /* the first line, e.g. "金融认证 · 申请单号 …" */
	char *note;           /* the line under it (may be NULL) */
	bool (*done)(struct tui *t, const struct formstate *fs, const char *app_no, char **err);
};

/* screen_prompt's argument, owned by the prompt from tui_push on (it calls
 * free_ud(ud) and frees the strings when it closes). */
struct prompt_arg {
	char *heading;        /* what is asked, e.g. "申请退费: 2611…" */
	char *label;          /* before the field */
	char *hint;           /* 温馨提示 under the field (may be NULL) */
	char *initial;        /* the field's starting text (may be NULL) */
	size_t maxlen;        /* characters; 0 = no limit */
	bool required;        /* an empty answer is refused */
	/* Do it with TEXT: true closes the prompt (set the message with
	 * tui_msg); false keeps it open with *err (Chinese, freed here) shown. */
	bool (*submit)(struct tui *t, void *ud, const char *text, char **err);
	void *ud;
	void (*free_ud)(void *ud);
};
struct prompt_arg *prompt_arg_new(const char *heading, const char *label, const char *hint, const char *initial);

#endif
