#!/bin/sh
# run.sh - `make fuzz`: build the libFuzzer harnesses and run each for
# FUZZ_SECONDS (default 600), one after the other, niced. FUZZ_ONLY="conf mask"
# runs only those. The growing corpus is kept in build/fuzz/corpus/NAME (the
# committed seeds in tests/fuzz/corpus/NAME are only read); a crash, leak,
# timeout or broken invariant is saved in build/fuzz/crashes/ and makes the
# whole run exit 1.
cd "$(dirname "$0")/../.." || exit 1
. tests/fuzz/lib.sh
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
fuzz_env
fuzz_build || { echo "fuzz: build failed"; exit 1; }
mkdir -p "$FUZZ_B/crashes" "$FUZZ_B/logs"
fail=0
for name in ${FUZZ_ONLY:-$(fuzz_names)}; do
	# a private copy, so rebuilding while a long run goes on is safe
	mkdir -p "$FUZZ_B/run" "$FUZZ_B/corpus/$name"
	bin=$FUZZ_B/run/fuzz_$name
	cp "$FUZZ_B/fuzz_$name" "$bin" || exit 1
	log=$FUZZ_B/logs/$name.log
	echo "fuzz: $name for ${FUZZ_SECONDS}s (log $log)"
	# shellcheck disable=SC2086
	nice -n "${FUZZ_NICE:-10}" "$bin" $FUZZ_COMMON -max_len="$(fuzz_max_len "$name")" \
		-max_total_time="$FUZZ_SECONDS" -artifact_prefix="$FUZZ_B/crashes/$name-" \
		"$FUZZ_B/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	if [ "$rc" = 0 ]; then
		echo "ok   $name: ${runs:-?} runs in ${secs:-?} s, corpus $(ls "$FUZZ_B/corpus/$name" | wc -l) inputs"
	else
		fail=1
		echo "FAIL $name (exit $rc): see $log and $FUZZ_B/crashes/"
		grep -E 'ERROR|invariant broken|runtime error|SUMMARY' "$log" | head -n 10
	fi
done
# the audit chain's random tampering trials, many more than make check's
make --no-print-directory -s build/tests/test_audit >/dev/null &&
	if AUDIT_TEST_TRIALS=${AUDIT_TEST_TRIALS:-50000} build/tests/test_audit >"$FUZZ_B/logs/audit.log" 2>&1; then
		echo "ok   audit tampering: ${AUDIT_TEST_TRIALS:-50000} trials"
	else
		fail=1
		echo "FAIL audit tampering: see $FUZZ_B/logs/audit.log"
	fi
[ "$fail" = 0 ]
