#!/bin/sh
# test_sync_screen.sh - the 同步状态 screen against certdesk-central on
# 127.0.0.1: the queue is shown, with the centre down "s 立即同步" ends with
# the error in Chinese (the terminal stays usable meanwhile), the refused
# applications are listed (subject masked when it is a person), and with the
# centre up again "s" empties the queue.
. "$(dirname "$0")/lib.sh"

e2e_setup '[central]' 'token = tok-0001' 'connect_timeout = 1' 'timeout = 3' \
	'[sync]' 'retries = 1' 'backoff_ms = 20' 'backoff_max_ms = 100'
sed -i 's/^code = 0755$/code = 0001/' "$E2E_CONF"
# start_central PORT: certdesk-central (no automatic review) on 127.0.0.1
start_central() {
	e2e_central_start -q -d "$E2E_DIR/central.db" -p "$1" --port-file "$E2E_DIR/central.port" -t 0001=tok-0001
	port=$E2E_CENTRAL_PORT
}
start_central 0
sed -i "/^url = /d; s|^\[central\]$|[central]\nurl = http://127.0.0.1:$port/|" "$E2E_CONF"

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

e2e_user clerk1 clerk 'passw0rd1' 王柜员
# three applications queued for the centre (status 待同步 + outbox rows)
for n in 1 2 3; do
	no=$(appno_of "2611250001$(printf %07d "$n")")
	e2e_sql "INSERT INTO applications(app_no, status, created_by, created_at, updated_at, cert_type,
		cert_serial, cert_holder, org_name, org_doc_type, org_doc_no, agent_name, agent_mobile, fee_cents)
		VALUES ('$no', 'queued', 1, strftime('$E2E_TIME', '$E2E_NOW_SQL'), strftime('$E2E_TIME', '$E2E_NOW_SQL'), '机构证书',
		'712C1B5A584A1BBE', '深圳市示例科技有限公司', '深圳市示例科技有限公司', '统一社会信用代码',
		'91440300MA5G00000$n', '陈经办', '13800138000', 48000);
		INSERT INTO outbox(app_id, kind, created_at) SELECT id, 'submit', strftime('$E2E_TIME', '$E2E_NOW_SQL')
		FROM applications WHERE app_no = '$no';" || e2e_fail "cannot queue application $n"
done
# one the centre refused earlier: a person's certificate (the name is masked in the list)
bad=$(appno_of "26112500010000009")
e2e_sql "INSERT INTO applications(app_no, status, created_by, created_at, updated_at, cert_type, cert_holder,
	fee_cents, sync_error) VALUES ('$bad', 'queued', 1, strftime('$E2E_TIME', '$E2E_NOW_SQL'), strftime('$E2E_TIME', '$E2E_NOW_SQL'),
	'个人证书', '张三丰', 48000, '中心拒收: 申请单号无效: 校验位不符')" || e2e_fail "cannot seed the refused application"

e2e_central_stop          # the centre is down

e2e_start
e2e_login clerk1 passw0rd1
e2e_wait_for '请选择要办理的业务'
e2e_wait_for '同步状态'
e2e_type 4            # 同步状态 is the fourth entry of a clerk's menu (after 继续草稿)
e2e_wait_for '待同步:'
e2e_wait_re '待同步: +3 份'
e2e_wait_re '同步出错的申请: +1 笔'
e2e_wait_for "$bad"
e2e_wait_for '张*'
e2e_absent '张三丰'
e2e_wait_for '申请单号无效'
e2e_wait_for 's 立即同步'

# centre down: the error in Chinese, and the screen answers keys meanwhile
e2e_key s
e2e_wait_re '立即同步结果: +.*无法连接中心端点' 20
e2e_wait_re '最近错误: +无法连接中心端点'
e2e_wait_re '待同步: +3 份'
e2e_wait_re '下次重试: +20'
e2e_expect_sql "SELECT count(*) FROM outbox WHERE done_at IS NULL" 3 "queue after a failed sync"

# centre up on the same port: s empties the queue
start_central "$port"
e2e_key s
e2e_wait_re '正在同步|立即同步结果: +同步完成' 10
e2e_wait_re '立即同步结果: +同步完成' 20
e2e_wait_re '待同步: +0 份'
e2e_wait_re '最近错误: +无$'
e2e_expect_sql "SELECT count(*) FROM outbox WHERE done_at IS NULL" 0 "queue after the sync"
[ "$(sqlite3 "$E2E_DIR/central.db" "SELECT count(*) FROM apps")" = 3 ] || e2e_fail "the centre does not hold the 3 applications"

# the refused application opens in 查看详情
e2e_key Enter
e2e_wait_for "$bad"
e2e_wait_for '查看详情'
e2e_key Escape
e2e_wait_for '待同步:'

# Esc back to the menu, F10 ends the program normally
e2e_key Escape
e2e_wait_for '请选择要办理的业务'
e2e_key F10
[ "$(e2e_wait_exit)" = 0 ] || e2e_fail "certdesk did not exit 0"
e2e_pass
