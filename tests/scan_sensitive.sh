#!/bin/sh
# scan_sensitive.sh - fail when a full sensitive value of the test data
# (tests/e2e/sensitive-values.txt) appears in what the end-to-end runs wrote:
# their output logs (LOGDIR/test_*.log) and every file kept under
# LOGDIR/kept (the tests' own stdout/stderr captures, pane captures, log
# files: $CERTDESK_TEST_LOGS). Usage: scan_sensitive.sh LOGDIR
cd "$(dirname "$0")/.." || exit 1
logdir=${1:?usage: scan_sensitive.sh LOGDIR}
values=tests/e2e/sensitive-values.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/certdesk-scan-XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
grep -v '^#' "$values" | grep -v '^$' >"$tmp/values"
count=$(wc -l <"$tmp/values")
[ "$count" -gt 0 ] || { echo "FAIL: no values in $values"; exit 1; }

# the scanner finds what it looks for (fixed strings, UTF-8, inside a line)
printf 'x%sy\n' "$(sed -n 1p "$tmp/values")" >"$tmp/canary.log"
grep -qF -f "$tmp/values" "$tmp/canary.log" || { echo "FAIL: the scan does not find a planted value"; exit 1; }

set -- "$logdir"/test_*.log
[ -e "$1" ] || { echo "FAIL: no e2e logs in $logdir: nothing was scanned"; exit 1; }
[ -d "$logdir/kept" ] && set -- "$@" "$logdir/kept"
files=$(find "$@" -type f | wc -l)
bad=0
i=0
while IFS= read -r v; do
	i=$((i + 1))
	# name the value by its line, not by itself: this output is a log too
	for f in $(grep -rlF -- "$v" "$@"); do
		echo "FAIL: test value #$i of $values appears in full in $f"
		bad=$((bad + 1))
	done
done <"$tmp/values"
[ "$bad" = 0 ] || exit 1
echo "no full sensitive value in $files e2e output files ($count values checked)"
