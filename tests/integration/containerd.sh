#!/bin/bash
# containerd.sh: containerd's runc shim (io.containerd.runc.v2) drives runj
# through runc's command line: `ctr run --runc-binary runj`.  One private
# containerd serves the file, on a private socket, with its root, state and
# the runtimes' --root under $F_TMP; each test leaves no task, container or
# cgroup behind, and the file no mount, process or cgroup.  The scen_*
# scenarios run with runc as the control (tests/lib/vsrunc.sh).
. "$(dirname "$0")/../lib/harness.sh"
. "$TOP/tests/lib/containerd.sh"
. "$TOP/tests/lib/vsrunc.sh"

setup_file() {
	CTRD_BASE=$F_TMP ctrd_start
}

teardown_file() {
	ctrd_attach
	ctrd_stop
	ctrd_assert_clean
}

ctrd_attach() {
	CTRD_BASE=$F_TMP
	ctrd_paths
}

# A test that did not finish shows containerd's complaints and runj's
# --log (its output is shown only when it fails); its tasks go.
teardown() {
	ctrd_attach
	[ -f "$T_TMP/.finished" ] || ctrd_dump
	ctrd_sweep
}

# Every test ends here: its tasks and containers go, and nothing of them
# may be left in runj's --root or in the cgroups.
finish() {
	ctrd_sweep
	_left=$("$RUNJ" --root "$CTRD_RUNJ_NS_ROOT" list -q 2>&1) ||
		fail "runj list: $_left"
	[ -z "$_left" ] || fail "containers left in runj's --root: $_left"
	_cg=$(find /sys/fs/cgroup/"$CTRD_NS" /sys/fs/cgroup/*/"$CTRD_NS" \
	    -mindepth 1 -type d 2>/dev/null)
	[ -z "$_cg" ] || fail "cgroups left after delete: $_cg"
	: >"$T_TMP/.finished"
}

# The init: sh that leaves on SIGTERM (a pid 1 without a handler ignores
# it), waking every 0.1 s so the trap runs promptly.
LOOP='trap "exit 42" TERM; while :; do sleep 0.1; done'

# task_pid ID: the host pid of the task's init, as ctr shows it.
task_pid() {
	ctrd task ls | awk -v id="$1" '$1 == id { print $2 }'
}

# cgroup_dir PID: the directory of PID's memory cgroup (v1) or of its
# unified cgroup (v2), as seen from the host.
cgroup_dir() {
	_v1=$(awk -F: '$2 == "memory" { print $3 }' "/proc/$1/cgroup")
	if [ -n "$_v1" ]; then
		echo "/sys/fs/cgroup/memory$_v1"
		return
	fi
	_v2=$(awk -F: '$1 == "0" { print $3 }' "/proc/$1/cgroup")
	_mnt=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	echo "$_mnt$_v2"
}

test_run_exit_status() {
	ctrd_attach
	_rc=0
	ctrd_run --rm st7 sh -c 'echo out; echo err >&2; exit 7' \
	    >out 2>err || _rc=$?
	expect_eq "$_rc" 7 "ctr run --rm ... exit 7: status"
	expect_eq "$(cat out)" out "the container's stdout"
	grep -qx err err || fail "the container's stderr: $(cat err)"
	ctrd_run --rm st0 true || fail "ctr run --rm ... true: status $?"
	_rc=0
	ctrd_run --rm st255 sh -c 'exit 255' || _rc=$?
	expect_eq "$_rc" 255 "ctr run --rm ... exit 255: status"
	# --rm deleted the tasks and the containers, and runj's state
	expect_eq "$(ctrd container ls -q)" "" "containers after --rm"
	_left=$("$RUNJ" --root "$CTRD_RUNJ_NS_ROOT" list -q 2>&1) ||
		fail "runj list: $_left"
	expect_eq "$_left" "" "runj list after --rm"
	finish
}

test_create_error() {
	ctrd_attach
	# runj create fails; the shim passes runj's --log message up
	! ctrd_run --rm bad /nonexistent >out 2>err ||
		fail "ctr run ... /nonexistent succeeded"
	grep -q 'OCI runtime create failed.*/nonexistent' err ||
		fail "ctr run ... /nonexistent: no reason from runj in: $(cat err)"
	expect_eq "$(ctrd container ls -q)" "" "containers after a failed run"
	_left=$("$RUNJ" --root "$CTRD_RUNJ_NS_ROOT" list -q 2>&1) ||
		fail "runj list: $_left"
	expect_eq "$_left" "" "runj list after a failed create"
	# and the next container runs
	ctrd_run --rm good true || fail "ctr run --rm ... true: status $?"
	finish
}

test_exec() {
	ctrd_attach
	ctrd_run -d ex sh -c "$LOOP"
	ctrd_wait_status ex RUNNING
	_rc=0
	CTRD_TIMEOUT=10 ctrd_exec --exec-id e1 ex \
	    sh -c 'echo in-$((1 + 2)); exit 3' >out || _rc=$?
	expect_eq "$_rc" 3 "ctr task exec ... exit 3: status"
	expect_eq "$(cat out)" in-3 "ctr task exec: output"
	# the same mount and pid namespaces as the init
	CTRD_TIMEOUT=10 ctrd_exec --exec-id e2 ex sh -c 'echo x >/tmp/mark'
	_out=$(CTRD_TIMEOUT=10 ctrd_exec --exec-id e3 ex cat /tmp/mark) ||
		fail "ctr task exec cat /tmp/mark: status $?"
	expect_eq "$_out" x "a file another exec wrote"
	_out=$(CTRD_TIMEOUT=10 ctrd_exec --exec-id e4 ex cat /proc/1/comm) ||
		fail "ctr task exec cat /proc/1/comm: status $?"
	expect_eq "$_out" sh "the container's pid 1, seen from an exec"
	# Short processes, one after another: the shim must learn each
	# pid (from exec --pid-file) to report its exit.
	for _i in $(seq 20); do
		_rc=0
		CTRD_TIMEOUT=10 ctrd_exec --exec-id "q$_i" ex true || _rc=$?
		[ "$_rc" -eq 0 ] && continue
		_pf=$CTRD_BUNDLES/ex/q$_i.pid
		fail "ctr task exec --exec-id q$_i ex true: status $_rc" \
		    "(137: no exit reported within 10 s); runj wrote" \
		    "'$(cat "$_pf" 2>&1)' to $_pf"
	done
	expect_eq "$(ctrd_status ex)" RUNNING "the task after its execs"
	finish
}

test_kill() {
	ctrd_attach
	# SIGTERM by default; the init's trap chooses the status
	ctrd_run -d kt sh -c "$LOOP"
	ctrd_wait_status kt RUNNING
	ctrd task kill kt
	ctrd_wait_status kt STOPPED
	ctrd task delete kt 2>err || fail "ctr task delete kt: $(cat err)"
	grep -q 'exit code 42' err ||
		fail "ctr task delete kt: no 'exit code 42' in: $(cat err)"
	ctrd container rm kt
	# SIGKILL by name, to an init that ignores SIGTERM
	ctrd_run -d kk sleep 1000
	ctrd_wait_status kk RUNNING
	ctrd task kill -s SIGKILL kk
	ctrd_wait_status kk STOPPED
	ctrd task delete kk 2>err || fail "ctr task delete kk: $(cat err)"
	grep -q 'exit code 137' err ||
		fail "ctr task delete kk: no 'exit code 137' in: $(cat err)"
	ctrd container rm kk
	# --all reaches the children too
	ctrd_run -d ka sh -c 'sleep 1000 & sleep 1000 & wait'
	ctrd_wait_status ka RUNNING
	_pids=$(ctrd task ps ka | awk 'NR > 1 { print $1 }')
	expect_eq "$(echo "$_pids" | wc -l)" 3 "processes in ka"
	ctrd task kill -a -s KILL ka
	ctrd_wait_status ka STOPPED
	for _p in $_pids; do
		for _ in $(seq 50); do
			kill -0 "$_p" 2>/dev/null || break
			sleep 0.1
		done
		! kill -0 "$_p" 2>/dev/null ||
			fail "pid $_p survived ctr task kill -a -s KILL"
	done
	ctrd task delete ka 2>/dev/null
	ctrd container rm ka
	finish
}

test_ps() {
	ctrd_attach
	ctrd_run -d pp sh -c 'sleep 1000 & sleep 1001 & wait'
	ctrd_wait_status pp RUNNING
	_init=$(task_pid pp)
	# the children may take a moment to appear
	for _ in $(seq 50); do
		ctrd task ps pp >ps.out
		[ "$(awk 'NR > 1' ps.out | wc -l)" -eq 3 ] && break
		sleep 0.1
	done
	expect_eq "$(head -n 1 ps.out | awk '{ print $1 }')" PID "ps header"
	_pids=$(awk 'NR > 1 { print $1 }' ps.out | sort -n)
	expect_eq "$(echo "$_pids" | wc -l)" 3 \
	    "ctr task ps pp: $(tr '\n' ' ' <ps.out)"
	echo "$_pids" | grep -qx "$_init" ||
		fail "ctr task ps pp: the init $_init is not listed: $_pids"
	# host pids, of the container's own processes
	for _p in $_pids; do
		_c=$(tr '\0' ' ' <"/proc/$_p/cmdline" 2>/dev/null) ||
			fail "ctr task ps: pid $_p is no host process"
		expect_match "$_c" '^(sh -c|sleep 100[01])' "pid $_p's command"
	done
	finish
}

test_pause_resume() {
	ctrd_attach
	# a counter in /n, renamed into place so that a read is never torn
	ctrd_run -d pr sh -c 'i=0; while :; do
		i=$((i + 1)); echo $i >/n.new; mv /n.new /n; sleep 0.05
	done'
	ctrd_wait_status pr RUNNING
	_n=$CTRD_BUNDLES/pr/rootfs/n
	for _ in $(seq 50); do
		[ -s "$_n" ] && break
		sleep 0.1
	done
	[ -s "$_n" ] || fail "the counter never wrote $_n"
	ctrd task pause pr
	expect_eq "$(ctrd_status pr)" PAUSED "status after ctr task pause"
	_a=$(cat "$_n")
	sleep 0.5
	expect_eq "$(cat "$_n")" "$_a" "the counter while paused"
	ctrd task resume pr
	expect_eq "$(ctrd_status pr)" RUNNING "status after ctr task resume"
	sleep 0.5
	_b=$(cat "$_n")
	[ "$_b" -gt "$_a" ] ||
		fail "the counter did not move after resume: $_a, then $_b"
	finish
}

test_delete() {
	ctrd_attach
	ctrd_run -d dl sh -c "$LOOP"
	ctrd_wait_status dl RUNNING
	_cg=$(cgroup_dir "$(task_pid dl)")
	[ -d "$_cg" ] || fail "the task's cgroup $_cg is not there"
	"$RUNJ" --root "$CTRD_RUNJ_NS_ROOT" state dl >state.json ||
		fail "runj state dl: the shim's container is unknown to runj"
	# a running task cannot be deleted without --force
	! ctrd task delete dl 2>/dev/null ||
		fail "ctr task delete deleted a running task"
	expect_eq "$(ctrd_status dl)" RUNNING "status after a refused delete"
	ctrd task delete -f dl
	expect_eq "$(ctrd_status dl)" "" "status after ctr task delete -f"
	ctrd container rm dl
	expect_eq "$(ctrd container ls -q)" "" "containers after rm"
	# runj forgot it, its cgroup is gone, the bundle is unmounted
	! "$RUNJ" --root "$CTRD_RUNJ_NS_ROOT" state dl >/dev/null 2>&1 ||
		fail "runj state dl: the container is still known"
	[ ! -d "$_cg" ] || fail "the cgroup $_cg is left after delete"
	[ ! -d "$CTRD_BUNDLES/dl" ] ||
		fail "the bundle $CTRD_BUNDLES/dl is left after delete"
	finish
}

test_cgroup() {
	ctrd_attach
	# ctr puts linux.cgroupsPath /NAMESPACE/ID and the limit in the spec
	ctrd_run -d --memory-limit=67108864 cg sh -c "$LOOP"
	ctrd_wait_status cg RUNNING
	_pid=$(task_pid cg)
	grep -q ":/$CTRD_NS/cg\$" "/proc/$_pid/cgroup" ||
		fail "the init is not in the cgroup /$CTRD_NS/cg:" \
		    "$(tr '\n' ' ' <"/proc/$_pid/cgroup")"
	_cg=$(cgroup_dir "$_pid")
	if [ -f "$_cg/memory.limit_in_bytes" ]; then
		expect_eq "$(cat "$_cg/memory.limit_in_bytes")" 67108864 \
		    "$_cg/memory.limit_in_bytes"
	else
		expect_eq "$(cat "$_cg/memory.max")" 67108864 "$_cg/memory.max"
	fi
	finish
}

# A v1 hierarchy that exists but is mounted nowhere (left by whatever
# mounted and unmounted it) stops containerd's cgroup library for every
# runtime, runc too.
unmounted_v1() {
	awk -F: '$1 != "0" { print $2 }' /proc/self/cgroup | while read -r _h; do
		# one controller of it ("net_cls" of "net_cls,net_prio", or
		# "name=systemd") among a cgroup mount's options
		awk -v o="${_h%%,*}" '$3 == "cgroup" {
			n = split($4, a, ","); for (i = 1; i <= n; i++)
				if (a[i] == o) f = 1
		} END { exit !f }' /proc/mounts || echo "$_h"
	done
}

