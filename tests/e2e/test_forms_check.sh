#!/bin/sh
# test_forms_check.sh - `certdesk forms check`: every forms/*.form of the tree
# loads without error; a broken form is reported with file and line, exit 1.
set -u
cd "$(dirname "$0")/../.." || exit 1
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
bin=$PWD/build/certdesk
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-forms-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TMPDIR="$tmp"
unset CERTDESK_DATADIR
cat >"$tmp/certdesk.conf" <<CONF
[store]
database = $tmp/never-opened.db
CONF
fail() { echo "FAIL: $*"; exit 1; }

# 1. Every form of the source tree.
n=0
for f in forms/*.form; do
	"$bin" --config "$tmp/certdesk.conf" forms check "$f" >"$tmp/out" 2>"$tmp/err" ||
		fail "$f: $(cat "$tmp/err")"
	grep -q "正确" "$tmp/out" || fail "$f: no confirmation"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no forms/*.form"
# Without arguments: the data directory's forms, all of them.
"$bin" --config "$tmp/certdesk.conf" forms check >"$tmp/out" 2>"$tmp/err" || fail "default: $(cat "$tmp/err")"
[ "$(grep -c '正确' "$tmp/out")" -eq "$n" ] || fail "default run did not check $n files"
grep -q "replacement.form: 正确" "$tmp/out" || fail "replacement.form not checked by default"
[ ! -e "$tmp/never-opened.db" ] || fail "forms check opened the branch database"

# 2. A broken copy: errors with file and line, exit 1.
sed -e 's/^    type text$/    type txet/' -e '0,/label 机构名称/s//lable 机构名称/' \
	forms/replacement.form >"$tmp/broken.form"
line_type=$(grep -n 'type txet' "$tmp/broken.form" | head -n 1 | cut -d: -f1)
line_lable=$(grep -n 'lable 机构名称' "$tmp/broken.form" | cut -d: -f1)
"$bin" --config "$tmp/certdesk.conf" forms check "$tmp/broken.form" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "broken form: exit $rc, wanted 1"
grep -q "broken.form:$line_type: 未知的字段类型「txet」" "$tmp/err" || fail "no line $line_type error: $(cat "$tmp/err")"
grep -q "broken.form:$line_lable: 未知指令「lable」" "$tmp/err" || fail "no line $line_lable error: $(cat "$tmp/err")"

# 3. A field on a column that does not exist.
sed 's/^  field agent_title$/  field agent_titel/' forms/replacement.form >"$tmp/column.form"
line=$(grep -n 'field agent_titel' "$tmp/column.form" | cut -d: -f1)
"$bin" --config "$tmp/certdesk.conf" forms check "$tmp/column.form" 2>"$tmp/err" && fail "unknown column accepted"
grep -q "column.form:$line: 字段键「agent_titel」不是 applications 表中可写的列" "$tmp/err" ||
	fail "unknown column: $(cat "$tmp/err")"

# 4. A good and a missing file: exit 1, the good one still confirmed.
"$bin" --config "$tmp/certdesk.conf" forms check forms/replacement.form "$tmp/none.form" >"$tmp/out" 2>"$tmp/err" &&
	fail "missing file accepted"
grep -q "none.form: 无法读取表单文件" "$tmp/err" || fail "missing file: $(cat "$tmp/err")"
grep -q "replacement.form: 正确" "$tmp/out" || fail "good file not confirmed next to a bad one"

# 5. Usage errors exit 2.
"$bin" --config "$tmp/certdesk.conf" forms >/dev/null 2>&1
[ $? = 2 ] || fail "usage: wanted exit 2"
"$bin" --config "$tmp/certdesk.conf" forms verify >/dev/null 2>&1
[ $? = 2 ] || fail "unknown sub-command: wanted exit 2"
echo "ok: $n form file(s) checked"
