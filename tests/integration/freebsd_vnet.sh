#!/bin/bash
# freebsd_vnet.sh: a jail with its own vnet and one end of an epair moved
# into it; the interface is the jail's while it runs.  On a FreeBSD host as
# root (with if_epair), and on Linux against the jail model.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

test_vnet_epair_moved_in() {
	fb_boot
	a=$(fb_epair)
	b=${a%a}b
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		"\"freebsd\":{\"jail\":{\"vnet\":\"new\",\"vnetInterfaces\":[\"$b\"]}}"
	id=$(fb_id v)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$id" vnet)" new "vnet"
	expect_eq "$(fb_if_where "$b")" "$id" "$b while the jail runs"
	expect_eq "$(fb_if_where "$a")" host "$a"
	rj delete --force "$id"
	fb_wait_gone "$id"
	expect_eq "$(fb_if_where "$b")" host "$b after delete"
}

test_vnet_interface_missing() {
	fb_boot
	fb_bundle "$T_TMP/b" '["true"]' \
		'"freebsd":{"jail":{"vnet":"new","vnetInterfaces":["nosuch0"]}}'
	id=$(fb_id v)
	expect_fail_with 'nosuch0' rj create --bundle "$T_TMP/b" "$id"
	fb_wait_gone "$id"
}

# delete gives the interface back before it removes the jail, and waits
# for the jail to die: while a zombie of it is not reaped (held here by a
# slow reaper), the vnet -- and an interface left in it -- stays.
test_delete_returns_interfaces_at_once() {
	fb_boot
	a=$(fb_epair)
	b=${a%a}b
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		"\"freebsd\":{\"jail\":{\"vnet\":\"new\",\"vnetInterfaces\":[\"$b\"]}}"
	id=$(fb_id vd)
	fb_hold "$T_TMP/created" "$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/b" "$id"
	expect_eq "$(cat "$T_TMP/created")" 0 "create"
	rj start "$id"
	(sleep 1; kill "$FB_HOLDER") &
	rj delete --force "$id"
	expect_eq "$(fb_if_where "$b")" host "$b right after delete"
	fb_release
	fb_wait_gone "$id"
	# The same interface serves the next container at once.
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_if_where "$b")" "$id" "$b in the new jail"
}

teardown() {
	fb_release
	fb_teardown
}

run_tests
