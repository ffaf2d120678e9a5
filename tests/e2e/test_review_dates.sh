#!/bin/sh
# test_review_dates.sh - the 审核队列's working-day age, 期限 and 超期 on the
# days that break naive date arithmetic: the clock is pinned (CERTDESK_NOW)
# to a Saturday, a Monday and the day after the 国庆节 week, and the queue
# must count only working days of data/holidays.tsv (调休 Saturdays count).
# Application A was submitted on Friday 2026-11-27 16:00, B on Wednesday
# 2026-09-30 16:00, the last working day before 国庆节.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/orders_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_user boss1 supervisor 'passw0rd2' '赵主管'
seed_app 1 pending clerk1 周五提交公司
seed_app 2 pending clerk1 节前提交公司
A=$(app_no 1) B=$(app_no 2)
e2e_sql "UPDATE status_history SET at='2026-11-27 16:00:00' WHERE app_id=$(app_id 1);
	UPDATE status_history SET at='2026-09-30 16:00:00' WHERE app_id=$(app_id 2);"

# queue_on NOW: certdesk started at NOW, the supervisor's queue open
queue_on() {
	e2e_start CERTDESK_NOW="$1"
	e2e_login boss1 'passw0rd2'
	e2e_wait_for '审核队列'
	e2e_key 3
	e2e_wait_for '待审核 2 笔'
}

# the row of APP_NO shows AGE (e.g. "0/3 工作日"); with the row selected the
# foot line shows its 期限
row_has() {
	e2e_wait_re "^ $1.*$2" || e2e_fail "row $1 should show '$2'"
}

# Saturday 2026-11-28: A is 0 working days old (Saturday is not one), due
# Wednesday 12-02 (Mon, Tue, Wed); B is long overdue
queue_on 2026-11-28T10:00:00+08:00
row_has "$B" '工作日!'
row_has "$A" '0/3 工作日 '
e2e_key Down
e2e_wait_for "$A  期限 2026-12-02"
e2e_absent '(估)'
e2e_wait_for '超期 1'
e2e_stop

# Monday 2026-11-30: A has used one working day, still due 12-02
queue_on 2026-11-30T09:00:00+08:00
row_has "$A" '1/3 工作日 '
e2e_key Down
e2e_wait_for "$A  期限 2026-12-02"
e2e_stop

# Thursday 2026-10-08, the day after 国庆节 (10-01..10-07 off): B has used one
# working day (10-08), due Saturday 10-10, a worked 调休 day; A lies in the
# future and counts as 0
queue_on 2026-10-08T09:00:00+08:00
row_has "$B" '1/3 工作日 '
e2e_wait_for "$B  期限 2026-10-10"
e2e_wait_for '超期 0'
e2e_stop
e2e_pass
