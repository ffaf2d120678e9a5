#!/bin/sh
# test_orders_outcomes.sh - each answer of the centre (accepted, rejected,
# financial authentication failed, shipped, refunded) shows in 我的业务单 in
# its Chinese name with the action the guide gives it; 金融认证 re-enters only
# the bank information (the bank picked from the directory as typed) and
# queues the outbox 'finauth' row; 申请退费 asks a reason and queues 'refund';
# 作废 voids a draft after the confirmation.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/orders_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1' '李柜员'
# the centre's answers, as the sync would record them (actor central)
central() {
	e2e_sql "UPDATE applications SET status='$2', updated_at=strftime('$E2E_TIME', '$E2E_NOW_SQL') $3 WHERE app_no='$(app_no "$1")';
		INSERT INTO status_history(app_id, from_status, to_status, operator_id, actor, at, reason)
		SELECT id, 'synced', '$2', NULL, 'central', strftime('$E2E_TIME', '$E2E_NOW_SQL'), ${4:-NULL}
		FROM applications WHERE app_no='$(app_no "$1")'"
}
seed_app 11 synced clerk1 受理公司 6
seed_app 12 synced clerk1 驳回公司 5
seed_app 13 synced clerk1 失败公司 4
seed_app 14 synced clerk1 寄出公司 3
seed_app 15 synced clerk1 退费公司 2
seed_app 16 draft clerk1 草稿公司 1
central 11 accepted
central 12 rejected ", central_reason='营业执照扫描件不清晰'" "'营业执照扫描件不清晰'"
central 13 finauth_failed ", central_reason='基本户账号与开户行不符'" "'基本户账号与开户行不符'"
central 14 shipped ", carrier='顺丰', tracking_no='SF1234567890'"
central 15 refunded
e2e_start

e2e_login clerk1 'passw0rd1'
e2e_wait_for '李柜员 (柜员)'
e2e_key 2
e2e_wait_for '共 6 条'
e2e_wait_re "^ $(app_no 11) 受理公司 .* 成功受理 +退费$"
e2e_wait_re "^ $(app_no 12) 驳回公司 .* 审核不通过 +编辑 退费$"
e2e_wait_re "^ $(app_no 13) 失败公司 .* 金融认证失败 金融认证 退费$"
e2e_wait_re "^ $(app_no 14) 寄出公司 .* 已寄出 +详情$"
e2e_wait_re "^ $(app_no 15) 退费公司 .* 已退费 +详情$"
e2e_wait_re "^ $(app_no 16) 草稿公司 .* 草稿 +继续 作废$"
# every status has its colour from the status table: 已退费 magenta, 审核不通过 red
e2e_screen_attrs | grep -q '35m已退费' || e2e_fail "已退费 not in magenta"
e2e_screen_attrs | grep -q '31m审核不通过' || e2e_fail "审核不通过 not in red"

# 查看详情 of the shipped one: the centre's answer and the timeline
e2e_key Down Down
e2e_wait_re "第 3/6 条"
e2e_key Enter
e2e_wait_for '快递单号: SF1234567890'
e2e_key End
e2e_wait_for 'central  已提交 → 已寄出'
e2e_key Escape
e2e_wait_for '共 6 条'

# an action the status does not have is refused in place
e2e_key b
e2e_wait_for '「已寄出」状态的申请没有「金融认证」操作'

# 金融认证 on the failed one (fourth row): the form's bank section alone
e2e_key Down
e2e_wait_re "第 4/6 条"
e2e_key b
e2e_wait_for '金融认证 · 申请单号'
e2e_wait_for '请正确选择搜索下拉框'
e2e_wait_for '请向贵司财务人员获取'
# Esc half-way: what was picked and typed is dropped, the stored values stand
e2e_key Tab
e2e_key C-u
e2e_type '建设'
e2e_wait_for '中国建设银行'
e2e_key Enter
e2e_key C-u
e2e_type '6222020200009999999'
e2e_key Tab
e2e_key Escape
e2e_wait_for '已取消, 没有提交'
e2e_expect_sql "SELECT bank_name || '/' || bank_account || '/' || status FROM applications WHERE app_no='$(app_no 13)'" \
	'中国工商银行/6222020200001234567/finauth_failed'
e2e_wait_re "第 4/6 条"
e2e_key b
e2e_wait_for '金融认证 · 申请单号'
e2e_key Tab
e2e_key C-u
e2e_type '招商'
e2e_wait_for '招商银行'
e2e_key Enter
e2e_key C-u
e2e_type '6222020200001234567'
e2e_key Tab
e2e_type '6222020200001234568'
e2e_key Enter
e2e_wait_for '两次输入的基本户账号不一致'
e2e_key C-u
e2e_type '6222020200001234567'
e2e_key Enter
e2e_wait_for "已重新提交 $(app_no 13) 的金融认证信息"
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$(app_no 13)'" queued
e2e_expect_sql "SELECT bank_name LIKE '招商%' FROM applications WHERE app_no='$(app_no 13)'" 1
e2e_expect_sql "SELECT o.kind FROM outbox o JOIN applications a ON a.id=o.app_id WHERE a.app_no='$(app_no 13)'" finauth

# 申请退费 on the accepted one (sixth row: oldest)
e2e_key End
e2e_wait_re "第 6/6 条"
e2e_key r
e2e_wait_for '退费原因:'
e2e_key Enter
e2e_wait_for '申请退费必须填写原因'
e2e_type '客户已找回原介质'
e2e_key Enter
e2e_wait_for "已申请退费 $(app_no 11)"
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$(app_no 11)'" refund_requested
e2e_expect_sql "SELECT o.kind FROM outbox o JOIN applications a ON a.id=o.app_id WHERE a.app_no='$(app_no 11)'" refund

# 作废 the draft (first row), after the confirmation
e2e_key Home
e2e_wait_re "第 1/6 条"
e2e_key d
e2e_wait_for '确认作废草稿'
e2e_key Escape
e2e_wait_for '已取消, 没有任何更改'
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$(app_no 16)'" draft
e2e_key d
e2e_wait_for '确认作废草稿'
e2e_key Enter
e2e_wait_for "已作废草稿 $(app_no 16)"
e2e_expect_sql "SELECT status FROM applications WHERE app_no='$(app_no 16)'" voided
e2e_pass
