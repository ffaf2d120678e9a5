#!/bin/sh
# test_print_command.sh - certdesk print: a stand-in lp receives -d PRINTER
# FILE; every print is kept (0600) and recorded with who, which printer, the
# reprint count, the PDF's SHA-256 and the data hash; a print after an edit
# says the data changed; an incomplete form is refused naming what is missing;
# a failing printer records nothing.
. "$(dirname "$0")/print_lib.sh"

cat >"$T/lp" <<LP
#!/bin/sh
printf '%s\n' "\$*" >>"$T/lp.calls"
[ -f "$T/lp.fail" ] && { echo "lp: 打印机 counter1 不可用" >&2; exit 3; }
echo "request id is counter1-\$(wc -l <"$T/lp.calls") (1 file(s))"
LP
chmod +x "$T/lp"
setup_store "name = counter1
command = $T/lp
output_dir = $T/kept"
NO=$(new_app 1)

# Wrong numbers are refused before anything else.
cd_ print 261125075500000011 >/dev/null 2>"$T/err" && fail "a bad check digit was accepted"
grep -q "校验" "$T/err" || grep -q "申请单号" "$T/err" || fail "bad number message: $(cat "$T/err")"
cd_ print 261125075500000028 >/dev/null 2>"$T/err"; [ $? = 1 ] || fail "unknown number not exit 1"
grep -q "不存在" "$T/err" || fail "unknown number message: $(cat "$T/err")"
cd_ print >/dev/null 2>&1; [ $? = 2 ] || fail "usage error not exit 2"
ok "application numbers are checked"

cd_ print "$NO" >"$T/out" 2>"$T/err" || fail "print: $(cat "$T/err")"
first=$(sed -n 1p "$T/lp.calls")
pdf=$(sql "SELECT pdf_path FROM prints ORDER BY id DESC LIMIT 1")
[ "$first" = "-d counter1 $pdf" ] || fail "lp called as '$first', expected '-d counter1 $pdf'"
case "$pdf" in "$T/kept/$NO-01.pdf") ;; *) fail "kept as $pdf" ;; esac
grep -q "counter1" "$T/out" && grep -qF "$pdf" "$T/out" || fail "message does not say printer and file: $(cat "$T/out")"
[ "$(stat -c %a "$pdf")" = 600 ] || fail "kept PDF mode $(stat -c %a "$pdf")"
[ "$(sha256sum "$pdf" | cut -d' ' -f1)" = "$(sql "SELECT sha256 FROM prints WHERE pdf_path = '$pdf'")" ] ||
	fail "recorded SHA-256 differs from the kept file"
row=$(sql "SELECT reprint, printer, actor, operator_id IS NULL FROM prints")
[ "$row" = "0|counter1|shell:$(id -un)|1" ] || fail "first print row: $row"
ok "printed through the stand-in lp, kept 0600, recorded"

# the address's region names come from the divisions table, loaded from data/
# by the command as by the counter: the same form, the same data hash
[ "$(sql "SELECT COUNT(*) > 3000 FROM divisions")" = 1 ] || fail "the divisions were not loaded for the print"
pdftotext "$pdf" - | tr -d ' \n' | grep -qF "单位地址$(sql "SELECT '广东省深圳市'")" ||
	fail "the address is printed without its region: $(pdftotext "$pdf" - | tr -d ' \n' | grep -o '单位地址.\{0,20\}')"
ok "the address is printed with its region names"

cd_ print "$NO" >"$T/out" 2>"$T/err" || fail "reprint: $(cat "$T/err")"
grep -q "第 1 次重打" "$T/out" || fail "reprint not said: $(cat "$T/out")"
grep -q "已修改" "$T/out" && fail "unchanged data reported as changed"
[ "$(sql "SELECT COUNT(DISTINCT data_hash) || ':' || MAX(reprint) FROM prints")" = "1:1" ] || fail "reprint row"
ok "reprint recorded with the same data hash"

sql "UPDATE applications SET agent_mobile = '13700137000' WHERE app_no = '$NO'"
cd_ print "$NO" >"$T/out" 2>"$T/err" || fail "print after edit: $(cat "$T/err")"
grep -q "申请信息自上次打印后已修改, 已打印新版本" "$T/out" || fail "change not said: $(cat "$T/out")"
pdftotext "$(sql "SELECT pdf_path FROM prints ORDER BY id DESC LIMIT 1")" - | grep -q 13700137000 ||
	fail "the new version does not show the new value"
[ "$(sql "SELECT COUNT(DISTINCT data_hash) || ':' || COUNT(*) FROM prints")" = "2:3" ] || fail "changed print row"
[ "$(ls "$T/kept" | wc -l)" = 3 ] || fail "every printed PDF is kept: $(ls "$T/kept")"
[ "$(sql "SELECT group_concat(action, ',') FROM audit_log WHERE action LIKE 'app.%print'")" = \
	"app.print,app.reprint,app.reprint" ] || fail "audit: $(sql "SELECT action FROM audit_log")"
sql "SELECT detail FROM audit_log WHERE action = 'app.reprint' ORDER BY id DESC LIMIT 1" | grep -q "已修改" ||
	fail "audit detail does not note the change"
ok "a print after an edit says so, prints the new version, and is audited"

touch "$T/lp.fail"
cd_ print "$NO" >/dev/null 2>"$T/err" && fail "a failing lp reported success"
grep -q "打印命令 $T/lp 失败 (退出码 3): lp: 打印机 counter1 不可用" "$T/err" || fail "lp failure: $(cat "$T/err")"
[ "$(sql "SELECT COUNT(*) FROM prints")" = 3 ] || fail "a failed print was recorded"
[ "$(ls "$T/kept" | wc -l)" = 3 ] || fail "a failed print left a PDF"
rm "$T/lp.fail"
ok "a failed print records nothing"

cd_ print "$NO" --printer other -o "$T/copy.pdf" >"$T/out" 2>"$T/err" || fail "--printer: $(cat "$T/err")"
tail -n 1 "$T/lp.calls" | grep -q "^-d other $T/kept/" || fail "--printer ignored: $(tail -n 1 "$T/lp.calls")"
[ -s "$T/copy.pdf" ] && [ "$(stat -c %a "$T/copy.pdf")" = 600 ] || fail "-o copy"
n=$(wc -l <"$T/lp.calls")
cd_ print "$NO" -o "$T/only.pdf" >"$T/out" 2>"$T/err" || fail "-o: $(cat "$T/err")"
[ "$(wc -l <"$T/lp.calls")" = "$n" ] || fail "-o alone sent the form to the printer"
grep -q "申请表已保存到 .* (未送打印机)" "$T/out" || fail "-o message: $(cat "$T/out")"
[ "$(sql "SELECT printer IS NULL FROM prints ORDER BY id DESC LIMIT 1")" = 1 ] || fail "saved-only print row"
ok "--printer chooses the printer; -o alone saves"

NO2=$(new_app 2)
sql "UPDATE applications SET legal_id = NULL, applicant_name = '' WHERE app_no = '$NO2'"
cd_ print "$NO2" >/dev/null 2>"$T/err"; [ $? = 1 ] || fail "incomplete form not refused"
grep -q "申请表缺少必填项：申请人信息 姓名、法定代表人身份证号码" "$T/err" || fail "missing message: $(cat "$T/err")"
[ "$(sql "SELECT COUNT(*) FROM prints p JOIN applications a ON a.id = p.app_id WHERE a.app_no = '$NO2'")" = 0 ] ||
	fail "incomplete form recorded"
ok "an incomplete form is refused, naming what is missing"
exit 0
