#!/bin/sh
# test_forms_check.sh - `certdesk forms check`: every forms/*.form of the tree
# loads without error; a broken form is reported with file and line, exit 1.
. "$(dirname "$0")/cli_lib.sh"
export TMPDIR="$tmp"
unset CERTDESK_DATADIR
cat >"$tmp/certdesk.conf" <<CONF
[store]
database = $tmp/never-opened.db
CONF

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

# 3b. The journey's steps: an unknown kind, a missing step, a duplicate
# step, each reported at its line; a kind step may not hold sections.
# refused FILE WHAT LINE MESSAGE: $tmp/FILE is refused with FILE:LINE: MESSAGE.
refused() {
	"$bin" --config "$tmp/certdesk.conf" forms check "$tmp/$1" 2>"$tmp/err" && fail "$2 accepted"
	grep -qF "$1:$3: $4" "$tmp/err" || fail "$2: $(cat "$tmp/err")"
}
lineof() { grep -n "$1" "$tmp/$2" | head -n 1 | cut -d: -f1; }
sed 's/^  kind identity$/  kind idenity/' forms/replacement.form >"$tmp/kind.form"
refused kind.form "unknown step kind" "$(lineof 'kind idenity' kind.form)" \
	"未知的界面类型「idenity」(可用: fields agreements certificate print attachments identity payment summary)"
sed '/^screen pay 支付$/,/^  kind payment$/d' forms/replacement.form >"$tmp/missing.form"
refused missing.form "missing step" "$(lineof '^form ' missing.form)" "缺少步骤「支付」: 应有一个 kind payment 的 screen"
sed 's/^screen submit 提交$/screen print2 再次打印\n  kind print\n&/' forms/replacement.form >"$tmp/dup.form"
refused dup.form "duplicate step" "$(($(lineof '^screen print2' dup.form) + 1))" \
	"步骤「打印申请表」(kind print) 重复 (第 $(lineof '^screen print ' dup.form) 行已有)"
sed 's/^screen submit 提交$/screen late 补充\nsection late 补充\n&/' forms/replacement.form >"$tmp/apart.form"
refused apart.form "fields screens apart" "$(lineof '^screen late' apart.form)" "步骤「录入字段」(kind fields) 重复"
sed '/^screen print 打印申请表$/,/^  kind print$/d' forms/replacement.form >"$tmp/last.form"
printf '%s\n' 'screen after 之后' '  kind print' >>"$tmp/last.form"
refused last.form "summary not last" "$(lineof '^screen submit' last.form)" "kind summary 的界面「submit」应是最后一步"
sed 's/^  kind payment$/&\nsection paysec 支付信息/' forms/replacement.form >"$tmp/sect.form"
refused sect.form "section on a payment step" "$(lineof '^section paysec' sect.form)" \
	"kind payment 的界面「pay」不能有 section"

# 3c. `note @key` is the text of KEY in data/text.txt (loaded by forms check
# itself); an unknown key is refused at its line.
sed '0,/^    note @hint.pin_delivery$/s//    note @hint.pin_deliveri/' forms/replacement.form >"$tmp/textkey.form"
refused textkey.form "unknown text key" "$(lineof 'note @hint.pin_deliveri' textkey.form)" "文本目录 $PWD/data/text.txt 中没有键「hint.pin_deliveri」"

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
