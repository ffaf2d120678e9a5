#!/bin/sh
# test_config_check.sh - `certdesk config check` reports every problem of a
# branch's configuration at once, each at its FILE:LINE, and changes nothing:
# a good configuration passes (exit 0); one with a mistake of each kind
# (unknown key, bad value, plain http:// to a remote centre, a missing CA
# file, an unreadable scanner folder, an unknown printer, a database that
# cannot be written, a calendar that ends within 30 days) lists them all
# (exit 1). lpstat is a stand-in that knows one queue, "counter1".
. "$(dirname "$0")/lib.sh"
e2e_setup
e2e_user clerk1 clerk 'passw0rd1'
d=$E2E_DIR
mkdir "$d/bin" "$d/scans" "$d/locked"
cat >"$d/bin/lpstat" <<'SH'
#!/bin/sh
[ "$1" = -p ] && [ "$2" = counter1 ] && { echo "printer counter1 is idle."; exit 0; }
echo "lpstat: Invalid destination name in list \"$2\"." >&2
exit 1
SH
chmod +x "$d/bin/lpstat"
chmod 000 "$d/locked"
PATH=$d/bin:$PATH
export PATH
run() { # CONF → $d/out, the exit status in $rc
	"$E2E_BIN" --config "$1" config check >"$d/out" 2>"$d/err"
	rc=$?
}

cat >"$d/good.conf" <<CONF
[branch]
code = 0755
[store]
database = $E2E_DB
[central]
url = https://127.0.0.1:8443/
token = t0ken
[scanner]
folder = $d/scans
[printer]
name = counter1
CONF
cp "$E2E_DB" "$d/before.db"
run "$d/good.conf"
[ "$rc" = 0 ] || { cat "$d/out" "$d/err"; e2e_fail "a good configuration: exit $rc"; }
grep -q '没有发现问题' "$d/out" || e2e_fail "no all-clear line"

# root reads any folder: the scanner folder is made unreadable by being a file
[ "$(id -u)" = 0 ] && { rmdir "$d/locked"; echo x >"$d/locked"; }
chmod 0444 "$E2E_DB"   # not writable (for an ordinary account; root writes anyway)
cat >"$d/bad.conf" <<CONF
[branch]
code = 0755
colour = blue
[store]
database = $E2E_DB
[central]
url = http://ca.example.cn/api/
token = t0ken
ca_file = $d/no-such-ca.pem
[scanner]
folder = $d/locked
[printer]
name = counter9
[security]
lockout_attempts = many
CONF
# Wednesday 2026-12-16: the shipped calendar (to 2026-12-31) does not cover
# the next 30 days
CERTDESK_NOW=2026-12-16T10:00:00+08:00 run "$d/bad.conf"
chmod 0600 "$E2E_DB"
cat "$d/out"
[ "$rc" = 1 ] || e2e_fail "a bad configuration: exit $rc"
want() { grep -qF -- "$1" "$d/out" || e2e_fail "missing: $1"; }
want "$d/bad.conf:3: 未知的配置项 [branch] colour"
want "$d/bad.conf:7: [central] url: 明文 http://"
want "$d/bad.conf:9: [central] ca_file: 无法读取 $d/no-such-ca.pem"
want "$d/bad.conf:11: [scanner] folder:"
want "$d/bad.conf:13: [printer] name: CUPS 没有名为 counter9 的打印机"
want "$d/bad.conf:15: security.lockout_attempts 的值 \"many\" 无效"
want "节假日日历"
want "只到 2026-12-31"
# in the file's order, the calendar (no line to blame) last
[ "$(grep -n '节假日日历' "$d/out" | cut -d: -f1)" -gt "$(grep -n ':15: ' "$d/out" | cut -d: -f1)" ] ||
	e2e_fail "problems not in the file's order"
[ "$(id -u)" = 0 ] || want "$d/bad.conf:5: [store] database: 数据库 $E2E_DB 无法读写"
n=$(grep -c "^$d/bad.conf:[0-9]*: \|节假日日历" "$d/out")
[ "$n" -ge 7 ] || e2e_fail "expected every problem listed, got $n"
grep -q "有 $n 个问题" "$d/out" || e2e_fail "the count line should say $n"
# nothing changed
cmp -s "$d/before.db" "$E2E_DB" || e2e_fail "config check changed the database"
e2e_pass
