#!/bin/bash
# freebsd_lifecycle.sh: create/start/state/kill/delete/run, exec, pause,
# hooks and the container's identity in a jail.  On a FreeBSD host as root,
# and on Linux against the jail model (tests/lib/freebsd.sh).
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

test_create_start_delete() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id).1
	jn=$(fb_jname "$id")
	rj create --bundle "$T_TMP/b" "$id"
	# A dot cannot be in a jail name: it is escaped.
	expect_eq "$(fb_jls "$jn" host.hostname)" jt "hostname"
	expect_eq "$(status_of "$id")" created "status"
	rj start "$id"
	expect_eq "$(status_of "$id")" running "status"
	pid=$(pid_of "$id")
	jid=$(fb_jls "$jn" jid)
	fb_jail_pids "$jid" | grep -qx "$pid" || fail "init $pid is not in jail $jid"
	rj kill "$id" KILL
	wait_status "$id" stopped
	# The jail outlives its init (persist) until delete.
	fb_jls "$jn" jid >/dev/null || fail "jail gone with its init"
	rj delete "$id"
	fb_wait_gone "$jn"
	[ ! -d "$T_TMP/state/$id" ] || fail "state left behind"
	[ -z "$(fb_mounts "$T_TMP/b/")" ] || fail "mounts left: $(fb_mounts "$T_TMP/b/")"
}

test_run_exit_status() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","exit 7"]'
	id=$(fb_id r)
	rc=0
	rj run --bundle "$T_TMP/b" "$id" || rc=$?
	expect_eq "$rc" 7 "exit status"
	fb_wait_gone "$id"
	[ ! -d "$T_TMP/state/$id" ] || fail "state left behind"
}

test_run_output_and_hostname() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","hostname; echo out; echo err >&2"]'
	out=$(rj run --bundle "$T_TMP/b" "$(fb_id r)" 2>"$T_TMP/err")
	expect_eq "$out" "jt
out" "stdout"
	expect_eq "$(cat "$T_TMP/err")" err "stderr"
}

test_exec_and_kill_all() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id x)
	rj create --bundle "$T_TMP/b" "$id"
	rj start "$id"
	expect_eq "$(rj exec "$id" hostname)" jt "hostname inside"
	expect_eq "$(rj exec "$id" sh -c 'cd; pwd')" / "home"
	rj exec --detach "$id" sleep 60
	jid=$(fb_jls "$id" jid)
	expect_eq "$(fb_jail_pids "$jid" | wc -l | tr -d ' ')" 2 "processes"
	rj kill --all "$id" KILL
	for _ in $(seq 50); do
		[ -z "$(fb_jail_pids "$jid" | grep -v ' Z$')" ] && break
		sleep 0.1
	done
	[ -z "$(fb_jail_pids "$jid" | grep -v ' Z$')" ] ||
		fail "processes left: $(fb_jail_pids "$jid")"
	rj delete --force "$id"
	fb_wait_gone "$id"
}

test_exec_exit_status_and_missing_binary() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id x)
	rj run --detach --bundle "$T_TMP/b" "$id"
	rc=0
	rj exec "$id" sh -c 'exit 3' || rc=$?
	expect_eq "$rc" 3 "exec status"
	FAIL_STATUS=255 expect_fail_with 'nosuch.*not found' rj exec "$id" nosuch
}

test_pause_resume() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","sleep 60 & exec sleep 61"]'
	id=$(fb_id p)
	rj run --detach --bundle "$T_TMP/b" "$id"
	jid=$(fb_jls "$id" jid)
	for _ in $(seq 50); do
		[ "$(fb_jail_pids "$jid" | wc -l)" -eq 2 ] && break
		sleep 0.1
	done
	rj pause "$id"
	expect_eq "$(status_of "$id")" paused "status"
	expect_fail_with 'is paused, not running' rj pause "$id"
	rj resume "$id"
	expect_eq "$(status_of "$id")" running "status"
	expect_fail_with 'is running, not paused' rj resume "$id"
	rj pause "$id"
	# delete --force of a paused container leaves nothing.
	rj delete --force "$id"
	fb_wait_gone "$id"
}

test_hooks_in_order_and_place() {
	fb_boot
	fb_bundle "$T_TMP/b" '["true"]'
	log=$T_TMP/hooks.log
	# Host hooks append to a host file; the in-jail ones (createContainer,
	# startContainer) write inside the rootfs, where the host can read.
	set_config "
h = lambda name, inside=False: {'path': '/rescue/sh' if inside else '/bin/sh',
  'args': ['sh', '-c', ('hostname >/tmp/' + name) if inside else 'echo ' + name + ' >>$log']}
c['hooks'] = {
  'prestart': [h('prestart')], 'createRuntime': [h('createRuntime')],
  'createContainer': [h('createContainer', True)],
  'startContainer': [h('startContainer', True)],
  'poststart': [h('poststart')], 'poststop': [h('poststop')]}
" "$T_TMP/b"
	rj run --bundle "$T_TMP/b" "$(fb_id h)"
	expect_eq "$(tr '\n' ' ' <"$log")" "prestart createRuntime poststart poststop " "host hooks"
	expect_eq "$(cat "$T_TMP/b/rootfs/tmp/createContainer")" jt "createContainer inside"
	expect_eq "$(cat "$T_TMP/b/rootfs/tmp/startContainer")" jt "startContainer inside"
}

test_bad_input_leaves_nothing() {
	fb_boot
	fb_bundle "$T_TMP/b" '["true"]' '"freebsd":{"jail":{"allow":{"rawSocket":true}}}'
	id=$(fb_id bad)
	expect_fail_with 'freebsd.jail.allow.rawSocket: unknown jail permission' \
		rj create --bundle "$T_TMP/b" "$id"
	! fb_jls_dying "$id" jid >/dev/null 2>&1 || fail "jail made"
	[ ! -d "$T_TMP/state/$id" ] || fail "state made"
}

test_missing_binary_fails_create() {
	fb_boot
	fb_bundle "$T_TMP/b" '["/nosuch"]'
	id=$(fb_id nb)
	expect_fail_with 'nosuch' rj create --bundle "$T_TMP/b" "$id"
	fb_wait_gone "$id"
	[ ! -d "$T_TMP/state/$id" ] || fail "state made"
}

test_same_id_twice() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id)
	rj create --bundle "$T_TMP/b" "$id"
	expect_fail_with 'exists' rj create --bundle "$T_TMP/b" "$id"
	rj delete "$id"
	fb_wait_gone "$id"
}

test_terminal_run() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","test -t 0 && echo tty"]'
	set_config "c['process']['terminal'] = True" "$T_TMP/b"
	out=$(fb_in_tty "$RUNJ --root $T_TMP/state run --bundle $T_TMP/b $(fb_id t)" |
		tr -d '\r')
	expect_match "$out" 'tty' "terminal"
}

teardown() { fb_teardown; }

run_tests
