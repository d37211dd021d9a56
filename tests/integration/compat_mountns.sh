#!/bin/bash
# compat_mountns.sh: the mount namespace as runtime-spec has it (issue
# 10.10): not listed, it is the caller's; listed with a path, it is joined.
# Either way runj mounts nothing there and pivots no root others share: it
# chroots into root.path, and refuses what needs a mount.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"
. "$(dirname "$0")/../lib/runc.sh"

# shared_bundle ARGS...: no mount namespace, nothing that needs one.
shared_bundle() {
	make_bundle "$T_TMP/b" "$@"
	echo in-rootfs >"$T_TMP/b/rootfs/marker"
	set_config '
c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "mount"]
c["mounts"] = []
c["root"]["readonly"] = False
for k in ("maskedPaths", "readonlyPaths"):
    c["linux"].pop(k, None)'
}

# The host's mounts a runtime mounting in the host's namespace would
# change: / (its propagation) and those under the test's directory.  (Other
# tests running at the same time mount elsewhere.)
host_mounts() {
	awk -v t="$T_TMP" '$5 == "/" || index($5, t) == 1 { print $5, $7 }' \
	    /proc/self/mountinfo | sort
}

test_no_mount_namespace_chroots_in_the_callers() {
	shared_bundle sh -c 'cat /marker; sleep 1000'
	before=$(host_mounts)
	id=$(new_id)
	rj create --bundle "$BUNDLE" "$id"
	rj start "$id"
	wait_status "$id" running
	pid=$(pid_of "$id")
	expect_eq "$(readlink /proc/"$pid"/ns/mnt)" "$(readlink /proc/self/ns/mnt)" \
	    "the container's mount namespace"
	expect_eq "$(readlink /proc/"$pid"/root)" "$BUNDLE/rootfs" "its root"
	expect_eq "$(host_mounts)" "$before" "the host's mounts"
	# exec lands in the same root
	expect_eq "$(rj exec "$id" cat /marker)" in-rootfs "exec's root"
	rj delete --force "$id"
	expect_gone "$id"
	expect_eq "$(host_mounts)" "$before" "the host's mounts after delete"
}

test_no_mount_namespace_run() {
	shared_bundle sh -c 'cat /marker; pwd'
	out=$(run_ctr)
	expect_eq "$out" "in-rootfs
/" "the process's view"
}

# What needs a mount is refused at create, naming the field, and leaves
# nothing behind.
test_no_mount_namespace_refuses_what_needs_a_mount() {
	shared_bundle true
	for edit in \
	    'c["mounts"] = [{"destination": "/proc", "type": "proc", "source": "proc"}]' \
	    'c["linux"]["maskedPaths"] = ["/proc/kcore"]' \
	    'c["linux"]["readonlyPaths"] = ["/proc/sys"]' \
	    'c["root"]["readonly"] = True' \
	    'c["linux"]["rootfsPropagation"] = "rprivate"' \
	    'c["linux"]["devices"] = [{"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229}]'; do
		cp "$BUNDLE/config.json" "$T_TMP/saved.json"
		set_config "$edit"
		id=$(new_id)
		expect_fail_with 'config.json: (mounts|linux\.maskedPaths|linux\.readonlyPaths|root\.readonly|linux\.rootfsPropagation|linux\.devices): needs a new mount namespace' \
		    rj create --bundle "$BUNDLE" "$id"
		expect_gone "$id"
		cp "$T_TMP/saved.json" "$BUNDLE/config.json"
	done
	# runc refuses maskedPaths without one too (before it starts anything)
	need_runc
	set_config 'c["linux"]["maskedPaths"] = ["/proc/kcore"]'
	rout=$(runc_ctr 2>&1) && fail "runc ran it: $rout"
	expect_match "$rout" 'without a private MNT namespace' "runc's refusal"
}

# A mount namespace joined by path: the container is in it (and sees what
# is mounted there), chrooted; the namespace's own root is untouched.
test_joined_mount_namespace() {
	shared_bundle sh -c 'cat /mnt/f; sleep 1000'
	mkdir -p "$T_TMP/b/rootfs/mnt"
	unshare -m --propagation private sh -c \
	    "mount -t tmpfs none '$T_TMP/b/rootfs/mnt' && echo only-in-ns >'$T_TMP/b/rootfs/mnt/f' &&
	     touch '$T_TMP/ready' && exec sleep 300" &
	holder=$!
	echo "$holder" >"$T_TMP/holder"
	wait_file_exists "$T_TMP/ready"
	set_config 'c["linux"]["namespaces"].append({"type": "mount", "path": "/proc/'"$holder"'/ns/mnt"})'
	id=$(new_id)
	rj create --bundle "$BUNDLE" "$id"
	rj start "$id"
	wait_status "$id" running
	pid=$(pid_of "$id")
	expect_eq "$(readlink /proc/"$pid"/ns/mnt)" "$(readlink /proc/"$holder"/ns/mnt)" \
	    "the container's mount namespace"
	expect_eq "$(rj exec "$id" cat /mnt/f)" only-in-ns "exec sees the joined namespace"
	# the holder's root is still the host's /, not the container's
	expect_eq "$(readlink /proc/"$holder"/root)" / "the namespace's root"
	[ ! -e "$T_TMP/b/rootfs/mnt/f" ] || fail "the joined namespace's mount leaked to the host"
	rj delete --force "$id"
	expect_gone "$id"
}

wait_file_exists() {
	for _i in $(seq 100); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 did not appear"
}

# The holder is ours to stop, then engine.sh's teardown.
eval "engine_$(declare -f teardown)"
teardown() {
	[ -s "$T_TMP/holder" ] && kill "$(cat "$T_TMP/holder")" 2>/dev/null
	engine_teardown
}

run_tests
