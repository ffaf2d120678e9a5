#!/bin/sh
# test_attach_cli.sh - `certdesk attach check FILE…`: the shipped samples pass
# with type and size; each refusal prints its reason and makes the exit 1;
# `attach list` shows stored scans and what is missing.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
BIN=${CERTDESK_BIN:-$PWD/build/certdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-attach-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '[store]\ndatabase = %s/c.db\n' "$tmp" >"$tmp/certdesk.conf"
export CERTDESK_CONF="$tmp/certdesk.conf"
failures=0

run() { # EXPECTED_RC ARGS…
	want=$1
	shift
	"$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: certdesk $* exited $rc, expected $want"
		sed 's/^/  stdout: /' "$tmp/out"
		sed 's/^/  stderr: /' "$tmp/err"
		failures=$((failures + 1))
	fi
}

expect() { # FILE LINE
	if ! grep -qxF -- "$2" "$tmp/$1"; then
		echo "FAIL: $1 lacks line \"$2\"; it has:"
		sed 's/^/  | /' "$tmp/$1"
		failures=$((failures + 1))
	fi
}

s=data/samples
run 0 attach check "$s/申请表扫描件-样例.jpg" "$s/营业执照扫描件-样例.gif"
expect out "$s/申请表扫描件-样例.jpg: JPEG 1240×1754, $(wc -c <"$s/申请表扫描件-样例.jpg" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') 字节"
expect out "$s/营业执照扫描件-样例.gif: GIF 800×565, $(wc -c <"$s/营业执照扫描件-样例.gif" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') 字节"

ln -s "$PWD/$s/营业执照扫描件-样例.jpg" "$tmp/link.jpg"
mkdir "$tmp/dir.jpg"
: >"$tmp/empty.jpg"
head -c 2097153 /dev/zero >"$tmp/big.jpg"
cp "$s/营业执照扫描件-样例.jpg" "$tmp/licence.png"
run 1 attach check "$s/错误示例-内容是PNG.jpg" "$tmp/link.jpg" "$tmp/dir.jpg" "$tmp/empty.jpg" "$tmp/big.jpg" "$tmp/licence.png"
expect err "certdesk: $s/错误示例-内容是PNG.jpg: 错误的文件类型 (内容是 PNG)"
expect err "certdesk: $tmp/link.jpg: 是符号链接"
expect err "certdesk: $tmp/dir.jpg: 是目录"
expect err "certdesk: $tmp/empty.jpg: 空文件"
expect err "certdesk: $tmp/big.jpg: 超过 2 MB (2,097,153 字节)"
expect err "警告: $tmp/licence.png: 扩展名 .png 与内容 (JPEG) 不符, 按内容接受"
run 2 attach
run 2 attach list

run 1 attach list 261125000100000427
expect err "certdesk: 申请单 261125000100000427 不存在"
# two versions of the licence scan, written as a branch database holds them
sqlite3 "$tmp/c.db" "
INSERT INTO operators(id, login, display_name, role, pw_hash, created_at, updated_at)
  VALUES (1, 'clerk1', '柜员', 'clerk', 'x', '2026-11-25T09:00:00+08:00', '2026-11-25T09:00:00+08:00');
INSERT INTO applications(id, app_no, created_by, created_at, updated_at)
  VALUES (1, '261125000100000427', 1, '2026-11-25T09:00:00+08:00', '2026-11-25T09:00:00+08:00');
INSERT INTO attachments(app_id, kind, name, mime, size, sha256, width, height, content, created_by, created_at, superseded_at)
  VALUES (1, 'license_scan', 'old.jpg', 'image/jpeg', 1234, 'aa', 10, 20, x'ffd8ff', 1, '2026-11-25T10:00:00+08:00', '2026-11-25T10:05:00+08:00'),
         (1, 'license_scan', 'new.jpg', 'image/jpeg', 5678, 'bb', 30, 40, x'ffd8ff', 1, '2026-11-25T10:05:00+08:00', NULL);" || failures=$((failures + 1))
run 0 attach list 261125000100000427
expect out "#2	营业执照扫描件	new.jpg	image/jpeg	5,678 字节	30×40	sha256=bb	2026-11-25 10:05:00"
expect err "certdesk: 缺少申请表扫描件"
[ "$(wc -l <"$tmp/out")" = 1 ] || { echo "FAIL: list shows superseded scans"; failures=$((failures + 1)); }
run 0 attach list 261125000100000427 --history
expect out "#1	营业执照扫描件	old.jpg	image/jpeg	1,234 字节	10×20	sha256=aa	2026-11-25 10:00:00	已于 2026-11-25 10:05:00 被替换"

[ "$failures" = 0 ] && echo "ok: attach check and list"
[ "$failures" = 0 ]
