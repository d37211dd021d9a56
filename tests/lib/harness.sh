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

# expect_fail_with REGEX CMD...: CMD must exit 1 (or $FAIL_STATUS) with
# one stderr line matching REGEX.
expect_fail_with() {
	_re=$1; shift
	_rc=0
	_want=${FAIL_STATUS:-1}
	"$@" >"$T_TMP/out" 2>"$T_TMP/err" || _rc=$?
	[ "$_rc" -eq "$_want" ] || fail "$*: exit status $_rc, expected $_want (stderr: $(cat "$T_TMP/err"))"
	[ "$(wc -l <"$T_TMP/err")" -eq 1 ] || fail "$*: stderr is not one line: $(cat "$T_TMP/err")"
	grep -Eq -- "$_re" "$T_TMP/err" || fail "$*: stderr '$(cat "$T_TMP/err")' does not match /$_re/"
}

# run_one NAME: one test in its own $T_TMP, then the teardown.
run_one() {
	T_TMP=$(mktemp -d /tmp/runj-test.XXXXXX)
	T_SKIPFILE=$T_TMP/.skip
	export T_TMP T_SKIPFILE
	_rc=0
	( set -e; cd "$T_TMP"; "$1" ) >"$T_TMP/.log" 2>&1 || _rc=$?
	type teardown >/dev/null 2>&1 && (teardown) >>"$T_TMP/.log" 2>&1 || true
	report "$1" "$_rc" "$T_TMP"
	rm -rf "$T_TMP"
}

# report NAME STATUS DIR: one result line; a failure shows DIR/.log.
report() {
	case $2 in
	0) echo "PASS $_file.$1" | tee -a "$RESULTS" ;;
	77) echo "SKIP $_file.$1: $(cat "$3/.skip" 2>/dev/null)" | tee -a "$RESULTS" ;;
	*) echo "FAIL $_file.$1" | tee -a "$RESULTS"
	   sed 's/^/    /' "$3/.log" | tail -n 60 ;;
	esac
}

# A file may define setup_file and teardown_file: they run once, around
# all of its tests, in $F_TMP (a daemon shared by the tests lives there).
# When setup_file skips or fails, so does every test; a failing
# teardown_file is one more failure, named after it.
run_tests() {
	_file=$(basename "$0" .sh)
	_tests=
	for _t in $(declare -F | awk '{print $3}' | grep '^test_'); do
		[ -n "${ONLY:-}" ] && ! printf '%s' "$_t" | grep -q "$ONLY" && continue
		_tests="$_tests $_t"
	done
	[ -n "$_tests" ] || return 0
	_frc=0
	F_TMP=
	if type setup_file >/dev/null 2>&1; then
		F_TMP=$(mktemp -d /tmp/runj-file.XXXXXX)
		T_TMP=$F_TMP
		T_SKIPFILE=$F_TMP/.skip
		export F_TMP T_TMP T_SKIPFILE
		( set -e; cd "$F_TMP"; setup_file ) >"$F_TMP/.log" 2>&1 || _frc=$?
	fi
	for _t in $_tests; do
		if [ "$_frc" -eq 0 ]; then
			run_one "$_t"
		elif [ "$_frc" -eq 77 ]; then
			report "$_t" 77 "$F_TMP"
		else
			echo "FAIL $_file.$_t: setup_file failed" | tee -a "$RESULTS"
		fi
	done
	[ -n "$F_TMP" ] || return 0
	if [ "$_frc" -ne 0 ] && [ "$_frc" -ne 77 ]; then
		sed 's/^/    /' "$F_TMP/.log" | tail -n 60
	fi
	if type teardown_file >/dev/null 2>&1; then
		: >"$F_TMP/.log"
		T_TMP=$F_TMP
		_rc=0
		( set -e; cd "$F_TMP"; teardown_file ) >>"$F_TMP/.log" 2>&1 || _rc=$?
		[ "$_rc" -eq 0 ] || report teardown_file "$_rc" "$F_TMP"
	fi
	# rm -rf must never walk into a mount a daemon left
	if awk -v t="$F_TMP/" 'index($5, t) == 1 { f = 1 } END { exit !f }' \
	    /proc/self/mountinfo; then
		echo "FAIL $_file.teardown_file: mounts left under $F_TMP" |
		    tee -a "$RESULTS"
		return 0
	fi
	rm -rf "$F_TMP"
}
