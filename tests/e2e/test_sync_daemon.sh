#!/bin/sh
# test_sync_daemon.sh - certdesk sync --daemon as the journal sees it, against
# certdesk-central on 127.0.0.1: "<6>" lines with the zoned time for the start,
# what was delivered and the stop; nothing for idle rounds; an error once
# however long it lasts, then the recovery; under journald (JOURNAL_STREAM)
# no time; SIGTERM during a request: that request is finished and recorded,
# exit 0, the rest of the outbox kept and sent by the next run, once.
. "$(dirname "$0")/lib.sh"

e2e_setup '[central]' 'token = tok-0001' 'connect_timeout = 1' 'timeout = 10' \
	'[sync]' 'interval = 1' 'retries = 1' 'backoff_ms = 20' 'backoff_max_ms = 200'
sed -i 's/^code = 0755$/code = 0001/' "$E2E_CONF"
central() { # PORT
	e2e_central_start -q -d "$E2E_DIR/central.db" -p "$1" --port-file "$E2E_DIR/central.port" \
		-t 0001=tok-0001 --admin-token adm
}
central 0
port=$E2E_CENTRAL_PORT
sed -i "s|^\[central\]$|[central]\nurl = http://127.0.0.1:$port/|" "$E2E_CONF"
admin() { # METHOD PATH [BODY]
	curl -sf -X "$1" -H 'Authorization: Bearer adm' ${3:+-d "$3"} "http://127.0.0.1:$port$2" >/dev/null ||
		e2e_fail "admin call $1 $2"
}
centre_apps() { sqlite3 -cmd '.timeout 5000' "$E2E_DIR/central.db" 'SELECT count(*) FROM apps'; }
log=$E2E_DIR/daemon.log
daemon_pid=
daemon() { # start the daemon, its standard error in $log
	"$E2E_BIN" --config "$E2E_CONF" sync --daemon 2>"$log" &
	daemon_pid=$!
}
keep() { [ -z "${CERTDESK_TEST_LOGS:-}" ] || cat "$log" >>"$CERTDESK_TEST_LOGS/sync_daemon.log"; }
stop_daemon() { # SIGTERM; it must end with 0
	kill -TERM "$daemon_pid"
	wait "$daemon_pid" || e2e_fail "the daemon did not exit 0 on SIGTERM: $(cat "$log")"
	daemon_pid=
}
trap '[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; e2e_cleanup' EXIT
# wait_log RE [seconds]: until the log has a line matching RE
wait_log() {
	_i=0
	until grep -Eq -- "$1" "$log"; do
		_i=$((_i + 1))
		[ $_i -le $((${2:-10} * 20)) ] || e2e_fail "no line /$1/ in the log: $(cat "$log")"
		sleep 0.05
	done
}
state() { sqlite3 -batch -noheader -cmd '.timeout 5000' "$E2E_DB" "SELECT value FROM sync_state WHERE key = '$1'"; }
# rounds N: until the daemon has begun N more rounds (its last_run moved N times)
rounds() {
	_n=0
	_last=$(state last_run)
	while [ $_n -lt "$1" ]; do
		_i=0
		while [ "$(state last_run)" = "$_last" ]; do
			_i=$((_i + 1))
			[ $_i -le 100 ] || e2e_fail "the daemon stopped running rounds"
			sleep 0.05
		done
		_last=$(state last_run)
		_n=$((_n + 1))
	done
}
# queue NO…: applications in status 待同步 with their outbox rows
queue() {
	for no in "$@"; do
		e2e_sql "INSERT INTO applications(app_no, status, created_by, created_at, updated_at, cert_type,
			cert_serial, cert_holder, org_name, org_doc_type, org_doc_no, agent_name, agent_mobile, fee_cents)
			VALUES ('$no', 'queued', 1, datetime('$E2E_NOW_SQL'), datetime('$E2E_NOW_SQL'), '机构证书',
			'712C1B5A584A1BBE', '深圳市示例科技有限公司', '深圳市示例科技有限公司', '统一社会信用代码',
			'91440300MA5G000001', '陈经办', '13800138000', 48000);
			INSERT INTO outbox(app_id, kind, created_at) SELECT id, 'submit', datetime('$E2E_NOW_SQL')
			FROM applications WHERE app_no = '$no';" || e2e_fail "cannot queue $no"
	done
}
pending() { e2e_sql 'SELECT count(*) FROM outbox WHERE done_at IS NULL'; }
zoned='20[0-9-]{8}T[0-9:]{8}\+08:00'

