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

/* screen_passwd's argument: forced = first login (cannot be skipped). */
struct passwd_arg {
	bool forced;
};

#endif
