#!/bin/sh
# run.sh - the benchmarks (make bench): builds each tests/bench/bench_*.c
# against build/libcertdesk.a and runs it. Numbers only; nothing here is
# asserted by make check.
cd "$(dirname "$0")/../.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
PKGS="ncursesw sqlite3 libcurl xlsxwriter jansson libsodium pangocairo libmicrohttpd"
mkdir -p build/bench
rc=0
for src in tests/bench/bench_*.c; do
	[ -f "$src" ] || continue
	bin=build/bench/$(basename "$src" .c)
	# shellcheck disable=SC2046
	${CC:-cc} -std=c17 -D_GNU_SOURCE -O2 -g -Isrc $(pkg-config --cflags $PKGS) -o "$bin" "$src" \
		build/libcertdesk.a $(pkg-config --libs $PKGS) -lzint -lm || { rc=1; continue; }
	"$bin" || rc=1
done
exit $rc
