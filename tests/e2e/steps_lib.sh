# steps_lib.sh - shared set-up of the journey-step end-to-end tests (打印申请表,
# 上传资料, 身份核验, 支付; sourced after lib.sh): certdesk-central on
# 127.0.0.1 (no automatic decisions: the tests decide sessions and orders with
# `certdesk-central idv|pay`), a branch configuration pointing at it with a
# scanner folder holding the sample scans and a stand-in lp, a clerk, and an
# application with every printed value filled in.
STEPS_CENTRAL=${CERTDESK_CENTRAL_BIN:-$E2E_ROOT/build/certdesk-central}

steps_central_pid=
steps_cleanup() {
	[ -n "$steps_central_pid" ] && kill "$steps_central_pid" 2>/dev/null
	e2e_cleanup
}

# steps_setup [central.conf lines for [server]] : everything above; sets
# $APP_NO, $APP_ID, $SCAN_DIR, $LP_LOG.
steps_setup() {
	e2e_setup
	trap steps_cleanup EXIT
	cat >"$E2E_DIR/central.conf" <<CONF
[server]
database = $E2E_DIR/central.db
listen = 127.0.0.1
port = 0
port_file = $E2E_DIR/central.port
admin_token = adm
$1
[branches]
0755 = tok-0755
[auto]
enabled = no
CONF
	"$STEPS_CENTRAL" -c "$E2E_DIR/central.conf" 2>"$E2E_DIR/central.log" &
	steps_central_pid=$!
	_i=0
	while [ ! -s "$E2E_DIR/central.port" ]; do
		_i=$((_i + 1))
		[ $_i -le 200 ] || e2e_fail "certdesk-central did not start: $(cat "$E2E_DIR/central.log")"
		sleep 0.05
	done
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
url = http://127.0.0.1:$(cat "$E2E_DIR/central.port")/
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
	e2e_user clerk1 clerk 'passw0rd1'
	APP_NO=$(steps_appno 26112507550000017)
	e2e_sql "INSERT INTO applications(app_no, status, created_by, created_at, updated_at,
		cert_type, org_name, org_doc_type, org_doc_no, org_region, org_address,
		legal_name, legal_id, agent_name, agent_id, agent_mobile, agent_email,
		applicant_name, applicant_id, applicant_mobile, applicant_email)
		VALUES ('$APP_NO', 'draft', 1, '2026-11-25 09:30:00', '2026-11-25 09:30:00',
		'机构证书', '深圳市前海示例科技发展有限公司', '统一社会信用代码证', '91440300MA5DC6QX9U',
		'440304', '福华三路 88 号财富大厦 21 层', '张堃', '440304198001011234',
		'王小明', '44030419900202123X', '13800138000', 'agent@example.com',
		'李四', '440304199503031234', '13900139000', 'li.si@example.com')"
	APP_ID=$(e2e_sql "SELECT id FROM applications WHERE app_no = '$APP_NO'")
}

# steps_appno 17-DIGITS: with its ISO 7064 MOD 11,10 check digit
steps_appno() {
	_d=$1 _p=10 _i=1
	while [ $_i -le 17 ]; do
		_c=$(printf %s "$_d" | cut -c$_i)
		_s=$(((_p + _c) % 10))
		[ $_s = 0 ] && _s=10
		_p=$(((_s * 2) % 11))
		_i=$((_i + 1))
	done
	echo "$_d$(((11 - _p) % 10))"
}

# steps_central ARGS… : certdesk-central's reviewer commands on the same database
steps_central() { "$STEPS_CENTRAL" -c "$E2E_DIR/central.conf" "$@"; }
