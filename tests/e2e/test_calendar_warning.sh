#!/bin/sh
# test_calendar_warning.sh - the end of the holiday calendar on the screens.
# The clock is pinned (CERTDESK_NOW) to Wednesday 2026-12-30, one day before
# the shipped calendar ends (2026-12-31): a supervisor sees the warning on
# 审核队列 and 同步状态 and the deadline marked (估); a clerk's 同步状态 has no
# warning; past the end the ages are marked (估) as well. After
# `certdesk import holidays` of a 2027 file (made up for this
# test, no real notice) the warning is gone and the deadline is exact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/orders_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_user boss1 supervisor 'passw0rd2' '赵主管'
seed_app 1 pending clerk1 深圳市年末科技有限公司
A=$(app_no 1)
e2e_sql "UPDATE status_history SET at = '2026-12-30T09:30:00+08:00' WHERE to_status = 'pending'" ||
	e2e_fail "cannot date the submission"
NOW=CERTDESK_NOW=2026-12-30T10:00:00+08:00

# review_queue: from the menu to 审核队列 (third entry of a supervisor's menu)
review_queue() {
	e2e_login boss1 'passw0rd2'
	e2e_wait_for '请选择要办理的业务'
	e2e_key 3
	e2e_wait_for '待审核 1 笔'
	e2e_wait_for "$A"
}

e2e_start "$NOW"
review_queue
e2e_wait_for '节假日日历只到 2026-12-31: 其后的工作日按周一至周五估算, 期限标 (估)。'
e2e_wait_for '请管理员导入下一年的放假安排: certdesk import holidays FILE'
# 12-31 (Thursday), then 2027 counted Monday to Friday: 01-01, 01-04
e2e_wait_for "$A  期限 2027-01-04 (估)"
e2e_wait_re '0/3 工作日 '
e2e_absent '工作日(估)'     # the age (12-30 to 12-30) lies inside the calendar
# the list still works under the two extra lines
e2e_key Enter
e2e_wait_for "申请单号 $A"
e2e_key Escape
e2e_wait_for '节假日日历只到 2026-12-31'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key 5             # 同步状态
e2e_wait_for '待同步:'
e2e_wait_for '节假日日历只到 2026-12-31'
e2e_wait_for 'certdesk import holidays FILE'
e2e_wait_re '同步出错的申请: +0 笔'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit 0"
e2e_stop

# a clerk cannot act on it: no warning on the clerk's 同步状态
e2e_start "$NOW"
e2e_login clerk1 'passw0rd1'
e2e_wait_for '请选择要办理的业务'
e2e_key 4
e2e_wait_for '待同步:'
e2e_wait_re '最近错误: +无'
e2e_absent '节假日日历'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit 0"
e2e_stop

# Tuesday 2027-01-05, past the end: the age is estimated too (12-31, 01-01, 01-04, 01-05) and overdue
e2e_start CERTDESK_NOW=2027-01-05T09:00:00+08:00
review_queue
e2e_wait_for '4/3 工作日(估)!'
e2e_wait_for '超期 1'
e2e_wait_for '节假日日历只到 2026-12-31'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit 0"
e2e_stop

# the administrator imports 2027 (test data: 元旦 01-01..03)
printf '# test calendar, not a notice\n2027-01-01\t0\t元旦\n2027-01-02\t0\t元旦\n2027-01-03\t0\t元旦\n' \
	>"$E2E_DIR/h2027.tsv"
env "$NOW" "$E2E_BIN" --config "$E2E_CONF" import holidays "$E2E_DIR/h2027.tsv" >"$E2E_DIR/import.out" 2>&1 ||
	e2e_fail "import failed: $(cat "$E2E_DIR/import.out")"
e2e_expect_sql "SELECT source FROM holiday_years WHERE year = 2027" import

e2e_start "$NOW"
review_queue
e2e_wait_for "$A  期限 2027-01-05"       # 12-31, 01-04, 01-05: 元旦 is known now
e2e_absent '(估)'
e2e_absent '节假日日历'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key 5
e2e_wait_for '待同步:'
e2e_wait_re '同步出错的申请: +0 笔'
e2e_absent '节假日日历'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit 0"
e2e_pass
