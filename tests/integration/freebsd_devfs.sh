#!/bin/bash
# freebsd_devfs.sh: freebsd.devices as a devfs ruleset of the container's
# own, made at create and gone at delete.  On a FreeBSD host as root, and on
# Linux against the jail model.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

test_own_ruleset_made_and_removed() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]' '"freebsd":{"devices":[{"path":"null","mode":438}]}'
	before=$(fb_devfs_rulesets | tr '\n' ' ')
	id=$(fb_id d)
	rj create --bundle "$T_TMP/b" "$id"
	new=$(fb_devfs_rulesets | awk '$1 >= 1000' | tr '\n' ' ')
	[ -n "$new" ] || fail "no ruleset of 1000 or more: $(fb_devfs_rulesets | tr '\n' ' ')"
	rj delete --force "$id"
	fb_wait_gone "$id"
	expect_eq "$(fb_devfs_rulesets | tr '\n' ' ')" "$before" "rulesets after delete"
}

test_devices_need_a_dev_mount() {
	fb_boot
	fb_bundle "$T_TMP/b" '["true"]' '"freebsd":{"devices":[{"path":"null"}]}'
	set_config "c['mounts'] = []" "$T_TMP/b"
	expect_fail_with 'needs a devfs mount on /dev' rj create --bundle "$T_TMP/b" "$(fb_id d)"
}

teardown() { fb_teardown; }

run_tests
