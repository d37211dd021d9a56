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
		for l in ptmx fd stdin; do readlink /dev/$l; done
		awk "\$5 ~ /^\/dev/ { print \$5, \$6 }" /proc/self/mountinfo'
	set_config '[m for m in c["mounts"] if m["destination"] == "/dev"][0]["options"].append("ro")'
	out=$(run_ctr 2>&1)
	echo "$out"
	expect_match "$out" 'Read-only file system' "a write to /dev"
	expect_match "$out" 'NULL-OK' "/dev/null"
	expect_match "$out" '^/dev ro,' "/dev is read-only"
	expect_match "$out" '/dev/pts ' "/dev/pts below it"
	expect_match "$out" '^pts/ptmx$' "the /dev/ptmx link"
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

# userns_bundle ARGS...: a bundle whose root is 0..65535 -> 200000.., with
# a rootfs of the mapped root's; the rest of $T_TMP is the host's.
userns_bundle() {
	[ -e /proc/self/ns/user ] || skip "no user namespaces in this kernel"
	chmod 755 "$T_TMP"
	make_bundle "$T_TMP/b" "$@"
	chown -R 200000:200000 "$T_TMP/b/rootfs"
	set_config '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 65536}]'
}

# In a user namespace a bind mount's source is opened with the host's
# rights, as runc does: sources under a 0700 directory of root's and of
# another user's are mounted though the mapped root cannot reach them, and
# the init (the host's uid 0 but without CAP_DAC_OVERRIDE there) could
# not reach the second either (10.14).
test_userns_bind_of_unreachable_sources() {
	mkdir -m 700 "$T_TMP/secret" "$T_TMP/alice"
	mkdir -m 755 "$T_TMP/secret/data" "$T_TMP/alice/vol"
	echo shared >"$T_TMP/secret/data/file"
	echo alice-file >"$T_TMP/alice/vol/file"
	chmod 644 "$T_TMP/secret/data/file" "$T_TMP/alice/vol/file"
	chown -R 1234:1234 "$T_TMP/alice"
	userns_bundle sh -c 'cat /data/file /alice/file'
	set_config '
c["mounts"].append({"destination": "/data", "type": "bind", "source": "'"$T_TMP"'/secret/data", "options": ["rbind", "ro"]})
c["mounts"].append({"destination": "/alice", "type": "bind", "source": "'"$T_TMP"'/alice/vol", "options": ["bind"]})'
	out=$(run_ctr 2>&1)
	echo "$out"
	expect_match "$out" '^shared$' "the file under root's 0700 directory"
	expect_match "$out" '^alice-file$' "the file under another user's"
	same_as_runc "$out"
}

# A source missing on the host is still named in the error.
test_userns_bind_missing_source() {
	userns_bundle true
	set_config '
c["mounts"].append({"destination": "/data", "type": "bind", "source": "'"$T_TMP"'/nowhere", "options": ["rbind"]})'
	expect_fail_with "mounts: /data: source $T_TMP/nowhere: No such file" \
	    run_ctr
}

run_tests
