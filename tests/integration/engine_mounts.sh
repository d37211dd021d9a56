#!/bin/bash
# engine_mounts.sh: each mount kind of config.json, with its options, as the
# container sees it in /proc/self/mountinfo, and what the options enforce.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# mnt_line OUT DEST: the mountinfo line of DEST in OUT (the last one).
mnt_line() {
	printf '%s\n' "$1" | awk -v d="$2" '$5 == d' | tail -n1
}

# add_mount JSON: appends one mount to $BUNDLE's config.
add_mount() {
	set_config "c['mounts'].append($1)"
}

test_default_proc_sysfs_devpts_mqueue() {
	make_bundle "$T_TMP/b" sh -c 'cat /proc/self/mountinfo; echo PID1=$(cat /proc/1/comm); ls -l /dev/ptmx'
	out=$(run_ctr)
	expect_match "$(mnt_line "$out" /proc)" ' - proc proc ' "/proc"
	expect_match "$(mnt_line "$out" /sys)" ' ro,.* - sysfs sysfs ' "/sys (read-only)"
	expect_match "$(mnt_line "$out" /sys)" 'nosuid,nodev,noexec' "/sys options"
	expect_match "$(mnt_line "$out" /dev/pts)" ' - devpts devpts .*ptmxmode=0?666' "/dev/pts"
	expect_match "$(mnt_line "$out" /dev/pts)" 'nosuid,noexec' "/dev/pts options"
	expect_match "$(mnt_line "$out" /dev/mqueue)" ' - mqueue mqueue ' "/dev/mqueue"
	expect_match "$(mnt_line "$out" /dev/mqueue)" 'nosuid,nodev,noexec' "/dev/mqueue options"
	expect_match "$(mnt_line "$out" /dev)" ' - tmpfs tmpfs .*mode=755' "/dev"
	# the proc is the container's own pid namespace
	expect_match "$out" 'PID1=sh' "/proc/1 is the container's process"
	expect_match "$out" 'ptmx -> pts/ptmx' "/dev/ptmx"
}

test_tmpfs_with_options() {
	make_bundle "$T_TMP/b" sh -c 'cat /proc/self/mountinfo; stat -c "MODE=%a" /scratch
		echo x >/scratch/ok && echo WROTE
		cp /bin/busybox /scratch/busybox && echo COPIED
		/scratch/busybox true 2>/dev/null || echo NOEXEC
		dd if=/dev/zero of=/scratch/big bs=1024 count=8192 2>/dev/null || echo FULL'
	add_mount '{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "noexec", "size=4m", "mode=710"]}'
	out=$(run_ctr)
	line=$(mnt_line "$out" /scratch)
	expect_match "$line" ' - tmpfs tmpfs ' "/scratch type"
	expect_match "$line" 'nosuid,nodev,noexec' "/scratch flags"
	expect_match "$line" 'size=4096k' "/scratch size"
	expect_match "$out" 'COPIED' "copy to the tmpfs"
	expect_match "$out" 'MODE=710' "/scratch mode"
	expect_match "$out" 'WROTE' "write to a tmpfs on a read-only root"
	expect_match "$out" 'FULL' "size=4m enforced"
	expect_match "$out" 'NOEXEC' "noexec enforced"
}

test_bind_ro_and_flags() {
	mkdir -p "$T_TMP/host"
	echo hello >"$T_TMP/host/file"
	cp "$BUSYBOX" "$T_TMP/host/busybox"
	make_bundle "$T_TMP/b" sh -c 'cat /proc/self/mountinfo; cat /ro/file
		echo x >/ro/new 2>/dev/null || echo RO-DENIED
		echo x >/rw/new && echo RW-WROTE
		/rw/busybox true 2>/dev/null || echo NOEXEC
		/ro/busybox true && echo EXEC-OK'
	add_mount "{'destination': '/ro', 'type': 'bind', 'source': '$T_TMP/host', 'options': ['bind', 'ro']}"
	add_mount "{'destination': '/rw', 'type': 'none', 'source': '$T_TMP/host', 'options': ['rbind', 'nosuid', 'nodev', 'noexec']}"
	out=$(run_ctr)
	expect_match "$(mnt_line "$out" /ro)" '^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ /ro ro[, ]' "/ro read-only"
	expect_match "$(mnt_line "$out" /rw)" ' /rw rw,nosuid,nodev,noexec' "/rw flags"
	expect_match "$out" '^hello$' "bound file"
	expect_match "$out" 'RO-DENIED' "ro enforced"
	expect_match "$out" 'RW-WROTE' "rw bind writes"
	expect_match "$out" 'NOEXEC' "noexec enforced"
	expect_match "$out" 'EXEC-OK' "exec on the bind without noexec"
	[ -e "$T_TMP/host/new" ] || fail "the write through /rw did not reach the host"
	! grep -q "$T_TMP/host" /proc/self/mountinfo || fail "a bind leaked into the host"
}

