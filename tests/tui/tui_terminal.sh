#!/bin/bash
# tui_terminal.sh: issue 12 item 6: a bundle whose process has a
# terminal (what runj spec makes) works from the TUI, which receives the
# pty itself and attaches to it; and README's runj spec / create / start
# example works as written.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

test_terminal_bundle_attaches() {
	tui_need
	make_term_bundle "$T_TMP/tb"
	tui_open
	tui_keys c
	tui_wait "Create a container"
	tui_keys C-u; tui_type "${term1}"; tui_keys Tab
	tui_keys C-u; tui_type "$T_TMP/tb"; tui_keys Enter
	tui_wait "created ${term1}"
	tui_screen | grep -q "console-socket" && fail "asked for --console-socket"
	tui_wait "a attach"
	# Start attaches: the shell is there.
	tui_keys s
	tui_wait "attached to ${term1}'s terminal; Ctrl-] detaches"
	tui_type "echo hello-\$((6*7))"; tui_keys Enter
	tui_wait "hello-42"
	tui_keys C-]
	tui_wait "${term1}: detached"
	tui_screen | grep -E "^  ${term1} " | grep -q running || fail "not running"
	# What it said is in its log; a attaches again.
	tui_keys l
	tui_wait "hello-42"
	tui_keys q
	tui_keys a
	tui_wait "attached to ${term1}'s terminal"
	tui_type "exit 5"; tui_keys Enter
	tui_wait "its terminal closed"
	tui_wait "exited (5)"
}

# README's "Using runj" block, run as written (runj with a private root).
test_readme_example_works() {
	tui_need
	mkdir -p "$T_TMP/bin"
	cat >"$T_TMP/bin/runj" <<EOS
#!/bin/sh
if [ "\$1" = demo ]; then shift; exec "$TOP/$B/runj-demo" "\$@"; fi
exec "$RUNJ" --root "$ROOT" "\$@"
EOS
	chmod +x "$T_TMP/bin/runj"
	sed -n '/^## Using runj/,/^```$/p' "$TOP/README.md" |
		sed -n '/^```sh$/,/^```$/p' | grep -v '^```' >"$T_TMP/example.sh"
	grep -q "runj create" "$T_TMP/example.sh" || fail "no example in README"
	tui_shell_open "cd '$T_TMP' && PATH='$T_TMP/bin':\$PATH sh -ex example.sh"
	# runj run demo1 gives a shell on this terminal: leave it.
	tui_wait "/ #" 20
	tui_type "exit"; tui_keys Enter
	tui_wait "EXITED" 20
	tui_screen | grep -q "EXITED 0" || fail "the example failed: $(tui_screen | tail -n 15)"
}

run_tests
