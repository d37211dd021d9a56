#!/bin/bash
# tui_containers.sh: runj-tui against real containers, driven through tmux:
# create, start, logs, kill (and the SIGKILL that follows), pause, restart,
# delete (No by default; the bundle too when asked), marks and bulk
# actions, prune, exit statuses, the columns and the detail pane, events,
# and changes made by runj elsewhere.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

LOOP='["sh","-c","trap \"echo got-term; exit 0\" TERM; echo hello-from-tui; while :; do sleep 0.2; done"]'
DEAF='["sh","-c","trap \"echo ignoring-term\" TERM; while :; do sleep 0.2; done"]'

# The row of a container: "ID STATUS..."
row() {
	tui_screen | grep -E "^[ *] $1 "
}

test_create_start_logs_kill_delete() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open
	tui_wait "No containers yet"
	# Create: the form suggests an ID; replace both fields.
	tui_keys c
	tui_wait "Create a container"
	tui_keys C-u; tui_type "${t1}"; tui_keys Tab
	tui_keys C-u; tui_type "$T_TMP/b1"; tui_keys Enter
	tui_wait "created ${t1} from"
	row ${t1} | grep -q ' created ' || fail "${t1} not listed as created"
	[ -f "$ROOT/${t1}/state.json" ] || fail "no state for ${t1}"
	# Start, then the log shows the process's output.
	tui_keys s
	tui_wait "started ${t1}"
	tui_wait "running"
	tui_keys l
	tui_wait "hello-from-tui"
	tui_keys q
	tui_wait "sort:"
	# Kill: the picker starts on SIGTERM.
	tui_keys x
	tui_wait "Send a signal to ${t1}"
	tui_screen | grep -A1 "Send a signal" | grep -q "SIGTERM" ||
		fail "SIGTERM is not first"
	# Issue 12 item 13: the --all line is whole, inside the box.
	tui_screen | grep -q "\[ \] --all: every process *│" ||
		fail "the --all line is cut: $(tui_screen | grep -- --all)"
	tui_keys Enter
	tui_wait "sent SIGTERM to ${t1}"
	# Issue 12 item 11: how it ended is shown.
	tui_wait "exited (0)" 10
	# Delete: Enter takes the default, which is No.
	tui_keys d
	tui_wait "Delete stopped container ${t1}?"
	tui_keys Enter
	tui_wait "cancelled"
	[ -d "$ROOT/${t1}" ] || fail "${t1} deleted although the answer was No"
	tui_keys d
	tui_wait "Delete stopped container ${t1}?"
	tui_keys y
	tui_wait "deleted ${t1}"
	[ ! -e "$ROOT/${t1}" ] || fail "${t1} still has a state directory"
}

# Issue 12 item 11: a process that exits at once shows its status.
test_exit_status_is_shown() {
	tui_need
	make_bundle "$T_TMP/b1" '["sh","-c","exit 7"]'
	tui_open --create ${e1} --bundle "$T_TMP/b1"
	tui_wait "created ${e1}"
	tui_keys s
	tui_wait "exited (7)"
	# The detail pane says it in words too.
	tui_keys D
	tui_wait "status 7"
}

test_sigkill_is_offered_when_sigterm_does_not_do() {
	tui_need
	make_bundle "$T_TMP/b1" "$DEAF"
	tui_open --kill-wait 2 --create ${k1} --bundle "$T_TMP/b1"
	tui_wait "created ${k1}"
	tui_keys s
	tui_wait "running"
	tui_keys x
	tui_wait "Send a signal"
	tui_keys Enter
	tui_wait "sent SIGTERM to ${k1}"
	tui_wait "${k1} is still running 2 s after the signal"
	tui_keys y
	tui_wait "exited (137)"
}

test_pause_and_resume() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open --create ${p1} --bundle "$T_TMP/b1"
	tui_wait "created ${p1}"
	tui_keys s
	tui_wait "running"
	tui_screen | tail -n 2 | grep -q "p pause" || fail "no pause hint"
	tui_keys p
	tui_wait "paused ${p1}"
	row ${p1} | grep -q ' paused ' || fail "${p1} not shown paused"
	tui_screen | tail -n 2 | grep -q "p resume" || fail "no resume hint"
	tui_keys p
	tui_wait "resumed ${p1}"
	row ${p1} | grep -q ' running ' || fail "${p1} not running again"
}

test_restart_a_stopped_container() {
	tui_need
	make_bundle "$T_TMP/b1" '["sh","-c","echo run-$$; sleep 30"]'
	tui_open --create ${r1} --bundle "$T_TMP/b1"
	tui_wait "created ${r1}"
	tui_keys s
	tui_wait "running"
	rj --root "$ROOT" kill ${r1} KILL
	tui_wait "exited (137)"
	tui_keys R
	tui_wait "Restart ${r1}: delete it, then create and start it again"
	tui_keys y
	tui_wait "restarted ${r1}"
	row ${r1} | grep -q ' running ' || fail "${r1} not running after a restart"
}

test_delete_running_is_forced() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open --create ${r1} --bundle "$T_TMP/b1"
	tui_wait "created ${r1}"
	tui_keys s
	tui_wait "running"
	tui_keys d
	tui_wait "forced"
	tui_keys y
	tui_wait "deleted ${r1}"
	[ ! -e "$ROOT/${r1}" ] || fail "${r1} still there"
}

