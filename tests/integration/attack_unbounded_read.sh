#!/bin/bash
# attack_unbounded_read.sh: issue 9.11.  runj reads config.json and an
# exec's --process file whole; a bundle whose config.json is a symlink to
# /dev/zero made it allocate until it aborted, a FIFO made it wait
# forever.  Only regular files are read, up to a documented limit
# (16 MiB), and anything else is one line on stderr with nothing left.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# bounded CMD...: CMD with 20 s and, outside the sanitizer build (ASan
# needs a huge address space), 1 GiB of address space, so the old
# behaviour fails the test instead of the host.
bounded() {
	case $B in
	*san*) timeout 20 "$@" ;;
	*) timeout 20 prlimit --as=1073741824 -- "$@" ;;
	esac
}

expect_refused() {
	_id=$1
	shift
	rc=0
	bounded "$@" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
	expect_eq "$rc" 1 "exit status (124 is a hang; stderr: $(head -c 300 "$T_TMP/err"))"
	expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr lines: $(head -c 300 "$T_TMP/err")"
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root"
	expect_gone "$_id"
}

test_config_symlink_to_dev_zero() {
	make_bundle "$T_TMP/b" true
	ln -sf /dev/zero "$T_TMP/b/config.json"
	id=$(new_id)
	expect_refused "$id" "$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/b" "$id"
	expect_match "$(cat "$T_TMP/err")" 'config.json: .*not a regular file' "the error"
}

test_config_fifo() {
	make_bundle "$T_TMP/b" true
	rm "$T_TMP/b/config.json"
	mkfifo "$T_TMP/b/config.json"
	id=$(new_id)
	expect_refused "$id" "$RUNJ" --root "$T_TMP/state" run --bundle "$T_TMP/b" "$id"
	expect_match "$(cat "$T_TMP/err")" 'config.json: .*not a regular file' "the error"
}

test_config_too_large() {
	make_bundle "$T_TMP/b" true
	"$PY" - "$T_TMP/b/config.json" <<'EOP'
import json, sys
c = json.load(open(sys.argv[1]))
c["annotations"] = {"pad": "x" * (17 << 20)}
json.dump(c, open(sys.argv[1], "w"))
EOP
	id=$(new_id)
	expect_refused "$id" "$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/b" "$id"
	expect_match "$(cat "$T_TMP/err")" 'config.json: .*larger than the 16 MiB limit' "the error"
}

test_exec_process_file_not_regular() {
	id=$(new_id)
	start_sleeper "$id"
	mkfifo "$T_TMP/fifo"
	for f in /dev/zero "$T_TMP/fifo"; do
		rc=0
		bounded "$RUNJ" --root "$T_TMP/state" exec --process "$f" "$id" \
		    >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
		# 255: a failed exec, as runc's
		expect_eq "$rc" 255 "exec --process $f: exit status (124 is a hang; stderr: $(head -c 300 "$T_TMP/err"))"
		expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr lines: $(head -c 300 "$T_TMP/err")"
		expect_match "$(cat "$T_TMP/err")" 'not a regular file' "the error"
	done
	expect_eq "$(status_of "$id")" running "the container"
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
