#!/bin/sh
# test_cli_options.sh - every certdesk command (and certdesk-central) answers
# --help (exit 0, Chinese on stdout) and --version; an unknown option or a
# missing argument is exit 2 with a Chinese message on stderr, never glibc's
# English; "-" is standard output for export -o and print -o (refused on a
# terminal) and standard input for import; qr sends no colour with NO_COLOR
# or a TERM without colours.
. "$(dirname "$0")/print_lib.sh"
CENTRAL="$ROOT/build/certdesk-central"
failures=0
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }
english='unrecognized|invalid option|requires an argument|option requires|Usage:|usage:'

setup_store "name =
output_dir = $T/kept"

# run EXPECTED-RC PROG ARGS…: stdout in $T/out, stderr in $T/err
run() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = "$want" ] || bad "$* exited $rc, expected $want (stderr: $(head -c 300 "$T/err"))"
}
chinese() { grep -q '用法\|选项\|退出状态' "$1"; }

# usage_ok NAME ARGS…: exit 2, "NAME: …; 用法见 NAME --help" in Chinese, no English
usage_ok() {
	name=$1
	shift
	run 2 "$@"
	grep -qF "$name: " "$T/err" && grep -qF "用法见 $name --help" "$T/err" ||
		bad "$*: no \"$name: …; 用法见 $name --help\": $(cat "$T/err")"
	grep -qE "$english" "$T/err" && bad "$*: English usage text: $(cat "$T/err")"
	[ -s "$T/out" ] && bad "$*: wrote to stdout on a usage error"
}

