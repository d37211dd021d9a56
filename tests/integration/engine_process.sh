#!/bin/bash
# engine_process.sh: what config.json says about the process reaches it:
# hostname, env, cwd, user and groups, rlimits, umask, a read-only root.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

test_hostname() {
	make_bundle "$T_TMP/b" hostname
	set_config 'c["hostname"] = "box-one"'
	expect_eq "$(run_ctr)" box-one hostname
	expect_gone "$(tail -n1 "$T_TMP/.ids")"
}

# The config's environment, and nothing of runj's; as runc, HOME comes
# from the user's /etc/passwd entry when the config has none.
test_env_is_exactly_the_config() {
	make_bundle "$T_TMP/b" env
	set_config 'c["process"]["env"] = ["PATH=/bin", "FOO=bar baz", "EMPTY="]'
	out=$(RUNJ_TEST_LEAK=host run_ctr | sort | tr '\n' '|')
	expect_eq "$out" "EMPTY=|FOO=bar baz|HOME=/root|PATH=/bin|" \
	    "env in the container"
	# another user's home; "/" for a uid /etc/passwd does not name; a
	# HOME the config gives stays
	echo 'app:x:1000:1000:app:/home/app:/bin/sh' >>"$BUNDLE/rootfs/etc/passwd"
	set_config 'c["process"]["user"] = {"uid": 1000, "gid": 1000}'
	expect_eq "$(run_ctr | grep ^HOME=)" "HOME=/home/app" "app's HOME"
	set_config 'c["process"]["user"] = {"uid": 4242, "gid": 4242}'
	expect_eq "$(run_ctr | grep ^HOME=)" "HOME=/" "an unnamed uid's HOME"
	set_config 'c["process"]["env"].append("HOME=/srv")'
	expect_eq "$(run_ctr | grep ^HOME=)" "HOME=/srv" "the config's HOME"
}

test_cwd() {
	make_bundle "$T_TMP/b" pwd
	mkdir -p "$T_TMP/b/rootfs/srv/work"
	set_config 'c["process"]["cwd"] = "/srv/work"'
	expect_eq "$(run_ctr)" /srv/work cwd
}

test_uid_gid_and_additional_gids() {
	make_bundle "$T_TMP/b" sh -c 'grep -E "^(Uid|Gid|Groups):" /proc/self/status'
	set_config 'c["process"]["user"] = {"uid": 1000, "gid": 1001, "additionalGids": [1002, 1003]}'
	out=$(run_ctr | tr -s '\t ' ' ')
	expect_match "$out" 'Uid: 1000 1000 1000 1000' uid
	expect_match "$out" 'Gid: 1001 1001 1001 1001' gid
	expect_match "$out" 'Groups: 1002 1003 ?($|Uid|Gid)' groups
}

test_rlimits() {
	make_bundle "$T_TMP/b" sh -c 'grep -E "^Max (open files|processes)" /proc/self/limits'
	set_config 'c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 123, "hard": 456}, {"type": "RLIMIT_NPROC", "soft": 77, "hard": 88}]'
	out=$(run_ctr | tr -s ' ' ' ')
	expect_match "$out" 'Max open files 123 456 files' RLIMIT_NOFILE
	expect_match "$out" 'Max processes 77 88 processes' RLIMIT_NPROC
}

test_umask() {
	make_bundle "$T_TMP/b" sh -c 'umask; touch /tmp/f; stat -c %a /tmp/f'
	set_config 'c["root"]["readonly"] = False; c["process"]["user"]["umask"] = 0o027'
	out=$(run_ctr | tr '\n' ' ')
	expect_eq "$out" "0027 640 " "umask and the mode it gives"
}

test_readonly_root() {
	make_bundle "$T_TMP/b" sh -c 'if touch /newfile 2>/dev/null; then echo wrote; else echo denied; fi'
	expect_eq "$(run_ctr)" denied "write to a read-only root"
	[ ! -e "$T_TMP/b/rootfs/newfile" ] || fail "the file reached the rootfs"
	# The same with a writable root succeeds: the test can tell.
	set_config 'c["root"]["readonly"] = False'
	expect_eq "$(run_ctr)" wrote "write to a writable root"
	[ -e "$T_TMP/b/rootfs/newfile" ] || fail "the file is not in the rootfs"
}

test_namespaces_are_new() {
	make_bundle "$T_TMP/b" sh -c 'echo $$; readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/ipc /proc/self/ns/mnt'
	out=$(run_ctr)
	expect_eq "$(echo "$out" | head -n1)" 1 "pid of the process in its pid namespace"
	for ns in net uts ipc mnt; do
		inside=$(echo "$out" | grep "^$ns:")
		[ "$inside" != "$(readlink /proc/self/ns/$ns)" ] || fail "$ns namespace is the host's"
	done
}

run_tests
