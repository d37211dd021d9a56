#!/bin/bash
# freebsd_nullfs.sh: a nullfs volume, a tmpfs, a read-only root, all
# unmounted by delete; as root on FreeBSD.
. "$(dirname "$0")/../lib/harness.sh"

fbsd_only() {
	[ "$(uname -s)" = FreeBSD ] || skip "FreeBSD only"
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

bundle() { # bundle DIR READONLY
	mkdir -p "$1/rootfs" "$1/vol"
	cp -a /rescue "$1/rootfs/rescue"
	echo hello >"$1/vol/greeting"
	cat >"$1/config.json" <<JSON
{"ociVersion":"1.3.0","root":{"path":"rootfs","readonly":$2},
 "process":{"cwd":"/","args":["sh","-c","cat /data/greeting; echo out >/data/w; echo t >/scratch/t; touch /ro 2>/dev/null && echo rw || echo ro"],
   "env":["PATH=/rescue"],"user":{"uid":0,"gid":0}},
 "mounts":[{"destination":"/data","type":"nullfs","source":"$1/vol"},
   {"destination":"/scratch","type":"tmpfs","source":"tmpfs","options":["size=1m","mode=1777"]}]}
JSON
}

test_nullfs_volume_rw() {
	fbsd_only
	bundle "$T_TMP/b" false
	out=$("$RUNJ" --root "$T_TMP/root" run --bundle "$T_TMP/b" fnv </dev/null)
	expect_eq "$(printf '%s' "$out" | head -1)" hello "read through nullfs"
	expect_eq "$(cat "$T_TMP/b/vol/w")" out "write through nullfs"
	expect_eq "$(printf '%s' "$out" | tail -1)" rw "root writable"
	! mount | grep -q "$T_TMP/b/rootfs/" || fail "mounts left: $(mount | grep "$T_TMP")"
}

test_readonly_root() {
	fbsd_only
	bundle "$T_TMP/b" true
	out=$("$RUNJ" --root "$T_TMP/root" run --bundle "$T_TMP/b" fnr </dev/null)
	expect_eq "$(printf '%s' "$out" | tail -1)" ro "root read-only"
	! mount | grep -q "$T_TMP" || fail "mounts left: $(mount | grep "$T_TMP")"
}

teardown() {
	[ "$(uname -s)" = FreeBSD ] || return 0
	for id in fnv fnr; do
		"$RUNJ" --root "$T_TMP/root" delete --force "$id" >/dev/null 2>&1 || true
	done
}

run_tests
