#!/bin/sh
# run.sh - run every test: unit tests, the same under ASan+UBSan, the
# end-to-end journeys and the fuzz smoke; end with "N passed, N failed".
#
# The tests run in parallel, TEST_JOBS at a time (default twice the number
# of processors: the journeys mostly wait for a screen), longest first by the
# durations of the last run (build/test-durations, at first
# tests/test-durations.default); each e2e test has its own
# tmux server and directory. The report is printed in a fixed order whatever
# order the tests finish in. TEST_JOBS=1 runs them one after the other.
cd "$(dirname "$0")/.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
log=build/test-logs
res=$log/results
durations=build/test-durations
# a fresh checkout has no last run: the committed typical durations
# (tests/test-durations.default, this file's own output) order it instead
[ -f "$durations" ] || cp tests/test-durations.default "$durations" 2>/dev/null
# e2e tests keep their captures and log files here for the sensitive-data scan
CERTDESK_TEST_LOGS=$PWD/$log/kept
export CERTDESK_TEST_LOGS

# Each run_KIND prints "PASSED FAILED [FAILED-NAME...]", then the report lines.
# An e2e test that exits 77 is skipped (what it needs cannot run here, e.g.
# cupsd without root): "0 0", then "skip NAME — WHY" (its last "SKIP: WHY"
# line); the summary counts and names the skipped ones after "N passed, N failed".

# run_unit BINARY LABEL
run_unit() {
	out="$log/$(echo "$2" | tr '/' '_').log"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$1" >"$out" 2>&1
	rc=$?
	p=$(sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1 # crashed, sanitizer report or leak: count the binary as a failure
	fi
	if [ "$f" != 0 ]; then
		echo "$p $f $2"
		echo "FAIL $2 (see $out)"
		grep -E '^\[  FAILED  \]|ERROR|runtime error' "$out" | head -n 20
	else
		echo "$p $f"
		echo "ok   $2 ($p)"
	fi
}

run_e2e() { # script label
	out="$log/$(basename "$1" .sh).log"
	timeout 300 sh "$1" >"$out" 2>&1
	rc=$?
	if [ "$rc" = 0 ]; then
		echo "1 0"
		echo "ok   $2"
	elif [ "$rc" = 77 ]; then
		why=$(sed -n 's/^SKIP: //p' "$out" | tail -n 1)
		echo "0 0"
		echo "skip $(basename "$1" .sh) — ${why:-skipped}"
	else
		echo "0 1 $2"
		echo "FAIL $2 (see $out)"
		tail -n 25 "$out"
	fi
}

# libFuzzer harnesses in smoke mode: tests/fuzz/smoke.sh prints one
# "ok   fuzz/NAME" or "FAIL fuzz/NAME" line per harness; each is one test.
run_fuzz() {
	sh tests/fuzz/smoke.sh >"$log/fuzz-smoke.log" 2>&1
	rc=$?
	p=$(grep -c '^ok   fuzz/' "$log/fuzz-smoke.log")
	f=$(grep -c '^FAIL fuzz/' "$log/fuzz-smoke.log")
	names=$(sed -n 's/^FAIL \(fuzz\/[^ ]*\).*/\1/p' "$log/fuzz-smoke.log" | tr '\n' ' ')
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1
		names=fuzz/smoke
	fi
	echo "$p $f $names"
	cat "$log/fuzz-smoke.log"
}

# One test, run by the pool: its result in $res/ID, its time in $res/ID.time.
if [ "${1:-}" = --one ]; then
	id=$2 kind=$3 what=$4 label=$5
	start=$(date +%s)
	case $kind in
	unit) run_unit "$what" "$label" ;;
	e2e) run_e2e "$what" "$label" ;;
	fuzz) run_fuzz ;;
	esac >"$res/$id.tmp"
	mv "$res/$id.tmp" "$res/$id"
	echo "$label $(($(date +%s) - start))" >"$res/$id.time"
	exit 0
fi

