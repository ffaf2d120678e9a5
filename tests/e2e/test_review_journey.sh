#!/bin/sh
# test_review_journey.sh - 审核队列 and 我的业务单 together: the duplicate
# warning in the queue and the details; four eyes (a
# supervisor's own application is refused in place, the database unchanged);
# a supervisor approves one application and returns another with a reason
# and a field at fault; the clerk sees 退回修改 with the reason, the field is
# corrected, the clerk resubmits from the list; the supervisor approves it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/orders_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_user boss1 supervisor 'passw0rd2' '赵主管'
seed_app 1 pending clerk1 深圳市甲公司 3
seed_app 2 pending clerk1 深圳市乙公司 1
seed_app 3 pending boss1 主管录入公司 2
# an accepted replacement of the same certificate as the first: a duplicate
seed_app 4 accepted clerk1 深圳市甲公司 10
e2e_sql "UPDATE applications SET cert_serial=(SELECT cert_serial FROM applications WHERE app_no='$(app_no 1)')
	WHERE app_no='$(app_no 4)'"
A=$(app_no 1) B=$(app_no 2) OWN=$(app_no 3)
e2e_start

e2e_login boss1 'passw0rd2'
e2e_wait_for '审核队列  待审核 3 笔'
e2e_key 3
e2e_wait_for '待审核 3 笔 (最早提交的在最上)'
e2e_wait_for '[本人录入] 主管录入公司'
e2e_wait_re '^ 2611250755000001.*3/3 工作日'
e2e_wait_for '[重复] 深圳市甲公司'

# (a) four eyes: the supervisor's own application (second row, oldest first)
e2e_key Down Enter
e2e_wait_for "申请单号 $OWN"
e2e_wait_for '这是您本人录入的申请'
e2e_key a
e2e_wait_for '不能审核自己录入或修改的申请'
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$OWN'" pending "own application unchanged"
e2e_expect_sql "SELECT COUNT(*) FROM outbox" 0 "nothing queued"
e2e_key Escape
e2e_wait_for '待审核 3 笔'

# approve the first
e2e_key Up Enter
e2e_wait_for "申请单号 $A"
e2e_wait_for '重复申请:'
e2e_key a
e2e_wait_for "已审核通过 $A"
e2e_wait_for '待审核 2 笔'
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$A'" queued
e2e_expect_sql "SELECT kind FROM outbox o JOIN applications a ON a.id=o.app_id WHERE a.app_no='$A'" submit

# return the other with a reason and the 经办人 身份证号码 marked
e2e_key End Enter
e2e_wait_for "申请单号 $B"
e2e_key r
e2e_wait_for '退回原因:'
e2e_type '经办人身份证号码与扫描件不符'
e2e_key Tab
e2e_wait_for '[ ] 协议'
i=0
while [ $i -lt 18 ]; do e2e_key Down; i=$((i + 1)); done
e2e_key Space
e2e_wait_for '[×] 经办人信息 · 身份证号码'
e2e_key Enter
e2e_wait_for "已退回 $B 给柜员修改 (标出 1 个字段)"
e2e_expect_sql "SELECT status || '|' || return_reason || '|' || return_fields FROM applications WHERE app_no='$B'" \
	'returned|经办人身份证号码与扫描件不符|agent_id'
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key 8
e2e_wait_for '操作员登录'

# the clerk sees 退回修改 with the reason
e2e_login clerk1 'passw0rd1'
e2e_wait_for '李柜员 (柜员)'
e2e_key 2
e2e_wait_re "^ $B .*退回修改 +编辑"
e2e_key Enter
e2e_wait_for '退回原因: 经办人身份证号码与扫描件不符'
e2e_wait_for '需修改的字段: 身份证号码'
e2e_key Escape
e2e_wait_for '共 4 条'
# 编辑 opens the replacement journey on the field the supervisor marked
e2e_key e
e2e_wait_for '■ 经办人信息'
e2e_key C-u
e2e_type 11010519491231002X
e2e_key Enter
e2e_wait_sql "SELECT agent_id FROM applications WHERE app_no='$B'" 11010519491231002X
e2e_key F2
e2e_wait_for '共 4 条'
e2e_key s
e2e_wait_for "已重新提交 $B"
e2e_wait_re "^ $B .*待审核"
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$B'" pending
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key 7
e2e_wait_for '操作员登录'

# the supervisor approves it
e2e_login boss1 'passw0rd2'
e2e_wait_for '审核队列  待审核 2 笔'
e2e_key 3
e2e_wait_for '待审核 2 笔'
e2e_key End Enter
e2e_wait_for "申请单号 $B"
e2e_key a
e2e_wait_for "已审核通过 $B"
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$B'" queued
e2e_expect_sql "SELECT COUNT(*) FROM status_history h JOIN applications a ON a.id=h.app_id WHERE a.app_no='$B'" 5 \
	"history: seeded, returned, resubmitted, approved, queued"
e2e_pass
