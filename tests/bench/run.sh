#!/bin/sh
# run.sh - `make bench`: every benchmark, printed figures only (no pass/fail timing in make check).
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
rc=0
for b in build/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "== ${b##*/}"
	"$b" || rc=1
done
exit $rc
