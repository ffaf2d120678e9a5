#!/bin/sh
# run.sh - `make bench`: every benchmark under tests/bench/ prints its figures
# (bench_*.sh scripts and *.py programs); nothing here fails on a timing.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
rc=0
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
