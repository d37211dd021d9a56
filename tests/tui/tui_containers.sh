#!/bin/bash
# tui_containers.sh: runj-tui against real containers, driven through tmux:
# create from a bundle, start, logs, kill, delete (No by default), live
# refresh of changes made by runj elsewhere.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

LOOP='["sh","-c","trap \"echo got-term; exit 0\" TERM; echo hello-from-tui; while :; do sleep 0.2; done"]'

test_create_start_logs_kill_delete() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open
	tui_wait "No containers yet"
	# Create: the form suggests an ID; replace both fields.
	tui_keys c
	tui_wait "Create a container"
	tui_keys C-u; tui_type "t1"; tui_keys Tab
	tui_keys C-u; tui_type "$T_TMP/b1"; tui_keys Enter
	tui_wait "created t1 from"
	tui_screen | grep -Eq ' t1 +created ' || fail "t1 not listed as created"
	[ -f "$ROOT/t1/state.json" ] || fail "no state for t1"
	# Start, then the log shows the process's output.
	tui_keys s
	tui_wait "started t1"
	tui_wait "running"
	tui_keys l
	tui_wait "hello-from-tui"
	tui_keys q
	tui_wait "sort:"
	# Kill: the picker starts on SIGTERM.
	tui_keys x
	tui_wait "Send a signal"
	tui_screen | grep -A1 "Send a signal" | grep -q "SIGTERM" ||
		fail "SIGTERM is not first"
	tui_keys Enter
	tui_wait "sent SIGTERM to t1"
	tui_wait "stopped" 10
	# Delete: Enter takes the default, which is No.
	tui_keys d
	tui_wait "Delete stopped container t1?"
	tui_keys Enter
	tui_wait "cancelled"
	[ -d "$ROOT/t1" ] || fail "t1 deleted although the answer was No"
	tui_keys d
	tui_wait "Delete stopped container t1?"
	tui_keys y
	tui_wait "deleted t1"
	[ ! -e "$ROOT/t1" ] || fail "t1 still has a state directory"
}

test_delete_running_is_forced() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open --create r1 --bundle "$T_TMP/b1"
	tui_wait "created r1"
	tui_keys s
	tui_wait "running"
	tui_keys d
	tui_wait "forced"
	tui_keys y
	tui_wait "deleted r1"
	[ ! -e "$ROOT/r1" ] || fail "r1 still there"
}

test_actions_only_where_they_apply() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open --create a1 --bundle "$T_TMP/b1"
	tui_wait "created a1"
	# A created container cannot be given a shell.
	tui_keys e
	tui_wait "shell: not possible for created container a1"
	# The hint bar offers start, not shell.
	tui_screen | tail -n 2 | grep -q "s start" || fail "no start hint"
	tui_screen | tail -n 2 | grep -q "e shell" && fail "shell offered"
	# The Enter menu lists start (menu lines read "KEY    label").
	tui_keys Enter
	tui_wait "s      start"
	tui_screen | grep -q "e      shell" && fail "menu offers shell"
	tui_keys Escape
	tui_wait_gone "s      start"
	# Inspect shows the state and config.json; search finds a field.
	tui_keys i
	tui_wait "# state"
	tui_keys /; tui_type "ociVersion"; tui_keys Enter
	tui_wait "ociVersion"
	tui_keys q
	tui_wait "sort:"
}

test_live_refresh_from_another_terminal() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open
	tui_wait "No containers yet"
	rj --root "$ROOT" create --bundle "$T_TMP/b1" other1 \
		</dev/null >/dev/null 2>&1 || fail "runj create failed"
	tui_wait "other1" 2
	rj --root "$ROOT" delete --force other1 || fail "runj delete failed"
	tui_wait_gone "other1" 2
}

test_engine_error_goes_to_status_line() {
	tui_need
	mkdir -p "$T_TMP/nobundle"
	echo '{"ociVersion": "1.0.2", "process": 5}' >"$T_TMP/nobundle/config.json"
	tui_open --create bad1 --bundle "$T_TMP/nobundle"
	tui_wait "create bad1:"
	[ ! -e "$ROOT/bad1" ] || fail "a failed create left $ROOT/bad1"
}

run_tests
