#!/bin/sh
# test_login.sh - login: a wrong password is refused with a message, the
# right one opens the main menu, every attempt is in the audit log, and
# repeated failures lock the account.
. "$(dirname "$0")/lib.sh"
e2e_setup "lockout_attempts = 3"
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_user clerk2 clerk 'passw0rd2' '王柜员'
e2e_start

e2e_wait_for '操作员登录'
e2e_wait_for '密  码:'
e2e_login clerk1 'wrong-pass9'
e2e_wait_for '登录名或密码错误'
e2e_absent '新建补办'
# the password field was emptied and has the focus: type the right one
e2e_type 'passw0rd1'
e2e_key Enter
e2e_wait_for '主菜单'
e2e_wait_for '新建补办'
e2e_wait_for '李柜员 (柜员)'
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='login.fail' AND object='clerk1'" 1 "failed login audited"
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='login.ok' AND object='clerk1'" 1 "login audited"
e2e_expect_sql "SELECT failed_logins FROM operators WHERE login='clerk1'" 0 "counter reset on success"

# 注销 brings the login screen back; three wrong passwords lock clerk2
e2e_key 7
e2e_wait_for '已退出登录'
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='session.logout' AND object='clerk1'" 1 "logout audited"
e2e_login clerk2 bad1bad1
e2e_wait_for '登录名或密码错误'
e2e_type bad2bad2
e2e_key Enter
e2e_wait_sql "SELECT failed_logins FROM operators WHERE login='clerk2'" 2
e2e_wait_for '登录名或密码错误'
e2e_type bad3bad3
e2e_key Enter
e2e_wait_for '账户已锁定'
# even the right password is refused now
e2e_type 'passw0rd2'
e2e_key Enter
e2e_wait_sql "SELECT COUNT(*) FROM audit_log WHERE action='login.locked' AND object='clerk2'" 1
e2e_wait_for '账户已锁定'
e2e_absent '新建补办'
e2e_expect_sql "SELECT locked FROM operators WHERE login='clerk2'" 1 "clerk2 locked"

# an unknown login gets the same message as a wrong password
e2e_login nobody 'passw0rd1'
e2e_wait_sql "SELECT COUNT(*) FROM audit_log WHERE action='login.fail' AND object='nobody'" 1
e2e_wait_for '登录名或密码错误'

# Esc on the login screen leaves the program cleanly
e2e_key Escape
status=$(e2e_wait_exit)
[ "$status" = 0 ] || e2e_fail "exit status $status"
e2e_pass
