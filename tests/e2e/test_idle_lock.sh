#!/bin/sh
# test_idle_lock.sh - after [security] idle_lock_minutes without a key the
# screen locks (nothing of the session stays visible); a wrong password is
# refused, the right one returns to the same screen.
# (Takes a minute of waiting: the setting is in minutes.)
. "$(dirname "$0")/lib.sh"
e2e_setup "idle_lock_minutes = 1"
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_start

e2e_login clerk1 'passw0rd1'
e2e_wait_for '请选择要办理的业务'
e2e_key F1
e2e_wait_for '一、按键说明'
e2e_wait_for '屏幕已锁定' 75
e2e_absent '按键说明'
e2e_absent '欢迎'
e2e_type 'wrong-pass1'
e2e_key Enter
e2e_wait_for '密码错误'
e2e_type 'passw0rd1'
e2e_key Enter
e2e_wait_for '一、按键说明'
e2e_absent '屏幕已锁定'
e2e_expect_sql "SELECT COUNT(*) FROM audit_log WHERE action IN ('screen.lock','screen.unlock')" 2 "lock and unlock audited"
e2e_pass
