#!/bin/bash
# safety_fds.sh: CVE-2024-21626.  No descriptor of runj or of its caller
# reaches the container (only 0 1 2 and the --preserve-fds ones), and the
# process's working directory is inside the container, even when
# process.cwd names a /proc/self/fd/N that a leaked descriptor would fill.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# fds_of PID: the descriptors of a container's process, from the host.
fds_of() {
	ls /proc/"$1"/fd | sort -n | tr '\n' ' '
}

test_run_sees_only_stdio() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	exec 5</etc/passwd 6>"$T_TMP/w" 7<"$T_TMP"
	"$RUNJ" --root "$T_TMP/state" run --bundle "$T_TMP/b" "$id" </dev/null >/dev/null 2>&1 &
	exec 5<&- 6>&- 7<&-
	wait_status "$id" running
	pid=$(pid_of "$id")
	expect_eq "$(fds_of "$pid")" "0 1 2 " "descriptors of the container's process"
	[ /proc/"$pid"/cwd -ef "$T_TMP/b/rootfs" ] || fail "cwd is not the rootfs: $(readlink /proc/"$pid"/cwd)"
	rj delete --force "$id"
	wait || true
	expect_gone "$id" "$pid"
}

test_create_start_sees_only_stdio_and_root_cwd() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	exec 5</etc/passwd
	rj create --bundle "$T_TMP/b" "$id" >"$T_TMP/out" 2>&1
	exec 5<&-
	pid=$(pid_of "$id")
	rj start "$id"
	wait_status "$id" running
	expect_eq "$(fds_of "$pid")" "0 1 2 " "descriptors of the container's process"
	[ /proc/"$pid"/cwd -ef "$T_TMP/b/rootfs" ] || fail "cwd is not the rootfs: $(readlink /proc/"$pid"/cwd)"
	[ /proc/"$pid"/root -ef "$T_TMP/b/rootfs" ] || fail "root is not the rootfs"
	rj delete --force "$id"
	expect_gone "$id" "$pid"
}

test_preserve_fds_passes_exactly_those() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	echo preserved-data >"$T_TMP/p"
	exec 3<"$T_TMP/p" 4</etc/passwd
	rj run --detach --preserve-fds 1 --bundle "$T_TMP/b" "$id" </dev/null >/dev/null
	exec 3<&- 4<&-
	pid=$(pid_of "$id")
	expect_eq "$(fds_of "$pid")" "0 1 2 3 " "descriptors with --preserve-fds 1"
	expect_eq "$(readlink /proc/"$pid"/fd/3)" "$T_TMP/p" "fd 3 is the caller's"
	rj delete --force "$id"
	expect_gone "$id" "$pid"
}

test_exec_sees_only_stdio() {
	id=$(new_id)
	start_sleeper "$id"
	exec 5</etc/passwd 9>"$T_TMP/w"
	rj exec --detach --pid-file "$T_TMP/epid" "$id" sleep 1000 </dev/null
	out_cwd=$(rj exec "$id" readlink /proc/self/cwd </dev/null)
	exec 5<&- 9>&-
	epid=$(cat "$T_TMP/epid")
	expect_eq "$(fds_of "$epid")" "0 1 2 " "descriptors of an exec'd process"
	[ /proc/"$epid"/cwd -ef "$T_TMP/$id/rootfs" ] || fail "exec cwd is not the rootfs"
	expect_eq "$out_cwd" / "cwd of an exec"
	rj delete --force "$id"
	expect_gone "$id" "$epid"
}

# With process.cwd /proc/self/fd/N a leaked directory descriptor would put
# the process in the host's tree (the CVE's exploit).  Either create refuses
# the cwd or the process is inside: climbing up must end at the container's
# root, which has no /usr (the host's has).
test_cwd_through_proc_self_fd_stays_inside() {
	[ -d /usr ] || skip "the host has no /usr to tell its root apart"
	make_bundle "$T_TMP/b" sh -c 'readlink /proc/self/cwd; cd ../../../../../../../..; ls'
	for n in 3 4 5 6 7 8 9 10; do
		set_config "c['process']['cwd'] = '/proc/self/fd/$n'"
		out=$(run_ctr 2>&1) || continue
		! printf '%s\n' "$out" | grep -qx usr ||
			fail "cwd /proc/self/fd/$n reached the host's root: $out"
		! printf '%s\n' "$out" | grep -q "^$T_TMP\|^/sys/fs/cgroup\|^/run/runj\|^/tmp/runj" ||
			fail "cwd /proc/self/fd/$n is a host directory: $out"
	done
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root"
}

run_tests
