#!/bin/bash
# freebsd_lifecycle.sh: create/start/state/kill/delete of a jail container,
# as root on FreeBSD.  The rootfs is /rescue, copied by the test.
. "$(dirname "$0")/../lib/harness.sh"

fbsd_bundle() { # fbsd_bundle DIR ARGS_JSON [EXTRA_MEMBERS]
	mkdir -p "$1/rootfs/tmp" "$1/rootfs/dev"
	cp -a /rescue "$1/rootfs/rescue"
	cat >"$1/config.json" <<JSON
{"ociVersion":"1.3.0","root":{"path":"rootfs"},"hostname":"jt",
 "process":{"cwd":"/","args":$2,"env":["PATH=/rescue"],"user":{"uid":0,"gid":0}},
 "mounts":[{"destination":"/dev","type":"devfs","source":"devfs","options":["ruleset=devfsrules_jail"]}]
 ${3:+,$3}}
JSON
}

fbsd_only() {
	[ "$(uname -s)" = FreeBSD ] || skip "FreeBSD only"
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

test_create_start_delete() {
	fbsd_only
	fbsd_bundle "$T_TMP/b" '["sleep","60"]'
	root=$T_TMP/root
	"$RUNJ" --root "$root" create --bundle "$T_TMP/b" fl.1
	# A dot cannot be in a jail name: it is escaped.
	jls -j fl_2e1 name >/dev/null || fail "no jail fl_2e1"
	expect_eq "$(jls -j fl_2e1 host.hostname)" jt "hostname"
	st=$("$RUNJ" --root "$root" state fl.1)
	expect_match "$st" '"status": *"created"'
	"$RUNJ" --root "$root" start fl.1
	st=$("$RUNJ" --root "$root" state fl.1)
	expect_match "$st" '"status": *"running"'
	pid=$(printf '%s' "$st" | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p')
	expect_eq "$(ps -o jid= -p "$pid" | tr -d ' ')" "$(jls -j fl_2e1 jid)" "init's jail"
	"$RUNJ" --root "$root" kill fl.1 KILL
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		"$RUNJ" --root "$root" state fl.1 | grep -q '"stopped"' && break
		sleep 0.2
	done
	expect_match "$("$RUNJ" --root "$root" state fl.1)" '"stopped"'
	"$RUNJ" --root "$root" delete fl.1
	! jls -j fl_2e1 >/dev/null 2>&1 || fail "jail still there"
	! mount | grep -q "$T_TMP/b/rootfs/dev" || fail "devfs still mounted"
	[ ! -d "$root/fl.1" ] || fail "state left behind"
}

test_run_exit_status() {
	fbsd_only
	fbsd_bundle "$T_TMP/b" '["sh","-c","exit 7"]'
	rc=0
	"$RUNJ" --root "$T_TMP/root" run --bundle "$T_TMP/b" flrun </dev/null || rc=$?
	expect_eq "$rc" 7 "exit status"
	! jls -j flrun >/dev/null 2>&1 || fail "jail left after run"
}

test_exec_and_kill_all() {
	fbsd_only
	fbsd_bundle "$T_TMP/b" '["sleep","60"]'
	root=$T_TMP/root
	"$RUNJ" --root "$root" create --bundle "$T_TMP/b" flx
	"$RUNJ" --root "$root" start flx
	out=$("$RUNJ" --root "$root" exec flx hostname)
	expect_eq "$out" jt "hostname inside"
	"$RUNJ" --root "$root" exec --detach flx sleep 60
	"$RUNJ" --root "$root" kill --all flx KILL
	sleep 0.5
	expect_eq "$(ps -J "$(jls -j flx jid)" -o pid= | wc -l | tr -d ' ')" 0 "processes left"
	"$RUNJ" --root "$root" delete --force flx
}

test_bad_input_leaves_nothing() {
	fbsd_only
	fbsd_bundle "$T_TMP/b" '["true"]' '"freebsd":{"jail":{"allow":{"rawSocket":true}}}'
	expect_fail_with 'freebsd.jail.allow.rawSocket: unknown jail permission' \
		"$RUNJ" --root "$T_TMP/root" create --bundle "$T_TMP/b" flbad
	! jls -j flbad >/dev/null 2>&1 || fail "jail made"
	[ ! -d "$T_TMP/root/flbad" ] || fail "state made"
}

teardown() {
	[ "$(uname -s)" = FreeBSD ] || return 0
	for id in fl.1 flrun flx flbad; do
		"$RUNJ" --root "$T_TMP/root" delete --force "$id" >/dev/null 2>&1 || true
	done
}

run_tests
