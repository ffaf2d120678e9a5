#!/bin/sh
# test_sync_cli.sh - certdesk sync and certdesk-central from the command line:
# the man page's configuration file, exit codes, Chinese errors, one sync per
# branch, --status.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
t=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-sync-XXXXXX")
central_pid=""
daemon_pid=""
cleanup() {
	[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null
	[ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$t"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$t/central.log" ] && tail -n 5 "$t/central.log"; exit 1; }

# wait for a condition (no fixed sleeps): up to 5 s
waitfor() {
	i=0
	while ! eval "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.05
	done
}

cat >"$t/central.conf" <<EOF
[server]
database = $t/central.db
listen = 127.0.0.1
port = 0              ; any free port
port_file = $t/port
admin_token = adm
idv_ttl = 300

[branches]
0001 = tok-0001

[auto]
enabled = yes
review_delay = 0.2
carrier = 顺丰速运
EOF
"$root/build/certdesk-central" -c "$t/central.conf" --seed-demo 2>"$t/central.log" &
central_pid=$!
waitfor "[ -s '$t/port' ]" || fail "centre did not start"
port=$(cat "$t/port")
grep -q "listening on http://127.0.0.1:$port (automatic review)" "$t/central.log" || fail "no listening line"

cat >"$t/certdesk.conf" <<EOF
[branch]
code = 0001
[store]
database = $t/branch.db
[central]
url = http://127.0.0.1:$port/
token = tok-0001
connect_timeout = 2
timeout = 3
[sync]
interval = 1
retries = 1
backoff_ms = 20
backoff_max_ms = 100
EOF
cd_ () { "$root/build/certdesk" --config "$t/certdesk.conf" "$@"; }

# an empty outbox: the run completes
out=$(cd_ sync 2>&1) || fail "sync with nothing to do: $out"
echo "$out" | grep -q '同步完成' || fail "no completion line: $out"
cd_ sync --status | grep -q '最近一次成功: 20' || fail "status without last success"
cd_ sync --status | grep -q '未能处理的中心动态' && fail "status shows kept feed events when there are none"
# a kept feed event of an unknown type is counted (tests/unit/test_sync.c makes one through the centre)
sqlite3 "$t/branch.db" "INSERT INTO feed_unhandled(app_no, type, event, received_at)
  VALUES ('261125000100000019', 'recalled', '{}', '2026-11-25T10:00:00+08:00')" || fail "feed_unhandled"
cd_ sync --status | grep -q '未能处理的中心动态: 1 ' || fail "status does not count kept feed events"

# the centre refuses a wrong token: readable, exit 1
sed 's/token = tok-0001/token = nope/' "$t/certdesk.conf" >"$t/bad.conf"
out=$("$root/build/certdesk" --config "$t/bad.conf" sync 2>&1) && fail "wrong token accepted"
echo "$out" | grep -q '网点凭据' || fail "wrong token message: $out"

# one sync per branch
"$root/build/certdesk" --config "$t/certdesk.conf" sync --daemon >"$t/daemon.log" 2>&1 &
daemon_pid=$!
waitfor "grep -q '同步完成' '$t/daemon.log'" || fail "daemon did not run"
out=$(cd_ sync 2>&1) && fail "second sync ran"
echo "$out" | grep -q '另一个同步进程正在运行' || fail "second sync message: $out"
cd_ sync --status | grep -q '同步进程: 运行中' || fail "status does not show the daemon"
kill "$daemon_pid"
wait "$daemon_pid" || fail "daemon did not stop cleanly on SIGTERM"
daemon_pid=""

# the centre goes away: exit 1, the reason in Chinese, shown by --status
kill "$central_pid"
wait "$central_pid"
central_pid=""
out=$(cd_ sync 2>&1) && fail "sync succeeded without a centre"
echo "$out" | grep -q '无法连接中心端点' || fail "centre-down message: $out"
cd_ sync --status | grep -q '最近错误: 无法连接中心端点' || fail "status without the error"
cd_ sync --status | grep -q '下次重试: 20' || fail "status without the next retry"

# a daemon stopped in the middle of its retries ends at once
sed 's/^retries = 1/retries = 5/; s/^backoff_ms = 20/backoff_ms = 3000/; s/^backoff_max_ms = 100/backoff_max_ms = 30000/' \
	"$t/certdesk.conf" >"$t/slow.conf"
"$root/build/certdesk" --config "$t/slow.conf" sync --daemon >"$t/daemon2.log" 2>&1 &
daemon_pid=$!
waitfor "'$root/build/certdesk' --config '$t/certdesk.conf' sync --status | grep -q '同步进程: 运行中'" || fail "daemon 2 did not start"
kill "$daemon_pid"
waitfor "! kill -0 $daemon_pid" || fail "the daemon did not stop within 5 s of SIGTERM"
wait "$daemon_pid" || fail "daemon 2 exit status"
daemon_pid=""

# the reviewer's command line
out=$("$root/build/certdesk-central" -d "$t/central.db" decide 261125000100000019 accept 2>&1) && fail "decided an unknown application"
echo "$out" | grep -q '中心没有申请' || fail "decide message: $out"
"$root/build/certdesk-central" -d "$t/central.db" decide >/dev/null 2>&1
[ $? = 2 ] || fail "usage error is not exit 2"
"$root/build/certdesk-central" --require-client-cert -d "$t/central.db" -p 0 2>"$t/err" && fail "client certificate without TLS accepted"
grep -q 'require_client_cert 需要 HTTPS' "$t/err" || fail "client-cert-without-TLS message"
sqlite3 "$t/central.db" "SELECT count(*) FROM certs" | grep -qx 8 || fail "demo certificates"
echo "ok"
