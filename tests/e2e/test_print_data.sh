#!/bin/sh
# test_print_data.sh - the form's wording and fees are the branch's data:
# an edited fee table and declaration are printed; an unknown placeholder or a
# broken fee table stops the print with a message naming it; a form field
# marked print lands in the layout's extra section.
. "$(dirname "$0")/print_lib.sh"

mkdir -p "$T/share"
cp -R "$ROOT/data" "$T/share/data"
cp -R "$ROOT/forms" "$T/share/forms"     # the journey form says which fields are printed
export CERTDESK_DATADIR="$T/share"
setup_store
NO=$(new_app 1)

sed -i 's/^org_personal\t机构个人证书\t0.00\t100.00$/org_personal\t机构个人证书\t12.5\t88/' "$T/share/data/fees.tsv"
grep -q '12.5' "$T/share/data/fees.tsv" || fail "fee table not edited"
sed -i 's/兹证明/本表声明：/' "$T/share/data/declaration.txt"
cd_ print "$NO" -o "$T/a.pdf" >/dev/null 2>"$T/err" || fail "print: $(cat "$T/err")"
pdftotext "$T/a.pdf" - | tr -d ' \n' >"$T/a.txt"
for v in 12.50元 88.00元 本表声明：张堃; do
	grep -qF "$v" "$T/a.txt" || fail "edited data not printed: $v"
done
ok "edited fees and declaration are printed"

printf '代理人 {agent_nickname} 签字。\n' >>"$T/share/data/declaration.txt"
cd_ print "$NO" -o "$T/b.pdf" >/dev/null 2>"$T/err" && fail "an unknown placeholder was printed"
grep -q "data/declaration.txt: 未定义的占位符「{agent_nickname}」" "$T/err" || fail "placeholder message: $(cat "$T/err")"
[ -e "$T/b.pdf" ] && fail "a PDF was written for a refused form"
sed -i '$d' "$T/share/data/declaration.txt"
ok "an unknown placeholder stops the print, named"

printf 'server\t服务器证书\tfree\t1\n' >>"$T/share/data/fees.tsv"
cd_ print "$NO" >/dev/null 2>"$T/err" && fail "a broken fee table was accepted"
grep -q "收费表 .*fees.tsv 第 [0-9]* 行格式错误" "$T/err" || fail "fee table message: $(cat "$T/err")"
sed -i '$d' "$T/share/data/fees.tsv"
sql "UPDATE applications SET cert_type = '服务器证书' WHERE app_no = '$NO'"
cd_ print "$NO" >/dev/null 2>"$T/err" && fail "a certificate type without fees was printed"
grep -q "收费表 data/fees.tsv 中没有证书类型「服务器证书」的费用" "$T/err" || fail "no-fee message: $(cat "$T/err")"
[ "$(sql "SELECT COUNT(*) FROM prints")" = 1 ] || fail "refused prints were recorded"
ok "a broken fee table or a type without fees stops the print"
# the layout is a data file like the others (core/tabfile): a wrong line is named by number
n=$(($(wc -l <"$T/share/data/appform.layout") + 3))   # after a blank line and a comment
printf '\n# a comment\nstamp\t公章\n' >>"$T/share/data/appform.layout"
cd_ print "$NO" >/dev/null 2>"$T/err" && fail "a layout with an unknown line was printed"
grep -q "data/appform.layout 第 $n 行: 未知的行类型「stamp」" "$T/err" || fail "layout message: $(cat "$T/err")"
sed -i '$d' "$T/share/data/appform.layout"
printf 'field\t经办人\t*\tcol:agent_name\textra\n' >>"$T/share/data/appform.layout"
cd_ print "$NO" >/dev/null 2>"$T/err" && fail "a layout line with too many columns was printed"
grep -q "「field」行应有 3 列" "$T/err" || fail "column-count message: $(cat "$T/err")"
sed -i '$d' "$T/share/data/appform.layout"
ok "a broken layout line stops the print, named by its line"

# a form field marked print goes to the layout's extra section; without one
# the print is refused, naming the field
sql "UPDATE applications SET cert_type = '机构个人证书' WHERE app_no = '$NO'"
sed -i 's/^  field legal_name$/&\n    print/' "$T/share/forms/replacement.form"
grep -q '^    print$' "$T/share/forms/replacement.form" || fail "form not edited"
cd_ print "$NO" -o "$T/c.pdf" >/dev/null 2>"$T/err" || fail "print with a print field: $(cat "$T/err")"
pdftotext "$T/c.pdf" - | tr -d ' \n' | grep -qF '其他信息（补充信息）*姓名张堃' ||
	fail "the print field is not in 其他信息: $(pdftotext "$T/c.pdf" - | tr -d ' \n' | grep -o '其他信息.\{0,20\}')"
sed -i '/^extra\t/d' "$T/share/data/appform.layout"
cd_ print "$NO" -o "$T/d.pdf" >/dev/null 2>"$T/err" && fail "a print field without an extra line was printed"
grep -q "data/appform.layout: 表单中标有 print 的字段「姓名」无处可印: 版面须有一个 extra 行" "$T/err" || fail "no-extra message: $(cat "$T/err")"
ok "a print field is printed in the extra section, and refused without one"
exit 0
