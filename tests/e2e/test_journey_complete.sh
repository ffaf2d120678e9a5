#!/bin/sh
# test_journey_complete.sh - a complete replacement typed as a clerk would:
# agreements, certificate lookup, every section of 录入信息 (Chinese through
# send-keys -l, the 省市县 cascade, the bank search, the one-key copy of the
# agent), 打印申请表 (saved), 上传资料 (both sample scans), 身份核验 and 支付
# against certdesk-central (down during the certificate lookup: 离线; up from
# 打印申请表 on), the summary, F5 → 待审核; then the database row field by field.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
. "$(dirname "$0")/steps_lib.sh"
steps_journey_setup            # the centre down until 打印申请表 (a free port kept for it)
e2e_start
e2e_login clerk1 passw0rd1
journey_to_form

journey_fill_form
steps_journey_to_summary
e2e_key F5
e2e_wait_for '待审核'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit cleanly"

row=$(e2e_sql "SELECT id FROM applications")
q() { e2e_sql "SELECT $1 FROM applications WHERE id = $row"; }
check() { _got=$(q "$1"); [ "$_got" = "$2" ] || e2e_fail "$1: expected [$2], got [$_got]"; }
check status pending
# the number carries the pinned day (lib.sh: 2026-11-25) and the branch code
check "substr(app_no, 1, 10)" 2611250755
check "substr(created_at, 1, 10)" 2026-11-25
check consent_tos_version 2026.1
check "consent_at IS NOT NULL" 1
check cert_serial 712C1B5A584A1BBE
check cert_holder 深圳市测试科技有限公司
check cert_type 机构证书
check org_name 深圳市测试科技有限公司
check org_doc_type 统一社会信用代码证
check org_doc_no 91350100M000100Y43
check org_region 440305
check org_address '深圳市南山区科技园南路 18 号'
check auth_method 银行金融认证
check legal_name 张三
check legal_id 440305199003071236
check agent_name 王小明
check agent_id 440306198512125564
check agent_mobile 13800138000
check agent_email wxm@example.com
check agent_title 行政专员
check applicant_name 王小明
check applicant_id 440306198512125564
check applicant_mobile 13800138000
check applicant_email wxm@example.com
check bank_account_name 深圳市测试科技有限公司
check bank_name 中国工商银行
check bank_account 6222021234567890123
check bank_account_confirm 6222021234567890123
check mail_region 440305
check mail_address '深圳市南山区科技园南路 18 号'
check mail_postcode 518057
check invoice_kind 电子发票
check invoice_purpose 介质服务费
check invoice_title 深圳市测试科技有限公司
check invoice_taxid 91350100M000100Y43
check "(SELECT count(*) FROM prints WHERE app_id = $row)" 1
check "(SELECT group_concat(kind, ' ') FROM (SELECT kind FROM attachments WHERE app_id = $row AND superseded_at IS NULL ORDER BY kind))" 'form_scan license_scan'
check "idv_method || ' ' || idv_status" 'qr passed'
check "pay_method || ' ' || pay_status || ' ' || fee_cents" 'wechat paid 10000'
check "pin_delivery LIKE '%0.01元%'" 1
e2e_expect_sql "SELECT from_status || '>' || to_status || ' ' || actor FROM status_history WHERE app_id = $row AND to_status = 'pending'" \
	'draft>pending clerk1' 'status history'
e2e_pass
