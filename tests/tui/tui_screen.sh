#!/bin/bash
# tui_screen.sh: the screen itself: help from the key table, filter,
# themes (switch, remember, --theme, bad files, NO_COLOR), resize, quit and
# the terminal given back after q or a signal.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

pane() {
	tmux -S "$TSOCK" display -p -t t "$1"
}

test_help_comes_from_key_table() {
	tui_need
	tui_open
	tui_keys "?"
	tui_wait "start a created container"
	tui_wait "(asks first)"
	tui_keys q
	tui_wait "No containers yet"
}

test_theme_switch_is_remembered() {
	tui_need
	tui_open
	tui_wait "theme: default"
	tui_keys t
	# The title shows "theme: default" already: wait for the file itself
	# (written when t is handled), not for the screen.
	name=
	for _ in $(seq 100); do
		name=$(sed -n 's/.*"theme": "\([^"]*\)".*/\1/p' \
			"$HOME/.config/runj/tui.json" 2>/dev/null || true)
		[ -n "$name" ] && break
		sleep 0.1
	done
	[ -n "$name" ] || fail "theme not remembered in ~/.config/runj/tui.json"
	[ "$name" != default ] || fail "t did not change the theme"
	tui_wait "theme: $name"
	tui_keys q
	tui_wait "EXITED 0"
	tui_close
	tui_open
	tui_wait "theme: $name"
}

test_theme_option_and_bad_files() {
	tui_need
	tui_open --theme amber
	tui_wait "theme: amber"
	tui_close
	mkdir -p "$HOME/.config/runj/themes"
	echo '{"elements": {"header": {"fg": "ultraviolet"}}}' \
		>"$HOME/.config/runj/themes/broken.json"
	tui_open --theme broken
	tui_wait "broken.json: elements.header.fg: not a colour"
	tui_wait "theme: default"
	tui_close
	tui_open --theme nosuch
	tui_wait "theme nosuch: not found"
}

test_no_color_is_honoured() {
	tui_need
	TUI_ENV="NO_COLOR=1" tui_open --theme amber
	tui_wait "NO_COLOR is set"
	# No colour escape reaches the terminal: capture with attributes.
	tmux -S "$TSOCK" capture-pane -e -p -t t >"$T_TMP/esc"
	grep -Eq $'\e\\[[0-9;]*(3[0-7]|38;5;[0-9]+)m' "$T_TMP/esc" &&
		fail "colours drawn although NO_COLOR is set"
	return 0
}

test_filter_narrows_list() {
	tui_need
	tui_open
	tui_keys /
	tui_type "zzz"
	tui_keys Enter
	tui_wait 'filter: "zzz"'
	tui_keys /
	tui_keys Escape
	tui_wait "filter cleared"
}

test_resize_and_too_small() {
	tui_need
	tui_open
	tui_wait "No containers yet"
	tmux -S "$TSOCK" resize-window -t t -x 30 -y 6
	tui_wait "terminal too small"
	tmux -S "$TSOCK" resize-window -t t -x 100 -y 30
	tui_wait "No containers yet"
	tui_wait_gone "terminal too small"
}

test_quit_restores_terminal() {
	tui_need
	tui_open
	[ "$(pane '#{alternate_on}')" = 1 ] || fail "not on the alternate screen"
	tui_keys q
	tui_wait "EXITED 0"
	[ "$(pane '#{alternate_on}')" = 0 ] || fail "alternate screen left on"
}

test_signal_restores_terminal() {
	tui_need
	tui_open
	pid=$(pgrep -f "runj-tui --root $ROOT" | head -n 1)
	[ -n "$pid" ] || fail "no runj-tui process"
	kill -TERM "$pid"
	tui_wait "EXITED 0"
	[ "$(pane '#{alternate_on}')" = 0 ] || fail "alternate screen left on"
}

run_tests
