#!/bin/sh
# run.sh - `make bench`: run every benchmark program built from tests/bench/*.c
# (build/bench/NAME). Figures only; nothing here is a pass/fail test.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
rc=0
for b in build/bench/*; do
	case "$b" in *.d) continue ;; esac
	[ -x "$b" ] || continue
	echo "== ${b##*/}"
	"$b" || rc=1
done
exit $rc
