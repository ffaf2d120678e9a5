#!/bin/sh
# test_idle_lock.sh - after [security] idle_lock_seconds without a key the
# screen locks (nothing of the session stays visible); a wrong password is
# refused, the right one returns to the same screen.
. "$(dirname "$0")/lib.sh"
e2e_setup "idle_lock_minutes = 1" "idle_lock_seconds = 5"
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_start

e2e_login clerk1 'passw0rd1'
e2e_wait_for '请选择要办理的业务'
e2e_key F1
e2e_wait_for '一、按键说明'
e2e_wait_for '屏幕已锁定' 15
e2e_wait_for '空闲超过 5 秒'
e2e_absent '按键说明'
e2e_absent '欢迎'
e2e_type 'wrong-pass1'
e2e_key Enter
e2e_wait_for '密码错误'
e2e_type 'passw0rd1'
e2e_key Enter
e2e_wait_for '一、按键说明'
e2e_absent '屏幕已锁定'
# (the first two: five seconds later the terminal may have locked again)
e2e_expect_sql "SELECT group_concat(action) FROM (SELECT action FROM audit_log
	WHERE action IN ('screen.lock','screen.unlock') ORDER BY id LIMIT 2)" 'screen.lock,screen.unlock' \
	"lock and unlock audited"
e2e_pass
