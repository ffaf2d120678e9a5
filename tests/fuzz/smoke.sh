#!/bin/sh
# smoke.sh - the harnesses in `make check` (called by tests/run.sh): each runs
# its committed seeds (crash regressions included) and then a few seconds of
# fixed-seed fuzzing. Prints one "ok   fuzz/NAME" or "FAIL fuzz/NAME" line per
# harness (tests/run.sh counts them); details in build/fuzz/smoke/NAME.log.
# The harnesses run FUZZ_SMOKE_JOBS at a time (default: the processors).
cd "$(dirname "$0")/../.." || exit 1
. tests/fuzz/lib.sh
fuzz_env
out=$FUZZ_B/smoke

# One harness (run by the pool below): its report line(s) in $out/NAME.result.
if [ "${1:-}" = --one ]; then
	name=$2
	log=$out/$name.log
	mkdir -p "$out/corpus-$name"
	# shellcheck disable=SC2086
	"$FUZZ_B/fuzz_$name" $FUZZ_COMMON -seed=1 -runs="${FUZZ_SMOKE_RUNS:-20000}" \
		-max_total_time="${FUZZ_SMOKE_SECONDS:-4}" -max_len="$(fuzz_max_len "$name")" \
		-artifact_prefix="$out/$name-" "$out/corpus-$name" "tests/fuzz/corpus/$name" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" = 0 ]; then
		echo "ok   fuzz/$name (${runs:-?} runs)"
	else
		echo "FAIL fuzz/$name (see $log)"
		grep -E 'ERROR|invariant broken|runtime error|SUMMARY' "$log" | head -n 10
	fi >"$out/$name.result"
	exit 0
fi

rm -rf "$out"
mkdir -p "$out"
if ! fuzz_build >"$out/build.log" 2>&1; then
	echo "FAIL fuzz/build (see $out/build.log)"
	tail -n 20 "$out/build.log"
	exit 1
fi
# The harnesses side by side (each stops after its seconds), reported in order.
fuzz_names | xargs -P "${FUZZ_SMOKE_JOBS:-$(nproc 2>/dev/null || echo 1)}" -I{} sh tests/fuzz/smoke.sh --one {}
fail=0
for name in $(fuzz_names); do
	if [ -f "$out/$name.result" ]; then
		cat "$out/$name.result"
		grep -q '^FAIL' "$out/$name.result" && fail=1
	else
		echo "FAIL fuzz/$name (not run)"
		fail=1
	fi
done
[ "$fail" = 0 ]
