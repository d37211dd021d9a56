#!/bin/bash
# tui_newuser.sh: the story README and runj-tui(1) tell a new user, end to
# end, with the defaults the forms offer: a root filesystem archive on an
# ordinary web server becomes a bundle, a container from it runs a shell
# on a terminal runj-tui holds, its output is in its log, a SIGTERM the
# shell ignores is followed by the offer of SIGKILL, and delete takes the
# bundle along.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/tmux.lib"

test_archive_on_a_web_server_to_a_shell_and_back() {
	tui_need
	mkdir -p "$T_TMP/www" "$T_TMP/work"
	rootfs_archive "$T_TMP/www/rootfs.tar.gz"
	start_http "$T_TMP/www"
	url="http://127.0.0.1:$PORT/rootfs.tar.gz"
	cd "$T_TMP/work"
	tui_open --kill-wait 3
	tui_wait "No containers yet: press n to make a bundle"
	# n: from an archive, a directory or a URL (the first choice).
	tui_keys n
	tui_wait "New bundle from..."
	tui_keys Enter
	tui_wait "Archive, directory or URL"
	tui_type "$url"
	tui_keys Enter # every other field as offered: ./bundle, sh, terminal
	tui_wait "bundle $T_TMP/work/bundle ready: press c to create a container" 30
	# c: the form offers an ID and the bundle just made.
	tui_keys c
	tui_wait "Create a container"
	tui_wait "$T_TMP/work/bundle"
	# The ID offered is c1; one of this test's own, as tests run side by
	# side (cgroups are named by ID).
	tui_keys C-u; tui_type "${c1}"; tui_keys Enter
	tui_wait "created ${c1} from $T_TMP/work/bundle (s starts it)"
	# s: started, and attached to its shell.
	tui_keys s
	tui_wait "attached to ${c1}'s terminal; Ctrl-] detaches"
	tui_type "echo made-by-a-new-user"; tui_keys Enter
	tui_wait "made-by-a-new-user"
	tui_keys C-]
	tui_wait "${c1}: detached"
	tui_keys l
	tui_wait "made-by-a-new-user"
	tui_keys q
	# x: SIGTERM, which an interactive shell ignores: SIGKILL is offered.
	tui_keys x
	tui_wait "Send a signal to ${c1}"
	tui_keys Enter
	tui_wait "${c1} is still running 3 s after the signal"
	tui_keys y
	tui_wait "exited (137)"
	# d: deleted, with its bundle.
	tui_keys d
	tui_wait "also remove its bundle $T_TMP/work/bundle"
	tui_keys Space y
	tui_wait "deleted ${c1} and its bundle"
	[ ! -e "$T_TMP/work/bundle" ] || fail "the bundle is still there"
	[ ! -e "$ROOT/${c1}" ] || fail "${c1} is still there"
	tui_keys q
	tui_wait "EXITED 0"
}

run_tests
