#!/bin/bash
# style.sh: the sources are as clang-format (.clang-format) writes them.
. "$(dirname "$0")/../lib/harness.sh"

test_sources_are_formatted() {
	command -v clang-format >/dev/null || skip "clang-format is not installed"
	make -s -C "$TOP" check-format
}

run_tests
