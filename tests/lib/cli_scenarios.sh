# shellcheck shell=bash
# cli_scenarios.sh: the scenarios Docker and Podman share (their command
# lines agree on all of these), sourced after an engine lib (docker.sh or
# podman.sh, which define eng, eng_cmd, eng_rt and $ENG_IMAGE) and
# vsrunc.sh.  Each prints what a user sees; vs_runc compares runc's and
# runj's.  Names come from cname, so eng_cleanup removes them.

IMG=$ENG_IMAGE
# sh as pid 1 ignores SIGTERM unless it traps it: this one leaves with 42
LOOP='trap "exit 42" TERM; while :; do sleep 0.1; done'

erun() {
	# shellcheck disable=SC2046
	eng run $(eng_rt) "$@"
}

# show CMD...: CMD's stdout, its status, and the runc phrases in its stderr
# (an engine's own wording around them is the same for both runtimes; the
# runtime's part is what differs).
show() {
	_o=$("$@" 2>"$T_TMP/show.err")
	_r=$?
	# docker exec prints the runtime's error on stdout
	if printf '%s' "$_o" | grep -q 'OCI runtime'; then
		_o=$(printf '%s\n' "$_o" | grep -v 'OCI runtime')
		echo "runtime error: $(phrase "$(cat "$T_TMP/show.err")" \
		    "$(printf '%s' "$_o")")"
	fi
	[ -z "$_o" ] || printf '%s\n' "$_o"
	echo "status=$_r"
	_p=$(phrase "$(cat "$T_TMP/show.err")")
	[ -z "$_p" ] || echo "error: $_p"
	return 0
}

state_of() {
	eng inspect -f '{{.State.Status}} exit={{.State.ExitCode}}' "$1"
}

running() {
	[ "$(eng inspect -f '{{.State.Status}}' "$1" 2>/dev/null)" = running ]
}

# Done with: exited, or gone.  Podman reads "stopped" between the
# runtime's exit and its cleanup, which races with an inspect.
finished() {
	case $(eng inspect -f '{{.State.Status}}' "$1" 2>/dev/null) in
	paused | running | stopping | stopped) return 1 ;;
	esac
}

# start_loop NAME [RUN OPTIONS]: a detached container running $LOOP
start_loop() {
	_n=$1
	shift
	erun -d --name "$_n" "$@" "$IMG" sh -c "$LOOP" >/dev/null
	settle running "$_n" || echo "$_n never ran: $(state_of "$_n" 2>&1)"
}

scen_run_exit() {
	_n=$(cname)
	erun --name "$_n" "$IMG" sh -c 'echo out; echo err >&2; exit 7' \
	    >out 2>err
	_r=$?
	runc_must [ "$_r" = 7 ]
	echo "status=$_r"
	echo "stdout: $(cat out)"
	grep -qx err err && echo "stderr has err"
	echo "state: $(state_of "$_n")"
	show erun --rm "$IMG" true
	show erun --rm "$IMG" sh -c 'kill -9 $$'
}

# A command that is missing, in no PATH directory, or not executable:
# engines choose 127 or 126 from the runtime's words.
scen_bad_command() {
	for _c in /nonexistent nonexistent /etc/passwd; do
		echo "run $_c:"
		show erun --rm "$IMG" "$_c"
	done
	_n=$(cname)
	start_loop "$_n"
	for _c in /nonexistent nonexistent /etc/passwd; do
		echo "exec $_c:"
		show eng exec "$_n" "$_c"
	done
}

scen_exec() {
	_n=$(cname)
	start_loop "$_n"
	show eng exec "$_n" sh -c 'echo in; exit 3'
	runc_must grep -qx 'status=3' "$T_TMP/$_s.runc"
	show eng exec -u 65534:65534 "$_n" id
	show eng exec -w /tmp "$_n" pwd
	show eng exec -e RJ=x "$_n" sh -c 'echo $RJ'
	show eng exec "$_n" cat /proc/1/comm
	show eng exec "$_n" sh -c 'echo x >/tmp/mark'
	show eng exec "$_n" cat /tmp/mark
	show eng exec -d "$_n" sleep 1
	echo "state: $(state_of "$_n")"
}

scen_logs() {
	_n=$(cname)
	erun -d --name "$_n" "$IMG" sh -c 'echo one; echo two >&2; echo three' \
	    >/dev/null
	echo "wait: $(eng wait "$_n")"
	eng logs "$_n" >out 2>err
	echo "stdout: $(paste -sd' ' out)"
	echo "stderr: $(paste -sd' ' err)"
}

