# steps_lib.sh - shared set-up of the journey-step end-to-end tests (打印申请表,
# 上传资料, 身份核验, 支付; sourced after lib.sh): certdesk-central on
# 127.0.0.1 (no automatic decisions: the tests decide sessions and orders with
# `certdesk-central idv|pay`), a branch configuration pointing at it with a
# scanner folder holding the sample scans and a stand-in lp, a clerk, and an
# application with every value of 录入信息 filled in, resumable at 打印申请表.
# Needs journey_lib.sh sourced before.
# steps_central_start PORT [server lines]: certdesk-central on 127.0.0.1:PORT
# (0: any free port), decisions left to the test; sets $STEPS_PORT.
steps_central_start() {
	cat >"$E2E_DIR/central.conf" <<CONF
[server]
database = $E2E_DIR/central.db
listen = 127.0.0.1
port = $1
port_file = $E2E_DIR/central.port
admin_token = adm
$2
[branches]
0755 = tok-0755
[auto]
enabled = no
CONF
	e2e_central_start -c "$E2E_DIR/central.conf"
	STEPS_PORT=$E2E_CENTRAL_PORT
}

# steps_branch_conf: the branch's [central] (at $STEPS_PORT), [scanner] with
# the sample scans and [printer] with a stand-in lp (recording its arguments
# in $LP_LOG; no printer name: the form is saved).
steps_branch_conf() {
	SCAN_DIR="$E2E_DIR/scans"
	mkdir -p "$SCAN_DIR" "$E2E_DIR/bin"
	cp "$E2E_ROOT"/data/samples/*.jpg "$E2E_ROOT"/data/samples/*.gif "$SCAN_DIR"/
	LP_LOG="$E2E_DIR/lp.log"
	cat >"$E2E_DIR/bin/lp" <<LP
#!/bin/sh
echo "\$@" >>"$LP_LOG"
LP
	chmod +x "$E2E_DIR/bin/lp"
	cat >>"$E2E_CONF" <<CONF
[central]
url = http://127.0.0.1:$STEPS_PORT/
token = tok-0755
connect_timeout = 2
timeout = 3
lookup_timeout = 3
[scanner]
folder = $SCAN_DIR
[printer]
command = $E2E_DIR/bin/lp
output_dir = $E2E_DIR/pdf
CONF
}

# steps_setup [central.conf lines for [server]] : everything above (the draft
# resumes at $STEPS_SCREEN, default print); sets
# $APP_NO, $APP_ID, $SCAN_DIR, $LP_LOG.
steps_setup() {
	e2e_setup
	steps_central_start 0 "$1"
	steps_branch_conf
	e2e_user clerk1 clerk 'passw0rd1'
	journey_seed_certs
	APP_NO=$(e2e_appno_of 26112507550000017)
	e2e_sql "INSERT INTO applications(app_no, status, created_by, created_at, updated_at, screen,
		consent_tos_version, consent_privacy_version, consent_at,
		cert_serial, cert_holder, cert_type, org_name, org_doc_type, org_doc_no, org_region, org_address,
		auth_method, legal_name, legal_id, agent_name, agent_id, agent_mobile, agent_email, agent_title,
		applicant_name, applicant_id, applicant_mobile, applicant_email,
		bank_account_name, bank_name, bank_account, bank_account_confirm,
		mail_region, mail_address, mail_postcode, invoice_kind, invoice_purpose, invoice_title, invoice_taxid)
		VALUES ('$APP_NO', 'draft', (SELECT id FROM operators WHERE login = 'clerk1'),
		'2026-11-25T09:30:00+08:00', '2026-11-25T09:30:00+08:00', '${STEPS_SCREEN:-print}',
		'2026.1', '2026.1', '2026-11-25T09:30:00+08:00',
		'712C1B5A584A1BBE', '深圳市测试科技有限公司', '机构证书', '深圳市测试科技有限公司',
		'统一社会信用代码证', '91350100M000100Y43', '440305', '深圳市南山区科技园南路 18 号',
		'银行金融认证', '张三', '440305199003071236', '王小明', '440306198512125564', '13800138000',
		'wxm@example.com', '行政专员', '王小明', '440306198512125564', '13800138000', 'wxm@example.com',
		'深圳市测试科技有限公司', '中国工商银行', '6222021234567890123', '6222021234567890123',
		'440305', '深圳市南山区科技园南路 18 号', '518057', '电子发票', '介质服务费',
		'深圳市测试科技有限公司', '91350100M000100Y43')" || e2e_fail "cannot seed the application"
	APP_ID=$(e2e_sql "SELECT id FROM applications WHERE app_no = '$APP_NO'")
}

# steps_resume: log in and continue the seeded draft (继续草稿): it lands on
# the step in applications.screen.
steps_resume() {
	e2e_start "$@"
	e2e_login clerk1 passw0rd1
	e2e_wait_for '继续草稿'
	e2e_type 3
	e2e_wait_for '深圳市测试科技有限公司'
	e2e_key Enter
}

# steps_qr_decodes PAYLOAD: the code on the screen, painted as the terminal
# shows it (pane2pgm.py), decodes with zbarimg to exactly PAYLOAD.
steps_qr_decodes() {
	e2e_screen | sed '1d;$d' >"$E2E_DIR/pane.txt"
	python3 "$E2E_ROOT/tests/e2e/pane2pgm.py" "$E2E_DIR/pane.txt" "$E2E_DIR/pane.pgm"
	_got=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$E2E_DIR/pane.pgm" 2>/dev/null)
	[ "$_got" = "$1" ] || e2e_fail "the terminal QR code reads [$_got], expected [$1]"
}

# steps_central ARGS… : certdesk-central's reviewer commands on the same database
steps_central() { "$E2E_CENTRAL" -c "$E2E_DIR/central.conf" "$@"; }

# steps_journey_setup: a fresh branch for a whole journey: the centre down
# (a free port kept for it, steps_journey_to_summary brings it up), the
# scanner and printer of steps_branch_conf, clerk1 (王柜员) and boss1
# (赵主管), and the demo certificates in the cache.
steps_journey_setup() {
	e2e_setup
	steps_central_start 0
	e2e_central_stop
	steps_branch_conf
	e2e_user clerk1 clerk 'passw0rd1' 王柜员
	e2e_user boss1 supervisor 'passw0rd2' 赵主管
	journey_seed_certs
}

# steps_journey_to_summary: after journey_fill_form, with the centre down
# (steps_central_start 0, e2e_central_stop): the centre comes up at
# $STEPS_PORT, then 打印申请表 (saved), 上传资料 (both sample scans), 身份核验
# and 支付 decided at the centre, each shown with its branch time (the hour
# of E2E_NOW); ends on the summary (提交审核).
steps_journey_to_summary() {
	_hour=${E2E_NOW_SQL%?????}             # "2026-11-25 10:"
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
	e2e_wait_for "经办人身份核验已通过 (微信扫码实名认证, $_hour"
	e2e_key NPage
	# 支付: WeChat, paid at the centre
	e2e_wait_for '补办费用: 100.00元'
	e2e_type 1
	e2e_wait_for '支付状态: 待支付'
	steps_central pay "$(e2e_sql "SELECT pay_order_no FROM applications")" paid || e2e_fail "pay paid"
	e2e_wait_for "支付状态: 已支付 ($_hour"
	e2e_key NPage
	e2e_wait_for '请与客户逐项核对'
	e2e_wait_for '已同意 (版本 2026.1)'
	e2e_key NPage
	e2e_wait_for '440305199003071236'      # sensitive values in full on the summary
}