test_bind_versus_rbind_of_submounts() {
	mkdir -p "$T_TMP/host/sub"
	mount -t tmpfs -o size=1m tmpfs "$T_TMP/host/sub"
	echo inner >"$T_TMP/host/sub/f"
	make_bundle "$T_TMP/b" sh -c 'cat /b/sub/f 2>/dev/null || echo B-EMPTY; cat /rb/sub/f'
	add_mount "{'destination': '/b', 'type': 'bind', 'source': '$T_TMP/host', 'options': ['bind']}"
	add_mount "{'destination': '/rb', 'type': 'bind', 'source': '$T_TMP/host', 'options': ['rbind']}"
	out=$(run_ctr | tr '\n' ' ')
	umount "$T_TMP/host/sub"
	expect_eq "$out" "B-EMPTY inner " "bind leaves submounts out, rbind takes them"
}

test_bind_of_a_file() {
	echo 'nameserver 192.0.2.1' >"$T_TMP/resolv"
	make_bundle "$T_TMP/b" cat /etc/resolv.conf
	add_mount "{'destination': '/etc/resolv.conf', 'type': 'bind', 'source': '$T_TMP/resolv', 'options': ['bind', 'ro']}"
	expect_eq "$(run_ctr)" 'nameserver 192.0.2.1' "bound file"
}

test_propagation_flags() {
	mkdir -p "$T_TMP/host"
	make_bundle "$T_TMP/b" cat /proc/self/mountinfo
	add_mount "{'destination': '/shared', 'type': 'bind', 'source': '$T_TMP/host', 'options': ['rbind', 'rshared']}"
	add_mount "{'destination': '/private', 'type': 'bind', 'source': '$T_TMP/host', 'options': ['rbind', 'rprivate']}"
	add_mount "{'destination': '/tmpfs-shared', 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['shared']}"
	out=$(run_ctr)
	expect_match "$(mnt_line "$out" /shared)" ' shared:[0-9]+' "/shared propagation"
	expect_match "$(mnt_line "$out" /tmpfs-shared)" ' shared:[0-9]+' "/tmpfs-shared propagation"
	line=$(mnt_line "$out" /private)
	! printf '%s' "$line" | grep -Eq 'shared:|master:' || fail "/private is not private: $line"
}

test_propagation_slave_sees_host_mounts() {
	mkdir -p "$T_TMP/host/late"
	# A shared mount point on the host, so a slave copy can follow it.
	mount --bind "$T_TMP/host" "$T_TMP/host"
	mount --make-shared "$T_TMP/host"
	id=$(new_id)
	make_bundle "$T_TMP/$id" sleep 1000
	add_mount "{'destination': '/slave', 'type': 'bind', 'source': '$T_TMP/host', 'options': ['rbind', 'rslave']}"
	rj create --bundle "$T_TMP/$id" "$id"
	rj start "$id"
	mount -t tmpfs -o size=1m tmpfs "$T_TMP/host/late"
	echo arrived >"$T_TMP/host/late/f"
	out=$(rj exec "$id" cat /slave/late/f </dev/null) || true
	umount "$T_TMP/host/late"
	umount -l "$T_TMP/host"
	rj delete --force "$id"
	expect_eq "$out" arrived "a host mount after start, seen through rslave"
	expect_gone "$id"
}

# The cgroup mount of `runj spec` (ro, nosuid, nodev, noexec): cgroup2 on
# a v2 host; else a tmpfs with one bind per host hierarchy, every one of
# them with those flags, and none writable.
test_cgroup_mount_flags() {
	make_bundle "$T_TMP/b" sh -c 'awk "\$5 ~ /^\/sys\/fs\/cgroup/ { print \$5, \$6, \$9 }" /proc/self/mountinfo
		touch /sys/fs/cgroup/x 2>/dev/null && echo WROTE-TOP
		for d in /sys/fs/cgroup/*/; do touch "$d/x" 2>/dev/null && echo "WROTE $d"; done; true'
	out=$(run_ctr)
	echo "$out"
	[ -n "$out" ] || fail "no cgroup mount"
	bad=$(printf '%s\n' "$out" | grep '^/sys' | grep -v ' ro,nosuid,nodev,noexec' || true)
	[ -z "$bad" ] || fail "cgroup mounts without ro,nosuid,nodev,noexec: $bad"
	! printf '%s\n' "$out" | grep -q WROTE || fail "a cgroup mount is writable: $out"
	if [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
		expect_match "$out" '^/sys/fs/cgroup [^ ]+ tmpfs$' "the tmpfs"
		for h in /sys/fs/cgroup/*/; do
			h=${h%/}
			[ -L "$h" ] && continue
			expect_match "$out" "^$h " "the hierarchy $h"
		done
	fi
}

run_tests