# stop: SIGTERM, then SIGKILL once the timeout has passed
scen_stop() {
	_n=$(cname)
	start_loop "$_n"
	eng stop -t 10 "$_n" >/dev/null
	echo "stop: $? state: $(state_of "$_n")"
	_n=$(cname)
	erun -d --name "$_n" "$IMG" sleep 1000 >/dev/null
	settle running "$_n"
	_t0=$(date +%s)
	eng stop -t 2 "$_n" >/dev/null
	echo "stop: $? state: $(state_of "$_n")"
	[ $(($(date +%s) - _t0)) -ge 2 ] && echo "SIGKILL came after the timeout"
}

scen_kill() {
	_n=$(cname)
	start_loop "$_n"
	eng kill -s TERM "$_n" >/dev/null
	echo "kill -s TERM: $? wait: $(eng wait "$_n")"
	_n=$(cname)
	start_loop "$_n"
	eng kill "$_n" >/dev/null
	echo "kill: $? wait: $(eng wait "$_n")"
	echo "again:"
	show eng kill "$_n"
}

# pause and resume: the process stands still, then moves on; SIGKILL to a
# paused container (the engine may refuse it first) ends it.
scen_pause() {
	_n=$(cname)
	erun -d --name "$_n" "$IMG" sh -c 'i=0; while :; do
		i=$((i + 1)); echo $i >/n.new; mv /n.new /n; sleep 0.05
	done' >/dev/null
	settle running "$_n"
	settle eng exec "$_n" test -s /n
	show eng pause "$_n"
	echo "state: $(state_of "$_n")"
	echo "exec while paused:"
	show eng exec "$_n" true
	show eng unpause "$_n"
	echo "state: $(state_of "$_n")"
	_a=$(eng exec "$_n" cat /n)
	sleep 0.3
	_b=$(eng exec "$_n" cat /n)
	[ "$_b" -gt "$_a" ] && echo "the counter moved after unpause"
	eng pause "$_n" >/dev/null
	echo "kill -s KILL while paused:"
	ENG_TIMEOUT=15 show eng kill -s KILL "$_n"
	settle finished "$_n"
	echo "state: $(state_of "$_n")"
}

scen_stats() {
	_n=$(cname)
	start_loop "$_n" --memory 64m
	eng stats --no-stream --format '{{.MemUsage}}' "$_n" >out
	echo "status=$? limit:$(sed 's,.*/,,' out)"
	eng stats --no-stream --format '{{.PIDs}}' "$_n" >out
	echo "status=$? pids: $(cat out)"
}

# What the container sees of its limits and of its cgroups.
CG_READ='for f in memory.max memory/memory.limit_in_bytes pids.max \
    pids/pids.max; do [ -f /sys/fs/cgroup/$f ] && echo "$f $(cat /sys/fs/cgroup/$f)"; done'

scen_limits() {
	show erun --rm --memory 64m --memory-swap 64m --pids-limit 42 \
	    "$IMG" sh -c "$CG_READ"
	echo "cgroups seen inside:"
	erun --rm "$IMG" cat /proc/self/cgroup |
		sed -E 's/[0-9a-f]{64}/ID/g; s/runj-[a-z]*-?[A-Za-z0-9]+/NS/g'
	# Under a limit of 5 runc's own start sometimes failed (126 or 127,
	# by timing; its short-lived init processes count until reaped), so
	# the control was not stable: room for them, and more forks.
	echo "a fork over the pids limit:"
	show erun --rm --pids-limit 10 "$IMG" sh -c \
	    'for i in $(seq 16); do sleep 3 & done 2>/dev/null; wait
	     echo forked'
	echo "out of memory:"
	_n=$(cname)
	show erun --name "$_n" --memory 16m --memory-swap 16m "$IMG" \
	    sh -c 'tail /dev/zero'
	eng inspect -f 'oom-killed={{.State.OOMKilled}}' "$_n"
}

# -it: the engine gives the runtime a console socket.
scen_tty() {
	command -v script >/dev/null || { host_limit "script(1) is missing"; return; }
	# a moment before the output: an engine may attach late (Podman
	# lost a fast container's output now and then, with runc too)
	_c="$(eng_cmd) run --rm -it $(eng_rt) $IMG sh -c 'sleep 0.5; tty; echo hi; exit 5'"
	timeout -s KILL 30 script -qec "$_c" /dev/null </dev/null >out 2>&1
	echo "status=$?"
	tr -d '\r\000' <out | sed 's/\^@//g; s,/dev/pts/[0-9]*,/dev/pts/N,'
	_n=$(cname)
	start_loop "$_n"
	_c="$(eng_cmd) exec -it $_n sh -c 'sleep 0.5; tty; echo ho; exit 4'"
	timeout -s KILL 30 script -qec "$_c" /dev/null </dev/null >out 2>&1
	echo "exec status=$?"
	tr -d '\r\000' <out | sed 's/\^@//g; s,/dev/pts/[0-9]*,/dev/pts/N,'
}

