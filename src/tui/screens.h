/* screens.h - every screen of the counter terminal: one line per screen file. */
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
