#!/bin/bash
# engine_runc_cli.sh: runc's command line where engines and scripts use it:
# exec's groups, labels, paused containers and sub-cgroups, run --keep,
# kill 0, update's units with options after the ID, list's columns,
# exec's 255 on a runtime error, and oom events (issue 10 item 18).
. "$(dirname "$0")/../lib/harness.sh"
. "$TOP/tests/lib/engine.sh"

test_exec_additional_gids() {
	_id=$(new_id g)
	start_sleeper "$_id"
	expect_eq "$(rj exec --additional-gids 10 -g 20,30 "$_id" id -G)" \
	    "0 10 20 30" "id -G with --additional-gids"
	rj delete --force "$_id"
}

# As runc: an exec into a paused container waits, frozen, for the resume.
test_exec_ignore_paused() {
	_id=$(new_id p)
	start_sleeper "$_id"
	rj pause "$_id"
	FAIL_STATUS=255 expect_fail_with 'paused' rj exec "$_id" true
	(sleep 1; "$RUNJ" --root "$T_TMP/state" resume "$_id") &
	_out=$(timeout 20 "$RUNJ" --root "$T_TMP/state" exec --ignore-paused \
	    "$_id" sh -c 'echo ran')
	wait
	expect_eq "$_out" ran "exec --ignore-paused, once resumed"
	rj delete --force "$_id"
	expect_gone "$_id"
}

test_exec_cgroup() {
	_id=$(new_id c)
	start_sleeper "$_id"
	for d in $(cgroup_dirs "$_id"); do
		mkdir "$d/sub"
		# a new cpuset has no CPUs until it is given some
		for f in cpuset.cpus cpuset.mems; do
			[ -f "$d/$f" ] && cat "$d/$f" >"$d/sub/$f"
		done
	done
	_out=$(rj exec --cgroup sub "$_id" cat /proc/self/cgroup)
	echo "$_out" | grep -q "/$_id/sub\$" || fail "not in sub: $_out"
	_out=$(rj exec --cgroup memory:sub "$_id" cat /proc/self/cgroup)
	echo "$_out" | grep -Eq "memory:.*/$_id/sub\$" || fail "memory not sub: $_out"
	echo "$_out" | grep -Eq "pids:.*/$_id\$" || fail "pids moved: $_out"
	FAIL_STATUS=255 expect_fail_with 'no cgroup' rj exec --cgroup nosuch "$_id" true
	for d in $(cgroup_dirs "$_id"); do rmdir "$d/sub"; done
	rj delete --force "$_id"
	expect_gone "$_id"
}
test_run_keep() {
	make_bundle "$T_TMP/b" sh -c 'exit 3'
	_id=$(new_id k)
	_rc=0
	rj run --keep --bundle "$T_TMP/b" "$_id" || _rc=$?
	expect_eq "$_rc" 3 "run --keep: status"
	expect_eq "$(status_of "$_id")" stopped "status after run --keep"
	rj delete "$_id"
	expect_gone "$_id"
	rj run --bundle "$T_TMP/b" "$_id" || true
	! rj state "$_id" >/dev/null 2>&1 || fail "run without --keep kept it"
}

test_kill_signal_0() {
	_id=$(new_id s)
	start_sleeper "$_id"
	rj kill "$_id" 0
	expect_eq "$(status_of "$_id")" running "status after kill 0"
	rj kill "$_id" KILL
	wait_status "$_id" stopped
	expect_fail_with "container not running" rj kill "$_id" 0
	rj delete "$_id"
	expect_gone "$_id"
}

# runc's sizes, and options after the ID
test_update_units_after_id() {
	_id=$(new_id u)
	start_sleeper "$_id"
	rj update "$_id" --pids-limit 42 --memory 64m --memory-swap 1.5G
	_cg=$(cgroup_dirs "$_id")
	for _d in $_cg; do
		case $_d in
		*/pids/*) expect_eq "$(cat "$_d/pids.max")" 42 pids.max ;;
		*/memory/*)
			expect_eq "$(cat "$_d/memory.limit_in_bytes")" 67108864 \
			    memory.limit_in_bytes
			expect_eq "$(cat "$_d/memory.memsw.limit_in_bytes")" \
			    1610612736 memory.memsw.limit_in_bytes ;;
		esac
	done
	if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		_d=$(cgroup_dirs "$_id")
		expect_eq "$(cat "$_d/memory.max")" 67108864 memory.max
	fi
	expect_fail_with 'expected a size' rj update --memory 12x "$_id"
	rj delete --force "$_id"
	expect_gone "$_id"
}

# runc's columns, in runc's order, and the owner in the JSON too
test_list_as_runc() {
	_id=$(new_id l)
	start_sleeper "$_id"
	expect_eq "$(rj list | head -n 1 | tr -s ' ')" \
	    "ID PID STATUS BUNDLE CREATED OWNER" "list's header"
	if command -v runc >/dev/null 2>&1; then
		expect_eq "$(runc --root "$T_TMP/runc" list | head -n 1 |
		    tr -s ' ')" "ID PID STATUS BUNDLE CREATED OWNER" \
		    "runc's header"
	fi
	rj list | grep -Eq "^$_id +[0-9]+ +running +$T_TMP/$_id +[0-9T:.-]+Z +root\$" ||
		fail "list's row: $(rj list)"
	_o=$(rj list -f json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)[0]["owner"])')
	expect_eq "$_o" root "list -f json: owner"
	rj delete --force "$_id"
}

# runc's exec exits 255 when the exec itself fails
test_exec_fails_255() {
	_id=$(new_id e)
	start_sleeper "$_id"
	FAIL_STATUS=255 expect_fail_with 'executable file not found' \
	    rj exec "$_id" nosuch
	FAIL_STATUS=255 expect_fail_with 'does not exist' rj exec nosuch-ctr true
	# a usage error stays 1; the process's own status is its own
	expect_fail_with 'no command' rj exec "$_id"
	_rc=0
	rj exec "$_id" sh -c 'exit 7' || _rc=$?
	expect_eq "$_rc" 7 "exec's status"
	rj delete --force "$_id"
}

test_events_oom() {
	make_bundle "$T_TMP/b" sh -c 'sleep 1; tail /dev/zero & sleep 1000'
	set_config "c['linux']['resources'] = {'memory': {'limit': 16777216,
	    'swap': 16777216}}"
	_id=$(new_id o)
	rj run -d --bundle "$T_TMP/b" "$_id"
	timeout 8 "$RUNJ" --root "$T_TMP/state" events --interval 1s "$_id" \
	    >ev || true
	grep -qx "{\"type\":\"oom\",\"id\":\"$_id\"}" ev ||
		fail "no oom event in: $(cut -c1-60 ev)"
	grep -q '"type":"stats"' ev || fail "no stats in: $(cut -c1-60 ev)"
	rj delete --force "$_id"
	expect_gone "$_id"
}

run_tests
