#!/bin/bash
# engine_lifecycle.sh: create/start/kill/delete/run in every state, the
# state JSON, list, and the crash cases (an init or a `runj create` killed
# halfway) that must still clean up completely.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# A process that ends on SIGTERM: as a namespace's pid 1 only a caught
# signal is delivered, so sh traps it.
TRAP_TERM='trap "exit 0" TERM; while :; do sleep 0.1; done'

test_state_json_fields() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	set_config 'c["annotations"] = {"org.example.k": "v"}'
	(cd "$T_TMP/b" && rj create "$id")
	st=$(rj state "$id")
	expect_match "$(json_get "$st" 'j["ociVersion"]')" '^1\.[0-9]+\.[0-9]+' ociVersion
	expect_eq "$(json_get "$st" 'j["id"]')" "$id" id
	expect_eq "$(json_get "$st" 'j["status"]')" created status
	pid=$(json_get "$st" 'j["pid"]')
	[ "$pid" -gt 0 ] || fail "pid $pid"
	kill -0 "$pid" || fail "init $pid is not alive"
	expect_eq "$(json_get "$st" 'j["bundle"]')" "$(realpath "$T_TMP/b")" bundle
	expect_eq "$(json_get "$st" 'j["annotations"]')" '{"org.example.k": "v"}' annotations
	rj delete "$id"
	expect_gone "$id" "$pid"
}

test_delete_created_without_force() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	rj create --bundle "$T_TMP/b" "$id"
	pid=$(pid_of "$id")
	[ -n "$(cgroup_dirs "$id")" ] || fail "no cgroup for a created container"
	rj delete "$id"
	expect_gone "$id" "$pid"
}

test_kill_created_then_delete() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	rj create --bundle "$T_TMP/b" "$id"
	pid=$(pid_of "$id")
	rj kill "$id" KILL
	wait_status "$id" stopped
	rj delete "$id"
	expect_gone "$id" "$pid"
}

test_kill_running_by_every_signal_spelling() {
	for sig in TERM SIGTERM 15; do
		id=$(new_id "$sig")
		make_bundle "$T_TMP/$id" sh -c "$TRAP_TERM"
		rj create --bundle "$T_TMP/$id" "$id"
		rj start "$id"
		wait_status "$id" running
		pid=$(pid_of "$id")
		rj kill "$id" "$sig"
		wait_status "$id" stopped
		rj delete "$id"
		expect_gone "$id" "$pid"
	done
}

test_kill_and_delete_stopped() {
	id=$(new_id)
	make_bundle "$T_TMP/b" true
	rj create --bundle "$T_TMP/b" "$id"
	rj start "$id"
	wait_status "$id" stopped
	expect_fail_with "$id.*(stopped|not running|nothing)" rj kill "$id" KILL
	rj delete "$id"
	expect_gone "$id"
}

test_delete_running_needs_force() {
	id=$(new_id)
	start_sleeper "$id"
	pid=$(pid_of "$id")
	expect_fail_with "$id.*running" rj delete "$id"
	expect_eq "$(status_of "$id")" running "status after a refused delete"
	kill -0 "$pid" || fail "a refused delete killed the container"
	rj delete --force "$id"
	expect_gone "$id" "$pid"
}

test_delete_force_of_missing_is_done() {
	rj delete --force "$(new_id)"
	expect_fail_with 'does not exist' rj delete "$(new_id)"
}

test_second_start_fails_clearly() {
	id=$(new_id)
	start_sleeper "$id"
	expect_fail_with "$id.*running.*(not created|cannot start)" rj start "$id"
	expect_eq "$(status_of "$id")" running
	rj delete --force "$id"
	expect_gone "$id"
}

test_run_exit_status() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sh -c 'exit 3'
	rc=0
	rj run --bundle "$T_TMP/b" "$id" </dev/null || rc=$?
	expect_eq "$rc" 3 "run exit status"
	expect_gone "$id"
}

test_run_status_when_killed_by_signal() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	"$RUNJ" --root "$T_TMP/state" run --bundle "$T_TMP/b" "$id" </dev/null &
	runpid=$!
	wait_status "$id" running
	rj kill "$id" KILL
	rc=0
	wait "$runpid" || rc=$?
	expect_eq "$rc" 137 "run status of a SIGKILLed process"
	expect_gone "$id"
}