e2e_user clerk1 clerk 'passw0rd1'

# the start and the first round, each one <6> line with the time and its zone
daemon
wait_log "^<6>$zoned 同步进程启动: 网点 0001, 每 1 秒同步一轮\$"
wait_log "^<6>$zoned 同步完成: 推送 0 份"
# idle rounds say nothing
rounds 3
[ "$(wc -l <"$log")" = 2 ] || e2e_fail "idle rounds were logged: $(cat "$log")"

# three applications queued: one line for what went out
queue 261125000100000213 261125000100000221 261125000100000230
wait_log "^<6>$zoned 同步完成: 推送 3 份"
[ "$(pending)" = 0 ] || e2e_fail "the outbox was not emptied"
rounds 2
[ "$(wc -l <"$log")" = 3 ] || e2e_fail "idle rounds after a push were logged: $(cat "$log")"

# the centre goes away: one <3> line, however many rounds fail; then the recovery
e2e_central_stop
wait_log "^<3>$zoned 同步失败: 无法连接中心端点"
rounds 3
[ "$(grep -c '同步失败' "$log")" = 1 ] || e2e_fail "the same error was logged on every round: $(cat "$log")"
central "$port"
wait_log "^<6>$zoned 同步恢复正常 \(此前连续失败 [0-9]+ 轮\)\$"

# SIGTERM: ends with 0 and says so
stop_daemon
grep -Eq "^<6>$zoned 同步进程已停止 \(SIGTERM\)\$" "$log" || e2e_fail "no stop line: $(cat "$log")"
grep -v '^<[3467]>' "$log" && e2e_fail "a line without its level"

# SIGTERM in the middle of a request: the centre answers it 2 s later; the
# daemon waits for that answer, records it, sends nothing more, exits 0
queue 261125000100000248 261125000100000256 261125000100000264
admin POST /admin/v1/faults '{"mode": "slow", "count": -1, "path": "/v1/applications", "retry_after": 2}'
daemon
i=0
until [ "$(centre_apps)" = 4 ]; do
	i=$((i + 1))
	[ $i -le 200 ] || e2e_fail "the daemon sent nothing"
	sleep 0.05
done
kill -TERM "$daemon_pid"
wait "$daemon_pid" || e2e_fail "exit status after SIGTERM during a request: $(cat "$log")"
daemon_pid=
grep -q '同步进程已停止 (SIGTERM)' "$log" || e2e_fail "no stop line: $(cat "$log")"
[ "$(centre_apps)" = 4 ] || e2e_fail "the daemon went on sending after SIGTERM"
[ "$(pending)" = 2 ] || e2e_fail "the answered request was not recorded, or rows were lost: $(pending) pending"
e2e_expect_sql "SELECT count(*) FROM outbox WHERE done_at IS NULL AND last_error IS NOT NULL" 0 \
	"the stop was recorded as a delivery error"
# the next run sends the rest, once
admin DELETE /admin/v1/faults
e2e_certdesk sync >/dev/null 2>&1 || e2e_fail "the run after the stop failed"
[ "$(pending)" = 0 ] || e2e_fail "the outbox was not emptied after the restart"
[ "$(centre_apps)" = 6 ] || e2e_fail "the centre has $(centre_apps) applications, not 6"

# under journald (JOURNAL_STREAM names the stream): levels, no time
keep
: >"$log"
JOURNAL_STREAM=$(stat -c '%d:%i' "$log") "$E2E_BIN" --config "$E2E_CONF" sync --daemon 2>>"$log" &
daemon_pid=$!
wait_log '^<6>同步进程启动: 网点 0001'
wait_log '^<6>同步完成: '
stop_daemon
grep -Eq "$zoned" "$log" && e2e_fail "times in the journal's lines: $(cat "$log")"
grep -q '^<6>同步进程已停止 (SIGTERM)$' "$log" || e2e_fail "no stop line in the journal: $(cat "$log")"
keep
e2e_pass