test_metrics() {
	_h=$(unmounted_v1 | paste -sd ' ')
	[ -z "$_h" ] || skip "cgroup v1 hierarchy $_h is not mounted:" \
	    "containerd cannot read any task's cgroups"
	ctrd_attach
	ctrd_run -d --memory-limit=67108864 mt sh -c "$LOOP"
	ctrd_wait_status mt RUNNING
	ctrd task metrics mt >metrics || fail "ctr task metrics mt: status $?"
	grep -Eq '^(memory\.limit_in_bytes|memory\.max) +67108864' metrics ||
		fail "ctr task metrics: no memory limit 67108864 in:" \
		    "$(tr '\n' ' ' <metrics)"
	grep -Eq '^pids\.current +[1-9]' metrics ||
		fail "ctr task metrics: no pids.current in: $(tr '\n' ' ' <metrics)"
	finish
}

test_terminal() {
	command -v script >/dev/null 2>&1 || skip "script(1) is not installed"
	ctrd_attach
	# script gives ctr a pty; ctr -t then asks the shim for one, and
	# runj create sends its master through --console-socket.
	_cmd="ctr -a $CTRD_SOCK -n $CTRD_NS run --rm -t"
	_cmd="$_cmd --fifo-dir $CTRD_DIR/fifo --runc-binary $RUNJ"
	_cmd="$_cmd --runc-root $CTRD_RUNJ_ROOT $CTRD_IMAGE tt"
	_cmd="$_cmd sh -c 'tty; echo hi; exit 5'"
	_rc=0
	timeout -s KILL 20 script -qec "$_cmd" /dev/null </dev/null \
	    >out 2>&1 || _rc=$?
	# the pty echoes ctr's NUL on stdin as "^@", with runc as well
	tr -d '\r\000' <out | sed 's/\^@//g' >out.txt
	expect_eq "$_rc" 5 "ctr run -t ... exit 5: status (output: $(cat out.txt))"
	grep -Eq '/dev/pts/[0-9]+$' out.txt ||
		fail "tty in the container: not a pty: $(cat out.txt)"
	grep -qx hi out.txt || fail "no 'hi' from the container: $(cat out.txt)"
	# an exec with a terminal: runj exec --tty --console-socket --detach
	ctrd_run -d te sh -c "$LOOP"
	ctrd_wait_status te RUNNING
	_cmd="ctr -a $CTRD_SOCK -n $CTRD_NS task exec -t"
	_cmd="$_cmd --fifo-dir $CTRD_DIR/fifo --exec-id tty1 te"
	_cmd="$_cmd sh -c 'tty; echo ho; exit 4'"
	_rc=0
	timeout -s KILL 20 script -qec "$_cmd" /dev/null </dev/null \
	    >out 2>&1 || _rc=$?
	# the pty echoes ctr's NUL on stdin as "^@", with runc as well
	tr -d '\r\000' <out | sed 's/\^@//g' >out.txt
	expect_eq "$_rc" 4 "ctr task exec -t ... exit 4: status (output: $(cat out.txt))"
	grep -Eq '/dev/pts/[0-9]+$' out.txt ||
		fail "tty in the exec: not a pty: $(cat out.txt)"
	grep -qx ho out.txt || fail "no 'ho' from the exec: $(cat out.txt)"
	finish
}

