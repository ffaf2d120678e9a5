#!/bin/sh
# test_first_login.sh - a new operator must change the password at the first
# login: the policy is shown, weak and mismatched passwords are refused, Esc
# logs out, and the new password works afterwards.
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_user newbie clerk 'Initial123' '新柜员' --first-login
e2e_expect_sql "SELECT must_change_pw FROM operators WHERE login='newbie'" 1
e2e_start

e2e_login newbie 'Initial123'
e2e_wait_for '首次登录, 请设置您自己的密码'
e2e_wait_for '密码规则: 至少 8 个字符, 须同时包含字母和数字'
e2e_absent '新建补办'
# Esc does not skip it: it logs out
e2e_key Escape
e2e_wait_for '必须先修改密码才能使用'
e2e_wait_for '操作员登录'
e2e_login newbie 'Initial123'
e2e_wait_for '首次登录, 请设置您自己的密码'
# too short
e2e_type 'abc1'
e2e_key Enter
e2e_type 'abc1'
e2e_key Enter
e2e_wait_for '新密码不符合规则: 密码至少 8 个字符'
# letters only
e2e_type 'abcdefghij'
e2e_key Enter
e2e_type 'abcdefghij'
e2e_key Enter
e2e_wait_for '密码须同时包含字母和数字'
# mismatch
e2e_type 'Counter2026'
e2e_key Enter
e2e_type 'Counter2027'
e2e_key Enter
e2e_wait_for '两次输入的新密码不一致'
e2e_expect_sql "SELECT must_change_pw FROM operators WHERE login='newbie'" 1 "nothing changed yet"
# the confirmation field was emptied and has the focus
e2e_type 'Counter2026'
e2e_key Enter
e2e_wait_for '密码已修改'
e2e_wait_for '请选择要办理的业务'
e2e_expect_sql "SELECT must_change_pw FROM operators WHERE login='newbie'" 0 "change recorded"
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='operator.passwd.self' AND object='newbie'" 1 "change audited"
# log out and in again: the old password fails, the new one works
e2e_key 7
e2e_wait_for '操作员登录'
e2e_login newbie 'Initial123'
e2e_wait_for '登录名或密码错误'
e2e_login newbie 'Counter2026'
e2e_wait_for '请选择要办理的业务'
e2e_absent '首次登录'

# later changes from the main menu (修改密码, 5 for a clerk) ask for the current password
e2e_key 5
e2e_wait_for '当前密码:'
e2e_type 'Wrong2026'
e2e_key Enter
e2e_type 'Second2026'
e2e_key Enter
e2e_type 'Second2026'
e2e_key Enter
e2e_wait_for '当前密码不正确'
e2e_type 'Counter2026'
e2e_key Enter
e2e_type 'Counter2026'
e2e_key Enter
e2e_type 'Counter2026'
e2e_key Enter
e2e_wait_for '新密码不能与当前密码相同'
e2e_type 'Second2026'
e2e_key Enter
e2e_type 'Second2026'
e2e_key Enter
e2e_wait_for '密码已修改'
e2e_wait_for '请选择要办理的业务'
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action='operator.passwd.self' AND object='newbie'" 2 "second change audited"
e2e_pass
