# harness.sh: sourced by every shell test file.  A test is a function named
# test_*; it passes by returning 0, skips by calling `skip REASON` and fails
# otherwise.  Each runs in a subshell with `set -e`, its output kept and
# shown only when it fails.  Results go to $RESULTS as "PASS|FAIL|SKIP name".

: "${B:=build}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUNJ="$TOP/$B/runj"
RESULTS=${RESULTS:-/dev/null}

skip() {
	echo "$*" >"$T_SKIPFILE"
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_eq ACTUAL EXPECTED [WHAT]
expect_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"
}

# expect_match TEXT REGEX [WHAT]
expect_match() {
	printf '%s' "$1" | grep -Eq -- "$2" || fail "${3:-text}: '$1' does not match /$2/"
}

# expect_fail_with REGEX CMD...: CMD must exit 1 with one stderr line
# matching REGEX.
expect_fail_with() {
	_re=$1; shift
	_rc=0
	"$@" >"$T_TMP/out" 2>"$T_TMP/err" || _rc=$?
	[ "$_rc" -eq 1 ] || fail "$*: exit status $_rc, expected 1 (stderr: $(cat "$T_TMP/err"))"
	[ "$(wc -l <"$T_TMP/err")" -eq 1 ] || fail "$*: stderr is not one line: $(cat "$T_TMP/err")"
	grep -Eq -- "$_re" "$T_TMP/err" || fail "$*: stderr '$(cat "$T_TMP/err")' does not match /$_re/"
}

run_tests() {
	_file=$(basename "$0" .sh)
	for _t in $(declare -F | awk '{print $3}' | grep '^test_'); do
		[ -n "${ONLY:-}" ] && ! printf '%s' "$_t" | grep -q "$ONLY" && continue
		T_TMP=$(mktemp -d /tmp/runj-test.XXXXXX)
		T_SKIPFILE=$T_TMP/.skip
		export T_TMP T_SKIPFILE
		_rc=0
		( set -e; cd "$T_TMP"; "$_t" ) >"$T_TMP/.log" 2>&1 || _rc=$?
		type teardown >/dev/null 2>&1 && (teardown) >>"$T_TMP/.log" 2>&1 || true
		case $_rc in
		0) echo "PASS $_file.$_t" | tee -a "$RESULTS" ;;
		77) echo "SKIP $_file.$_t: $(cat "$T_SKIPFILE" 2>/dev/null)" | tee -a "$RESULTS" ;;
		*) echo "FAIL $_file.$_t" | tee -a "$RESULTS"
		   sed 's/^/    /' "$T_TMP/.log" | tail -n 40 ;;
		esac
		rm -rf "$T_TMP"
	done
}
