#!/bin/bash
# attack_lax_config.sh: issue 9.13, where runj was looser than the spec or
# than runc: a config without root (REQUIRED on POSIX platforms), a
# root.path that is a symlink (runc refuses: the root must be where the
# config says), and `events --interval` values that spun (inf, 1e300) or
# wrapped (4295s overflowed usleep's 32 bits).  Each is one line, exit 1,
# nothing left.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

expect_create_refused() {
	re=$1
	id=$(new_id)
	expect_fail_with "$re" rj create --bundle "$BUNDLE" "$id"
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root"
	expect_gone "$id"
	id=$(new_id)
	expect_fail_with "$re" rj run --bundle "$BUNDLE" "$id"
	expect_gone "$id"
}

test_config_without_root() {
	make_bundle "$T_TMP/b" true
	set_config 'del c["root"]'
	expect_create_refused '^runj: config.json: root: required'
}

test_root_path_symlink() {
	make_bundle "$T_TMP/b" true
	mv "$T_TMP/b/rootfs" "$T_TMP/b/real"
	ln -s real "$T_TMP/b/rootfs"
	expect_create_refused 'root.path .*symbolic link'
}

test_root_path_through_symlinked_directory() {
	make_bundle "$T_TMP/b" true
	mkdir "$T_TMP/elsewhere"
	mv "$T_TMP/b/rootfs" "$T_TMP/elsewhere/rootfs"
	ln -s "$T_TMP/elsewhere" "$T_TMP/link"
	set_config "c['root']['path'] = '$T_TMP/link/rootfs'"
	expect_create_refused 'root.path .*symbolic link'
}

# What is not a symlink still works, spelled loosely.
test_root_path_spellings_accepted() {
	make_bundle "$T_TMP/b" echo ok
	for p in ./rootfs rootfs/ "$T_TMP/b/rootfs" "$T_TMP/b/./rootfs"; do
		set_config "c['root']['path'] = '$p'"
		expect_eq "$(run_ctr)" ok "root.path $p"
	done
}

test_events_interval_out_of_range() {
	id=$(new_id)
	start_sleeper "$id"
	for v in inf -inf nan 1e300 4295s 2h 0.5ms 0; do
		rc=0
		timeout 5 "$RUNJ" --root "$T_TMP/state" events --interval "$v" "$id" \
		    >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
		expect_eq "$rc" 1 "events --interval $v (124 is a hang; stderr: $(cat "$T_TMP/err"))"
		expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr of --interval $v"
		expect_match "$(cat "$T_TMP/err")" 'interval' "error of --interval $v"
	done
	# in range: one sample and it keeps going
	rc=0
	timeout 2 "$RUNJ" --root "$T_TMP/state" events --interval 1h "$id" >"$T_TMP/out" 2>&1 || rc=$?
	expect_eq "$rc" 124 "events --interval 1h still running"
	expect_match "$(head -1 "$T_TMP/out")" '"type":"stats"' "the first sample"
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
