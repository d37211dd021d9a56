#!/bin/bash
# fuzz_smoke.sh: every fuzz target (tests/fuzz/) runs for
# FUZZ_CHECK_SECONDS (default 4) from its seed corpus; a crash, leak,
# undefined behaviour or timeout fails.  The targets are built by `make
# check` where clang has libFuzzer; `make fuzz` runs them longer.
. "$(dirname "$0")/../lib/harness.sh"

FUZZ_B=${FUZZ_B:-build-fuzz}
SECS=${FUZZ_CHECK_SECONDS:-4}

run_target() {
	bin="$TOP/$FUZZ_B/fuzz_$1"
	[ -x "$bin" ] || skip "$FUZZ_B/fuzz_$1 is not built (needs clang with libFuzzer: make fuzz-build)"
	mkdir -p "$T_TMP/corpus" "$T_TMP/artifacts"
	dict=
	[ -f "$TOP/tests/fuzz/$1.dict" ] && dict=-dict=$TOP/tests/fuzz/$1.dict
	rc=0
	TMPDIR=$T_TMP "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix="$T_TMP/artifacts/" $dict \
	    "$T_TMP/corpus" "$TOP/tests/fuzz/corpus/$1" >"$T_TMP/log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ] || [ -n "$(ls -A "$T_TMP/artifacts")" ]; then
		mkdir -p "$TOP/$FUZZ_B/artifacts"
		cp "$T_TMP"/artifacts/* "$TOP/$FUZZ_B/artifacts/" 2>/dev/null || true
		grep -A 30 'ERROR\|runtime error\|SUMMARY' "$T_TMP/log" | head -n 40
		fail "fuzz_$1 found something (exit $rc; input kept in $FUZZ_B/artifacts/)"
	fi
	grep -q '^Done [0-9]* runs' "$T_TMP/log" || fail "fuzz_$1 did not run: $(tail -n 3 "$T_TMP/log")"
}

for _dir in "$TOP"/tests/fuzz/corpus/*/; do
	_t=$(basename "$_dir")
	eval "test_fuzz_$_t() { run_target $_t; }"
done

run_tests
