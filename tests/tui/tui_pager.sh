#!/bin/bash
# tui_pager.sh: logs and inspect: search (the prompt stays while lines
# come; a search without a match says so), follow only where text grows,
# wrap and sideways scroll, time stamps, and the log's size cap with its
# rotation.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

CHATTY='["sh","-c","i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.2; done"]'

start_chatty() {
	make_bundle "$T_TMP/b1" "$CHATTY"
	tui_open "$@" --create "${ch1}" --bundle "$T_TMP/b1"
	tui_wait "created ${ch1}"
	tui_keys s
	tui_wait "running"
}

# Issue 12 item 4: in a live log the half-typed search stays a prompt.
test_search_prompt_survives_new_lines() {
	tui_need
	start_chatty
	tui_keys l
	tui_wait "tick-3"
	tui_keys /
	tui_type "tick-"
	# Lines keep coming for two seconds: the prompt is still there.
	sleep 2
	tui_screen | tail -n 1 | grep -q "^/tick-" ||
		fail "the prompt went: $(tui_screen | tail -n 1)"
	tui_type "2"
	tui_keys Enter
	tui_wait "n next"
	tui_screen | grep -q "no match" && fail "no match for tick-2"
	tui_keys q
}

# Issue 12 item 16: a search that finds nothing says so; inspect has no
# follow; long lines wrap, or are cut and scroll sideways.
test_pager_search_follow_wrap() {
	tui_need
	long=$(python3 -c 'print("begin-" + "y" * 300 + "-the-end")')
	make_bundle "$T_TMP/b1" '["sh","-c","echo '"$long"'"]'
	tui_open --create ${w1} --bundle "$T_TMP/b1"
	tui_wait "created ${w1}"
	tui_keys i
	tui_wait "# state"
	tui_screen | tail -n 1 | grep -q "follow" && fail "inspect offers follow"
	tui_keys /; tui_type "no-such-text"; tui_keys Enter
	tui_wait 'no match for "no-such-text"'
	tui_keys q
	tui_keys s
	tui_wait "exited (0)"
	tui_keys l
	# Wrapped: the end of the line is on screen.
	tui_wait "the-end"
	tui_keys w
	tui_wait_gone "the-end"
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 \
		23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38; do
		tui_keys Right
	done
	tui_wait "the-end"
	tui_keys q
}

stamped() {
	tui_screen | grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} tick-'
}

test_log_time_stamps() {
	tui_need
	start_chatty
	tui_keys l
	tui_wait "tick-2"
	tui_screen | grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} tick' &&
		fail "time stamps without T"
	tui_keys T
	tui_wait "[times]"
	wait_for "time stamps shown" stamped
	# On disk, one record a line, CRI's way.
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z stdout F tick-1$' \
		"$ROOT/${ch1}/console.log" || fail "log: $(head -n 2 "$ROOT/${ch1}/console.log")"
}

# The log has a cap: console.log rotates to console.log.1 at --log-max.
test_log_cap_and_rotation() {
	tui_need
	make_bundle "$T_TMP/b1" '["sh","-c","i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo line-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done; sleep 30"]'
	tui_open --log-max 16K --create ${lg1} --bundle "$T_TMP/b1"
	tui_wait "created ${lg1}"
	tui_keys s
	wait_for "the last line logged" grep -q "line-3000-" "$ROOT/${lg1}/console.log"
	[ -f "$ROOT/${lg1}/console.log.1" ] || fail "no console.log.1"
	for f in console.log console.log.1; do
		size=$(stat -c %s "$ROOT/${lg1}/$f")
		[ "$size" -le 16384 ] || fail "$f is $size bytes, over 16K"
	done
	# The log view shows the newest lines, across the two files.
	tui_keys l
	tui_wait "line-3000-"
}

run_tests
