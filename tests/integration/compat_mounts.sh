#!/bin/bash
# compat_mounts.sh: mounts and the mount namespace as runtime-spec and
# runc have them (issue 10: 10, 14, 17).  runc runs the same bundle as the
# control where that is safe for the host.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"
. "$(dirname "$0")/../lib/runc.sh"

# same_as_runc OUT: runc's output for $BUNDLE must equal OUT.
same_as_runc() {
	need_runc
	_rout=$(runc_ctr 2>&1) || true
	[ "$1" = "$_rout" ] || fail "runj and runc differ:
--- runj
$1
--- runc
$_rout"
}

# A read-only /dev: the devices, links and the mounts below it are made
# first, then it turns read-only (10.17).
test_readonly_dev() {
	make_bundle "$T_TMP/b" sh -c 'touch /dev/x 2>&1; echo hi >/dev/null && echo NULL-OK
		readlink /dev/ptmx /dev/fd /dev/stdin
		awk "\$5 ~ /^\/dev/ { print \$5, \$6 }" /proc/self/mountinfo'
	set_config '[m for m in c["mounts"] if m["destination"] == "/dev"][0]["options"].append("ro")'
	out=$(run_ctr 2>&1)
	echo "$out"
	expect_match "$out" 'Read-only file system' "a write to /dev"
	expect_match "$out" 'NULL-OK' "/dev/null"
	expect_match "$out" '^/dev ro,' "/dev is read-only"
	expect_match "$out" '/dev/pts ' "/dev/pts below it"
	same_as_runc "$out"
}

# A read-only tmpfs with a bind below it.
test_readonly_tmpfs_with_a_mount_below() {
	mkdir -p "$T_TMP/src"
	echo inside >"$T_TMP/src/file"
	make_bundle "$T_TMP/b" sh -c 'cat /data/sub/file; touch /data/x 2>&1
		awk "\$5 ~ /^\/data/ { print \$5, \$6 }" /proc/self/mountinfo'
	set_config '
c["mounts"].append({"destination": "/data", "type": "tmpfs", "source": "tmpfs", "options": ["ro", "nosuid", "nodev"]})
c["mounts"].append({"destination": "/data/sub", "type": "bind", "source": "'"$T_TMP"'/src", "options": ["rbind", "ro"]})'
	out=$(run_ctr 2>&1)
	echo "$out"
	expect_match "$out" '^inside$' "the bind below the tmpfs"
	expect_match "$out" 'Read-only file system' "a write to the tmpfs"
	expect_match "$out" '^/data ro,nosuid,nodev' "the tmpfs is read-only"
	same_as_runc "$out"
}

# A bind mount on /dev (the host's, or any directory) is not ours: runj
# makes no devices or links in it.
test_bind_on_dev_is_left_alone() {
	mkdir -p "$T_TMP/devdir"
	echo keep >"$T_TMP/devdir/null"
	make_bundle "$T_TMP/b" sh -c 'cat /dev/null; ls /dev'
	set_config '
c["mounts"] = [m for m in c["mounts"] if not m["destination"].startswith("/dev")]
c["mounts"].append({"destination": "/dev", "type": "bind", "source": "'"$T_TMP"'/devdir", "options": ["rbind"]})'
	out=$(run_ctr 2>&1)
	echo "$out"
	expect_eq "$(cat "$T_TMP/devdir/null")" keep "the bound directory's null"
	expect_eq "$(ls "$T_TMP/devdir")" null "the bound directory"
	same_as_runc "$out"
}

run_tests
