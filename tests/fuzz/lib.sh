# lib.sh - shared by tests/fuzz/run.sh (make fuzz) and tests/fuzz/smoke.sh
# (make check): the harness list, their input size limits, the clang build.
# Sourced from the top of the source tree.

FUZZ_B=build/fuzz
FUZZ_CC=${FUZZ_CC:-clang}
# The sources are -Werror clean with clang as with gcc (CI builds both).
FUZZ_CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"

# Every harness: tests/fuzz/fuzz_NAME.c with its seeds in tests/fuzz/corpus/NAME/.
fuzz_names() {
	for f in tests/fuzz/fuzz_*.c; do
		[ -f "$f" ] || continue
		f=${f##*/fuzz_}
		echo "${f%.c}"
	done
}

# -max_len per harness: enough for the longest legal value plus room to
# overflow it (validators 500 characters of text, files a few hundred rows).
fuzz_max_len() {
	case $1 in
	appno) echo 256 ;;
	mask | redact | sanitize) echo 1024 ;;
	image) echo 8192 ;;
	validate) echo 4096 ;;
	conf) echo 8192 ;;
	*) echo 16384 ;;
	esac
}

# Build the library with clang into build/fuzz/obj (apart from the gcc
# build) and link the harnesses into build/fuzz/.
fuzz_build() {
	nice -n "${FUZZ_NICE:-10}" make --no-print-directory -j"${FUZZ_MAKE_JOBS:-2}" -f Makefile -f tests/fuzz/fuzz.mk \
		B="$FUZZ_B" CC="$FUZZ_CC" CFLAGS="$FUZZ_CFLAGS" fuzz-bins
}

# Options common to every run: sanitizer reports stop the run, a slow input
# is a finding (timeout), memory stays bounded on a shared host.
fuzz_env() {
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	export ASAN_OPTIONS UBSAN_OPTIONS LANG=C.UTF-8 LC_ALL=C.UTF-8
}
FUZZ_COMMON="-timeout=25 -rss_limit_mb=1536 -print_final_stats=1"
