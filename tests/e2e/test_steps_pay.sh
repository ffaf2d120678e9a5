#!/bin/sh
# test_steps_pay.sh - 支付 against certdesk-central on 127.0.0.1: a WeChat order
# nobody pays ([ui] pay_wait_seconds: 支付超时, the next step refused), then
# 对公账号付款: the centre's account, amount and reference, 待到账 (the journey
# may go on), confirmed by the centre (已到账); the PIN rule of a transfer for
# an organisation certificate is shown and stored.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/journey_lib.sh"
. "$(dirname "$0")/steps_lib.sh"
STEPS_SCREEN=pay
steps_setup
printf '[ui]\npay_wait_seconds = 3\n' >>"$E2E_CONF"
steps_resume
q() { e2e_sql "SELECT $1 FROM applications WHERE id = $APP_ID"; }

e2e_wait_for '订单编号: (选择支付方式后生成)'
e2e_type 2
e2e_wait_for '支付状态: 待支付'
order=$(q pay_order_no)
steps_qr_decodes "https://qr.alipay.com/$order"     # the payload certdesk-central gives an Alipay order
e2e_wait_for '支付超时' 10
e2e_key NPage
e2e_wait_for '尚未支付'
[ "$(q pay_status)" = unpaid ] || e2e_fail "pay_status: $(q pay_status)"

# 对公账号付款
e2e_type 3
e2e_wait_for '付款参考号 (附言):'
e2e_wait_for '支付状态: 待到账'
e2e_wait_for '机构证书PIN码将通过短信方式发至经办人手机号码'
order=$(q pay_order_no)
[ "$(q "pay_method || ' ' || pay_status || ' ' || (pin_delivery LIKE '%经办人手机号码%')")" = 'transfer pending_transfer 1' ] ||
	e2e_fail "transfer record: $(q "pay_method || ' ' || pay_status")"
steps_central pay "$order" confirm || e2e_fail "certdesk-central pay confirm"
e2e_wait_for '支付状态: 已到账'
e2e_wait_sql "SELECT pay_status || ' ' || (paid_at IS NOT NULL) FROM applications WHERE id = $APP_ID" 'confirmed 1'
e2e_key NPage
e2e_wait_for '请与客户逐项核对'
e2e_pass
