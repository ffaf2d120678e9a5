#!/bin/sh
# test_text_catalogue.sh - data/text.txt and the program agree
# (tools/check-text.sh): every text("key") in src/ is in the catalogue and
# every key in it is used; the check is itself checked on copies; the binary
# refuses to start without its catalogue, naming the file.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out=$(sh tools/check-text.sh src data/text.txt 2>&1) || { fail "catalogue and src disagree:"; printf '%s\n' "$out"; }

T=$(mktemp -d /tmp/certdesk-e2e-text-XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT INT TERM
cp -R src "$T/src" && cp data/text.txt "$T/text.txt" || exit 1
printf 'static const char *x(void) { return text("no.such_key"); }\n' >>"$T/src/tui/screen_help.c"
out=$(sh tools/check-text.sh "$T/src" "$T/text.txt" 2>&1) && fail "an unknown key was not caught"
printf '%s\n' "$out" | grep -q "^$T/src/tui/screen_help.c:[0-9]*: 键「no.such_key」不在" ||
	fail "unknown key not named with FILE:LINE: $out"
rm -rf "$T/src" && cp -R src "$T/src"
printf 'unused.key\t没用\n' >>"$T/text.txt"
n=$(wc -l <"$T/text.txt" | tr -d ' ')
out=$(sh tools/check-text.sh "$T/src" "$T/text.txt" 2>&1) && fail "an unused key was not caught"
printf '%s\n' "$out" | grep -q "^$T/text.txt:$n: 键「unused.key」在 .* 中没有用到" ||
	fail "unused key not named with FILE:LINE: $out"

# keys used as "@key" in forms/ and data/faq.txt count, and an unknown one is named
cp forms/replacement.form "$T/x.form" && cp data/faq.txt "$T/faq.txt" || exit 1
rm -rf "$T/src" && cp -R src "$T/src" && cp data/text.txt "$T/text.txt"
out=$(sh tools/check-text.sh "$T/src" "$T/text.txt" "$T/x.form" 2>&1) ||
	fail "a key used only by the form was not counted: $out"
out=$(sh tools/check-text.sh "$T/src" "$T/text.txt" "$T/faq.txt" 2>&1) ||
	fail "a key used only by the FAQ was not counted: $out"
out=$(sh tools/check-text.sh "$T/src" "$T/text.txt" "$T/faq.txt" /dev/null 2>&1) ||
	fail "files without references disturbed the check: $out"
printf '    note @no.such_hint\n' >>"$T/x.form"
n=$(wc -l <"$T/x.form" | tr -d ' ')
printf '@no.faq_hint\n' >>"$T/faq.txt"
m=$(wc -l <"$T/faq.txt" | tr -d ' ')
out=$(sh tools/check-text.sh "$T/src" "$T/text.txt" "$T/x.form" "$T/faq.txt" 2>&1) &&
	fail "unknown keys in a form and the FAQ were not caught"
printf '%s\n' "$out" | grep -q "^$T/x.form:$n: 键「no.such_hint」不在" ||
	fail "unknown form key not named with FILE:LINE: $out"
printf '%s\n' "$out" | grep -q "^$T/faq.txt:$m: 键「no.faq_hint」不在" ||
	fail "unknown FAQ key not named with FILE:LINE: $out"

# the terminal stops at start without the catalogue, naming it
BIN=${BIN:-build/certdesk}
if [ -x "$BIN" ]; then
	mkdir -p "$T/share" && cp -R data "$T/share/data" && rm "$T/share/data/text.txt"
	out=$(CERTDESK_DATADIR="$T/share" "$BIN" --config data/certdesk.conf </dev/null 2>&1) &&
		fail "started without data/text.txt"
	printf '%s\n' "$out" | grep -q "无法读取文本目录 $T/share/data/text.txt" ||
		fail "missing catalogue not named: $out"
	printf 'col.app_no 申请单号\n' >"$T/share/data/text.txt"
	out=$(CERTDESK_DATADIR="$T/share" "$BIN" --config data/certdesk.conf </dev/null 2>&1) &&
		fail "started with a broken data/text.txt"
	printf '%s\n' "$out" | grep -q "$T/share/data/text.txt:1: 缺少制表符" ||
		fail "broken catalogue line not named: $out"
fi
[ "$failures" -eq 0 ] && echo "PASS test_text_catalogue" || exit 1
