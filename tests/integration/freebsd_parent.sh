#!/bin/bash
# freebsd_parent.sh: a container whose jail is the child of an existing
# jail (freebsd.jail.parent).  On a FreeBSD host as root, and on Linux
# against the jail model.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

# A parent jail as an administrator (or ocijail's pod) makes it.
parent_jail() {
	mkdir -p "$T_TMP/pj"
	fb_jail -c name="$1" path="$T_TMP/pj" persist children.max=0 \
		allow.raw_sockets allow.chflags >/dev/null
	echo "$1" >>"$T_TMP/.parents"
}

test_child_of_parent() {
	fb_boot
	pj=$(fb_id pj)
	parent_jail "$pj"
	fb_bundle "$T_TMP/b" '["sleep","60"]' "\"freebsd\":{\"jail\":{\"parent\":\"$pj\"}}"
	id=$(fb_id c)
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(fb_jls "$pj.$id" name)" "$pj.$id" "child jail"
	expect_eq "$(fb_jls "$pj" children.cur)" 1 "children.cur"
	rj start "$id"
	rj delete --force "$id"
	fb_wait_gone "$pj.$id"
	fb_jls "$pj" jid >/dev/null || fail "the parent went with the child"
}

test_missing_parent() {
	fb_boot
	fb_bundle "$T_TMP/b" '["true"]' '"freebsd":{"jail":{"parent":"nosuchparent"}}'
	expect_fail_with 'nosuchparent' rj create --bundle "$T_TMP/b" "$(fb_id c)"
}

teardown() {
	fb_teardown
	if [ -z "$FB_MODEL" ] && [ -f "$T_TMP/.parents" ]; then
		while read -r _p; do jail -r "$_p" 2>/dev/null || true; done \
			<"$T_TMP/.parents"
	fi
}

run_tests
