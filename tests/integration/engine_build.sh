#!/bin/bash
# engine_build.sh: the runtime carries only what its start path needs:
# jansson and libseccomp, never ncurses, libarchive or libcurl.
. "$(dirname "$0")/../lib/harness.sh"

test_runj_links_only_jansson_and_seccomp() {
	if ldd "$RUNJ" >/dev/null 2>&1; then
		allowed='linux-vdso|/lib64/ld-linux|libc\.so|libjansson\.so|libseccomp\.so'
		# The sanitizer build (SANITIZE=1) brings its runtimes along.
		ldd "$RUNJ" | grep -q libasan && allowed="$allowed|libasan|libubsan|libm\.so|libgcc_s|libstdc\+\+"
		libs=$(ldd "$RUNJ" | awk '{print $1}' | grep -vE "^($allowed)" || true)
		[ -z "$libs" ] || fail "runj links more: $libs"
	fi
	# Static or not, none of the demo's or the TUI's libraries got in
	# (the symbols are in runj.debug; runj itself is stripped).
	whole="$RUNJ.debug"
	[ -f "$whole" ] || whole=$RUNJ
	syms=$(nm "$whole" 2>/dev/null | grep -E ' T (curl_easy_|archive_read_|archive_write_|initscr|newwin)' || true)
	[ -z "$syms" ] || fail "runj holds: $syms"
	nm "$whole" | grep -Eq ' json_loads(@|$)' || nm -D "$RUNJ" | grep -Eq ' json_loads(@|$)' ||
		fail "runj has no jansson at all"
}

test_runj_is_stripped_for_its_sealed_copy() {
	[ -f "$RUNJ.debug" ] || skip "a sanitizer build keeps runj whole"
	readelf -S "$RUNJ" | grep -q "\\.symtab" && fail "runj has a symbol table: the sealed copy carries it"
	readelf -S "$RUNJ" | grep -q '\.debug_info' && fail "runj has debug information"
	readelf -S "$RUNJ.debug" | grep -q '\.debug_info' || fail "runj.debug has no debug information"
	readelf -x .gnu_debuglink "$RUNJ" | grep -q 'runj.debug' || fail "runj does not link to runj.debug"
}

run_tests
