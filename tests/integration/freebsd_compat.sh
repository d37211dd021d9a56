#!/bin/bash
# freebsd_compat.sh: bundles written for other FreeBSD runtimes: the Go
# runj's runj.ext.json and ocijail's org.freebsd.* annotations and implicit
# defaults (what Podman, buildah and CRI-O on FreeBSD write), vnet with the
# ip modes, and linux.resources on a kernel without racct.  On a FreeBSD
# host as root, and on Linux against the jail model.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

# runj's own default FreeBSD config sets ip4 and ip6 to inherit; a vnet
# jail cannot have any ip parameter, so they must not reach the kernel.
test_vnet_new_with_inherited_ip_modes() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		'"freebsd":{"jail":{"vnet":"new","ip4":"inherit","ip6":"inherit"}}'
	id=$(fb_id v)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$id" vnet)" new "vnet"
}

test_vnet_with_addresses_is_refused() {
	fb_boot
	fb_bundle "$T_TMP/b" '["true"]' \
		'"freebsd":{"jail":{"vnet":"new","ip4Addr":["10.3.0.1"]}}'
	id=$(fb_id v)
	expect_fail_with 'vnet' rj create --bundle "$T_TMP/b" "$id"
	! fb_jls_dying "$id" jid >/dev/null 2>&1 || fail "jail made"
}

# The example of the Go runj's docs/oci.md.
test_runj_ext_documented_example() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]'
	echo '{"network":{"ipv4":{"mode":"inherit"},"vnet":{"mode":"inherit"}}}' \
		>"$T_TMP/b/runj.ext.json"
	id=$(fb_id x)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$id" ip4 vnet)" "inherit inherit" "ip4 vnet"
}

# As the Go runj merges it: the ext file's modes override, its addresses
# and interfaces are appended.
test_runj_ext_overrides_modes_appends_lists() {
	fb_boot
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		'"freebsd":{"jail":{"ip4":"disable","ip6":"inherit"}}'
	echo '{"network":{"ipv4":{"mode":"inherit"}}}' >"$T_TMP/b/runj.ext.json"
	id=$(fb_id x)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$id" ip4)" inherit "ip4 mode from the ext file"
	rj delete "$id"
	fb_bundle "$T_TMP/c" '["sleep","60"]' \
		'"freebsd":{"jail":{"ip4":"new","ip4Addr":["10.4.0.1"],"ip6":"inherit"}}'
	echo '{"network":{"ipv4":{"addr":["10.4.0.2"]}}}' >"$T_TMP/c/runj.ext.json"
	id=$(fb_id y)
	rj create --bundle "$T_TMP/c" "$id"
	expect_eq "$(fb_jls "$id" ip4.addr)" "10.4.0.1,10.4.0.2" "addresses"
}

# ---- ocijail's bundles ----

oci_bundle() { # oci_bundle DIR ARGS_JSON [MEMBERS]: no freebsd.jail
	fb_bundle "$@"
}

test_ocijail_implicit_defaults() {
	fb_boot
	oci_bundle "$T_TMP/b" '["sleep","60"]'
	id=$(fb_id o)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$id" enforce_statfs allow.raw_sockets allow.chflags ip4 ip6 host)" \
		"1 true true inherit inherit new" "parameters"
}

parent_jail() { # parent_jail NAME [PARAM...]
	_n=$1; shift
	mkdir -p "$T_TMP/pj"
	fb_jail -c name="$_n" path="$T_TMP/pj" persist "$@" >/dev/null
	echo "$_n" >>"$T_TMP/.parents"
}

test_ocijail_parent_jail_has_network() {
	fb_boot
	pj=$(fb_id pj)
	# As ocijail makes a pod's jail, but without allow.chflags.
	parent_jail "$pj" enforce_statfs=1 allow.raw_sockets ip4=inherit ip6=inherit
	oci_bundle "$T_TMP/b" '["sleep","60"]' "\"annotations\":{\"org.freebsd.parentJail\":\"$pj\"}"
	id=$(fb_id c)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$pj.$id" ip4 ip6)" "inherit inherit" "child ip modes"
	# The parent lacks allow.chflags: so does the child (ocijail asks).
	expect_eq "$(fb_jls "$pj.$id" allow.chflags)" false "child chflags"
}

