# orders_lib.sh - applications seeded straight into an e2e test's database
# (source after lib.sh and e2e_setup, once the operators exist). The screens
# under test read them through the core like any other application.

# seed_app SEQ STATUS CREATOR_LOGIN ORG [DAYS_AGO]: one application with
# every sensitive field filled (the same fake values as sensitive-values.txt
# uses for its kind), paid, created DAYS_AGO days ago (default 1), with a
# status_history row from 草稿 to STATUS. Prints nothing; the app_no is
# 2611250755SSSSSS00 with SEQ zero-padded.
seed_app() {
	_days=${5:-1}
	_no=$(printf '2611250755%06d00' "$1")
	e2e_sql "INSERT INTO applications(app_no, status, created_by, last_edited_by, created_at, updated_at,
		org_name, org_doc_type, org_doc_no, cert_serial, cert_holder, agent_name, agent_id, agent_mobile,
		bank_account_name, bank_name, bank_code, bank_account, mail_address, fee_cents, pay_method, paid_at)
		SELECT '$_no', '$2', o.id, o.id, strftime('$E2E_TIME', '$E2E_NOW_SQL', '-$_days days'),
		strftime('$E2E_TIME', '$E2E_NOW_SQL', '-$_days days'), '$4', '统一社会信用代码',
		printf('91440300MA5G%06d', $1), printf('712C1B5A584A%04X', $1), '$4', '陈经办',
		'11010519491231002X', '13800138000', '$4', '中国工商银行', '102100099996',
		'6222020200001234567', '深圳市福田区深南大道 1 号', 48000, '微信支付',
		strftime('$E2E_TIME', '$E2E_NOW_SQL', '-$_days days')
		FROM operators o WHERE o.login = '$3';
		INSERT INTO status_history(app_id, from_status, to_status, operator_id, actor, at, reason)
		SELECT id, 'draft', '$2', created_by, '$3', created_at, NULL FROM applications WHERE app_no = '$_no';" ||
		e2e_fail "cannot seed application $1"
}

# app_id SEQ: the row id of the seeded application SEQ.
app_id() { e2e_sql "SELECT id FROM applications WHERE app_no = '$(printf '2611250755%06d00' "$1")'"; }
app_no() { printf '2611250755%06d00' "$1"; }
