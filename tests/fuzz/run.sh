#!/bin/sh
# run.sh DIR SECONDS TARGET...: runs each fuzz target DIR/fuzz_TARGET for
# SECONDS from its seed corpus; exits 1 if any found something.
set -u
dir=$1 secs=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
failed=
for t in "$@"; do
	mkdir -p "$dir/corpus/$t" "$dir/artifacts"
	dict=
	[ -f "$top/tests/fuzz/$t.dict" ] && dict=-dict=$top/tests/fuzz/$t.dict
	echo "fuzz $t: $secs s"
	if ! "$dir/fuzz_$t" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$dir/artifacts/$t-" $dict \
	    "$dir/corpus/$t" "$top/tests/fuzz/corpus/$t" 2>"$dir/$t.log"; then
		failed="$failed $t"
		tail -n 40 "$dir/$t.log"
	else
		grep -E '^(stat::number_of_executed_units|Done)' "$dir/$t.log" || true
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: findings in:$failed (inputs in $dir/artifacts/)" >&2
	exit 1
fi
