#!/bin/bash
# freebsd_mounts.sh: nullfs (directories, files, read-only), tmpfs, devfs
# with rulesets, procfs, fdescfs and a read-only root, all unmounted by
# delete.  On a FreeBSD host as root, and on Linux against the jail model.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

mounts_bundle() { # mounts_bundle DIR READONLY ARGS_JSON
	fb_bundle "$1" "$3"
	mkdir -p "$1/vol"
	echo hello >"$1/vol/greeting"
	echo conf >"$1/file.conf"
	set_config "
c['root']['readonly'] = $2
c['mounts'] += [
  {'destination': '/data', 'type': 'nullfs', 'source': '$1/vol'},
  {'destination': '/etc/app.conf', 'type': 'nullfs', 'source': 'file.conf'},
  {'destination': '/rodata', 'type': 'nullfs', 'source': '$1/vol', 'options': ['ro']},
  {'destination': '/scratch', 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['size=1m', 'mode=1777']},
  {'destination': '/proc', 'type': 'procfs', 'source': 'proc'},
  {'destination': '/dev/fd', 'type': 'fdescfs', 'source': 'fdesc'}]
" "$1"
}

test_nullfs_tmpfs_rw_root() {
	fb_boot
	mounts_bundle "$T_TMP/b" False '["sh","-c","cat /data/greeting; cat /etc/app.conf; echo out >/data/w; echo t >/scratch/t && cat /scratch/t; echo x >/rodata/x 2>/dev/null && echo rodata-rw || echo rodata-ro; touch /ro 2>/dev/null && echo rw || echo ro"]'
	out=$(rj run --bundle "$T_TMP/b" "$(fb_id m)")
	expect_eq "$out" "hello
conf
t
rodata-ro
rw" "output"
	expect_eq "$(cat "$T_TMP/b/vol/w")" out "write through nullfs"
	[ -z "$(fb_mounts "$T_TMP/b/")" ] || fail "mounts left: $(fb_mounts "$T_TMP/b/")"
}

test_readonly_root() {
	fb_boot
	mounts_bundle "$T_TMP/b" True '["sh","-c","cat /data/greeting; touch /ro 2>/dev/null && echo rw || echo ro"]'
	id=$(fb_id ro)
	out=$(rj run --bundle "$T_TMP/b" "$id")
	expect_eq "$out" "hello
ro" "output"
	[ -z "$(fb_mounts "$T_TMP/")" ] || fail "mounts left: $(fb_mounts "$T_TMP/")"
	[ ! -e "$T_TMP/state/$id" ] || fail "state left"
}

test_mounts_while_running_and_after_delete() {
	fb_boot
	mounts_bundle "$T_TMP/b" False '["sleep","60"]'
	id=$(fb_id mr)
	rj create --bundle "$T_TMP/b" "$id"
	m=$(fb_mounts "$T_TMP/b/rootfs")
	for want in "devfs $T_TMP/b/rootfs/dev" "nullfs $T_TMP/b/rootfs/data" \
		"nullfs $T_TMP/b/rootfs/etc/app.conf" "tmpfs $T_TMP/b/rootfs/scratch" \
		"procfs $T_TMP/b/rootfs/proc" "fdescfs $T_TMP/b/rootfs/dev/fd"; do
		printf '%s\n' "$m" | grep -qx "$want" || fail "no '$want' in: $m"
	done
	rj start "$id"
	expect_eq "$(rj exec "$id" sh -c 'test -d /proc/$$ && echo proc')" proc "procfs"
	rj delete --force "$id"
	fb_wait_gone "$id"
	[ -z "$(fb_mounts "$T_TMP/b/")" ] || fail "mounts left: $(fb_mounts "$T_TMP/b/")"
}

test_devfs_jail_ruleset_hides() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","for d in null zero random urandom mem kmem io; do test -e /dev/$d && echo $d; done"]'
	out=$(rj run --bundle "$T_TMP/b" "$(fb_id dv)" | tr '\n' ' ')
	expect_eq "$out" "null zero random urandom " "devices seen"
}

test_mount_failure_undoes_the_others() {
	fb_boot
	fb_bundle "$T_TMP/b" '["true"]'
	set_config "
c['mounts'] += [
  {'destination': '/scratch', 'type': 'tmpfs', 'source': 'tmpfs'},
  {'destination': '/data', 'type': 'nullfs', 'source': '$T_TMP/nosuch'}]
" "$T_TMP/b"
	id=$(fb_id mf)
	expect_fail_with 'nosuch|No such file' rj create --bundle "$T_TMP/b" "$id"
	[ -z "$(fb_mounts "$T_TMP/b/")" ] || fail "mounts left: $(fb_mounts "$T_TMP/b/")"
	! fb_jls_dying "$id" jid >/dev/null 2>&1 || fail "jail left"
}

# A symlink in the image is resolved inside the rootfs, as the container
# would see it: nothing is made on the host through it.
test_symlink_in_image_stays_inside() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","cat /mnt/sub/f 2>/dev/null; echo in >/mnt/sub/f; ls /up/sub"]'
	mkdir -p "$T_TMP/outside"
	ln -s "$T_TMP/outside" "$T_TMP/b/rootfs/mnt"
	ln -s ../../../../../../.. "$T_TMP/b/rootfs/up"
	set_config "c['mounts'] += [
  {'destination': '/mnt/sub', 'type': 'tmpfs', 'source': 'tmpfs'},
  {'destination': '/up/sub', 'type': 'tmpfs', 'source': 'tmpfs'}]" "$T_TMP/b"
	rj run --bundle "$T_TMP/b" "$(fb_id sy)" >"$T_TMP/out" 2>&1 || true
	[ ! -e "$T_TMP/outside/sub" ] || fail "made $T_TMP/outside/sub on the host"
	[ -d "$T_TMP/b/rootfs$T_TMP/outside/sub" ] || fail "not made inside: $(cat "$T_TMP/out")"
	[ -d "$T_TMP/b/rootfs/sub" ] || fail "../.. not kept inside: $(cat "$T_TMP/out")"
	[ -z "$(fb_mounts "$T_TMP/")" ] || fail "mounts left: $(fb_mounts "$T_TMP/")"
}

# delete unmounts what it mounted, by file system ID: a container that
# turns a parent of its mount point into a symlink to the host cannot
# steer the unmount onto a mount of the host's.
test_unmount_does_not_follow_symlinks() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","mv /a /a2 && ln -s '"$T_TMP"'/host /a"]'
	mkdir -p "$T_TMP/b/rootfs/a/b/data"
	set_config "c['mounts'] += [{'destination': '/a/b/data', 'type': 'tmpfs', 'source': 'tmpfs'}]" "$T_TMP/b"
	fb_mount_tmpfs "$T_TMP/host/b/data"
	id=$(fb_id un)
	rj run --bundle "$T_TMP/b" "$id"
	fb_mounts "$T_TMP/host/" | grep -qx "tmpfs $T_TMP/host/b/data" ||
		fail "the host's tmpfs was unmounted"
	! fb_mounts "$T_TMP/b/" | grep -q . || fail "the container's left: $(fb_mounts "$T_TMP/b/")"
}

teardown() { fb_teardown; }

run_tests
