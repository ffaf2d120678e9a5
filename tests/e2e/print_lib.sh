# print_lib.sh - shared set-up of the print end-to-end tests (sourced, not run):
# a scratch directory with its own certdesk.conf and database, an operator,
# and applications filled in through sqlite3.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CERTDESK="$ROOT/build/certdesk"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
T=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-print-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
DB="$T/branch.db"

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

write_conf() { # extra [printer] lines
	cat >"$T/certdesk.conf" <<CONF
[branch]
code = 0755
name = 福田网点
[ca]
name = 深圳市电子商务安全证书管理有限公司
hotline = 400-112-3838
[store]
database = $DB
[security]
pwhash_opslimit = 1
pwhash_memlimit = 8192
[printer]
$1
CONF
}

cd_() { "$CERTDESK" --config "$T/certdesk.conf" "$@"; }

# ISO 7064 MOD 11,10 check digit appended to 17 digits.
appno_of() {
	d=$1 p=10 i=1
	while [ $i -le 17 ]; do
		c=$(printf %s "$d" | cut -c$i)
		s=$(((p + c) % 10))
		[ $s = 0 ] && s=10
		p=$(((s * 2) % 11))
		i=$((i + 1))
	done
	echo "$d$(((11 - p) % 10))"
}

sql() { sqlite3 -cmd ".timeout 5000" "$DB" "$@"; }

# new_app SEQ: an application with every printed value filled in; prints its number.
new_app() {
	no=$(appno_of "2611250755$(printf %07d "$1")")
	sql "INSERT INTO applications(app_no, status, created_by, created_at, updated_at,
		cert_type, org_name, org_doc_type, org_doc_no, org_region, org_address,
		legal_name, legal_id, agent_name, agent_id, agent_mobile, agent_email,
		applicant_name, applicant_id, applicant_mobile, applicant_email)
		VALUES ('$no', 'draft', 1, '2026-11-25T09:30:00+08:00', '2026-11-25T09:30:00+08:00',
		'机构个人证书', '深圳市前海示例科技发展有限公司', '统一社会信用代码证', '91440300MA5DC6QX9U',
		'440304', '福华三路 88 号财富大厦 21 层', '张堃', '440304198001011234',
		'吉𠮷祥', '44030419900202123X', '13800138000', 'agent@example.com',
		'李四', '440304199503031234', '13900139000', 'li.si@example.com')" || fail "insert application"
	echo "$no"
}

setup_store() {
	write_conf "${1:-}"
	printf 'passw0rd1\n' | cd_ user add --name 柜员一 --role clerk clerk1 >/dev/null || fail "user add"
}
