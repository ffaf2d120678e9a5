#!/bin/sh
# check-text.sh [SRC [TEXTFILE [FILE...]]] - every key used as text("key")
# or TEXT_KEY("key") (a key in a static table) under SRC (src), or as "@key" in a FILE (forms/*.form: `note @key`,
# `hint @key`; data/faq.txt and other files: a line "@key"), is in TEXTFILE
# (data/text.txt) and every key of TEXTFILE is used. FILEs default to
# forms/*.form and data/faq.txt. Prints each problem as FILE:LINE: reason;
# exit 1 when there is one.
src=${1:-src} file=${2:-data/text.txt}
[ $# -gt 2 ] && shift 2 || set -- forms/*.form data/faq.txt
rc=0
used=$(mktemp) || exit 2
have=$(mktemp) || exit 2
trap 'rm -f "$used" "$have"' EXIT INT TERM
# text("key") and TEXT_KEY("key") not preceded by a letter, digit or '_'
# (steps_text is another function)
grep -rnoE --include='*.c' --include='*.h' '(^|[^[:alnum:]_])(text|TEXT_KEY)\("[a-z0-9._]+"\)' "$src" |
	sed -E 's/^([^:]+:[0-9]+):.*(text|TEXT_KEY)\("([^"]+)"\)$/\3 \1/' >"$used"
# "@key" where the form parser (src/form/form.c) and the FAQ parser
# (src/core/faq.c) take it
for f in "$@"; do
	case $f in
	*.form) grep -nE '^[[:space:]]*(note|hint)[[:space:]]+@' "$f" |
		sed -E 's/^([0-9]+):[[:space:]]*[a-z]+[[:space:]]+@([^[:space:]]*).*$/\2 \1/' ;;
	*) grep -nE '^@' "$f" | sed -E 's/^([0-9]+):@([^[:space:]]*).*$/\2 \1/' ;;
	esac | while read -r key line; do echo "$key $f:$line"; done >>"$used"
done
sort -o "$used" "$used"
grep -nE '^[^#[:space:]][^	]*	' "$file" | sed -E 's/^([0-9]+):([^	]+)	.*/\2 \1/' | sort >"$have"
while read -r key where; do
	grep -q "^$key " "$have" || { echo "$where: 键「$key」不在 $file 中"; rc=1; }
done <"$used"
while read -r key line; do
	grep -q "^$key " "$used" || { echo "$file:$line: 键「$key」在 $src 中没有用到"; rc=1; }
done <"$have"
exit $rc
