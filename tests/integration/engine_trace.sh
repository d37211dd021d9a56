#!/bin/bash
# engine_trace.sh: --debug writes each command's phase times to --log
# (the trace make bench's readers use to see where the time goes).
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

test_debug_logs_the_phases_of_run() {
	make_bundle "$T_TMP/b" true
	id=$(new_id trace)
	"$RUNJ" --root "$T_TMP/state" --debug --log "$T_TMP/log" run \
	    --bundle "$T_TMP/b" "$id"
	line=$(grep 'run: parse' "$T_TMP/log") || fail "no phase line: $(cat "$T_TMP/log")"
	for p in parse state clone cgroup 'init: mounts' 'init: pivot' gate wait delete total; do
		expect_match "$line" "$p [0-9]+\\.[0-9]{3} ms" "phase $p"
	done
}

test_without_debug_no_trace() {
	make_bundle "$T_TMP/b" true
	"$RUNJ" --root "$T_TMP/state" --log "$T_TMP/log" run --bundle "$T_TMP/b" \
	    "$(new_id quiet)"
	! grep -q 'parse' "$T_TMP/log" 2>/dev/null || fail "a trace without --debug"
}

test_debug_traces_create_start_exec_delete() {
	id=$(new_id phases)
	make_bundle "$T_TMP/b" sleep 1000
	for c in "create --bundle $T_TMP/b $id" "start $id" "exec $id true" "delete --force $id"; do
		# shellcheck disable=SC2086
		"$RUNJ" --root "$T_TMP/state" --debug --log "$T_TMP/log" $c
	done
	for c in create start exec delete; do
		grep -q "$c: .*total [0-9.]* ms" "$T_TMP/log" || fail "no trace for $c"
	done
}

run_tests
