#!/bin/bash
# demo_rootfs.sh: runj-demo rootfs makes a root filesystem a real
# container runs in.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"

teardown() {
	[ -x "$RUNJ" ] && "$RUNJ" --root "$T_TMP/state" delete --force demo-rootfs \
		>/dev/null 2>&1
	return 0
}

test_rootfs_layout() {
	"$DEMO" rootfs -o r
	case $(uname -s) in
	FreeBSD)
		[ -x r/rescue/sh ] || fail "no rescue/sh"
		;;
	*)
		[ -x r/bin/busybox ] || fail "no bin/busybox"
		expect_eq "$(readlink r/bin/sh)" /bin/busybox "bin/sh"
		# every applet busybox names has its link
		n=$(/bin/busybox --list-full | wc -l)
		[ "$(find r -type l | wc -l)" -ge $((n - 1)) ] || fail "applet links missing"
		;;
	esac
	grep -q '^root:x:0:0:' r/etc/passwd
	grep -q '^root:x:0:' r/etc/group
	grep -q localhost r/etc/hosts
	grep -q nameserver r/etc/resolv.conf
	expect_eq "$(stat -c %a r/tmp)" 1777 "tmp mode"
	for d in dev proc sys root; do [ -d "r/$d" ] || fail "no $d"; done
}

test_rootfs_shell_works_chrooted() {
	"$DEMO" rootfs -o r
	expect_eq "$(chroot r /bin/sh -c 'echo ok; ls /etc | wc -l')" "ok
4" "chroot output"
}

test_rootfs_runs_a_container() {
	[ -x "$RUNJ" ] || skip "runj is not built yet ($RUNJ)"
	"$DEMO" rootfs -o r
	"$DEMO" bundle -i r -o b --args /bin/sh -c 'echo ok'
	out=$("$RUNJ" --root "$T_TMP/state" run --bundle b demo-rootfs </dev/null)
	expect_eq "$out" ok "container output"
}

test_rootfs_existing_output_needs_force() {
	mkdir r && touch r/keep
	expect_fail_with 'r: exists and is not empty' "$DEMO" rootfs -o r
	[ -e r/keep ] || fail "touched the old directory"
	"$DEMO" rootfs -o r --force
	[ ! -e r/keep ] || fail "old content kept"
	[ -e r/etc/passwd ] || fail "no new rootfs"
	[ -z "$(ls -A | grep '^\.r\.')" ] || fail "temporaries left: $(ls -A)"
}

test_rootfs_refuses_dynamic_busybox() {
	[ "$(uname -s)" = Linux ] || skip "busybox is the Linux source"
	expect_fail_with 'dynamically linked' env RUNJ_DEMO_BUSYBOX=/bin/ls \
		"$DEMO" rootfs -o r
	[ -z "$(ls -A | grep -v -e '^\.log$' -e '^err$' -e '^out$')" ] ||
		fail "left behind: $(ls -A)"
}

test_rootfs_needs_output() {
	expect_fail_with '-o DIR is required' "$DEMO" rootfs
	expect_fail_with 'rootfs: unexpected argument' "$DEMO" rootfs -o r extra
	expect_fail_with 'rootfs: unknown option --bogus' "$DEMO" rootfs --bogus
}

run_tests
