#!/bin/bash
# engine_exec.sh: the commands on a live container: exec in its forms, ps,
# pause/resume, update, events, features; and the console socket of create
# and exec -t.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

test_exec_foreground_status_and_output() {
	id=$(new_id)
	start_sleeper "$id"
	out=$(rj exec "$id" sh -c 'echo in-$(cat /proc/1/comm); exit 5' </dev/null) && rc=0 || rc=$?
	expect_eq "$out" in-sleep "exec output (in the container's pid namespace)"
	expect_eq "$rc" 5 "exec exit status"
	expect_eq "$(rj exec "$id" true </dev/null; echo $?)" 0 "exec of true"
	expect_eq "$(rj exec "$id" readlink /proc/self/ns/pid)" \
	    "$(readlink /proc/"$(pid_of "$id")"/ns/pid)" "exec joins the pid namespace"
	expect_eq "$(rj exec "$id" readlink /proc/self/ns/mnt)" \
	    "$(readlink /proc/"$(pid_of "$id")"/ns/mnt)" "exec joins the mount namespace"
	rj delete --force "$id"
	expect_gone "$id"
}

test_exec_env_cwd_user() {
	id=$(new_id)
	start_sleeper "$id"
	expect_eq "$(rj exec --env FOO=bar -e BAZ=q "$id" sh -c 'echo $FOO$BAZ')" barq "--env"
	expect_eq "$(rj exec --cwd /etc "$id" pwd)" /etc "--cwd"
	expect_eq "$(rj exec --user 1000:1001 "$id" sh -c 'echo $(id -u):$(id -g)')" 1000:1001 "--user"
	expect_eq "$(rj exec --user 1234 "$id" id -u)" 1234 "--user UID"
	FAIL_STATUS=255 expect_fail_with 'user' rj exec --user bob "$id" true
	rj delete --force "$id"
	expect_gone "$id"
}

test_exec_detach_and_pid_file() {
	id=$(new_id)
	start_sleeper "$id"
	rj exec --detach --pid-file "$T_TMP/exec.pid" "$id" sh -c 'echo detached >/dev/shm/mark; sleep 1000'
	epid=$(cat "$T_TMP/exec.pid")
	[ "$epid" -gt 0 ] && kill -0 "$epid" || fail "detached exec pid $epid is not alive"
	for _i in $(seq 50); do
		[ "$(rj exec "$id" cat /dev/shm/mark 2>/dev/null)" = detached ] && break
		sleep 0.05
	done
	expect_eq "$(rj exec "$id" cat /dev/shm/mark)" detached "the detached process ran"
	js=$(rj ps --format json "$id")
	expect_eq "$(json_get "$js" "{$(pid_of "$id"), $epid} <= set(j)")" true \
	    "ps --format json ($js) has the init and the exec"
	expect_match "$(rj ps "$id")" "PID" "ps table"
	rj delete --force "$id"
	expect_gone "$id" "$epid"
}

# The exec'd process's pid comes from a helper while its readiness comes
# from the process itself: the pid must be known every time (a -1 here
# would reach --pid-file and, in the foreground, kill(2) of the signals
# runj forwards).
test_exec_pid_is_always_known() {
	id=$(new_id)
	start_sleeper "$id"
	for i in $(seq 25); do
		rm -f "$T_TMP/epid"
		rj exec --detach --pid-file "$T_TMP/epid" "$id" true
		p=$(cat "$T_TMP/epid")
		[ "$p" -gt 0 ] || fail "exec $i: pid file says $p"
	done
	rj delete --force "$id"
	expect_gone "$id"
}

test_exec_process_file() {
	id=$(new_id)
	start_sleeper "$id"
	cat >"$T_TMP/proc.json" <<'EOF'
{"args": ["sh", "-c", "echo $P:$(pwd):$(id -u); exit 4"], "cwd": "/tmp",
 "env": ["PATH=/bin", "P=from-file"], "user": {"uid": 7, "gid": 7}}
EOF
	out=$(rj exec --process "$T_TMP/proc.json" "$id") && rc=0 || rc=$?
	expect_eq "$out" from-file:/tmp:7 "--process output"
	expect_eq "$rc" 4 "--process exit status"
	echo '{"args": "sh"}' >"$T_TMP/bad.json"
	FAIL_STATUS=255 expect_fail_with 'args' rj exec --process "$T_TMP/bad.json" "$id"
	rj delete --force "$id"
	expect_gone "$id"
}

test_exec_in_stopped_container_fails() {
	id=$(new_id)
	make_bundle "$T_TMP/b" true
	rj create --bundle "$T_TMP/b" "$id"
	rj start "$id"
	wait_status "$id" stopped
	FAIL_STATUS=255 expect_fail_with "$id.*stopped" rj exec "$id" true
	FAIL_STATUS=255 expect_fail_with "does not exist" rj exec "$(new_id)" no-such-prog
	rj delete "$id"
	expect_gone "$id"
}

test_exec_missing_program() {
	id=$(new_id)
	start_sleeper "$id"
	FAIL_STATUS=255 expect_fail_with 'no-such-prog' rj exec "$id" no-such-prog
	rj delete --force "$id"
	expect_gone "$id"
}

