#!/bin/sh
# test_journey_invalid.sh - an invalid value in every validated field of the
# journey: each message appears beside its field as the field is left, and
# neither PgDn nor Enter on the last field leaves a screen with an error. What
# was typed is kept in the draft (nothing is lost).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1'
journey_seed_certs
# another open application for the same certificate: the clerk is warned
e2e_sql "INSERT INTO applications (app_no, status, created_by, created_at, updated_at, cert_serial, org_doc_no)
	VALUES ('261101075500000019', 'pending', 1, '2026-11-01T10:00:00+08:00', '2026-11-01T10:00:00+08:00',
	        '712C1B5A584A1BBE', '91350100M000100Y43')"
e2e_start
e2e_login clerk1 passw0rd1

e2e_wait_for '新建补办'
e2e_type 1
e2e_wait_for '电子认证服务协议'
e2e_type y
# 证书选择: no certificate, no next step; an unknown serial says so
e2e_wait_for '区分大小写'
e2e_key NPage
e2e_wait_for '不能进入下一步: 证书序列号'
e2e_type 1234
e2e_key Enter
e2e_wait_for '没有找到序列号为 1234 的证书'
e2e_key C-u
e2e_type 712C1B5A584A1BBE
e2e_key Enter
e2e_wait_for '机构证书'
e2e_key Enter
e2e_wait_for '已有 1 笔未办结的补办申请:'
e2e_wait_for '261101075500000019 (待审核)'
e2e_wait_for '已选择证书: 712C1B5A584A1BBE'
e2e_key NPage
e2e_wait_for '■ 单位信息'

# leave FIELD with VALUE (after clearing it), then wait for the message
bad() {
	e2e_key C-u
	[ -n "$1" ] && e2e_type "$1"
	e2e_key Enter
	e2e_wait_for "✗ $2"
}
e2e_key Enter Enter                                   # 机构名称, 机构证件类型
bad 91350100M000100Y44 '第 18 位校验码应为 3'          # 机构证件号码 (credit code)
e2e_key Tab
e2e_wait_for '✗ 请选择省市'                           # 省市: nothing chosen
bad '' '请填写单位地址'
e2e_key Enter                                         # 认证方式
bad 'a<b>' '姓名/名称中不能有字符 "<"'                 # 法定代表人 姓名
bad 110101198001010011 '第 18 位校验码应为 0'          # 身份证号码
e2e_type 王小明; e2e_key Enter
e2e_type 440306198512125564; e2e_key Enter
bad 12345 '手机号码应为 11 位数字, 现为 5 位'
bad 'wxm@' '邮箱地址 @ 后缺少域名'
e2e_type 专员; e2e_key Enter
bad '' '请填写申请人姓名'
e2e_key Tab Tab Tab
e2e_wait_for '✗ 请填写常用联系邮箱'
bad 别的公司 '基本户名称需与单位名称保持一致'
e2e_key C-u
e2e_type 不存在的银行
e2e_key Tab
e2e_wait_for '不在银行目录中'
bad 123 '银行账号应为 6-40 位, 现为 3 位'
bad 6222021234567890123 '两次输入的基本户账号不一致，请核对'
e2e_key Tab Tab                                       # 省市县, 收件地址 (empty)
bad 12345 '邮政编码应为 6 位数字, 现为 5 位'
e2e_key Enter Enter                                   # 是否开票, 发票抬头
e2e_key C-u; e2e_type 12345; e2e_key BTab Tab         # 纳税人识别号, left backwards and back
e2e_wait_for '✗ 纳税人识别号应为 15、17、18 或 20 位'
e2e_key Enter                                         # Enter on the last field tries the next step
e2e_wait_for '本页还有错误, 不能进入下一步'
e2e_key NPage
e2e_wait_for '本页还有错误, 不能进入下一步'
e2e_absent '请与客户逐项核对'
e2e_wait_for '*机构证件号码'                          # back on the first field at fault
e2e_key F1
e2e_wait_for '【机构证件号码】'
e2e_wait_for '规则: 按统一社会信用代码校验'
e2e_key Escape
e2e_wait_gone '【机构证件号码】'
e2e_key F2
e2e_wait_for '已保存'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit cleanly"

# nothing typed is lost, even when invalid; the application is still a draft
e2e_expect_sql "SELECT status, legal_id, agent_mobile, mail_postcode, invoice_taxid FROM applications WHERE status = 'draft'" \
	'draft|110101198001010011|12345|12345|12345'
e2e_pass
