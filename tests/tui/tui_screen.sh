#!/bin/bash
# tui_screen.sh: the screen itself: help, hint bar and the "more" page from
# the key tables, filter, themes (switch, remember, --theme, bad files,
# mono, NO_COLOR), messages in full, small terminals, resize, quit and the
# terminal given back after q or a signal.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

pane() {
	tmux -S "$TSOCK" display -p -t t "$1"
}

# Colour escapes (foreground 30-37, 256 colours) on the screen.
has_colour() {
	tui_screen_e | grep -Eq $'\e\\[[0-9;]*(3[0-7]|38;5;[0-9]+)m'
}

test_help_comes_from_key_table() {
	tui_need
	tui_open
	tui_keys "?"
	tui_wait "start a created container"
	tui_wait "(asks first)"
	# Issue 12 item 13: the help says "asks" once, from the table.
	tui_screen | grep -q "asks;" && fail "help says 'asks' twice"
	# Every table is there: the pager's and the dialogs' too.
	tui_keys /; tui_type "The pager"; tui_keys Enter
	tui_wait "The pager (logs"
	tui_keys G
	tui_wait "Progress boxes"
	# The footer wraps at 120 columns instead of being cut.
	tui_wait "runj-tui(1) says it all."
	tui_keys q
	tui_wait "No containers yet"
}

test_hint_bar_and_more_page() {
	tui_need
	tui_open
	# Always at the end of the hint bar.
	tui_screen | tail -n 2 | grep -q "m more  ? help  q quit" ||
		fail "hint bar: $(tui_screen | tail -n 2)"
	# The more page lists what the hint bar has no room for ...
	tui_keys m
	tui_wait "every action"
	for what in "offline rootfs" "edit bundle" "sort" "reverse" "theme" \
		"messages" "prune stopped" "detail pane"; do
		tui_screen | grep -q "$what" || fail "more page lacks $what"
	done
	# ... and its keys work in it, but q and Esc close it, as in any
	# menu: they do not quit.
	tui_keys q
	tui_wait_gone "─ every action ─"
	tui_screen | grep -q EXITED && fail "q in the more page quit"
	tui_keys m
	tui_wait "every action"
	tui_keys o
	tui_wait "sorted by STATUS"
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

# Issue 12 item 14: Esc in the list clears the filter, as help says.
test_escape_in_list_clears_filter() {
	tui_need
	tui_open
	tui_keys /
	tui_type "zzz"
	tui_keys Enter
	tui_wait 'filter: "zzz"'
	tui_keys Escape
	tui_wait "filter cleared"
	tui_wait_gone 'filter: "zzz"'
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
	tui_wait "theme: default"
	# Too long for the status line: it says so, and h has all of it.
	tui_wait "(h: all of it)"
	tui_keys h
	tui_wait "broken.json: elements.header.fg:"
	tui_wait "not a colour (use default, a name like red or bright-red, 0-255 or #rrggbb)"
	tui_keys q
	tui_close
	tui_open --theme nosuch
	tui_wait "theme nosuch: not found"
}

# Issue 12 item 12: mono has no colour at all, title and hints included.
test_mono_theme_has_no_colour() {
	tui_need
	tui_open --theme mono
	tui_wait "theme: mono"
	tui_keys "?"
	tui_wait "The list"
	has_colour && fail "mono draws in colour: $(tui_screen_e | grep -aEo $'\e\\[[0-9;]*m' | sort -u | tr '\n' ' ')"
	tui_keys q
	tui_wait "m more"
	has_colour && fail "mono draws in colour"
	return 0
}

test_no_color_is_honoured() {
	tui_need
	TUI_ENV="NO_COLOR=1" tui_open --theme amber
	tui_wait "NO_COLOR is set"
	has_colour && fail "colours drawn although NO_COLOR is set"
	return 0
}

# Issue 12 item 7: every message, in full, with h.
test_messages_in_full() {
	tui_need
	long=$(printf 'x%.0s' $(seq 300))
	tui_open --create "${bad1}" --bundle "$T_TMP/$long"
	tui_wait "(h: all of it)"
	tui_keys h
	tui_wait "messages (the newest last)"
	tui_screen | tr -d '\n' | grep -q "$long" ||
		fail "the message is not shown whole"
	tui_keys q
	tui_wait "m more"
}

# Issue 12 item 15: at 45x12 (above the minimum) the forms stay in their
# box, fields scroll.
test_small_terminal_forms_stay_in_their_box() {
	tui_need
	TUI_COLS=45 TUI_LINES=12 tui_open
	tui_keys n
	tui_wait "New bundle from..."
	tui_keys Enter
	tui_wait "Archive, directory"
	tui_screen >"$T_TMP/s1"
	for _ in 1 2 3 4 5; do tui_keys Tab; done
	tui_wait "Replace existing"
	tui_screen >"$T_TMP/s2"
	python3 - "$T_TMP/s1" "$T_TMP/s2" <<'PY' || fail "drawn outside the box"
import sys
for path in sys.argv[1:]:
    rows = open(path).read().split("\n")
    top = next(i for i, r in enumerate(rows) if "┌" in r)
    bot = next(i for i, r in enumerate(rows) if "└" in r)
    left, right = rows[top].index("┌"), rows[top].index("┐")
    assert rows[bot].index("└") == left and rows[bot].index("┘") == right
    for r in rows[top + 1:bot]:
        assert r[left] == "│" and r[right] == "│", (path, r)
        assert r[right + 1:].strip() == "", (path, r)
PY
	tui_keys Escape
	tui_wait "m more"
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
	pid=$(tui_pid)
	[ -n "$pid" ] || fail "no runj-tui process"
	kill -TERM "$pid"
	tui_wait "EXITED 0"
	[ "$(pane '#{alternate_on}')" = 0 ] || fail "alternate screen left on"
}

run_tests