scen_device() {
	show erun --rm --device /dev/null:/dev/xnull "$IMG" sh -c \
	    'test -c /dev/xnull && echo char; echo x >/dev/xnull && echo wrote'
}

scen_privileged() {
	show erun --rm --privileged "$IMG" sh -c \
	    'grep CapEff /proc/self/status; ls /dev/null && echo devices'
	if [ "$RT" = runc ] && grep -q 'apply caps: operation not permitted' \
	    "$T_TMP/show.err"; then
		host_limit "--privileged: runc cannot apply every capability" \
		    "(this host's bounding set lacks some)"
	fi
}

scen_mknod() {
	show erun --rm "$IMG" sh -c \
	    'mknod /tmp/n c 1 3 && echo made && echo x >/tmp/n && echo wrote'
	show erun --rm "$IMG" sh -c 'mknod /tmp/b b 7 0 && echo made'
}

scen_volume() {
	mkdir -p vol
	echo host >vol/h
	show erun --rm -v "$T_TMP/vol:/data" "$IMG" sh -c \
	    'cat /data/h; echo ctr >/data/c'
	echo "host sees: $(cat vol/c)"
	show erun --rm -v "$T_TMP/vol:/data:ro" "$IMG" sh -c \
	    'echo x >/data/x'
	rm -rf vol
}

scen_read_only() {
	show erun --rm --read-only --tmpfs /tmp "$IMG" sh -c \
	    'touch /x; touch /tmp/x && echo tmp; cat /proc/self/mountinfo |
	     awk "\$5 == \"/\" { print \$6 }" | cut -d, -f1'
}

scen_user() {
	show erun --rm -u 65534:65534 "$IMG" id
	show erun --rm -u 1000 "$IMG" id
	show erun --rm -u 1000:1000 --group-add 10 "$IMG" id
	show erun --rm -u 65534 "$IMG" sh -c 'touch /root/x'
}

# HOME comes from the image's /etc/passwd unless the engine sets it
scen_env() {
	show erun --rm "$IMG" sh -c 'echo "HOME=$HOME"'
	show erun --rm -u 65534 "$IMG" sh -c 'echo "HOME=$HOME"'
	show erun --rm -u 4242 "$IMG" sh -c 'echo "HOME=$HOME"'
	show erun --rm -e HOME=/srv "$IMG" sh -c 'echo "HOME=$HOME"'
}

scen_cap_drop() {
	show erun --rm --cap-drop ALL "$IMG" sh -c 'grep Cap /proc/self/status'
	show erun --rm --cap-drop ALL "$IMG" sh -c 'mknod /tmp/n c 1 3'
	show erun --rm --cap-drop ALL --cap-add CHOWN "$IMG" sh -c \
	    'grep Cap /proc/self/status'
}

# kill just as the container exits: whatever the moment, the engine takes
# it as done (runc's "container not running") or as already stopped.  An
# error in other words is printed, and fails the comparison.
scen_kill_race() {
	for _i in 1 2 3 4 5 6; do
		_n=$(cname)
		erun -d --name "$_n" "$IMG" sh -c 'sleep 0.3' >/dev/null
		sleep 0.$((_i + 1))
		eng kill "$_n" >/dev/null 2>"$T_TMP/kill.err"
		_r=$?
		_e=$(cat "$T_TMP/kill.err")
		# fine: killed; stopped before the engine asked the runtime
		# (Podman: "container state improper"); or the runtime's
		# "container not running", which engines take as stopped
		case "$_r:$_e" in
		0:* | *"not running"* | *"state improper"*) ;;
		*) echo "kill $_i: status $_r: $_e" ;;
		esac
		eng wait "$_n" >/dev/null
	done
	echo "kills done"
}

# cli_scenario_tests [NAME...]: the test functions, one per scenario:
# test_run_exit attaches to the file's engine (eng_attach) and runs vs_runc
# scen_run_exit.  The scenarios NAMEd are left out: each engine file says
# which difference from runc, fixed in another branch, they wait for.
cli_scenario_tests() {
	for _s in $(declare -F | awk '{ print $3 }' | grep '^scen_'); do
		case " $* " in *" ${_s#scen_} "*) continue ;; esac
		eval "test_${_s#scen_}() { eng_attach; vs_runc $_s; }"
	done
}
