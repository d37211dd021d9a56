#!/bin/bash
# engine_checkpoint.sh: runj checkpoint and restore, through CRIU with
# runc's options.  Where CRIU cannot work on this kernel (runc's
# checkpoint fails the same way) the round trip skips with CRIU's reason;
# the failures are tested everywhere: one line, and the container is left
# as it was (checkpoint) or nothing is left (restore).
. "$(dirname "$0")/../lib/harness.sh"
. "$TOP/tests/lib/engine.sh"

# criu_usable: CRIU is installed and works on this kernel, or the test
# skips with CRIU's own first error.
criu_usable() {
	command -v criu >/dev/null 2>&1 || skip "criu is not installed (make deps)"
	if ! criu check >"$T_TMP/criu-check" 2>&1; then
		skip "criu check fails on this kernel, for runc too:" \
		    "$(grep -m1 Error "$T_TMP/criu-check" | cut -c1-160)"
	fi
}

# A PATH without criu, for the failures CRIU itself does not decide.
no_criu_path() {
	mkdir -p "$T_TMP/bin"
	for _p in sh cat; do ln -sf "$(command -v $_p)" "$T_TMP/bin/$_p"; done
	echo "$T_TMP/bin"
}

# counter ID: a detached container counting into $T_TMP/count/n
counter() {
	make_bundle "$T_TMP/$1" sh -c 'i=0; while :; do i=$((i + 1));
	    echo $i >/out/n.new; mv /out/n.new /out/n; sleep 0.05; done'
	mkdir -p "$T_TMP/count"
	set_config "c['mounts'].append({'destination': '/out', 'type': 'bind',
	    'source': '$T_TMP/count', 'options': ['rbind', 'rw']})" "$T_TMP/$1"
	rj run -d --bundle "$T_TMP/$1" "$1" </dev/null >/dev/null 2>&1
	wait_status "$1" running
	wait_file "$T_TMP/count/n"
}

test_checkpoint_without_criu_leaves_it_running() {
	_id=$(new_id ck)
	counter "$_id"
	_pid=$(pid_of "$_id")
	expect_fail_with '^runj: checkpoint .*criu: not found' \
	    env PATH="$(no_criu_path)" "$RUNJ" --root "$T_TMP/state" checkpoint --image-path "$T_TMP/img" "$_id"
	expect_eq "$(status_of "$_id")" running "status after the failure"
	expect_eq "$(pid_of "$_id")" "$_pid" "the init after the failure"
	rj delete --force "$_id"
	expect_gone "$_id" "$_pid"
}

test_checkpoint_refused() {
	expect_fail_with 'does not exist' rj checkpoint --image-path "$T_TMP/img" nosuch
	make_bundle "$T_TMP/b" sleep 100
	_id=$(new_id cr)
	rj create --bundle "$T_TMP/b" "$_id"
	expect_fail_with "checkpoint $_id: container not running" \
	    rj checkpoint --image-path "$T_TMP/img" "$_id"
	expect_fail_with 'unknown option --bundle' \
	    rj checkpoint --bundle "$T_TMP/b" "$_id"
	rj delete --force "$_id"
	expect_gone "$_id"
}

# A restore that fails leaves no state, cgroup or mount.
test_restore_failures_leave_nothing() {
	make_bundle "$T_TMP/b" sleep 100
	_id=$(new_id rs)
	expect_fail_with '^runj: --image-path .*: No such file' \
	    rj restore --bundle "$T_TMP/b" --image-path "$T_TMP/none" "$_id"
	expect_gone "$_id"
	mkdir -p "$T_TMP/img"
	expect_fail_with 'criu: not found' \
	    env PATH="$(no_criu_path)" "$RUNJ" --root "$T_TMP/state" restore --bundle "$T_TMP/b" \
	    --image-path "$T_TMP/img" "$_id"
	expect_gone "$_id"
	# CRIU's own failure (no images here), in one line
	if command -v criu >/dev/null 2>&1; then
		expect_fail_with '^runj: criu restore failed' \
		    rj restore -d --bundle "$T_TMP/b" --image-path "$T_TMP/img" \
		    "$_id"
		expect_gone "$_id"
	fi
	expect_fail_with 'unknown option --leave-running' \
	    rj restore --leave-running --bundle "$T_TMP/b" "$_id"
	expect_gone "$_id"
}

# Where CRIU cannot dump, the error says why in one line and the
# container runs on untouched.
test_checkpoint_criu_failure_is_one_line() {
	command -v criu >/dev/null 2>&1 || skip "criu is not installed (make deps)"
	criu check >/dev/null 2>&1 && skip "criu works here: nothing fails"
	_id=$(new_id cf)
	counter "$_id"
	expect_fail_with "^runj: checkpoint $_id: criu dump failed" \
	    rj checkpoint --image-path "$T_TMP/img" "$_id"
	[ -s "$T_TMP/img/dump.log" ] || fail "no dump.log in $T_TMP/img"
	expect_eq "$(status_of "$_id")" running "status after the failure"
	rj delete --force "$_id"
	expect_gone "$_id"
}

test_checkpoint_and_restore() {
	criu_usable
	_id=$(new_id cp)
	counter "$_id"
	sleep 0.5
	rj checkpoint --image-path "$T_TMP/img" "$_id" ||
		fail "checkpoint: $(tail -n 3 "$T_TMP/img/dump.log")"
	# as runc: the processes ended and the container is gone
	! rj state "$_id" >/dev/null 2>&1 || fail "the container is still known"
	_a=$(cat "$T_TMP/count/n")
	sleep 0.3
	expect_eq "$(cat "$T_TMP/count/n")" "$_a" "the counter after the dump"
	rj restore -d --bundle "$T_TMP/$_id" --image-path "$T_TMP/img" \
	    --pid-file "$T_TMP/pid" "$_id" </dev/null >/dev/null 2>&1 ||
		fail "restore: $(tail -n 3 "$T_TMP/img/restore.log")"
	expect_eq "$(status_of "$_id")" running "status after restore"
	expect_eq "$(cat "$T_TMP/pid")" "$(pid_of "$_id")" "--pid-file"
	sleep 0.5
	_b=$(cat "$T_TMP/count/n")
	[ "$_b" -gt "$_a" ] || fail "the counter did not go on: $_a, then $_b"
	rj delete --force "$_id"
	expect_gone "$_id"
}

run_tests
