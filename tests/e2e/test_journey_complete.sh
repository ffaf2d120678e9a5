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
e2e_setup
steps_central_start 0          # a free port for the centre, which is down until 打印申请表
e2e_central_stop
steps_branch_conf
e2e_user clerk1 clerk 'passw0rd1' 王柜员
journey_seed_certs
e2e_start
e2e_login clerk1 passw0rd1
journey_to_form

# 单位信息: name, document type and number come from the certificate
e2e_wait_for '深圳市测试科技有限公司'
e2e_key Enter                          # 机构名称 (prefilled)
e2e_key Enter                          # 机构证件类型 (统一社会信用代码证)
e2e_key Enter                          # 机构证件号码 (prefilled)
e2e_wait_for '内蒙古自治区'            # the cascade lists the provinces
e2e_type '广东'
e2e_wait_for '▸ 广东省'
e2e_key Enter
e2e_wait_for '▸ 广州市'
e2e_type '深圳'
e2e_key Enter
e2e_wait_for '▸ 罗湖区'
e2e_type '南山'
e2e_key Enter
e2e_wait_for '广东省 深圳市 南山区'
e2e_type '深圳市南山区科技'
e2e_key Left Left                      # a resize while typing keeps the text and the cursor
e2e_resize 100 30
e2e_wait_re '深圳市南山区科技 *$'
e2e_resize 80 24
e2e_wait_for '■ 单位信息'
e2e_type '园南路 18 号'
e2e_key End
e2e_type '科技'
e2e_wait_for '深圳市南山区园南路 18 号科技'
e2e_key C-u
e2e_type '深圳市南山区科技园南路 18 号'
e2e_key Enter
e2e_wait_for '银行金融认证'
e2e_key Enter                          # 认证方式
# 法定代表人
e2e_type '张三'; e2e_key Enter
e2e_type '440305199003071236'; e2e_key Enter
# 经办人信息
e2e_type '王小明'; e2e_key Enter
e2e_type '440306198512125564'; e2e_key Enter
e2e_type '13800138000'; e2e_key Enter
e2e_type 'wxm@example.com'; e2e_key Enter
e2e_type '行政专员'; e2e_key Enter
# 申请人信息: the same person as the agent, one key
e2e_wait_for '按 F3'
e2e_key F3
e2e_wait_for '已复制'
e2e_key Enter Enter Enter Enter
# 金融认证信息: 基本户名称 prefilled from 机构名称
e2e_wait_for '基本户名称'
e2e_key Enter
e2e_type '工商'
e2e_wait_for '中国工商银行'
e2e_key Enter
e2e_type '6222021234567890123'; e2e_key Enter
e2e_type '6222021234567890123'; e2e_key Enter
# 邮寄信息: prefilled from the unit address
e2e_key Enter Enter
e2e_type '518057'; e2e_key Enter
# 电子发票信息
e2e_key Enter                          # 电子发票
e2e_key Enter                          # 发票抬头 (prefilled)
e2e_key Enter                          # 纳税人识别号 (prefilled), last field: next step
# 打印申请表: saved (no printer configured)
steps_central_start "$STEPS_PORT"
e2e_wait_for '打印状态: 尚未打印'
e2e_type p
e2e_wait_for '未配置打印机, 申请表已保存到'
e2e_key NPage
# 上传资料: from the scanner folder, filtered
e2e_wait_for '申请表扫描件 (并加盖公章)'
e2e_type '申请表'
e2e_wait_for '申请表扫描件-样例.jpg'
e2e_key Enter
e2e_wait_for '申请表扫描件已上传'
e2e_type '营业执照扫描件-样例.g'
e2e_wait_for '营业执照扫描件-样例.gif'
e2e_key Enter
e2e_wait_for '营业执照扫描件已上传'
e2e_key NPage
# 身份核验: the centre passes the session
e2e_wait_for '等待认证结果'
steps_central idv "$(e2e_sql "SELECT idv_session FROM applications")" pass || e2e_fail "idv pass"
e2e_wait_for '经办人身份核验已通过'
e2e_key NPage
# 支付: WeChat, paid at the centre
e2e_wait_for '补办费用: 100.00元'
e2e_type 1
e2e_wait_for '支付状态: 待支付'
steps_central pay "$(e2e_sql "SELECT pay_order_no FROM applications")" paid || e2e_fail "pay paid"
e2e_wait_for '支付状态: 已支付'
e2e_key NPage
e2e_wait_for '请与客户逐项核对'
e2e_wait_for '已同意 (版本 2026.1)'
e2e_key NPage
e2e_wait_for '440305199003071236'      # sensitive values in full on the summary
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