# the commands, as certdesk --help lists them
run 0 cd_ --help
chinese "$T/out" || bad "certdesk --help is not Chinese"
cmds=$(sed -n '/^命令/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$T/out")
[ "$(echo "$cmds" | wc -w)" -ge 11 ] || bad "certdesk --help lists only: $cmds"
for opt in -h --help; do
	run 0 cd_ $opt
	grep -q '^用法: certdesk' "$T/out" || bad "certdesk $opt: no 用法"
done
for opt in -V --version; do
	run 0 cd_ $opt
	grep -qx 'certdesk [0-9.]*' "$T/out" || bad "certdesk $opt: $(cat "$T/out")"
done
usage_ok certdesk cd_ --no-such-option
grep -qF 'certdesk: 未知选项 --no-such-option; 用法见 certdesk --help' "$T/err" || bad "top-level message: $(cat "$T/err")"
usage_ok certdesk cd_ -Z
usage_ok certdesk cd_ no-such-command
usage_ok certdesk "$CERTDESK" --config

for c in $cmds; do
	for opt in -h --help; do
		run 0 cd_ "$c" $opt
		grep -q "^用法: certdesk $c" "$T/out" || bad "$c $opt: no \"用法: certdesk $c\""
		chinese "$T/out" || bad "$c $opt: not Chinese"
		grep -q '^退出状态: 0 成功; 1 操作失败或被拒绝' "$T/out" || bad "$c $opt: no exit statuses"
		[ -s "$T/err" ] && bad "$c $opt wrote to stderr: $(cat "$T/err")"
	done
	for opt in -V --version; do
		run 0 cd_ "$c" $opt
		grep -qx 'certdesk [0-9.]*' "$T/out" || bad "$c $opt: $(cat "$T/out")"
	done
	usage_ok "certdesk $c" cd_ "$c" --no-such-option
	grep -qF "certdesk $c: 未知选项 --no-such-option; 用法见 certdesk $c --help" "$T/err" ||
		bad "$c: message: $(cat "$T/err")"
	usage_ok "certdesk $c" cd_ "$c" --no-such-option=1
done

# options after a sub-command, and missing arguments
for args in "user add x --bogus" "user passwd x -Z" "audit show --bogus" "audit verify --from 2026-01-01" \
	"attach list --bogus" "import banks --bogus" "forms check --bogus" "user frobnicate" "audit"; do
	c=${args%% *}
	# shellcheck disable=SC2086
	usage_ok "certdesk $c" cd_ $args
done
usage_ok "certdesk audit" cd_ audit show --limit
grep -qF 'certdesk audit: 选项 --limit 需要参数' "$T/err" || bad "missing argument message: $(cat "$T/err")"
usage_ok "certdesk export" cd_ export -o
grep -qF 'certdesk export: 选项 -o 需要参数' "$T/err" || bad "missing argument message: $(cat "$T/err")"
usage_ok "certdesk export" cd_ export
grep -qF 'certdesk export: 缺少 -o 文件.xlsx' "$T/err" || bad "export without -o: $(cat "$T/err")"
run 0 cd_ user add --help
grep -q -- '--name' "$T/out" || bad "user add --help lacks --name"
# a failure is 1, not 2
run 1 cd_ export --clerk nobody -o "$T/x.xlsx"

# certdesk-central
for opt in -h --help; do
	run 0 "$CENTRAL" $opt
	grep -q '^用法: certdesk-central' "$T/out" && chinese "$T/out" || bad "certdesk-central $opt"
done
for opt in -V --version; do
	run 0 "$CENTRAL" $opt
	grep -qx 'certdesk-central [0-9.]*' "$T/out" || bad "certdesk-central $opt: $(cat "$T/out")"
done
usage_ok certdesk-central "$CENTRAL" --no-such-option
usage_ok certdesk-central "$CENTRAL" -p
usage_ok certdesk-central "$CENTRAL" --db "$T/c.db" frobnicate

# export -o -: the workbook on standard output, the note on stderr
NO=$(new_app 1)
run 0 cd_ export -o -
head -c 2 "$T/out" | grep -q PK || bad "export -o - did not write a workbook to stdout"
grep -q '已导出 1 笔业务单到标准输出' "$T/err" || bad "export -o - note: $(cat "$T/err")"
cp "$T/out" "$T/o.xlsx"
# Debian's python3 (with python3-openpyxl), as test_export.sh
/usr/bin/python3 -c "import openpyxl,sys; openpyxl.load_workbook(sys.argv[1])" "$T/o.xlsx" ||
	bad "export -o - is not a workbook"
[ -e ./- ] && bad "export -o - wrote a file named -"
# print -o -: the PDF on standard output
run 0 cd_ print "$NO" -o -
head -c 5 "$T/out" | grep -q '%PDF-' || bad "print -o - did not write a PDF to stdout"
grep -q '另存到 标准输出' "$T/err" || bad "print -o - note: $(cat "$T/err")"
# on a terminal both are refused
TERM=xterm script -qec "'$CERTDESK' --config '$T/certdesk.conf' export -o -; echo rc=\$?" /dev/null >"$T/tty" 2>&1
grep -q '标准输出是终端' "$T/tty" && grep -q 'rc=1' "$T/tty" || bad "export -o - on a terminal: $(cat "$T/tty")"
TERM=xterm script -qec "'$CERTDESK' --config '$T/certdesk.conf' print $NO -o -; echo rc=\$?" /dev/null >"$T/tty" 2>&1
grep -q '标准输出是终端' "$T/tty" && grep -q 'rc=1' "$T/tty" || bad "print -o - on a terminal: $(cat "$T/tty")"
# import banks -: standard input
printf '行号,行名\n102100099996,中国工商银行股份有限公司北京分行营业部测试\n' | cd_ import banks - >"$T/out" 2>"$T/err"
[ $? = 0 ] || bad "import banks - failed: $(cat "$T/err")"
grep -q '^标准输入 (UTF-8): 读取 1 行, 导入 1 行' "$T/out" || bad "import banks - said: $(cat "$T/out") $(cat "$T/err")"

# qr: colour only on a terminal with colours and without NO_COLOR
qr_on_tty() { # env…
	env "$@" script -qec "'$CERTDESK' --config '$T/certdesk.conf' qr hello" /dev/null >"$T/tty" 2>&1
}
esc=$(printf '\033')
qr_on_tty TERM=xterm-256color
grep -q "$esc\[97;40m" "$T/tty" || bad "qr sends no colour on xterm-256color"
qr_on_tty TERM=xterm-256color NO_COLOR=1
grep -q "$esc\[" "$T/tty" && bad "qr sends escape sequences with NO_COLOR"
qr_on_tty TERM=vt100
grep -q "$esc\[" "$T/tty" && bad "qr sends escape sequences on TERM=vt100 (no colours)"
grep -q '▀\|▄\|█' "$T/tty" || bad "qr drew no code on vt100: $(head -c 200 "$T/tty")"

if [ "$failures" != 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "all command-line option checks passed"