rm -rf "$log"
mkdir -p "$log/kept" "$res"
# The tests' files (databases, e2e directories) go to a tmpfs when there is
# one that programs can be run from: fsync on a shared disk is what stretches
# a loaded run. (The base itself, not a directory in it: a path on a screen
# must still fit 80 columns.) TEST_TMPDIR=DIR chooses another base.
tmp_base=${TEST_TMPDIR:-}
[ -z "$tmp_base" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && tmp_base=/dev/shm
if [ -n "$tmp_base" ] && probe=$(mktemp "$tmp_base/certdesk-probe.XXXXXX"); then
	printf '#!/bin/sh\nexit 0\n' >"$probe" && chmod +x "$probe" && "$probe" 2>/dev/null &&
		TMPDIR=$tmp_base && export TMPDIR
	rm -f "$probe"
fi
jobs=${TEST_JOBS:-$((2 * $(nproc 2>/dev/null || echo 1)))}
# the journeys wait for screens while other tests take the processors
[ "$jobs" -gt 1 ] && export E2E_TIMEOUT="${E2E_TIMEOUT:-20}"

# The list, in report order: "ID KIND PATH LABEL".
n=0
add() { n=$((n + 1)); printf '%04d %s %s %s\n' "$n" "$1" "$2" "$3"; }
{
	for t in build/tests/test_*; do
		[ -x "$t" ] && add unit "$t" "unit/${t##*/}"
	done
	for t in build/fuzz/tests/test_*; do   # the same under ASan+UBSan (clang)
		[ -x "$t" ] && add unit "$t" "asan/${t##*/}"
	done
	for t in tests/e2e/test_*.sh; do
		[ -f "$t" ] && add e2e "$t" "e2e/$(basename "$t" .sh)"
	done
	[ -f tests/fuzz/smoke.sh ] && add fuzz tests/fuzz/smoke.sh fuzz/smoke
} >"$log/list"

# Longest first: the last run's seconds; a test not timed yet counts as long
# (the fuzz smoke and the journeys before the unit tests on a first run).
awk -v durations="$durations" '
	BEGIN { while ((getline l < durations) > 0) { split(l, f, " "); secs[f[1]] = f[2] } }
	{
		d = ($4 in secs) ? secs[$4] : ($2 == "fuzz" ? 1000 : $2 == "e2e" ? 100 : 0)
		print d, $0
	}' "$log/list" | sort -k1,1nr -k2,2 | cut -d' ' -f2- |
	xargs -P "$jobs" -L 1 sh tests/run.sh --one

pass=0
fail=0
failed_names=""
skipped=""
nskip=0
while read -r id kind what label; do
	if [ ! -f "$res/$id" ]; then
		fail=$((fail + 1))
		failed_names="$failed_names $label"
		echo "FAIL $label (not run)"
		continue
	fi
	{
		read -r p f names
		pass=$((pass + p))
		fail=$((fail + f))
		[ -n "$names" ] && failed_names="$failed_names $names"
		while IFS= read -r line; do
			case $line in
			"skip "*)
				nskip=$((nskip + 1))
				skipped="${skipped:+$skipped; }${line#skip }"
				;;
			esac
			printf '%s\n' "$line"
		done
	} <"$res/$id"
done <"$log/list"
cat "$res"/*.time >"$durations" 2>/dev/null

# no e2e run wrote a customer's full ID number, mobile, account or e-mail
if sh tests/scan_sensitive.sh "$log" >"$log/sensitive_scan.log" 2>&1; then
	pass=$((pass + 1))
	echo "ok   e2e/sensitive_scan"
else
	fail=$((fail + 1))
	failed_names="$failed_names e2e/sensitive_scan"
	echo "FAIL e2e/sensitive_scan (see $log/sensitive_scan.log)"
	tail -n 25 "$log/sensitive_scan.log"
fi
[ -n "$failed_names" ] && echo "failed:$failed_names"
if [ "$nskip" = 0 ]; then
	echo "$pass passed, $fail failed"
else
	echo "$pass passed, $fail failed ($nskip skipped: $skipped)"
fi
[ "$fail" = 0 ]
