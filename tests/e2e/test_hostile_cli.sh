#!/bin/sh
# test_hostile_cli.sh - messages of the command line that quote hostile text
# (a configuration file's line, an unknown command) reach the terminal only
# through the sanitiser: no escape sequence or control character gets out.
. "$(dirname "$0")/cli_lib.sh"
controls=$(printf '[\001-\010\013-\037\177]')
clean() { ! LC_ALL=C grep -q "$controls" "$1"; }

# a configuration line with an OSC title change and a screen clear
printf '[branch]\nname = 网点\033]0;pwned\007\033[2J\n' >"$tmp/esc.conf"
"$bin" --config "$tmp/esc.conf" config >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] || fail "a control character in a value should be refused"
grep -q 'esc.conf:2: branch.name 的值' "$tmp/err" || fail "message does not name the line: $(cat "$tmp/err")"
clean "$tmp/err" || fail "the conf message let a control character through: $(od -c "$tmp/err" | head -n 5)"

printf '[branch\033[31m\n' >"$tmp/section.conf"
"$bin" --config "$tmp/section.conf" config >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] || fail "a bad section should be refused"
grep -q '节名格式错误' "$tmp/err" || fail "section message: $(cat "$tmp/err")"
clean "$tmp/err" || fail "the section message let a control character through"

# an unknown command
cd_ "$(printf 'x\033[2Jy')" >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] || fail "unknown command should exit 2"
grep -q '未知命令' "$tmp/err" || fail "unknown command message: $(cat "$tmp/err")"
clean "$tmp/err" || fail "the command name went out raw"
echo ok
