#!/bin/bash
# freebsd_rctl.sh: rctl rules from linux.resources and runj.rctl.*
# annotations are on the jail while it exists and gone after delete; a
# kernel without racct gives one clear line.  On a FreeBSD host as root
# (racct on or off, as it booted), and on Linux against the jail model
# (booted either way).
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

rctl_bundle() {
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		'"linux":{"resources":{"memory":{"limit":67108864},"pids":{"limit":20}}},
		 "annotations":{"runj.rctl.openfiles":"256"}'
}

test_rctl_rules_applied_and_removed() {
	fb_boot racct
	rctl_bundle
	id=$(fb_id rc)
	rj create --bundle "$T_TMP/b" "$id"
	rules=$(fb_rctl "jail:$id")
	expect_match "$rules" "jail:$id:memoryuse:deny=(64M|67108864)" memoryuse
	expect_match "$rules" "jail:$id:maxproc:deny=20" maxproc
	expect_match "$rules" "jail:$id:openfiles:deny=256" openfiles
	rj delete --force "$id"
	expect_eq "$(fb_rctl "jail:$id" 2>/dev/null)" "" "rules after delete"
}

test_racct_disabled_is_one_line() {
	fb_boot
	if [ -z "$FB_MODEL" ] && [ "$(sysctl -n kern.racct.enable 2>/dev/null)" = 1 ]; then
		skip "racct is enabled on this host"
	fi
	fb_bundle "$T_TMP/b" '["sleep","60"]' '"annotations":{"runj.rctl.openfiles":"256"}'
	id=$(fb_id rc)
	expect_fail_with 'kern.racct.enable=1' rj create --bundle "$T_TMP/b" "$id"
	! fb_jls_dying "$id" jid >/dev/null 2>&1 || fail "jail made"
}

test_bad_rctl_annotation() {
	fb_boot racct
	fb_bundle "$T_TMP/b" '["true"]' '"annotations":{"runj.rctl.cputime":"deny=10"}'
	expect_fail_with 'cputime: the deny action is not supported' \
		rj create --bundle "$T_TMP/b" "$(fb_id rc)"
}

teardown() { fb_teardown; }

run_tests
