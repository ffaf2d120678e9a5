#!/bin/sh
# demo.sh - `make demo`: a scratch branch with demo operators, certdesk-central
# reviewing automatically in the background, certdesk sync --daemon, and the
# counter terminal in front. The centre and the sync stop when it exits.
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
d=$(mktemp -d /tmp/certdesk-demo-XXXXXX)
central_pid=""
sync_pid=""
stop() {
	[ -n "$sync_pid" ] && kill "$sync_pid" 2>/dev/null
	[ -n "$central_pid" ] && kill "$central_pid" 2>/dev/null
	wait 2>/dev/null
}
trap stop EXIT INT TERM

cat >"$d/central.conf" <<EOF2
[server]
database = $d/central.db
port = 0
port_file = $d/central.port
[branches]
0001 = demo-branch-token
[auto]
enabled = yes
review_delay = 5
ship_delay = 10
EOF2
"$root/build/certdesk-central" -c "$d/central.conf" --seed-demo 2>"$d/central.log" &
central_pid=$!
i=0
while [ ! -s "$d/central.port" ]; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		echo "certdesk-central 未能启动, 见 $d/central.log" >&2
		exit 1
	fi
	sleep 0.05
done
cat >"$d/certdesk.conf" <<EOF2
[branch]
code = 0001
name = 演示网点
[store]
database = $d/certdesk.db
[central]
url = http://127.0.0.1:$(cat "$d/central.port")/
token = demo-branch-token
[sync]
interval = 3
EOF2
cd_() { "$root/build/certdesk" --config "$d/certdesk.conf" "$@"; }
echo demo1234 | cd_ user add --name 演示柜员 --role clerk clerk >/dev/null &&
	echo demo1234 | cd_ user add --name 演示主管 --role supervisor super >/dev/null || exit 1
"$root/build/certdesk" --config "$d/certdesk.conf" sync --daemon >"$d/sync.log" 2>&1 &
sync_pid=$!
echo "演示目录: $d (中心日志 central.log, 同步日志 sync.log)"
echo "操作员: clerk / super, 初始密码 demo1234; 演示证书序列号 712C1B5A584A1BBE"
cd_
