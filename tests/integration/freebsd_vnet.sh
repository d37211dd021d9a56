#!/bin/bash
# freebsd_vnet.sh: a jail with its own vnet and one end of an epair moved
# into it; ping across.  As root on FreeBSD with if_epair.
. "$(dirname "$0")/../lib/harness.sh"

fbsd_only() {
	[ "$(uname -s)" = FreeBSD ] || skip "FreeBSD only"
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	kldload -n if_epair 2>/dev/null || skip "no if_epair"
}

test_vnet_epair() {
	fbsd_only
	a=$(ifconfig epair create)
	b=${a%a}b
	echo "$a" >"$T_TMP/epair"
	ifconfig "$a" inet 10.231.0.1/30 up
	mkdir -p "$T_TMP/b/rootfs"
	cp -a /rescue "$T_TMP/b/rootfs/rescue"
	cat >"$T_TMP/b/config.json" <<JSON
{"ociVersion":"1.3.0","root":{"path":"rootfs"},
 "process":{"cwd":"/","args":["sh","-c","ifconfig $b inet 10.231.0.2/30 up && ping -c1 -t3 10.231.0.1"],
   "env":["PATH=/rescue"],"user":{"uid":0,"gid":0}},
 "freebsd":{"jail":{"vnet":"new","vnetInterfaces":["$b"],"allow":{"rawSockets":true}}}}
JSON
	"$RUNJ" --root "$T_TMP/root" run --bundle "$T_TMP/b" fvn </dev/null ||
		fail "ping from the vnet jail failed"
	# After delete the interface is back on the host.
	ifconfig "$b" >/dev/null || fail "$b did not come back"
}

teardown() {
	[ "$(uname -s)" = FreeBSD ] || return 0
	"$RUNJ" --root "$T_TMP/root" delete --force fvn >/dev/null 2>&1 || true
	[ -f "$T_TMP/epair" ] && ifconfig "$(cat "$T_TMP/epair")" destroy 2>/dev/null || true
}

run_tests
