#!/bin/sh
# run.sh - run every test: unit tests, the same under ASan+UBSan, and the
# end-to-end journeys; end with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
export LANG=C.UTF-8 LC_ALL=C.UTF-8
pass=0
fail=0
failed_names=""
log=build/test-logs
rm -rf "$log"
mkdir -p "$log/kept"
# e2e tests keep their captures and log files here for the sensitive-data scan
CERTDESK_TEST_LOGS=$PWD/$log/kept
export CERTDESK_TEST_LOGS

run_unit() { # binary label
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
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" != 0 ]; then
		failed_names="$failed_names $2"
		echo "FAIL $2 (see $out)"
		grep -E '^\[  FAILED  \]|ERROR|runtime error' "$out" | head -n 20
	else
		echo "ok   $2 ($p)"
	fi
}

for t in build/tests/test_*; do
	[ -x "$t" ] && run_unit "$t" "unit/${t##*/}"
done
for t in build/asan/tests/test_*; do
	[ -x "$t" ] && run_unit "$t" "asan/${t##*/}"
done
for t in tests/e2e/test_*.sh; do
	[ -f "$t" ] || continue
	name="e2e/$(basename "$t" .sh)"
	out="$log/$(basename "$t" .sh).log"
	if timeout 300 sh "$t" >"$out" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		failed_names="$failed_names $name"
		echo "FAIL $name (see $out)"
		tail -n 25 "$out"
	fi
done
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
# libFuzzer harnesses in smoke mode: tests/fuzz/smoke.sh prints one
# "ok   fuzz/NAME" or "FAIL fuzz/NAME" line per harness; each is one test.
if [ -f tests/fuzz/smoke.sh ]; then
	sh tests/fuzz/smoke.sh >"$log/fuzz-smoke.log" 2>&1
	rc=$?
	counted=0
	while IFS= read -r line; do
		case $line in
		"ok   fuzz/"*) pass=$((pass + 1)); counted=1 ;;
		"FAIL fuzz/"*) set -- $line; fail=$((fail + 1)); failed_names="$failed_names $2"; counted=1 ;;
		esac
		echo "$line"
	done <"$log/fuzz-smoke.log"
	if [ "$rc" != 0 ] && [ "$counted" = 0 ]; then
		fail=$((fail + 1))
		failed_names="$failed_names fuzz/smoke"
	fi
fi
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
