#!/bin/sh
# check-text.sh SRC TEXTFILE - every key used as text("key") under SRC is in
# TEXTFILE (data/text.txt) and every key of TEXTFILE is used. Prints each
# problem as FILE:LINE: reason; exit 1 when there is one.
src=${1:-src} file=${2:-data/text.txt}
rc=0
used=$(mktemp) || exit 2
have=$(mktemp) || exit 2
trap 'rm -f "$used" "$have"' EXIT INT TERM
# text("key") not preceded by a letter, digit or '_' (steps_text is another function)
grep -rnoE --include='*.c' --include='*.h' '(^|[^[:alnum:]_])text\("[a-z0-9._]+"\)' "$src" |
	sed -E 's/^([^:]+:[0-9]+):.*text\("([^"]+)"\)$/\2 \1/' | sort >"$used"
grep -nE '^[^#[:space:]][^	]*	' "$file" | sed -E 's/^([0-9]+):([^	]+)	.*/\2 \1/' | sort >"$have"
while read -r key where; do
	grep -q "^$key " "$have" || { echo "$where: 键「$key」不在 $file 中"; rc=1; }
done <"$used"
while read -r key line; do
	grep -q "^$key " "$used" || { echo "$file:$line: 键「$key」在 $src 中没有用到"; rc=1; }
done <"$have"
exit $rc
