#!/bin/bash
# freebsd_process.sh: the container's process in a jail: its user and
# groups, no_new_privs, and errors after the start gate (a startContainer
# hook, the exec, the cwd), which `runj start` must report.  On a FreeBSD
# host as root, and on Linux against the jail model.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

# The first supplementary group must survive: FreeBSD keeps the egid in
# cr_groups[0], so setgroups() of the additional groups alone makes the
# first of them the egid, and setgid() then overwrites it.
test_user_and_all_groups() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","id -u; id -g; id -G"]'
	set_config "c['process']['user'] = {'uid': 1000, 'gid': 1000, 'additionalGids': [10, 20]}" "$T_TMP/b"
	out=$(rj run --bundle "$T_TMP/b" "$(fb_id u)")
	expect_eq "$(printf '%s\n' "$out" | sed -n 1p)" 1000 "uid"
	expect_eq "$(printf '%s\n' "$out" | sed -n 2p)" 1000 "gid"
	groups=" $(printf '%s\n' "$out" | sed -n 3p) "
	for g in 1000 10 20; do
		case $groups in *" $g "*) ;; *) fail "group $g missing from '$groups'" ;; esac
	done
}

test_no_new_privileges() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	set_config "c['process']['noNewPrivileges'] = True" "$T_TMP/b"
	id=$(fb_id n)
	rj run --detach --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_nonewprivs "$(pid_of "$id")")" 1 "no_new_privs of the init"
	rj exec --detach "$id" sleep 60
	jid=$(fb_jls "$id" jid)
	for p in $(fb_jail_pids "$jid" | grep -v ' Z$'); do
		expect_eq "$(fb_nonewprivs "$p")" 1 "no_new_privs of $p"
	done
}

test_start_reports_start_container_hook_failure() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	set_config "c['hooks'] = {'startContainer': [{'path': '/rescue/sh', 'args': ['sh', '-c', 'exit 3']}]}" "$T_TMP/b"
	id=$(fb_id sh)
	rj create --bundle "$T_TMP/b" "$id"
	expect_fail_with 'startContainer' rj start "$id"
	wait_status "$id" stopped
}

test_start_reports_exec_failure() {
	fb_boot
	fb_bundle "$T_TMP/b" '["/bin/script"]'
	mkdir -p "$T_TMP/b/rootfs/bin"
	printf '#!/nosuch/interpreter\n' >"$T_TMP/b/rootfs/bin/script"
	chmod 755 "$T_TMP/b/rootfs/bin/script"
	id=$(fb_id ex)
	rj create --bundle "$T_TMP/b" "$id"
	expect_fail_with 'exec.*/bin/script' rj start "$id"
	wait_status "$id" stopped
}

test_bad_cwd_fails_create() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	set_config "c['process']['cwd'] = '/nosuch'" "$T_TMP/b"
	id=$(fb_id cw)
	expect_fail_with 'process.cwd /nosuch' rj create --bundle "$T_TMP/b" "$id"
	fb_wait_gone "$id"
}

# poststart runs once the process has exec'd (runtime-spec): the hook sees
# the container's pid running sleep, not runj's init.
test_poststart_sees_the_process() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	set_config "c['hooks'] = {'poststart': [{'path': '$PY', 'args': ['py', '-c',
  'import json,sys,os; pid=json.load(sys.stdin)[\"pid\"]; open(\"$T_TMP/seen\",\"w\").write(os.popen(\"ps -o args= -p %d\" % pid).read())']}]}" "$T_TMP/b"
	id=$(fb_id ps)
	rj create --bundle "$T_TMP/b" "$id"
	rj start "$id"
	expect_match "$(cat "$T_TMP/seen")" '^sleep 60' "the process poststart saw"
}

teardown() { fb_teardown; }

run_tests
