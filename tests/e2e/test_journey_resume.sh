#!/bin/sh
# test_journey_resume.sh - kill -9 in the middle of 录入信息: after a restart
# the draft is listed under 继续草稿 and resumes with every completed field,
# on the first field still to fill; only the field being typed is lost. A
# draft can be voided (a status; the row stays).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1'
journey_seed_certs
e2e_start
e2e_login clerk1 passw0rd1
journey_to_form
journey_to_address
e2e_type '深圳市福田区深南大道 1 号'; e2e_key Enter
e2e_key Enter
e2e_type '张三'; e2e_key Enter
e2e_type '440305199003071236'; e2e_key Enter
e2e_type '王小明'; e2e_key Enter
e2e_wait_sql "SELECT agent_name FROM applications" '王小明'
e2e_type '4403061985'                     # being typed: may be lost
e2e_wait_for '4403061985'
pid=$(e2e_pid)
[ -n "$pid" ] || e2e_fail "no certdesk process"
kill -9 "$pid"
e2e_wait_exit >/dev/null
e2e_stop

e2e_start
e2e_login clerk1 passw0rd1
e2e_wait_for '继续草稿'
e2e_type 3
e2e_wait_for '的草稿 (1 份)'
e2e_wait_for '深圳市测试科技有限公司'
e2e_key Enter
e2e_wait_for '■ 经办人信息'
e2e_wait_for '王小明'
e2e_wait_for '440305199003071236'
e2e_wait_for '张三'
# every completed field is in the draft
e2e_expect_sql "SELECT consent_tos_version, cert_serial, org_name, org_doc_no, org_region, org_address,
	legal_name, legal_id, agent_name FROM applications" \
	'2026.1|712C1B5A584A1BBE|深圳市测试科技有限公司|91350100M000100Y43|440304|深圳市福田区深南大道 1 号|张三|440305199003071236|王小明'
# the clerk lands on the field being typed when the program died
e2e_type '440306198512125564'
e2e_key Enter
e2e_wait_sql "SELECT agent_id FROM applications" '440306198512125564'
e2e_key F2
e2e_wait_for '已保存'
e2e_wait_for '继续草稿'

# voiding: Delete asks, Y confirms; the row stays as 已作废
e2e_type 3
e2e_wait_for '的草稿 (1 份)'
e2e_key DC
e2e_wait_for '按 Y 确认作废'
e2e_type y
e2e_wait_for '已作废'
e2e_wait_for '没有草稿'
e2e_expect_sql "SELECT status FROM applications" 'voided'
e2e_expect_sql "SELECT COUNT(*) FROM status_history WHERE to_status = 'voided'" '1'
e2e_pass