test_delete_offers_to_remove_the_bundle() {
	tui_need
	make_bundle "$T_TMP/b1" '["true"]'
	tui_open --create ${d1} --bundle "$T_TMP/b1"
	tui_wait "created ${d1}"
	tui_keys d
	tui_wait "also remove its bundle $T_TMP/b1"
	# Space ticks it; y says yes.
	tui_keys Space
	tui_wait "[x]"
	tui_keys y
	tui_wait "deleted ${d1} and its bundle"
	[ ! -e "$T_TMP/b1" ] || fail "the bundle is still there"
}

two_stopped() {
	[ "$(rj --root "$ROOT" list | grep -cE "^m[12]$S .* stopped ")" = 2 ]
}

shown_stopped() {
	row ${m1} | grep -q stopped && row ${m2} | grep -q stopped
}

test_marks_bulk_kill_delete_and_prune() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	for i in 1 2 3; do
		rj --root "$ROOT" create --bundle "$T_TMP/b1" "m$i$S" \
			</dev/null >/dev/null 2>&1 || fail "create m$i"
		rj --root "$ROOT" start "m$i$S" || fail "start m$i"
	done
	rj --root "$ROOT" create --bundle "$T_TMP/b1" ${m4} </dev/null \
		>/dev/null 2>&1 || fail "create ${m4}"
	tui_open
	tui_wait " ${m3} "
	# Mark ${m1} and ${m2} (Space marks and moves down), then kill both.
	tui_keys g
	tui_keys Space
	tui_keys Space
	tui_wait "2 marked"
	tui_keys x
	tui_wait "Send a signal to 2 containers"
	tui_keys Down
	tui_keys Enter # SIGKILL
	tui_wait "signalled 2 containers"
	wait_for "${m1} and ${m2} stopped" two_stopped
	wait_for "the list shows them stopped" shown_stopped
	# Prune: the stopped ones go, after a question.
	tui_keys Escape
	tui_keys P
	tui_wait "Delete the 2 stopped containers (${m1} and ${m2})?"
	tui_keys y
	tui_wait "deleted 2 containers"
	tui_wait_gone " ${m1} "
	# Mark all and delete: one question for all.
	tui_keys "*"
	tui_wait "2 marked"
	tui_keys d
	tui_wait "Delete 2 containers (${m3} and ${m4})"
	tui_keys y
	tui_wait "deleted 2 containers"
	tui_wait "No containers yet"
	[ -z "$(ls "$ROOT")" ] || fail "left: $(ls "$ROOT")"
}

test_actions_only_where_they_apply() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open --create ${a1} --bundle "$T_TMP/b1"
	tui_wait "created ${a1}"
	# A created container cannot be given a shell.
	tui_keys e
	tui_wait "shell: not possible for created container ${a1}"
	# The hint bar offers start, not shell.
	tui_screen | tail -n 2 | grep -q "s start" || fail "no start hint"
	tui_screen | tail -n 2 | grep -q "e shell" && fail "shell offered"
	# The Enter menu lists start, not shell ...
	tui_keys Enter
	tui_wait "start a created container"
	tui_screen | grep -q "a shell in a running" && fail "menu offers shell"
	# ... and its letters work in it (issue 12 item 9).
	tui_keys i
	tui_wait "# state"
	tui_keys /; tui_type "ociVersion"; tui_keys Enter
	tui_wait "ociVersion"
	tui_keys q
	tui_wait "sort:"
}

test_columns_and_detail_pane() {
	tui_need
	make_bundle "$T_TMP/b1" '["sh","-c","echo detail-log-line; sleep 60"]'
	TUI_COLS=160 tui_open --create ${c1} --bundle "$T_TMP/b1"
	tui_wait "created ${c1}"
	tui_keys s
	tui_wait "running"
	tui_screen | grep -q "UP      CPU%  MEM" || fail "no UP, CPU% and MEM"
	# Live CPU and memory from the engine's stats.
	wait_for "memory shown" sh -c \
		"tmux -S '$TSOCK' capture-pane -p -t t | grep -E '^  ${c1} ' | grep -Eq ' [0-9.]+[KMG] '"
	# Wide enough: the pane is there; D hides and shows it.
	tui_wait "processes"
	tui_wait "args      sh -c echo detail-log-line; sleep 60"
	tui_wait "detail-log-line"
	tui_keys D
	tui_wait_gone "processes"
	tui_keys D
	tui_wait "processes"
}

test_events_view() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open --create ${v1} --bundle "$T_TMP/b1"
	tui_wait "created ${v1}"
	tui_keys s
	tui_wait "running"
	tui_keys v
	tui_wait "events ${v1}"
	tui_wait "memory"
	tui_wait "cpu "
	tui_keys q
	tui_wait "sort:"
}

test_live_refresh_from_another_terminal() {
	tui_need
	make_bundle "$T_TMP/b1" "$LOOP"
	tui_open
	tui_wait "No containers yet"
	rj --root "$ROOT" create --bundle "$T_TMP/b1" ${other1} \
		</dev/null >/dev/null 2>&1 || fail "runj create failed"
	tui_wait "${other1}" 2
	rj --root "$ROOT" delete --force ${other1} || fail "runj delete failed"
	tui_wait_gone "${other1}" 2
}

test_engine_error_goes_to_status_line() {
	tui_need
	mkdir -p "$T_TMP/nobundle"
	echo '{"ociVersion": "1.0.2", "process": 5}' >"$T_TMP/nobundle/config.json"
	tui_open --create ${bad1} --bundle "$T_TMP/nobundle"
	tui_wait "create ${bad1}:"
	[ ! -e "$ROOT/${bad1}" ] || fail "a failed create left $ROOT/bad1"
}

run_tests
