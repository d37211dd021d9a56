#!/bin/bash
# freebsd_kernel.sh: the kernel rules the jail driver depends on, checked
# with jail(8) itself: on a FreeBSD host against the kernel, on Linux
# against the jail model -- so the same test keeps the model honest.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

jail_fails() { # jail_fails REGEX JAIL-ARGS...
	_re=$1; shift
	_rc=0
	fb_jail "$@" >"$T_TMP/out" 2>"$T_TMP/err" || _rc=$?
	[ "$_rc" -ne 0 ] || fail "jail $* succeeded"
	grep -Eq -- "$_re" "$T_TMP/err" || fail "jail $*: '$(cat "$T_TMP/err")' lacks /$_re/"
}

test_unknown_parameters() {
	fb_boot
	mkdir -p "$T_TMP/r"
	jail_fails 'mismatched boolean: allow.bogus' \
		-c name=k1 path="$T_TMP/r" persist allow.bogus=true
	jail_fails 'unknown parameter: allow.nobogus' \
		-c name=k1 path="$T_TMP/r" persist allow.nobogus=true
}

test_vnet_with_any_ip_parameter() {
	fb_boot
	mkdir -p "$T_TMP/r"
	jail_fails 'vnet jails cannot have IP address restrictions' \
		-c name=k2 path="$T_TMP/r" persist vnet=new ip4=inherit
	jail_fails 'vnet jails cannot have IP address restrictions' \
		-c name=k2 path="$T_TMP/r" persist vnet=inherit ip6=inherit
	fb_jail -c name=k2 path="$T_TMP/r" persist vnet=new >/dev/null
	expect_eq "$(fb_jls k2 vnet)" new "vnet"
	fb_jail -r k2
}

test_create_existing_name() {
	fb_boot
	mkdir -p "$T_TMP/r"
	fb_jail -c name=k3 path="$T_TMP/r" persist >/dev/null
	jail_fails 'already exists' -c name=k3 path="$T_TMP/r" persist
	fb_jail -r k3
}

test_new_jail_must_persist() {
	fb_boot
	mkdir -p "$T_TMP/r"
	jail_fails 'must persist or attach' -c name=k4 path="$T_TMP/r"
}

test_no_ip_parameter_is_no_network() {
	fb_boot
	mkdir -p "$T_TMP/r"
	fb_jail -c name=k5 path="$T_TMP/r" persist >/dev/null
	fb_jail -c name=k6 path="$T_TMP/r" persist ip4=inherit ip6=inherit >/dev/null
	expect_eq "$(fb_jls k5 ip4 ip6)" "disable disable" "no ip parameter"
	expect_eq "$(fb_jls k6 ip4 ip6)" "inherit inherit" "inherit"
	fb_jail -r k5
	fb_jail -r k6
}

test_racct_off_refuses_rctl() {
	fb_boot
	[ -n "$FB_MODEL" ] || [ "$(sysctl -n kern.racct.enable)" = 0 ] ||
		skip "racct is enabled on this host"
	if [ -n "$FB_MODEL" ]; then
		_rc=0
		"$JMCTL" rctl jail:x >/dev/null 2>"$T_TMP/err" || _rc=$?
	else
		_rc=0
		rctl jail:x >/dev/null 2>"$T_TMP/err" || _rc=$?
	fi
	[ "$_rc" -ne 0 ] || fail "rctl worked without racct"
	grep -Eq 'not implemented|RACCT/RCTL' "$T_TMP/err" ||
		fail "rctl: $(cat "$T_TMP/err")"
}

teardown() {
	fb_teardown
	[ -n "$FB_MODEL" ] && return 0
	for _j in k1 k2 k3 k4 k5 k6; do jail -r "$_j" 2>/dev/null || true; done
}

run_tests
