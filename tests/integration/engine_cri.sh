#!/bin/bash
# engine_cri.sh: the path Kubernetes takes.  containerd's CRI plugin runs
# pods with the runtime handler a RuntimeClass names: "runc" (the control)
# or "runj", each the runc shim with BinaryName and Root (README.md,
# runj(8)).  The client speaks the CRI's gRPC (tests/lib/cri/cri.py, since
# Debian 12 has no crictl); pods use the host network (no CNI here).
. "$(dirname "$0")/../lib/harness.sh"
. "$TOP/tests/lib/containerd.sh"
. "$TOP/tests/lib/cri.sh"
. "$TOP/tests/lib/vsrunc.sh"

PY=${PY:-$(test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)}

setup_file() {
	[ "$(id -u)" -eq 0 ] || skip "containerd needs root"
	[ -x "$RUNJ" ] || fail "$RUNJ: not built"
	cri_start "$F_TMP/cri"
}

teardown_file() {
	cri_paths "$F_TMP/cri"
	cri_stop
	ctrd_assert_clean
	for _h in runc runj; do
		_l=$("$RUNJ" --root "$(cri_rt_root $_h)/k8s.io" list -q 2>&1)
		[ -z "$_l" ] || fail "left in the $_h handler's root: $_l"
	done
	return 0
}

teardown() {
	cri_paths "$F_TMP/cri"
	grep -q '^FAIL' "$T_TMP/.log" 2>/dev/null && ctrd_dump
	CTRD_NS=k8s.io ctrd_sweep
}

# A pod with the handler $RT: its sandbox id in $POD, name in $POD_NAME.
pod_up() {
	POD_NAME=$(cname pod)
	POD=$(cri runp "$RT" "$POD_NAME" "$CRI_CG" "$CRI_LOGS")
}

pod_down() {
	cri stopp "$POD" && echo "pod stopped"
	cri rmp "$POD" && echo "pod removed"
}

# ctr_up NAME CMD...: a started container of the pod; its id in $CTR
ctr_up() {
	_name=$1
	shift
	CTR=$(cri create "$POD" "$POD_NAME" "$_name" "$CRI_CG" "$CRI_LOGS" \
	    "$CRI_IMAGE" "$@") || return 1
	cri start "$CTR"
}

# wait_exited ID: its status once exited, or after 10 s whatever it is
wait_exited() {
	for _ in $(seq 100); do
		cri status "$1" >"$T_TMP/st"
		grep -q '^CONTAINER_EXITED' "$T_TMP/st" && break
		sleep 0.1
	done
	cat "$T_TMP/st"
}

scen_run() {
	pod_up || { runc_must false; echo "no pod"; return; }
	ctr_up "c1-$RT" sh -c 'echo hi; echo err >&2; exit 3'
	_r=$?
	runc_must [ "$_r" = 0 ]
	echo "start: $_r"
	echo "status: $(wait_exited "$CTR")"
	# the CRI log: TIME STREAM TAG TEXT
	cut -d' ' -f2- "$CRI_LOGS/c1-$RT.log" | sort
	cri rm "$CTR" && echo "removed"
	pod_down
}

scen_exec() {
	pod_up || { runc_must false; echo "no pod"; return; }
	ctr_up c2 sh -c 'trap "exit 42" TERM; while :; do sleep 0.1; done'
	echo "start: $?"
	# the handler's BinaryName runs it, with the handler's Root
	_st=$("$(ctrd_rt_bin)" --root "$(cri_rt_root "$RT")/k8s.io" \
	    state "$CTR" 2>&1)
	runc_must grep -q '"status": *"running"' <<<"$_st"
	grep -q '"status": *"running"' <<<"$_st" &&
		echo "running in the handler's root"
	cri exec "$CTR" 10 sh -c 'echo in; exit 3'
	cri exec "$CTR" 10 /nonexistent 2>&1 |
		sed 's/.*\(no such file or directory\).*/\1/'
	# stop: SIGTERM, the trap's status
	cri stop "$CTR" 10
	echo "status: $(cri status "$CTR")"
	# the pod shares one pid namespace: sh is not pid 1, and must
	# ignore SIGTERM itself
	ctr_up c3 sh -c 'trap "" TERM; while :; do sleep 0.1; done'

	_t0=$(date +%s)
	cri stop "$CTR" 2
	echo "status: $(cri status "$CTR")"
	[ $(($(date +%s) - _t0)) -ge 2 ] && echo "SIGKILL came after the timeout"
	pod_down
}

for _s in $(declare -F | awk '{ print $3 }' | grep '^scen_'); do
	eval "test_${_s#scen_}() { cri_paths \"\$F_TMP/cri\"; vs_runc $_s; }"
done
run_tests