test_pause_resume() {
	id=$(new_id)
	make_bundle "$T_TMP/$id" sh -c 'i=0; while :; do i=$((i+1)); echo $i >/dev/shm/n; sleep 0.05; done'
	rj create --bundle "$T_TMP/$id" "$id"
	rj start "$id"
	wait_status "$id" running
	rj pause "$id"
	expect_eq "$(status_of "$id")" paused "status after pause"
	pid=$(pid_of "$id")
	# frozen: the counter the container writes stands still
	a=$(cat /proc/"$pid"/root/dev/shm/n)
	sleep 0.3
	expect_eq "$(cat /proc/"$pid"/root/dev/shm/n)" "$a" "counter while paused"
	expect_fail_with "$id.*paused" rj pause "$id"
	rj resume "$id"
	expect_eq "$(status_of "$id")" running "status after resume"
	sleep 0.3
	[ "$(cat /proc/"$pid"/root/dev/shm/n)" != "$a" ] || fail "counter stands still after resume"
	expect_fail_with "$id.*running" rj resume "$id"
	# a paused container can be deleted by force
	rj pause "$id"
	rj delete --force "$id"
	expect_gone "$id" "$pid"
}

test_update_memory() {
	id=$(new_id)
	start_sleeper "$id"
	rj update --memory 67108864 "$id"
	if [ -f /sys/fs/cgroup/memory/runj/"$id"/memory.limit_in_bytes ]; then
		expect_eq "$(cat /sys/fs/cgroup/memory/runj/"$id"/memory.limit_in_bytes)" 67108864 "v1 memory limit"
	elif [ -f /sys/fs/cgroup/runj/"$id"/memory.max ]; then
		expect_eq "$(cat /sys/fs/cgroup/runj/"$id"/memory.max)" 67108864 "v2 memory.max"
	else
		fail "no memory controller file for $id: $(cgroup_dirs "$id")"
	fi
	echo '{"pids": {"limit": 99}}' | rj update -r - "$id"
	for f in /sys/fs/cgroup/pids/runj/"$id"/pids.max /sys/fs/cgroup/runj/"$id"/pids.max; do
		[ -f "$f" ] && expect_eq "$(cat "$f")" 99 "pids.max"
	done
	expect_fail_with 'memory' rj update --memory lots "$id"
	rj delete --force "$id"
	expect_gone "$id"
}

test_events_stats() {
	id=$(new_id)
	start_sleeper "$id"
	js=$(rj events --stats "$id")
	expect_eq "$(json_get "$js" 'j["type"]')" stats "events type"
	expect_eq "$(json_get "$js" 'j["id"]')" "$id" "events id"
	expect_eq "$(json_get "$js" 'isinstance(j["data"], dict)')" true "events data"
	rj delete --force "$id"
	expect_gone "$id"
}

test_features() {
	js=$("$RUNJ" features)
	expect_match "$(json_get "$js" 'j["ociVersionMin"]')" '^1\.' ociVersionMin
	expect_eq "$(json_get "$js" 'j["linux"]["seccomp"]["enabled"]')" true "linux.seccomp.enabled"
	expect_eq "$(json_get "$js" '"SCMP_ACT_ERRNO" in j["linux"]["seccomp"]["actions"]')" true "seccomp actions"
	expect_eq "$(json_get "$js" '"pid" in j["linux"]["namespaces"]')" true "namespaces"
	expect_eq "$(json_get "$js" '"createRuntime" in j["hooks"]')" true "hooks"
}

test_console_socket_create() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sh -c 'echo hello-from-pty; tty; [ -t 0 ] && [ -t 1 ] && echo both-ttys; sleep 0.3'
	set_config 'c["process"]["terminal"] = True'
	console_server "$T_TMP/console.sock" "$T_TMP/console.out"
	srv=$!
	rj create --bundle "$T_TMP/b" --console-socket "$T_TMP/console.sock" "$id"
	rj start "$id"
	wait "$srv" || fail "console server failed"
	out=$(tr -d '\r' <"$T_TMP/console.out")
	expect_match "$out" '^hello-from-pty$' "output over the pty"
	expect_match "$out" '^/dev/(pts/[0-9]+|console)$' "tty"
	expect_match "$out" '^both-ttys$' "stdin and stdout are the terminal"
	wait_status "$id" stopped
	rj delete "$id"
	expect_gone "$id"
}

test_console_socket_exec_tty() {
	id=$(new_id)
	start_sleeper "$id"
	console_server "$T_TMP/console.sock" "$T_TMP/console.out"
	srv=$!
	rj exec -t --console-socket "$T_TMP/console.sock" "$id" sh -c 'echo exec-pty; tty' </dev/null
	wait "$srv" || fail "console server failed"
	out=$(tr -d '\r' <"$T_TMP/console.out")
	expect_match "$out" '^exec-pty$' "exec output over the pty"
	expect_match "$out" '^/dev/pts/[0-9]+$' "exec tty"
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
