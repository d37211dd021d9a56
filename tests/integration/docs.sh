#!/bin/bash
# docs.sh: the man pages are clean mdoc, and runj's help and runj.8 agree:
# every command and every long option the help shows is in the page.
. "$(dirname "$0")/../lib/harness.sh"

test_man_pages_lint_clean() {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	for m in "$TOP"/man/*.[158]; do
		out=$(mandoc -Tlint -Wwarning "$m" 2>&1) || fail "$m: $out"
		[ -z "$out" ] || fail "$m: $out"
	done
}

test_help_and_runj8_agree() {
	page=$(mandoc -Tutf8 "$TOP/man/runj.8" | col -b)
	cmds=$("$RUNJ" --help | awk '/^commands:/{on=1; next} /^$/{on=0} on {print $1}')
	[ -n "$cmds" ] || fail "no commands in runj --help"
	for c in $cmds; do
		printf '%s' "$page" | grep -Eq "runj( \\[[^]]*\\])* $c\\b|^ +$c( |$)" ||
			fail "command $c is not in runj.8"
		# demo and tui run their own programs, with their own pages.
		case $c in demo|tui) continue ;; esac
		for o in $("$RUNJ" "$c" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
			printf '%s' "$page" | grep -q -- "$o" ||
				fail "runj $c: option $o is not in runj.8"
		done
	done
	for o in $("$RUNJ" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		printf '%s' "$page" | grep -q -- "$o" || fail "global option $o is not in runj.8"
	done
}

test_demo_help_and_runj_demo8_agree() {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	demo="$TOP/$B/runj-demo"
	[ -x "$demo" ] || skip "$demo is not built"
	page=$(mandoc -Tutf8 "$TOP/man/runj-demo.8" | col -b)
	cmds=$("$demo" --help | awk '/^commands:/{on=1; next} /^$/{on=0} on {print $1}')
	[ -n "$cmds" ] || fail "no commands in runj-demo --help"
	for c in $cmds; do
		printf '%s' "$page" | grep -Eq "runj-demo( \\[[^]]*\\])* $c\\b|^ +$c( |$)" ||
			fail "command $c is not in runj-demo.8"
		for o in $("$demo" "$c" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
			printf '%s' "$page" | grep -q -- "$o" ||
				fail "runj-demo $c: option $o is not in runj-demo.8"
		done
	done
}

run_tests
