#!/bin/sh
# test_import_banks.sh - `certdesk import banks|divisions FILE` from the shell:
# exit codes, bad rows reported by line, GB18030 detection, the database after.
. "$(dirname "$0")/cli_lib.sh"

# twelve-digit code: eleven digits + ISO 7064 MOD 11,10 check digit
cnaps() {
	echo "$1" | awk '{ p = 10; for (i = 1; i <= 11; i++) { s = (p + substr($0, i, 1)) % 10;
		if (s == 0) s = 10; p = (s * 2) % 11 } printf "%s%d\n", $0, (11 - p) % 10 }'
}
a=$(cnaps 10258400011)
b=$(cnaps 30858400123)
[ "$(cnaps 10210009999)" = 102100099996 ] || fail "check digit helper"

cat >"$tmp/cnaps.csv" <<CSV
行号,行名
$a,中国工商银行股份有限公司深圳福田支行
10258400011x,字母
$b,招商银行深圳车公庙支行
CSV
cd_ import banks "$tmp/cnaps.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] || fail "import exit $rc: $(cat "$tmp/err")"
grep -q '第 3 行: 行号 "10258400011x" 不是 12 位数字' "$tmp/err" || fail "bad row not reported: $(cat "$tmp/err")"
grep -q '(UTF-8): 读取 3 行, 导入 2 行, 跳过 1 行' "$tmp/out" || fail "summary: $(cat "$tmp/out")"
n=$(sqlite3 "$tmp/branch.db" "SELECT COUNT(*) FROM banks WHERE kind = 'branch'")
[ "$n" = 2 ] || fail "expected 2 branches, got $n"
n=$(sqlite3 "$tmp/branch.db" "SELECT COUNT(*) FROM banks WHERE kind <> 'branch'")
[ "$n" -gt 100 ] || fail "built-in head offices not loaded ($n)"
n=$(sqlite3 "$tmp/branch.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'import.banks'")
[ "$n" = 1 ] || fail "no audit record"

# GB18030, TSV, a renamed branch, a wrong check digit
bad=$(echo "$a" | cut -c1-11)$(( ( $(echo "$a" | cut -c12) + 1 ) % 10 ))
printf '联行号\t名称\n%s\t中国工商银行深圳福田支行(新)\n%s\t错的\n' "$a" "$bad" |
	iconv -f UTF-8 -t GB18030 >"$tmp/cnaps.tsv"
cd_ import banks "$tmp/cnaps.tsv" >"$tmp/out" 2>"$tmp/err" || fail "GB18030 import: $(cat "$tmp/err")"
grep -q '(GB18030)' "$tmp/out" || fail "encoding not detected: $(cat "$tmp/out")"
grep -q '第 3 行: 行号 .* 校验位错误' "$tmp/err" || fail "check digit not reported: $(cat "$tmp/err")"
name=$(sqlite3 "$tmp/branch.db" "SELECT name FROM banks WHERE code = '$a'")
[ "$name" = "中国工商银行深圳福田支行(新)" ] || fail "row not updated: $name"

# a hostile file: the problems quote it, but no escape sequence or control
# character reaches the terminal (found by tests/fuzz/fuzz_banks)
printf 'code,name\n%s,好\n1\033]0;pwned\007\033[2J,坏\n' "$a" >"$tmp/esc.csv"
cd_ import banks "$tmp/esc.csv" >"$tmp/out" 2>"$tmp/err" || fail "escape import: $(cat "$tmp/err")"
grep -q '第 3 行: 行号 "1' "$tmp/err" || fail "escape row not reported: $(cat "$tmp/err")"
if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$tmp/err" "$tmp/out"; then
	fail "a control character reached the terminal: $(od -c "$tmp/err" | head)"
fi

# no usable header, missing file, usage
printf '编号,地址\n1,2\n' >"$tmp/bad.csv"
cd_ import banks "$tmp/bad.csv" >/dev/null 2>"$tmp/err"
[ $? = 1 ] || fail "bad header should exit 1"
grep -q '表头缺少行号列' "$tmp/err" || fail "header message: $(cat "$tmp/err")"
cd_ import banks "$tmp/none.csv" >/dev/null 2>&1
[ $? = 1 ] || fail "missing file should exit 1"
cd_ import >/dev/null 2>&1
[ $? = 2 ] || fail "usage should exit 2"
cd_ import cities x >/dev/null 2>&1
[ $? = 2 ] || fail "unknown kind should exit 2"

# divisions: the shipped table, then an import replaces it
n=$(sqlite3 "$tmp/branch.db" "SELECT COUNT(*) FROM divisions WHERE level = 1")
[ "$n" = 31 ] || fail "31 provinces expected, got $n"
printf 'code\tname\tparent\tlevel\n440000\t广东省\t\t1\n441900\t东莞市\t440000\t2\n441901\t孤儿\t449999\t3\n' \
	>"$tmp/div.tsv"
cd_ import divisions "$tmp/div.tsv" >"$tmp/out" 2>"$tmp/err" || fail "divisions import: $(cat "$tmp/err")"
grep -q '第 4 行: 441901' "$tmp/err" || fail "orphan not reported: $(cat "$tmp/err")"
n=$(sqlite3 "$tmp/branch.db" "SELECT COUNT(*) FROM divisions")
[ "$n" = 2 ] || fail "divisions not replaced ($n)"
echo "ok"
