#!/bin/bash
# demo_cli.sh: runj-demo's command table, its help, and the man page
# agreeing with it.
. "$(dirname "$0")/../lib/harness.sh"
DEMO="$TOP/$B/runj-demo"
MAN="$TOP/man/runj-demo.8"

commands() {
	"$DEMO" --help | awk '/^commands:/ { on = 1; next } on && NF { print $1 } on && !NF { exit }'
}

test_version_and_help() {
	expect_match "$("$DEMO" --version)" '^runj-demo [0-9]+\.[0-9]+'
	expect_match "$("$DEMO" --help)" 'usage: runj-demo'
	expect_eq "$(commands | tr '\n' ' ')" "rootfs download spec bundle oci-image unpack " commands
}

test_unknown_command_and_no_command() {
	expect_fail_with 'unknown command "frob"' "$DEMO" frob
	"$DEMO" >/dev/null 2>&1 && fail "no command succeeded"
	return 0
}

test_every_command_has_help_and_a_man_section() {
	for c in $(commands); do
		out=$("$DEMO" "$c" --help)
		expect_match "$out" "^usage: runj-demo $c" "$c --help"
		grep -q "^\.It Cm $c" "$MAN" || fail "$c is not described in runj-demo.8"
		# every flag of the synopsis is in the man page
		for f in $(printf '%s\n' "$out" | grep -oE -- '-(-[a-z-]+|[a-z])\b' | sort -u); do
			grep -q "^\.\(Op \)\?.*Fl ${f#-}\b" "$MAN" ||
				fail "$c: $f is not in runj-demo.8"
		done
	done
}

test_man_page_is_clean() {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	mandoc -Tlint -Wwarning "$MAN"
}

run_tests
