#!/bin/bash
# tui_cli.sh: issue 12 items 17-19, in a terminal: runj list keeps long
# IDs aligned, --debug logs the command line, runj tui --help helps.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

test_list_aligns_long_ids() {
	tui_need
	make_bundle "$T_TMP/b1" '["sleep","30"]'
	long=$(printf 'a%.0s' $(seq 64))
	for id in "$long" ${short}; do
		rj --root "$ROOT" create --bundle "$T_TMP/b1" "$id" \
			</dev/null >/dev/null 2>&1 || fail "create $id"
	done
	tui_shell_open "'$RUNJ' --root '$ROOT' list"
	tui_wait "EXITED 0"
	tui_screen | grep -E "^(ID|a|${short})" >"$T_TMP/table"
	python3 - "$T_TMP/table" <<'PY' || fail "misaligned: $(cat "$T_TMP/table")"
import sys
rows = [r for r in open(sys.argv[1]).read().split("\n") if r]
cols = [r.index(w) for r, w in zip(rows, ["PID", "0", "0"])]
pid = [r.find(" ", len(r.split()[0])) for r in rows]
# Every column starts where its header does.
for word in ("STATUS", "CREATED", "BUNDLE"):
    at = rows[0].index(word)
    for r in rows[1:]:
        assert r[at - 1] == " " and r[at] != " ", (word, r)
PY
}

test_debug_logs_the_command_line() {
	tui_need
	tui_shell_open "'$RUNJ' --root '$ROOT' --log '$T_TMP/log' --debug list -q"
	tui_wait "EXITED 0"
	grep -q 'level=debug msg=".*--debug list -q"' "$T_TMP/log" ||
		fail "log: $(cat "$T_TMP/log")"
	if grep -A4 -- '^\.It Fl -debug' "$TOP/man/runj.8" |
		grep -q "changes nothing\.$"; then
		grep -A4 -- '^\.It Fl -debug' "$TOP/man/runj.8" |
			grep -q "each command line" ||
			fail "runj(8) still says --debug changes nothing"
	fi
}

test_runj_tui_help() {
	tui_need
	TUI_LINES=80 tui_shell_open "'$RUNJ' tui --help"
	tui_wait "EXITED 0"
	for what in "--root DIR" "--theme NAME" "--kill-wait" "--log-max" \
		"--create ID --bundle DIR" "Enter" "a bundle from" "runj-tui(1)"; do
		tui_screen | grep -qF -- "$what" || fail "--help lacks $what"
	done
	[ "$(tui_screen | grep -c .)" -gt 15 ] || fail "--help is a usage line"
}

run_tests
