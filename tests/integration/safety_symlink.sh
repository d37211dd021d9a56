#!/bin/bash
# safety_symlink.sh: CVE-2021-30465.  A mount destination that goes
# through a symlink in the rootfs resolves inside the rootfs: the mount
# lands there and nothing is made or mounted on the host.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# tag: a name no host path has
tag() {
	echo "rjt-escape-$$-$RANDOM"
}

test_absolute_symlink_to_host_root() {
	t=$(tag)
	make_bundle "$T_TMP/b" sh -c "grep -q ' /$t ' /proc/self/mountinfo && echo INSIDE; ls /$t"
	ln -s / "$T_TMP/b/rootfs/mnt/escape"
	set_config "c['mounts'].append({'destination': '/mnt/escape/$t', 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['size=1m']})"
	out=$(run_ctr)
	[ ! -e "/$t" ] || { rmdir "/$t" 2>/dev/null; fail "/$t was made on the host"; }
	! grep -q "$t" /proc/self/mountinfo || fail "a mount reached the host"
	expect_match "$out" '^INSIDE$' "the tmpfs is at /$t inside the container"
	[ -d "$T_TMP/b/rootfs/$t" ] || fail "the mount point is not in the rootfs"
}

test_relative_symlink_climbing_out() {
	t=$(tag)
	mkdir -p "$T_TMP/b"
	make_bundle "$T_TMP/b" sh -c "grep -q ' /tmp/$t ' /proc/self/mountinfo && echo INSIDE"
	ln -s ../../../../../../../../tmp "$T_TMP/b/rootfs/mnt/escape"
	set_config "c['mounts'].append({'destination': '/mnt/escape/$t', 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['size=1m']})"
	out=$(run_ctr)
	[ ! -e "/tmp/$t" ] || { rmdir "/tmp/$t" 2>/dev/null; fail "/tmp/$t was made on the host"; }
	expect_match "$out" '^INSIDE$' "the tmpfs is at /tmp/$t inside the container"
	[ -d "$T_TMP/b/rootfs/tmp/$t" ] || fail "the mount point is not in the rootfs"
}

test_bind_through_symlink_onto_a_host_file() {
	t=$(tag)
	echo decoy >"$T_TMP/decoy"
	# a host file the bind would cover if the symlink were followed on the host
	mkdir -p "$T_TMP/victim"
	echo original >"$T_TMP/victim/file"
	make_bundle "$T_TMP/b" sh -c 'cat /mnt/escape/file 2>/dev/null; echo .'
	ln -s "$T_TMP/victim" "$T_TMP/b/rootfs/mnt/escape"
	set_config "c['mounts'].append({'destination': '/mnt/escape/file', 'type': 'bind', 'source': '$T_TMP/decoy', 'options': ['bind', 'ro']})"
	rc=0
	out=$(run_ctr 2>&1) || rc=$?
	expect_eq "$(cat "$T_TMP/victim/file")" original "the host file"
	! printf '%s' "$out" | grep -q decoy || fail "the container saw the bind on the host's path: $out"
	# Refusing the symlinked path is safe; if the runtime follows it, the
	# bind must land at <rootfs>$T_TMP/victim/file, inside.
	[ "$rc" -ne 0 ] || [ -e "$T_TMP/b/rootfs$T_TMP/victim/file" ] ||
		fail "the bind did not land in the rootfs: $out"
}

test_symlinked_rootfs_dir_for_a_device() {
	t=$(tag)
	make_bundle "$T_TMP/b" sh -c "ls -l /dev/$t 2>/dev/null | cut -c1"
	set_config "c['linux']['devices'] = [{'path': '/mnt/escape/$t', 'type': 'c', 'major': 1, 'minor': 3, 'fileMode': 438}]"
	ln -s /dev "$T_TMP/b/rootfs/mnt/escape"
	run_ctr >/dev/null 2>&1 || true
	[ ! -e "/dev/$t" ] || { rm -f "/dev/$t"; fail "/dev/$t was made on the host"; }
}

run_tests