test_run_forwards_sigterm() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sh -c 'trap "exit 7" TERM; while :; do sleep 0.1; done'
	"$RUNJ" --root "$T_TMP/state" run --bundle "$T_TMP/b" "$id" </dev/null &
	runpid=$!
	wait_status "$id" running
	# Let the trap be set inside; runj run forwards what arrives after.
	sleep 0.3
	kill -TERM "$runpid"
	rc=0
	wait "$runpid" || rc=$?
	expect_eq "$rc" 7 "run status after SIGTERM to runj run (the trap exits 7)"
	expect_gone "$id"
}

test_run_detach() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	rj run --detach --bundle "$T_TMP/b" "$id" </dev/null
	expect_eq "$(status_of "$id")" running
	pid=$(pid_of "$id")
	rj delete --force "$id"
	expect_gone "$id" "$pid"
}

test_pid_file() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	rj create --bundle "$T_TMP/b" --pid-file "$T_TMP/pid" "$id"
	expect_eq "$(cat "$T_TMP/pid")" "$(pid_of "$id")" "pid file"
	rj delete --force "$id"
	expect_gone "$id"
}

test_list_json_and_quiet() {
	a=$(new_id a)
	b=$(new_id b)
	make_bundle "$T_TMP/b" sleep 1000
	rj create --bundle "$T_TMP/b" "$a"
	rj create --bundle "$T_TMP/b" "$b"
	rj start "$b"
	expect_eq "$(rj list -q | sort | tr '\n' ' ')" \
	    "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ' ')" "list -q"
	js=$(rj list --format json)
	expect_eq "$(json_get "$js" 'sorted((x["id"], x["status"]) for x in j)')" \
	    "[[\"$a\", \"created\"], [\"$b\", \"running\"]]" "list json"
	expect_eq "$(json_get "$js" 'all(x["pid"] > 0 and x["bundle"].startswith("/") for x in j)')" \
	    true "pid and bundle in list json"
	expect_match "$(rj list)" "^ID +PID +STATUS" "list table header"
	rj delete --force "$a"
	rj delete --force "$b"
	expect_eq "$(rj list --format json)" "[]" "empty list"
	expect_gone "$a"
	expect_gone "$b"
}

test_delete_force_after_init_sigkilled() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	rj create --bundle "$T_TMP/b" "$id"
	pid=$(pid_of "$id")
	kill -9 "$pid"
	rj delete --force "$id"
	expect_gone "$id" "$pid"
}

test_delete_force_after_create_sigkilled_mid_create() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	# The hook records the state it was given (with the init's pid), then
	# holds create in the middle.
	cat >"$T_TMP/hook.sh" <<EOF
#!/bin/sh
cat >"$T_TMP/hookstate.tmp"
echo \$\$ >"$T_TMP/hookpid"
mv "$T_TMP/hookstate.tmp" "$T_TMP/hookstate"
exec sleep 30
EOF
	chmod +x "$T_TMP/hook.sh"
	set_config "c['hooks'] = {'createRuntime': [{'path': '$T_TMP/hook.sh', 'env': ['PATH=/usr/bin:/bin']}]}"
	"$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/b" "$id" &
	createpid=$!
	wait_file "$T_TMP/hookstate"
	initpid=$(json_get "$(cat "$T_TMP/hookstate")" 'j["pid"]')
	[ "$initpid" -gt 0 ] || fail "hook state has no pid"
	kill -9 "$createpid"
	wait "$createpid" || true
	kill -9 "$(cat "$T_TMP/hookpid")" 2>/dev/null || true
	rj delete --force "$id"
	expect_gone "$id" "$initpid"
	expect_eq "$(rj list -q)" "" "list after the cleanup"
}

test_concurrent_create_of_one_id() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	"$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/b" "$id" >"$T_TMP/o1" 2>"$T_TMP/e1" &
	p1=$!
	"$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/b" "$id" >"$T_TMP/o2" 2>"$T_TMP/e2" &
	p2=$!
	r1=0 r2=0
	wait "$p1" || r1=$?
	wait "$p2" || r2=$?
	if [ "$r1" -eq 0 ]; then lose=2 rl=$r2; else lose=1 rl=$r1; fi
	[ $((r1 + r2)) -eq 1 ] || fail "exit statuses $r1 and $r2; e1: $(cat "$T_TMP/e1") e2: $(cat "$T_TMP/e2")"
	expect_eq "$rl" 1 "loser's exit status"
	expect_eq "$(wc -l <"$T_TMP/e$lose")" 1 "loser's stderr lines"
	expect_match "$(cat "$T_TMP/e$lose")" "$id.*(exist|busy|use)" "loser's error"
	expect_eq "$(status_of "$id")" created "the winner's container"
	pid=$(pid_of "$id")
	kill -0 "$pid" || fail "the winner's init died"
	rj delete "$id"
	expect_gone "$id" "$pid"
}

run_tests