test_ocijail_address_annotations() {
	fb_boot
	oci_bundle "$T_TMP/b" '["sleep","60"]' \
		'"annotations":{"org.freebsd.jail.ip4.addr":"10.5.0.1,10.5.0.2","org.freebsd.jail.ip6.addr":"fd00::5"}'
	id=$(fb_id a)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$id" ip4.addr ip6.addr)" "10.5.0.1,10.5.0.2 fd00::5" "addresses"
}

test_ocijail_allow_annotations() {
	fb_boot
	oci_bundle "$T_TMP/b" '["sleep","60"]' \
		'"annotations":{"org.freebsd.jail.allow.read_msgbuf":"true","org.freebsd.jail.allow.mlock":"1","org.freebsd.jail.allow.quotas":"false","org.freebsd.jail.allow.bogus":"true"}'
	id=$(fb_id al)
	rj create --bundle "$T_TMP/b" "$id" 2>"$T_TMP/warn"
	expect_match "$(cat "$T_TMP/warn")" 'warning: .*org.freebsd.jail.allow.bogus' "warning"
	expect_eq "$(fb_jls "$id" allow.read_msgbuf allow.mlock allow.quotas)" \
		"true true false" "allow"
}

test_ocijail_vnet_annotation() {
	fb_boot
	a=$(fb_epair)
	oci_bundle "$T_TMP/b" '["sleep","60"]' \
		'"annotations":{"org.freebsd.jail.vnet":"new","org.freebsd.jail.ip4.addr":"10.6.0.1"}'
	id=$(fb_id vn)
	rj create --bundle "$T_TMP/b" "$id"
	# ocijail reads the address annotations only without a vnet.
	expect_eq "$(fb_jls "$id" vnet ip4.addr)" "new " "vnet"
	oci_bundle "$T_TMP/c" '["true"]' '"annotations":{"org.freebsd.jail.vnet":"disable"}'
	expect_fail_with 'org.freebsd.jail.vnet' rj create --bundle "$T_TMP/c" "$(fb_id vd)"
}

test_ocijail_mount_pseudo_options() {
	fb_boot
	oci_bundle "$T_TMP/b" '["sh","-c","cat /etc/keep; test -e /dev/mem && echo mem"]'
	echo kept >"$T_TMP/b/rootfs/etc/keep"
	set_config "c['mounts'] = [
  {'destination': '/etc', 'type': 'tmpfs', 'source': 'tmpfs', 'options': ['tmpcopyup']},
  {'destination': '/dev', 'type': 'devfs', 'source': 'devfs', 'options': ['ruleset=4', 'rule=path mem unhide']}]" "$T_TMP/b"
	out=$(rj run --bundle "$T_TMP/b" "$(fb_id mp)")
	expect_eq "$out" "kept
mem" "output"
	[ -z "$(fb_mounts "$T_TMP/b/")" ] || fail "mounts left: $(fb_mounts "$T_TMP/b/")"
}

# linux.resources on a kernel without racct: a warning, as ocijail; an
# explicit runj.rctl.* annotation stays an error (freebsd_rctl.sh).
test_linux_resources_without_racct_warn() {
	fb_boot
	if [ -z "$FB_MODEL" ] && [ "$(sysctl -n kern.racct.enable 2>/dev/null)" = 1 ]; then
		skip "racct is enabled on this host"
	fi
	fb_bundle "$T_TMP/b" '["sleep","60"]' '"linux":{"resources":{"memory":{"limit":67108864}}}'
	id=$(fb_id rw)
	rj create --bundle "$T_TMP/b" "$id" 2>"$T_TMP/warn"
	expect_match "$(cat "$T_TMP/warn")" 'warning: .*kern.racct.enable' "warning"
	expect_eq "$(wc -l <"$T_TMP/warn" | tr -d ' ')" 1 "warning lines"
	fb_jls "$id" jid >/dev/null || fail "no jail"
}

teardown() {
	fb_teardown
	[ -n "$FB_MODEL" ] && return 0
	[ -f "$T_TMP/.parents" ] && while read -r _p; do
		jail -r "$_p" 2>/dev/null || true
	done <"$T_TMP/.parents"
	return 0
}

run_tests
