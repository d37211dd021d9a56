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

# freebsd.devices over the /dev mount's ruleset: only those devices come
# on top of what the ruleset shows.  The kernel follows one level of
# include (vfs.devfs.rule_depth=1), so "include devfsrules_jail" from the
# container's own ruleset would not reach devfsrules_hide_all.
test_devices_over_a_base_ruleset() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sh","-c","for d in null zero mem kmem io; do test -e /dev/$d && echo $d; done"]' \
		'"freebsd":{"devices":[{"path":"mem","mode":384}]}'
	out=$(rj run --bundle "$T_TMP/b" "$(fb_id db)" | tr '\n' ' ')
	expect_eq "$out" "null zero mem " "devices seen"
}

# Two creates at once must not share a ruleset number: one would find the
# other's rule and fail (or, worse, delete it at delete).  The model is
# slowed down between the number's choice and its use.
test_concurrent_creates_get_their_own_rulesets() {
	fb_boot
	a=$(fb_id ca)
	b=$(fb_id cb)
	for id in "$a" "$b"; do
		fb_bundle "$T_TMP/$id.b" '["sleep","60"]' '"freebsd":{"devices":[{"path":"null"}]}'
	done
	for id in "$a" "$b"; do
		(RUNJ_JAILMODEL_SLOW_MS=40 "$RUNJ" --root "$T_TMP/state" create \
			--bundle "$T_TMP/$id.b" "$id" >"$T_TMP/$id.out" 2>&1
		 echo $? >"$T_TMP/$id.rc") &
	done
	wait
	for id in "$a" "$b"; do
		expect_eq "$(cat "$T_TMP/$id.rc")" 0 "create $id: $(cat "$T_TMP/$id.out")"
	done
	expect_eq "$(fb_devfs_rulesets | awk '$1 >= 1000' | wc -l | tr -d ' ')" 2 "own rulesets"
	rj delete "$a"
	expect_eq "$(fb_devfs_rulesets | awk '$1 >= 1000' | wc -l | tr -d ' ')" 1 "after one delete"
}

teardown() { fb_teardown; }

run_tests
