#!/bin/sh
# run.sh - `make bench`: every benchmark prints its figures; nothing here fails
# on a timing. Programs built from tests/bench/bench_*.c (build/bench/), then
# tests/bench/bench_*.sh scripts and tests/bench/*.py programs.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
rc=0
for b in build/bench/bench_*; do
	[ -x "$b" ] || continue
	echo "== ${b##*/}"
	"$b" || rc=1
done
for b in tests/bench/bench_*.sh; do
	[ -f "$b" ] || continue
	echo "== $b"
	sh "$b" || rc=1
done
for b in tests/bench/*.py; do
	[ -f "$b" ] || continue
	echo "== $b"
	python3 "$b" || rc=1
done
exit $rc