# ---- with runc as the control ----

eng_cleanup() {
	ctrd_sweep
}

# wait_stopped ID: the task's status once it has stopped, or what it is
# after 5 s.
wait_stopped() {
	for _ in $(seq 50); do
		[ "$(ctrd_status "$1")" = STOPPED ] && break
		sleep 0.1
	done
	ctrd_status "$1"
}

scen_run() {
	ctrd_run --rm "$(cname)" sh -c 'echo out; echo err >&2; exit 7' \
	    >out 2>err
	echo "status=$? stdout: $(cat out) stderr: $(cat err)"
	for _c in /nonexistent nonexistent /etc/passwd; do
		ctrd_run --rm "$(cname)" "$_c" >out 2>err
		echo "run $_c: status=$? $(phrase "$(cat err)")"
	done
}

scen_exec() {
	_id=$(cname)
	ctrd_run -d "$_id" sh -c "$LOOP"
	ctrd_wait_status "$_id" RUNNING
	CTRD_TIMEOUT=10 ctrd_exec --exec-id e1 "$_id" \
	    sh -c 'echo in; exit 3' >out 2>err
	echo "status=$? stdout: $(cat out)"
	_i=0
	for _c in /nonexistent nonexistent /etc/passwd; do
		_i=$((_i + 1))
		CTRD_TIMEOUT=10 ctrd_exec --exec-id "b$_i" "$_id" "$_c" \
		    >out 2>err
		echo "exec $_c: status=$? $(phrase "$(cat err)")"
	done
}

