#!/bin/sh
# test_steps_paid.sh - the journey's steps after 录入信息 against certdesk-central
# on 127.0.0.1: 打印申请表 refuses the next step until printed, prints (saved:
# no printer; then to a stand-in lp), 上传资料 with both sample scans (a
# refusal shown in place, the form scan linked to the print), 身份核验 whose
# terminal QR decodes to the session's payload and which the centre passes,
# 支付 by WeChat paid at the centre, then the summary and 待审核.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
. "$(dirname "$0")/steps_lib.sh"
steps_setup
steps_resume
q() { e2e_sql "SELECT $1 FROM applications WHERE id = $APP_ID"; }

# 打印申请表
e2e_wait_for '打印状态: 尚未打印'
e2e_wait_for '深圳市测试科技有限公司'
e2e_key NPage
e2e_wait_for '请先打印申请表，再点击下一步'
e2e_type p
e2e_wait_for '未配置打印机, 申请表已保存到'
e2e_wait_for '已打印 1 次'
pdf=$(e2e_sql "SELECT pdf_path FROM prints WHERE app_id = $APP_ID")
[ -s "$pdf" ] || e2e_fail "no saved PDF [$pdf]"
# an edit after the print: the next step wants the new version
e2e_sql "UPDATE applications SET agent_email = 'wxm2@example.com' WHERE id = $APP_ID"
e2e_key NPage
e2e_wait_for '申请信息自上次打印后已修改, 请先按 p 打印新版本'
e2e_type p
e2e_wait_for '申请信息自上次打印后已修改, 已打印新版本'
e2e_wait_for '已打印 2 次'
[ -s "$LP_LOG" ] && e2e_fail "lp ran without a configured printer"
e2e_expect_sql "SELECT count(*) FROM prints WHERE app_id = $APP_ID" 2 "prints recorded"
e2e_key NPage

# 上传资料: the form scan is chosen first; a PNG named .jpg is refused in place
e2e_wait_for '申请表扫描件 (并加盖公章)'
e2e_wait_for '请把打印出来的申请表加盖公章'
e2e_key NPage
e2e_wait_for '缺少申请表扫描件'
e2e_type '错误示例'
e2e_wait_for '错误示例-内容是PNG.jpg'
e2e_key Enter
e2e_wait_for '错误示例-内容是PNG.jpg 未上传: 错误的文件类型'
e2e_key C-u
e2e_type '申请表扫描件-样例'
e2e_wait_for '申请表扫描件-样例.jpg'
e2e_key Enter
e2e_wait_for '申请表扫描件已上传'
e2e_wait_for '营业执照扫描件 (需加盖公章)'
e2e_wait_for '三合一'
e2e_key F4
e2e_wait_for '文件路径:'
e2e_type '营业执照扫描件-样例.g'
e2e_key Tab
e2e_wait_for '营业执照扫描件-样例.gif'
e2e_key Enter
e2e_wait_for '营业执照扫描件已上传'
e2e_expect_sql "SELECT kind || ' ' || mime || ' ' || (coalesce(print_id, 0) = (SELECT max(id) FROM prints)) FROM attachments WHERE superseded_at IS NULL ORDER BY kind" \
	"$(printf 'form_scan image/jpeg 1\nlicense_scan image/gif 0')" "attachments"
e2e_key NPage

# 身份核验: the code decodes to the session's payload; the centre passes it
e2e_wait_for '等待认证结果'
e2e_wait_re '二维码 [0-9]+:[0-9]{2} 后过期'
sid=$(q idv_session)
[ -n "$sid" ] || e2e_fail "no identity session recorded"
steps_qr_decodes "https://idv.szca.example/v1/s/$sid"
e2e_key NPage
e2e_wait_for '请先完成经办人身份核验'
steps_central idv "$sid" pass || e2e_fail "certdesk-central idv pass"
e2e_wait_for '经办人身份核验已通过 (微信扫码实名认证'
[ "$(q "idv_method || ' ' || idv_status || ' ' || (idv_by = created_by) || ' ' || (idv_at IS NOT NULL)")" = 'qr passed 1 1' ] ||
	e2e_fail "identity record: $(q "idv_method || ' ' || idv_status")"
e2e_key NPage

# 支付: the order as in the guide, WeChat, paid at the centre
e2e_wait_for '业务服务: 证书遗失补办'
e2e_wait_for '补办费用: 100.00元'
e2e_key NPage
e2e_wait_for '请先选择支付方式'
e2e_type 1
e2e_wait_for '支付状态: 待支付'
e2e_wait_for '0.01元'
order=$(q pay_order_no)
[ -n "$order" ] || e2e_fail "no order recorded"
e2e_wait_for "订单编号: $order"
e2e_key NPage
e2e_wait_for '尚未支付'
steps_central pay "$order" paid || e2e_fail "certdesk-central pay paid"
e2e_wait_for '支付状态: 已支付'
[ "$(q "pay_method || ' ' || pay_status || ' ' || fee_cents || ' ' || (paid_at IS NOT NULL) || ' ' || (pin_delivery LIKE '%0.01元%')")" = 'wechat paid 10000 1 1' ] ||
	e2e_fail "payment record: $(q "pay_method || ' ' || pay_status || ' ' || fee_cents")"
e2e_key NPage

# the summary, then 待审核
e2e_wait_for '请与客户逐项核对'
e2e_key F5
e2e_wait_for '待审核'
e2e_wait_sql "SELECT status FROM applications WHERE id = $APP_ID" pending
e2e_pass
