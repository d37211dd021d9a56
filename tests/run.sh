#!/bin/sh
# run.sh UNIT_TEST...: runs the unit tests given, then every shell test file
# under tests/integration and tests/tui, and ends with the one summary line.
# RUN_ONLY=GLOB runs only the shell test files whose name matches GLOB.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${B:=build}"
RESULTS=$(mktemp /tmp/runj-results.XXXXXX)
export B RESULTS

for t in "$@"; do
	name=$(basename "$t")
	# cmocka prints TAP with this; "ok", "not ok", "# SKIP".
	CMOCKA_MESSAGE_OUTPUT=TAP "$TOP/$t" >"$RESULTS.tap" 2>&1
	rc=$?
	awk -v f="$name" '
		/^ok / { sub(/^ok [0-9]+ - /, ""); if ($0 ~ /# SKIP/) print "SKIP " f "." $0; else print "PASS " f "." $0; n++ }
		/^not ok / { sub(/^not ok [0-9]+ - /, ""); print "FAIL " f "." $0; n++ }
		END { if (n == 0) print "FAIL " f ": no test ran" }' "$RESULTS.tap" | tee -a "$RESULTS"
	if [ $rc -ne 0 ] || grep -q '^not ok' "$RESULTS.tap"; then
		sed 's/^/    /' "$RESULTS.tap" | grep -v '^    ok ' | tail -n 40
		grep -q '^not ok' "$RESULTS.tap" || echo "FAIL $name: exit status $rc" | tee -a "$RESULTS"
	fi
done
rm -f "$RESULTS.tap"

for f in "$TOP"/tests/integration/*.sh "$TOP"/tests/tui/*.sh; do
	[ -f "$f" ] || continue
	case $(basename "$f") in ${RUN_ONLY:-*}) ;; *) continue ;; esac
	bash "$f"
done

pass=$(grep -c '^PASS' "$RESULTS")
fail=$(grep -c '^FAIL' "$RESULTS")
skip=$(grep -c '^SKIP' "$RESULTS")
if [ "$fail" -gt 0 ]; then
	echo "failed:"
	grep '^FAIL' "$RESULTS" | sed 's/^/  /'
fi
rm -f "$RESULTS"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
