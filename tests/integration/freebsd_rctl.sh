#!/bin/bash
# freebsd_rctl.sh: rctl rules from linux.resources and runj.rctl.*
# annotations are on the jail while it exists and gone after delete; a
# kernel without racct gives one clear line.  As root on FreeBSD.
. "$(dirname "$0")/../lib/harness.sh"

fbsd_only() {
	[ "$(uname -s)" = FreeBSD ] || skip "FreeBSD only"
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

bundle() {
	mkdir -p "$T_TMP/b/rootfs"
	cp -a /rescue "$T_TMP/b/rootfs/rescue"
	cat >"$T_TMP/b/config.json" <<JSON
{"ociVersion":"1.3.0","root":{"path":"rootfs"},
 "process":{"cwd":"/","args":["sleep","60"],"env":["PATH=/rescue"],"user":{"uid":0,"gid":0}},
 "linux":{"resources":{"memory":{"limit":67108864},"pids":{"limit":20}}},
 "annotations":{"runj.rctl.openfiles":"256"}}
JSON
}

test_rctl_rules_applied_and_removed() {
	fbsd_only
	[ "$(sysctl -n kern.racct.enable 2>/dev/null)" = 1 ] || skip "racct disabled (kern.racct.enable=0)"
	bundle
	"$RUNJ" --root "$T_TMP/root" create --bundle "$T_TMP/b" frc
	rules=$(rctl jail:frc)
	expect_match "$rules" 'jail:frc:memoryuse:deny=64M|jail:frc:memoryuse:deny=67108864' memoryuse
	expect_match "$rules" 'jail:frc:maxproc:deny=20' maxproc
	expect_match "$rules" 'jail:frc:openfiles:deny=256' openfiles
	"$RUNJ" --root "$T_TMP/root" delete --force frc
	expect_eq "$(rctl jail:frc 2>/dev/null)" "" "rules after delete"
}

test_racct_disabled_is_one_line() {
	fbsd_only
	[ "$(sysctl -n kern.racct.enable 2>/dev/null)" != 1 ] || skip "racct is enabled here"
	bundle
	expect_fail_with 'kern.racct.enable=1' \
		"$RUNJ" --root "$T_TMP/root" create --bundle "$T_TMP/b" frc
	! jls -j frc >/dev/null 2>&1 || fail "jail made"
}

teardown() {
	[ "$(uname -s)" = FreeBSD ] || return 0
	"$RUNJ" --root "$T_TMP/root" delete --force frc >/dev/null 2>&1 || true
}

run_tests
