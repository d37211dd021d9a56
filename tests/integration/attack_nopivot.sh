#!/bin/bash
# attack_nopivot.sh: with --no-pivot the host's mount tree must not stay
# in the container's mount namespace.  If the host's /proc is still there
# (hidden under the moved root), a container process that makes a user
# and pid namespace of its own may mount a fresh procfs: the kernel allows
# it because a fully visible proc is already in the namespace, and the
# fresh one has none of the container's maskedPaths.  runc runs the same
# bundle as the control.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# Inside its own user, mount and pid namespaces (unshare -r maps root to
# root, which needs CAP_SETFCAP), mount proc and read /proc/timer_list,
# one of the default masked paths.
ATTACK='unshare -mrpf sh -c "mount -t proc none /mnt && echo PROC-MOUNTED &&
	echo TIMER_LIST=\$(head -c 4096 /mnt/timer_list | wc -c)" 2>&1
	echo MASKED=$(head -c 4096 /proc/timer_list | wc -c)'

attack_bundle() {
	[ -e /proc/timer_list ] || skip "this kernel has no /proc/timer_list"
	make_bundle "$T_TMP/b" sh -c "$ATTACK"
	set_config '
for k in ("bounding", "permitted", "effective"):
    c["process"]["capabilities"][k].append("CAP_SETFCAP")
c["process"]["capabilities"]["bounding"].append("CAP_SYS_ADMIN")
c["root"]["readonly"] = False'
}

test_no_pivot_hides_the_hosts_proc() {
	attack_bundle
	out=$("$RUNJ" --root "$T_TMP/state" run --no-pivot --bundle "$BUNDLE" \
	    "$(new_id np)" 2>&1) || true
	echo "runj: $out"
	# the setup itself worked: the masked path reads nothing
	expect_match "$out" 'MASKED=0' "the masked /proc/timer_list"
	# a nested user namespace was made, so the test can tell
	! printf '%s\n' "$out" | grep -q 'unshare:' ||
		fail "unshare failed, the test cannot tell: $out"
	! printf '%s\n' "$out" | grep -q PROC-MOUNTED ||
		fail "a fresh proc was mounted past maskedPaths: $out"
	expect_gone "$(tail -n1 "$T_TMP/.ids")"
	if command -v runc >/dev/null; then
		rout=$(runc --root "$T_TMP/runc" run --no-pivot --bundle "$BUNDLE" \
		    "$(new_id runc)" 2>&1) || true
		echo "runc: $rout"
		! printf '%s\n' "$rout" | grep -q PROC-MOUNTED ||
			fail "runc (the control) mounted proc: $rout"
	fi
}

# The same process with pivot_root: refused as well (the old root is
# detached there).
test_pivot_hides_the_hosts_proc() {
	attack_bundle
	out=$(run_ctr 2>&1) || true
	expect_match "$out" 'MASKED=0' "the masked /proc/timer_list"
	! printf '%s\n' "$out" | grep -q PROC-MOUNTED ||
		fail "a fresh proc was mounted past maskedPaths: $out"
}

run_tests
