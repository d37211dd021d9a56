#!/bin/bash
# engine_badinput.sh: every bad input gets one line on stderr, exit status
# 1, and leaves nothing behind; --help, --version and --log.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# nothing_left ID: no state, no cgroup, an empty list.
nothing_left() {
	expect_gone "$1"
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root contents"
}

test_missing_config() {
	make_rootfs "$T_TMP/b/rootfs"
	id=$(new_id)
	expect_fail_with 'config\.json.*not found' rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
}

test_missing_bundle() {
	id=$(new_id)
	expect_fail_with "$T_TMP/nope" rj create --bundle "$T_TMP/nope" "$id"
	nothing_left "$id"
}

test_malformed_config() {
	make_bundle "$T_TMP/b" true
	printf '{"ociVersion": "1.0.2", "process": {' >"$T_TMP/b/config.json"
	id=$(new_id)
	expect_fail_with '^runj: .*config\.json' rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
}

test_wrong_type_names_the_path() {
	make_bundle "$T_TMP/b" true
	set_config 'c["process"]["args"] = ["sh", 5]'
	id=$(new_id)
	expect_fail_with 'config\.json: process\.args\[1\]: expected a string' \
	    rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
	set_config 'c["process"]["args"] = ["sh"]; c["process"]["user"]["uid"] = "root"'
	expect_fail_with 'process\.user\.uid' rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
}

test_bad_ids() {
	make_bundle "$T_TMP/b" true
	long=$(printf 'a%.0s' $(seq 1025))
	for bad in '../x' 'a/b' '' "$long" '.hidden' 'a b'; do
		expect_fail_with '(container ID|[Ii][Dd]\b)' rj create --bundle "$T_TMP/b" "$bad"
		expect_fail_with '(container ID|[Ii][Dd]\b)' rj state "$bad"
		expect_fail_with '(container ID|[Ii][Dd]\b)' rj delete --force "$bad"
	done
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root contents"
	[ ! -e "$T_TMP/x" ] || fail "../x escaped the state root"
	[ ! -e "$T_TMP/a" ] || fail "a/b was made"
}

test_unknown_container() {
	id=$(new_id)
	for cmd in state start delete kill pause resume ps events; do
		case $cmd in events) extra=--stats ;; *) extra= ;; esac
		expect_fail_with "$id.*(does not exist|not found)" rj $cmd $extra "$id"
	done
	FAIL_STATUS=255 expect_fail_with "$id.*(does not exist|not found)" rj exec "$id" true
}

test_missing_rootfs() {
	make_bundle "$T_TMP/b" true
	set_config 'c["root"]["path"] = "no-such-rootfs"'
	id=$(new_id)
	expect_fail_with 'root\.path.*no-such-rootfs' rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
}

test_args0_not_in_rootfs_reported_at_create() {
	make_bundle "$T_TMP/b" no-such-program
	id=$(new_id)
	expect_fail_with 'no-such-program' rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
	set_args /bin/missing
	expect_fail_with '/bin/missing' rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
	# run reports it the same way
	set_args no-such-program
	expect_fail_with 'no-such-program' rj run --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
}

test_terminal_without_console_socket() {
	make_bundle "$T_TMP/b" true
	set_config 'c["process"]["terminal"] = True'
	id=$(new_id)
	expect_fail_with 'console-socket' rj create --bundle "$T_TMP/b" "$id"
	nothing_left "$id"
}

test_unknown_signal() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	rj create --bundle "$T_TMP/b" "$id"
	for sig in SIGFOO FOO 0x9 999 -1; do
		expect_fail_with "(signal|$sig)" rj kill "$id" "$sig"
	done
	expect_eq "$(status_of "$id")" created "status after bad kills"
	rj delete --force "$id"
	expect_gone "$id"
}

test_unknown_command_and_flags() {
	expect_fail_with 'unknown command "frob"' rj frob
	expect_fail_with '--frob' rj create --frob x
	expect_fail_with '--frob' rj --frob list
	expect_fail_with '--frob' rj delete --frob x
	expect_fail_with 'format' rj list --format yaml
	expect_fail_with 'log-format' rj --log-format xml list
	expect_fail_with 'missing operand' rj create
	expect_fail_with 'unexpected argument' rj state a b
	rc=0
	"$RUNJ" >/dev/null 2>&1 || rc=$?
	expect_eq "$rc" 1 "runj with no command"
}

test_help_and_version() {
	out=$("$RUNJ" --help)
	expect_match "$out" '^usage: runj' "runj --help"
	for c in create start run exec state kill delete list ps pause resume update events features spec; do
		expect_match "$out" "^  $c " "$c in runj --help"
		expect_match "$("$RUNJ" "$c" --help)" "^usage: runj $c" "runj $c --help"
	done
	out=$("$RUNJ" create --help)
	for f in --bundle --pid-file --console-socket --preserve-fds --no-pivot; do
		expect_match "$out" "$f" "create --help mentions $f"
	done
	expect_match "$("$RUNJ" --version)" '^runj version [0-9]+\.[0-9]+' "--version"
	expect_match "$("$RUNJ" --version)" 'spec: 1\.[0-9]+\.[0-9]+' "--version spec line"
}

test_log_json_on_error() {
	id=$(new_id)
	expect_fail_with 'does not exist' rj --log "$T_TMP/log.json" --log-format json state "$id"
	[ "$(wc -l <"$T_TMP/log.json")" -eq 1 ] || fail "log: $(cat "$T_TMP/log.json")"
	line=$(cat "$T_TMP/log.json")
	expect_eq "$(json_get "$line" 'j["level"]')" error level
	expect_match "$(json_get "$line" 'j["msg"]')" "$id.*does not exist" msg
	expect_match "$(json_get "$line" 'j["time"]')" \
	    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$' time
	# text format: one line too, with the message
	expect_fail_with 'does not exist' rj --log "$T_TMP/log.txt" state "$id"
	expect_match "$(cat "$T_TMP/log.txt")" "level=error.*$id" "text log"
}

test_spec_refuses_to_overwrite() {
	mkdir "$T_TMP/s"
	(cd "$T_TMP/s" && "$RUNJ" spec)
	"$PY" -c 'import json,sys; c=json.load(open(sys.argv[1])); assert c["process"]["terminal"] is True; assert c["root"]["readonly"] is True; assert sorted(n["type"] for n in c["linux"]["namespaces"]) == ["ipc","mount","network","pid","uts"]' "$T_TMP/s/config.json" ||
		fail "runj spec defaults"
	echo '{}' >"$T_TMP/s/config.json"
	expect_fail_with 'exists' bash -c "cd '$T_TMP/s' && '$RUNJ' spec"
	expect_eq "$(cat "$T_TMP/s/config.json")" '{}' "config.json after a refused spec"
}

run_tests
