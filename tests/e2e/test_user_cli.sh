#!/bin/sh
# test_user_cli.sh - certdesk user add|passwd|lock|unlock|list from the shell.
set -u
cd "$(dirname "$0")/../.."
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
d=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-user-XXXXXX")
trap 'rm -rf "$d"' EXIT
printf '[store]\ndatabase = %s/x.db\n[security]\npwhash_opslimit = 1\npwhash_memlimit = 8192\n' "$d" >"$d/c.conf"
cd_() { build/certdesk -c "$d/c.conf" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

echo 'counter2026' | cd_ user add wang --name 王小明 --role clerk || fail "add with options after LOGIN"
echo 'counter2026' | cd_ user add --name 李主管 --role supervisor li || fail "add with options before LOGIN"
cd_ user list >"$d/out" || fail list
grep -q '^wang .*clerk .*active .*王小明' "$d/out" || fail "list shows wang"
grep -q '^li .*supervisor' "$d/out" || fail "list shows li"
echo 'counter2026' | cd_ user add wang --name 重复 --role clerk 2>"$d/err" && fail "duplicate accepted"
grep -q '已存在' "$d/err" || fail "duplicate message"
echo 'short' | cd_ user add zhao --name 赵 --role clerk 2>"$d/err" && fail "weak password accepted"
grep -q '至少 8' "$d/err" || fail "policy message"
cd_ user add x --name y --role chef </dev/null 2>/dev/null; [ $? = 2 ] || fail "bad role is a usage error"
cd_ user lock wang || fail lock
cd_ user list | grep -q '^wang .*locked' || fail "locked shown"
cd_ user unlock wang || fail unlock
cd_ user lock ghost 2>"$d/err"; [ $? = 1 ] || fail "unknown login exits 1"
echo 'newpass2027' | cd_ user passwd wang || fail passwd
[ "$(sqlite3 "$d/x.db" "SELECT count(*) FROM audit_log WHERE action LIKE 'operator.%'")" -ge 5 ] || fail "audited"
sqlite3 "$d/x.db" "SELECT pw_hash FROM operators" | grep -qv '^\$argon2id\$' && fail "hash is argon2id"
echo ok
