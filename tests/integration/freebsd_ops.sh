#!/bin/bash
# freebsd_ops.sh: the commands on a running jail container: ps, pause and
# resume, kill --all (child jails included), events --stats and update.
# On a FreeBSD host as root, and on Linux against the jail model.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

# The jail's processes, zombies left out.
live_pids() { fb_jail_pids "$1" | grep -v ' Z$' || true; }

# A zombie does not run: a paused jail with one is paused.
test_pause_with_a_zombie() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","sleep 0 & exec sleep 60"]'
	id=$(fb_id z)
	rj run --detach --bundle "$T_TMP/b" "$id"
	jid=$(fb_jls "$id" jid)
	for _ in $(seq 50); do
		fb_jail_pids "$jid" | grep -q ' Z$' && break
		sleep 0.1
	done
	fb_jail_pids "$jid" | grep -q ' Z$' || fail "no zombie: $(fb_jail_pids "$jid")"
	rj pause "$id"
	expect_eq "$(status_of "$id")" paused "status with a zombie"
	rj resume "$id"
	expect_eq "$(status_of "$id")" running "status after resume"
}

# A child jail of the container's is part of the container.
sub_jail() { # sub_jail ID: a child jail of ID's running sleep 60
	fb_jail -m name="$1" children.max=1 >/dev/null
	fb_jail -c name="$1.sub" path="$T_TMP/b/rootfs" persist >/dev/null
	(fb_jexec "$1.sub" /rescue/sleep 60 >/dev/null 2>&1 &)
	subjid=$(fb_jls "$1.sub" jid)
	for _ in $(seq 50); do
		[ -n "$(live_pids "$subjid")" ] && break
		sleep 0.1
	done
	[ -n "$(live_pids "$subjid")" ] || fail "nothing runs in $1.sub"
}

test_kill_all_reaches_child_jails() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id k)
	rj run --detach --bundle "$T_TMP/b" "$id"
	sub_jail "$id"
	rj kill --all "$id" KILL
	for _ in $(seq 50); do
		[ -z "$(live_pids "$subjid")" ] && break
		sleep 0.1
	done
	[ -z "$(live_pids "$subjid")" ] || fail "left in the child jail: $(live_pids "$subjid")"
}

test_pause_reaches_child_jails() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id pz)
	rj run --detach --bundle "$T_TMP/b" "$id"
	sub_jail "$id"
	rj pause "$id"
	expect_eq "$(status_of "$id")" paused "status"
	if [ -n "$FB_MODEL" ]; then
		for p in $(live_pids "$subjid"); do
			grep -q '^State:.*T' "/proc/$p/status" || fail "$p in the child jail runs"
		done
	else
		for p in $(live_pids "$subjid"); do
			ps -o state= -p "$p" | grep -q T || fail "$p in the child jail runs"
		done
	fi
	rj resume "$id"
}

test_ps_lists_the_jail() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id ps)
	rj run --detach --bundle "$T_TMP/b" "$id"
	rj exec --detach "$id" sleep 61
	pid=$(pid_of "$id")
	out=$(rj ps --format json "$id")
	expect_match "$out" "^\[.*\b$pid\b.*\]$" "ps json"
	expect_eq "$(json_get "$out" 'len(j)')" 2 "processes"
}

test_events_stats() {
	fb_boot racct
	fb_bundle "$T_TMP/b" '["sleep","60"]' '"linux":{"resources":{"memory":{"limit":67108864}}}'
	id=$(fb_id ev)
	rj run --detach --bundle "$T_TMP/b" "$id"
	out=$(rj events --stats "$id")
	expect_eq "$(json_get "$out" 'j["type"]')" stats "type"
	expect_eq "$(json_get "$out" 'j["data"]["pids"]["current"] >= 1')" true "pids.current"
	expect_eq "$(json_get "$out" 'j["data"]["memory"]["usage"]["limit"]')" 67108864 "memory limit"
}

test_update_replaces_limits() {
	fb_boot racct
	fb_bundle "$T_TMP/b" '["sleep","60"]' '"linux":{"resources":{"memory":{"limit":67108864},"pids":{"limit":20}}}'
	id=$(fb_id up)
	rj run --detach --bundle "$T_TMP/b" "$id"
	rj update --memory 134217728 --pids-limit 30 "$id"
	rules=$(fb_rctl "jail:$id")
	expect_match "$rules" "jail:$id:memoryuse:deny=(128M|134217728)" memoryuse
	expect_match "$rules" "jail:$id:maxproc:deny=30" maxproc
	! printf '%s' "$rules" | grep -q 'maxproc:deny=20' || fail "old rule kept: $rules"
	expect_eq "$(json_get "$(rj events --stats "$id")" 'j["data"]["memory"]["usage"]["limit"]')" \
		134217728 "memory limit after update"
}

# A state.json that names a host process (its pid and start time) does
# not make runj signal it: the init must be in the container's jail.
test_forged_state_does_not_signal_a_host_process() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id forged)
	rj run --detach --bundle "$T_TMP/b" "$id"
	sleep 60 &
	victim=$!
	# The start time as kinfo_proc has it; the model keeps Linux's.
	st=0
	[ -n "$FB_MODEL" ] && st=$(awk '{ print $22 }' "/proc/$victim/stat")
	python3 - "$T_TMP/state/$id/state.json" "$victim" "$st" <<'EOF2'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["pid"] = int(sys.argv[2])
if sys.argv[3] != "0":
    s["runj"]["startTime"] = int(sys.argv[3])
json.dump(s, open(p, "w"))
EOF2
	if [ -n "$FB_MODEL" ]; then
		expect_fail_with "not in its jail" rj kill "$id" KILL
	else
		! rj kill "$id" KILL 2>/dev/null || fail "kill of a forged pid succeeded"
	fi
	sleep 0.2
	kill -0 "$victim" || fail "runj killed a host process named by a forged state"
	kill "$victim"
	rj delete --force "$id"
}

teardown() {
	fb_teardown
	[ -n "$FB_MODEL" ] && return 0
	jail -r "$(cat "$T_TMP/.ids" 2>/dev/null | head -1).sub" 2>/dev/null || true
}

run_tests
