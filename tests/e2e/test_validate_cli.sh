#!/bin/sh
# test_validate_cli.sh - `certdesk validate KIND VALUE…`: normalised values on
# stdout, reasons on stderr, exit 0 / 1 / 2, warnings prefixed 警告.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# the clock pinned, as in lib.sh: the same Wednesday whatever day it is
CERTDESK_NOW=${CERTDESK_NOW:-2026-11-25T10:00:00+08:00}
export CERTDESK_NOW
BIN=${CERTDESK_BIN:-$PWD/build/certdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-e2e-validate-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
: >"$tmp/certdesk.conf"
export CERTDESK_CONF="$tmp/certdesk.conf"
failures=0

# run EXPECTED_RC ARGS… : runs certdesk, keeps stdout/stderr in $tmp/out, $tmp/err
run() {
	want=$1
	shift
	"$BIN" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: certdesk $* exited $rc, expected $want"
		sed 's/^/  stdout: /' "$tmp/out"
		sed 's/^/  stderr: /' "$tmp/err"
		failures=$((failures + 1))
	fi
}

# expect FILE TEXT : FILE ($tmp/out or $tmp/err) contains the line TEXT exactly
expect() {
	if ! grep -qxF -- "$2" "$tmp/$1"; then
		echo "FAIL: $1 lacks line \"$2\"; it has:"
		sed 's/^/  | /' "$tmp/$1"
		failures=$((failures + 1))
	fi
}

expect_empty() {
	if [ -s "$tmp/$1" ]; then
		echo "FAIL: $1 should be empty; it has:"
		sed 's/^/  | /' "$tmp/$1"
		failures=$((failures + 1))
	fi
}

# valid values: normalised on stdout, nothing on stderr, exit 0
run 0 validate id 11010519491231002x
expect out 11010519491231002X
expect_empty err
run 0 validate uscc "9135 0100 m000 100y 43" 91350100M000100Y43
expect out 91350100M000100Y43
[ "$(wc -l <"$tmp/out")" = 2 ] || { echo "FAIL: two values, two lines"; failures=$((failures + 1)); }
run 0 validate mobile "+86 138-0013-8000"
expect out 13800138000
run 0 validate email "Zhang.San@Example.COM"
expect out Zhang.San@example.com
run 0 validate postcode " 518 000 "
expect out 518000
run 0 validate serial "71:2C:1B:5A:58:4A:1B:BE"
expect out 712C1B5A584A1BBE
run 0 validate account "6222 0202 0000 1234 567"
expect out 6222020200001234567
run 0 validate cnaps 102100099996
expect out 102100099996
run 0 validate taxid 91350100M000100Y43
expect out 91350100M000100Y43
run 0 validate name "阿卜杜•热合曼"
expect out "阿卜杜·热合曼"
run 0 validate text "  经理 "
expect out 经理
# a value that begins with a dash is a value, after --
run 0 validate text -- "-备注-"
expect out "-备注-"

# invalid: the reason on stderr, exit 1; the value itself is not echoed
run 1 validate id 110105194912310021
expect err "certdesk: 第 18 位校验码应为 X, 现为 1; 请逐位核对号码"
expect_empty out
grep -q 110105194912310021 "$tmp/err" && { echo "FAIL: the ID number was echoed"; failures=$((failures + 1)); }
run 1 validate id 110105203102300028
expect err "certdesk: 第 7-14 位出生日期 2031-02-30 不存在"
run 1 validate id 110105491231002
grep -q '15 位的旧版身份证号码' "$tmp/err" || { echo "FAIL: legacy message"; failures=$((failures + 1)); }
run 1 validate cnaps 102100099995
expect err "certdesk: 第 12 位校验位应为 6, 现为 5; 请核对联行号"

# several values: every one is checked, exit 1 when any is invalid
run 1 validate mobile 13800138000 12345 13900139000
expect out 13800138000
expect out 13900139000
expect err "certdesk: 第 2 个值: 手机号码应为 11 位数字, 现为 5 位"

# warnings do not fail
run 0 validate serial 712c1B5A
expect out 712c1B5A
expect err "警告: 序列号中大小写字母混用; 查询区分大小写, 请按证书上的写法核对"

# values from standard input, one a line
printf '11010519491231002X\n110105194912310021\n' | "$BIN" validate id - >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] || { echo "FAIL: stdin exit"; failures=$((failures + 1)); }
expect out 11010519491231002X
expect err "certdesk: 第 2 个值: 第 18 位校验码应为 X, 现为 1; 请逐位核对号码"

# usage errors exit 2
run 2 validate
grep -q '用法: certdesk validate KIND VALUE' "$tmp/err" || { echo "FAIL: usage text"; failures=$((failures + 1)); }
run 2 validate id
run 2 validate nosuchkind 1
expect err 'certdesk validate: 未知的校验类型 "nosuchkind"; 用法见 certdesk validate --help'
run 0 validate --help
grep -q 'cnaps' "$tmp/out" || { echo "FAIL: help lists the kinds"; failures=$((failures + 1)); }

if [ "$failures" != 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "all validate CLI checks passed"
