#!/bin/bash
# attack_pidfile_symlink.sh: issue 9.10.  --pid-file is written through a
# temporary file beside it, often in a directory others can write (/tmp).
# A user who can guess that name plants a symlink there and root's write
# truncates and fills the file it points at.  In a new pid namespace runj
# is pid 1, so the old name (FILE.tmp.<pid>) is known in advance.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

test_planted_symlink_is_not_followed() {
	unshare --pid --fork true 2>/dev/null || skip "cannot make a pid namespace here"
	id=$(new_id)
	make_bundle "$T_TMP/$id" sleep 1000
	mkdir -m 1777 "$T_TMP/pub"
	echo precious >"$T_TMP/victim"
	for p in 1 2 3; do
		ln -s "$T_TMP/victim" "$T_TMP/pub/pid.tmp.$p"
	done
	unshare --pid --fork "$RUNJ" --root "$T_TMP/state" create \
	    --bundle "$T_TMP/$id" --pid-file "$T_TMP/pub/pid" "$id"
	expect_eq "$(cat "$T_TMP/victim")" precious "the symlink's target"
	[ ! -L "$T_TMP/pub/pid" ] || fail "the pid file is the planted symlink"
	expect_match "$(cat "$T_TMP/pub/pid")" '^[0-9]+$' "the pid file"
	rj delete --force "$id"
	expect_gone "$id"
}

# The pid file's own name as a symlink: it is replaced, never written
# through.
test_pid_file_symlink_is_replaced() {
	id=$(new_id)
	make_bundle "$T_TMP/$id" sleep 1000
	echo precious >"$T_TMP/victim"
	ln -s "$T_TMP/victim" "$T_TMP/pid"
	rj create --bundle "$T_TMP/$id" --pid-file "$T_TMP/pid" "$id"
	expect_eq "$(cat "$T_TMP/victim")" precious "the symlink's target"
	[ ! -L "$T_TMP/pid" ] || fail "the pid file is still the symlink"
	expect_eq "$(cat "$T_TMP/pid")" "$(pid_of "$id")" "the pid file"
	rj delete --force "$id"
	expect_gone "$id"
}

# No temporary file stays beside the pid file, whatever happens.
test_no_temporary_left() {
	id=$(new_id)
	make_bundle "$T_TMP/$id" sleep 1000
	mkdir "$T_TMP/p"
	rj create --bundle "$T_TMP/$id" --pid-file "$T_TMP/p/pid" "$id"
	expect_eq "$(ls -A "$T_TMP/p")" pid "the pid file's directory"
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
