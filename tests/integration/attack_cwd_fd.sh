#!/bin/bash
# attack_cwd_fd.sh: the CVE-2024-21626 class (issue 9.1).  A directory the
# caller holds open is reachable as /proc/self/fd/N; as process.cwd or
# exec --cwd it would give the container the host's directory as its
# working directory, and ../.. the host's root.  runj must refuse such a
# cwd with one line and leave nothing behind.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# A host directory the container must never see: its marker file is the
# proof of an escape.
host_dir() {
	mkdir -p "$T_TMP/host"
	echo secret >"$T_TMP/host/HOST_MARKER"
}

test_config_cwd_through_inherited_fd_is_refused() {
	host_dir
	make_bundle "$T_TMP/b" sh -c 'ls; ls ../../..'
	set_config 'c["process"]["cwd"] = "/proc/self/fd/7"'
	id=$(new_id)
	rc=0
	"$RUNJ" --root "$T_TMP/state" run --bundle "$T_TMP/b" "$id" \
	    7<"$T_TMP/host" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
	! grep -q HOST_MARKER "$T_TMP/out" ||
		fail "the container's cwd is the caller's directory: $(cat "$T_TMP/out")"
	expect_eq "$rc" 1 "exit status (stderr: $(cat "$T_TMP/err"))"
	expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr lines: $(cat "$T_TMP/err")"
	expect_match "$(cat "$T_TMP/err")" 'process.cwd' "the error"
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root"
	expect_gone "$id"
}

# The same through create and start: the fd is the caller of create.
test_config_cwd_through_fd_at_create_is_refused() {
	host_dir
	make_bundle "$T_TMP/b" sh -c 'ls'
	for n in 3 8 9; do
		set_config "c['process']['cwd'] = '/proc/self/fd/$n'"
		id=$(new_id)
		eval "exec $n<\"\$T_TMP/host\""
		rc=0
		rj create --bundle "$T_TMP/b" "$id" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
		eval "exec $n<&-"
		if [ "$rc" -eq 0 ]; then
			rj start "$id" || true
			sleep 0.3
			fail "create accepted cwd /proc/self/fd/$n"
		fi
		expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr lines: $(cat "$T_TMP/err")"
		expect_gone "$id"
	done
}

# A cwd that is a symlink out of the root is followed inside it: the
# container's /etc, not the host's.
test_config_cwd_symlink_resolves_inside_root() {
	host_dir
	make_bundle "$T_TMP/b" sh -c 'ls'
	ln -s "$T_TMP/host" "$T_TMP/b/rootfs/escape"
	mkdir -p "$T_TMP/b/rootfs/$T_TMP/host"
	echo inside >"$T_TMP/b/rootfs/$T_TMP/host/INSIDE"
	set_config 'c["process"]["cwd"] = "/escape"'
	out=$(run_ctr 2>&1)
	expect_eq "$out" INSIDE "listing of /escape"
}

test_exec_cwd_through_inherited_fd_is_refused() {
	host_dir
	id=$(new_id)
	start_sleeper "$id"
	rc=0
	rj exec --cwd /proc/self/fd/9 "$id" sh -c 'ls; ls ../../..' \
	    9<"$T_TMP/host" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
	! grep -q HOST_MARKER "$T_TMP/out" ||
		fail "the exec's cwd is the caller's directory: $(cat "$T_TMP/out")"
	# 255: a failed exec, as runc's
	expect_eq "$rc" 255 "exit status (stderr: $(cat "$T_TMP/err"))"
	expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr lines: $(cat "$T_TMP/err")"
	expect_match "$(cat "$T_TMP/err")" 'cwd' "the error"
	expect_eq "$(status_of "$id")" running "the container after the refusal"
	expect_eq "$(rj ps "$id" | tail -n +2 | wc -l)" 1 "processes left in the container"
	rj delete --force "$id"
	expect_gone "$id"
}

# An exec --process file naming the same cwd.
test_exec_process_file_cwd_through_fd_is_refused() {
	host_dir
	id=$(new_id)
	start_sleeper "$id"
	cat >"$T_TMP/p.json" <<EOP
{"args": ["ls"], "cwd": "/proc/self/fd/9", "env": ["PATH=/bin"]}
EOP
	rc=0
	rj exec --process "$T_TMP/p.json" "$id" \
	    9<"$T_TMP/host" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
	! grep -q HOST_MARKER "$T_TMP/out" ||
		fail "the exec's cwd is the caller's directory: $(cat "$T_TMP/out")"
	expect_eq "$rc" 255 "exit status (stderr: $(cat "$T_TMP/err"))"
	expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr lines: $(cat "$T_TMP/err")"
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
