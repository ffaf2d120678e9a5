#!/bin/sh
# test_review_refusals.sh - what another terminal does while a supervisor
# has an application open is refused by the core and said in place, in
# Chinese: claimed by another supervisor, changed since the screen read it
# (the screen then shows the new version, which can be approved), decided
# meanwhile by another supervisor. The other terminal's writes are made
# here with sqlite3 exactly as the core makes them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/orders_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
e2e_user boss1 supervisor 'passw0rd2' '赵主管'
e2e_user boss2 supervisor 'passw0rd3' '钱主管'
seed_app 1 pending clerk1 深圳市甲公司 2
seed_app 2 pending clerk1 深圳市乙公司 1
A=$(app_no 1) B=$(app_no 2)
e2e_start
e2e_login boss1 'passw0rd2'
e2e_key 3
e2e_wait_for '待审核 2 笔'
e2e_key Enter
e2e_wait_for "申请单号 $A"

# boss2 claims it meanwhile
e2e_sql "UPDATE applications SET claimed_by=(SELECT id FROM operators WHERE login='boss2'),
	claimed_at=strftime('$E2E_TIME', '$E2E_NOW_SQL') WHERE app_no='$A'"
e2e_key a
e2e_wait_for '该申请已由 boss2 领取'
e2e_wait_for '领取: boss2'
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$A'" pending

# boss2 lets go; the clerk changes a field meanwhile
e2e_sql "UPDATE applications SET claimed_by=NULL, claimed_at=NULL, org_name='深圳市甲公司(改)',
	last_edited_by=(SELECT id FROM operators WHERE login='clerk1'), updated_at=strftime('$E2E_TIME', '$E2E_NOW_SQL', '+1 second')
	WHERE app_no='$A'"
e2e_key a
e2e_wait_for '申请在您打开后又被修改 (clerk1'
e2e_wait_for '未生效: 申请在您打开后又被修改'
e2e_key NPage
e2e_wait_for '机构名称: 深圳市甲公司(改)'
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$A'" pending
# now it has been seen: approved
e2e_key a
e2e_wait_for "已审核通过 $A"
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$A'" queued

# the other one: boss2 returns it meanwhile
e2e_wait_for '待审核 1 笔'
e2e_key Enter
e2e_wait_for "申请单号 $B"
e2e_sql "UPDATE applications SET status='returned', return_reason='缺扫描件', updated_at=strftime('$E2E_TIME', '$E2E_NOW_SQL')
	WHERE app_no='$B';
	INSERT INTO status_history(app_id, from_status, to_status, operator_id, actor, at, reason)
	SELECT id, 'pending', 'returned', (SELECT id FROM operators WHERE login='boss2'), 'boss2',
	strftime('$E2E_TIME', '$E2E_NOW_SQL'), '缺扫描件' FROM applications WHERE app_no='$B'"
e2e_key a
e2e_wait_for '该申请已由 boss2'
e2e_wait_for '当前状态「退回修改」'
e2e_wait_for '状态: 退回修改'
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$B'" returned
e2e_key r
e2e_wait_for '不在待审核, 不能退回'
e2e_pass
