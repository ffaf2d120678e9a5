#!/bin/sh
# test_roles_menu.sh - the main menu follows the role: a clerk does not see
# 审核队列, a supervisor does (with the number waiting); an entry whose screen
# is not built yet says so plainly instead of pretending.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_user boss1 supervisor 'passw0rd2' '赵主管'
e2e_start

e2e_login clerk1 'passw0rd1'
e2e_wait_for '李柜员 (柜员)'
for entry in 新建补办 我的业务单 继续草稿 同步状态 修改密码 帮助 注销 退出; do
	e2e_wait_for "$entry"
done
e2e_absent '审核队列'
# 同步状态 is open to clerks too; Esc comes back with it still selected
e2e_key Down Down Down Enter
e2e_wait_for '待同步:'
e2e_key Escape
e2e_wait_for '主菜单'
# arrows move the selection; Enter on 帮助 opens help, Esc comes back
e2e_key Down Down Enter
e2e_wait_for '一、按键说明'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
# 注销 (7 for a clerk)
e2e_key 7
e2e_wait_for '操作员登录'

e2e_login boss1 'passw0rd2'
e2e_wait_for '赵主管 (主管)'
e2e_wait_for '3  审核队列  待审核 0 笔'
e2e_key 3
e2e_wait_for '审核队列是空的'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
# F10 leaves the program from the main menu
e2e_key F10
status=$(e2e_wait_exit) || e2e_fail "certdesk did not exit"
[ "$status" = 0 ] || e2e_fail "exit status $status"
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='session.logout'" 2 "both sessions ended in the audit log"
e2e_pass