# SIGKILL to a paused task ends it now, not at a resume.
scen_kill_paused() {
	_id=$(cname)
	ctrd_run -d "$_id" sleep 1000
	ctrd_wait_status "$_id" RUNNING
	ctrd task pause "$_id"
	echo "paused: $(ctrd_status "$_id")"
	ctrd task kill -s SIGKILL "$_id"
	echo "kill: $? then: $(wait_stopped "$_id")"
	ctrd task delete "$_id" 2>&1 | sed 's/.*\(exit code [0-9]*\).*/\1/'
}

# A kill that races the exit: the shim takes runc's "container not
# running" as "already finished".
scen_kill_exited() {
	for _i in 1 2 3 4 5; do
		_id=$(cname)
		ctrd_run -d "$_id" sh -c 'sleep 0.2'
		sleep 0.$((_i + 1))
		_e=$(ctrd task kill -s SIGKILL "$_id" 2>&1)
		_r=$?
		case "$_r:$_e" in
		0:* | *"not found"*) ;;
		*) echo "kill $_i: status $_r: $_e" ;;
		esac
		wait_stopped "$_id" >/dev/null
	done
	echo "kills done"
}

for _s in $(declare -F | awk '{ print $3 }' | grep '^scen_'); do
	eval "test_vs_runc_${_s#scen_}() { ctrd_attach; vs_runc $_s; finish; }"
done

run_tests
