#!/bin/sh
# test_audit_cli.sh - `certdesk audit verify|show`: an intact trail verifies
# (exit 0, the head printed as an anchor), tampered copies of the database
# fail (exit 1) naming the first bad record, show filters, and show never
# prints a sensitive value in full even when one was written into the table
# directly.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
BIN=${CERTDESK_BIN:-$PWD/build/certdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-audit-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
# keep every output for the sensitive-data scan of tests/run.sh
keep=${CERTDESK_TEST_LOGS:+$CERTDESK_TEST_LOGS/audit_cli}
[ -n "$keep" ] && mkdir -p "$keep"
cat >"$tmp/certdesk.conf" <<CONF
[store]
database = $tmp/branch.db
[security]
pwhash_opslimit = 1
pwhash_memlimit = 8192
CONF
export CERTDESK_CONF="$tmp/certdesk.conf"
failures=0
n=0

# run EXPECTED_RC ARGS… : stdout in $tmp/out, stderr in $tmp/err
run() {
	want=$1
	shift
	"$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	n=$((n + 1))
	if [ -n "$keep" ]; then
		cp "$tmp/out" "$keep/$n.out"
		cp "$tmp/err" "$keep/$n.err"
	fi
	if [ "$rc" != "$want" ]; then
		echo "FAIL: certdesk $* exited $rc, expected $want"
		sed 's/^/  stdout: /' "$tmp/out"
		sed 's/^/  stderr: /' "$tmp/err"
		failures=$((failures + 1))
	fi
}

# has FILE REGEX : FILE ($tmp/out or $tmp/err) has a line matching REGEX
has() {
	if ! grep -q -- "$2" "$tmp/$1"; then
		echo "FAIL: $1 lacks /$2/; it has:"
		sed 's/^/  | /' "$tmp/$1"
		failures=$((failures + 1))
	fi
}

lines() { # FILE COUNT
	if [ "$(wc -l <"$tmp/$1")" != "$2" ]; then
		echo "FAIL: $1 should have $2 lines; it has:"
		sed 's/^/  | /' "$tmp/$1"
		failures=$((failures + 1))
	fi
}

# some history: operator management (audited by the core)
echo 'Passw0rd-1' | "$BIN" user add --name 王明 --role clerk wang >/dev/null 2>&1 || echo "FAIL: user add wang"
echo 'Passw0rd-2' | "$BIN" user add --name 李主管 --role supervisor li >/dev/null 2>&1 || echo "FAIL: user add li"
"$BIN" user lock wang 2>/dev/null || echo "FAIL: lock"
"$BIN" user unlock wang 2>/dev/null || echo "FAIL: unlock"
echo 'Passw0rd-3' | "$BIN" user passwd wang >/dev/null 2>&1 || echo "FAIL: passwd"

run 0 audit verify
has out '^审计记录完好: 共 5 条$'
has out '^链头: 5:[0-9a-f]\{64\}$'
anchor=$(sed -n 's/^链头: //p' "$tmp/out")
run 0 audit verify --anchor "$anchor"
run 2 audit verify --anchor 5:xyz
run 0 audit show
lines out 5
has out '^#1 .*operator.add  *wang  clerk$'
has out '^#3 .*operator.lock  *wang$'
run 0 audit show --action operator.lock
lines out 1
run 0 audit show --action operator --limit 2
lines out 2
has out '^#4 '
has out '^#5 .*operator.passwd'
run 0 audit show --operator admin --object li
lines out 1
has out '^#2 .*operator.add  *li  supervisor$'
run 0 audit show --from 2000-01-01 --to "${CERTDESK_NOW%%T*}"
lines out 5
run 0 audit show --to 2000-01-01
lines out 0
has err '没有符合条件的审计记录'
run 2 audit show --action nosuch
has err '未知的审计动作 "nosuch"'
run 2 audit show --from 2026-13-01
run 2 audit show --limit 0
run 2 audit show extra
run 2 audit
run 2 audit frobnicate

# a record written straight into the table with full values in it (as an old
# program or a careless caller might): chained correctly, so verify passes,
# but show prints it masked
prev=$(sqlite3 "$tmp/branch.db" "SELECT hash FROM audit_head")
at='2026-11-25T10:00:00+08:00'
actor=13800138000
object=11010519491231002X
detail='账号 6222020200001234567 邮箱 zhang.san@example.com'
hash=$(printf '%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s' "$prev" 6 0 "$at" "$actor" login.fail \
	"$object" "$detail" | sha256sum | cut -d' ' -f1)
sqlite3 "$tmp/branch.db" "INSERT INTO audit_log(id, at, actor, action, object, detail, prev_hash, hash)
	VALUES (6, '$at', '$actor', 'login.fail', '$object', '$detail', '$prev', '$hash');
	UPDATE audit_head SET last_id = 6, count = 6, hash = '$hash';" || echo "FAIL: direct append refused"
run 0 audit verify
has out '^审计记录完好: 共 6 条$'
run 0 audit show --action login
lines out 1
has out '^#6  *2026-11-25 10:00:00  138\*\*\*\*8000  *login.fail  *110105\*\*\*\*\*\*\*\*002X  账号 \*\{15\}4567 邮箱 z\*\*\*@example.com$'
for v in 13800138000 11010519491231002X 6222020200001234567 zhang.san@example.com; do
	if grep -q -- "$v" "$tmp/out" "$tmp/err"; then
		echo "FAIL: audit show printed $v in full"
		failures=$((failures + 1))
	fi
done

# tampered copies: each fails with the first bad record named
tamper() { # NAME SQL
	cp "$tmp/branch.db" "$tmp/$1.db"
	sqlite3 "$tmp/$1.db" "$2" || echo "FAIL: tampering $1 did not apply"
	printf '[store]\ndatabase = %s\n' "$tmp/$1.db" >"$tmp/$1.conf"
	CERTDESK_CONF="$tmp/$1.conf" run 1 audit verify
}
tamper changed "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'admin' WHERE id = 2;
	CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;"
has err '^certdesk: 审计记录校验失败: 审计记录 #2 的内容被改动'
has err '此前的 1 条记录 (#1 至 #1) 完好'
tamper middle "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 3;
	CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;"
has err '审计记录 #3 缺失: 记录 #2 之后是 #4'
tamper last "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 6;
	CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'x'); END;"
has err '审计记录 #6 缺失: 链头记载最后一条是 #6'
tamper swapped "DROP TRIGGER audit_log_no_update; CREATE TEMP TABLE t AS SELECT * FROM audit_log;
	UPDATE audit_log SET (actor, action, object, detail) = (SELECT actor, action, object, detail FROM t
	WHERE t.id = CASE audit_log.id WHEN 3 THEN 4 ELSE 3 END) WHERE id IN (3, 4);"
has err '审计记录 #3 的内容被改动'
# a forged record chained correctly by someone who knows the scheme, but
# written without certdesk (the head does not follow)
fhash=$(printf '%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s' "$hash" 7 0 "$at" li login.ok li "" |
	sha256sum | cut -d' ' -f1)
tamper appended "DROP TRIGGER audit_log_append_at_head;
	INSERT INTO audit_log(id, at, actor, action, object, prev_hash, hash)
	VALUES (7, '$at', 'li', 'login.ok', 'li', '$hash', '$fhash');"
has err '审计记录 #7 是在链头之后添加的'
tamper notrigger "DROP TRIGGER audit_head_forward_only;"
has err '保护触发器 audit_head_forward_only 缺失'

if [ "$failures" != 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "all audit CLI checks passed ($n runs)"
