#!/bin/sh
# test_print_form.sh - the printed 数字证书申请表: every value and the filled
# declaration as real text, one A4 page, a barcode that scans back to the
# application number, and maximum-length values that stay inside the page
# without any two words overlapping.
. "$(dirname "$0")/print_lib.sh"

setup_store
NO=$(new_app 1)

cd_ print "$NO" -o "$T/form.pdf" >"$T/out" 2>"$T/err" || fail "print -o: $(cat "$T/err")"
grep -q "另存到 $T/form.pdf" "$T/out" || fail "print -o does not say where: $(cat "$T/out")"
pdfinfo "$T/form.pdf" >"$T/info" || fail "pdfinfo"
grep -q '^Pages: *1$' "$T/info" || fail "not one page: $(cat "$T/info")"
grep -q '^Page size: *595.276 x 841.89 pts (A4)' "$T/info" || fail "not A4: $(grep 'Page size' "$T/info")"
ok "one A4 page"

pdftotext "$T/form.pdf" "$T/form.txt" || fail "pdftotext"
tr -d ' \n' <"$T/form.txt" >"$T/flat.txt"
for v in "$NO" 深圳市电子商务安全证书管理有限公司 数字证书申请表 遗失补办申请 机构个人证书 0.00元 100.00元 \
	深圳市前海示例科技发展有限公司 统一社会信用代码证 91440300MA5DC6QX9U 福华三路88号财富大厦21层 \
	吉𠮷祥 44030419900202123X 13800138000 agent@example.com 李四 440304199503031234 13900139000 \
	li.si@example.com 经办人手写签名 单位公章 400-112-3838 \
	兹证明张堃（身份证号码：440304198001011234）为本单位法定代表人 \
	本单位员工吉𠮷祥（身份证号码：44030419900202123X）作为代理人 \
	自2026年11月25日起至委托事项办结之日止 \
	《深圳市电子商务安全证书管理有限公司电子认证服务协议》 申请日期 2026年11月25日; do
	grep -qF "$v" "$T/flat.txt" || fail "value missing from the PDF text: $v"
done
grep -q '[{}]' "$T/form.txt" && fail "a placeholder is left: $(grep '[{}]' "$T/form.txt")"
ok "every value and the filled declaration are real text"

pdftoppm -r 300 -png -singlefile "$T/form.pdf" "$T/page" || fail "pdftoppm"
zbarimg --quiet --raw -Scode128.enable "$T/page.png" >"$T/scan" 2>/dev/null || fail "no barcode found"
[ "$(cat "$T/scan")" = "$NO" ] || fail "barcode reads $(cat "$T/scan"), not $NO"
ok "barcode decodes to $NO"

# Maximum lengths: a 60-character organisation, a 120-character address,
# long names and e-mail addresses.
org=$(python3 -c 'print(("深圳市前海深港现代服务业合作区" + "示例科技发展" * 7)[:51] + "有限公司第一分公司")')
[ "$(printf %s "$org" | python3 -c 'import sys; print(len(sys.stdin.read()))')" = 60 ] || fail "org is not 60 chars"
addr=$(python3 -c 'print((("南山区粤海街道科技园社区科苑路" + "15 号科兴科学园 B 栋 4 单元 1203 室，") * 3)[:120])')
long_mail="verylongmailboxname.for.the.agent.of.the.organisation@subdomain.example-company.com.cn"
NO2=$(new_app 2)
sql "UPDATE applications SET org_name = '$org', org_address = '$addr',
	legal_name = '阿卜杜热合曼·买买提艾力·托合提尼亚孜', agent_name = '欧阳娜娜·伊丽莎白·克里斯蒂娜',
	applicant_name = '司马相如·诸葛孔明·上官婉儿', agent_email = '$long_mail', applicant_email = '$long_mail'
	WHERE app_no = '$NO2'"
cd_ print "$NO2" -o "$T/long.pdf" >/dev/null 2>"$T/err" || fail "long values: $(cat "$T/err")"
pdfinfo "$T/long.pdf" | grep -q '^Pages: *1$' || fail "long values do not fit one page"
pdftotext "$T/long.pdf" - | tr -d ' \n' >"$T/long.txt"
for v in "$org" "$(printf %s "$addr" | tr -d ' ')" 阿卜杜热合曼·买买提艾力·托合提尼亚孜 "$long_mail"; do
	grep -qF "$v" "$T/long.txt" || fail "long value not printed whole: $v"
done
pdftotext -bbox "$T/long.pdf" "$T/long.html" || fail "pdftotext -bbox"
python3 - "$T/long.html" <<'PY' || fail "words overlap or leave the page"
import re, sys
words = [tuple(map(float, m[:4])) + (m[4],) for m in re.findall(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', open(sys.argv[1]).read())]
assert len(words) > 50, len(words)
bad = 0
for i, a in enumerate(words):
    if a[0] < 36 or a[2] > 595.276 - 36 or a[1] < 28 or a[3] > 841.89 - 28:
        print("outside the margins:", a); bad += 1
    for b in words[i + 1:]:
        if a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01:
            print("overlap:", a, b); bad += 1
print(len(words), "words checked")
sys.exit(1 if bad else 0)
PY
ok "maximum-length values: one page, no overlapping words, inside the margins"
[ -n "${KEEP_PDF:-}" ] && cp "$T/form.pdf" "$T/long.pdf" "$KEEP_PDF"/
exit 0
