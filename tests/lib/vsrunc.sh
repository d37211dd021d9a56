# shellcheck shell=bash
# vsrunc.sh: engine scenarios with runc as the control, sourced after
# harness.sh and an engine's lib.  A scenario is a function that drives the
# engine with the runtime named by $RT (runc or runj) and prints what a user
# of the engine observes: exit codes, output, states, and the error phrases
# that engines map to exit codes.  vs_runc runs it with runc, then with
# runj, on the same engine and image; any difference is a failure that shows
# both results.
#
#   vs_runc SCENARIO [ARGS]   the comparison; skips when runc hit a host limit
#   host_limit REASON         in a scenario: this host stops runc too (the
#                             test skips with REASON, it never passes)
#   runc_must TEST...         in a scenario: with runc, TEST must hold (so a
#                             scenario broken for both runtimes never passes)
#   phrase TEXT               the error phrases of runc's that TEXT holds
#   cname [TAG]               a container name unique to this test; recorded
#                             for the engine lib's eng_cleanup
#   settle CMD...             retries CMD (up to ~10 s) until it succeeds
#
# VS_SHOW=DIR keeps every scenario's two results in DIR.

RT=${RT:-runj}

# The phrases engines look for in runc's errors (containerd's and Docker's
# and Podman's code maps them to exit statuses 125..127 or to "not found").
VS_PHRASES='no such file or directory|executable file not found in \$PATH|permission denied|container not running|not running|operation not permitted|read-only file system|is paused|no such process'

phrase() {
	printf '%s\n' "$*" | tr 'A-Z' 'a-z' | grep -oE "$VS_PHRASES" |
		sort -u | paste -sd, -
}

host_limit() {
	echo "$*" >"$T_TMP/.hostlimit.$RT"
}

runc_must() {
	[ "$RT" = runc ] || return 0
	"$@" || echo "$*" >>"$T_TMP/.broken.runc"
	return 0
}

cname() {
	_n="rjt-${1:-c}-$$-$RANDOM"
	echo "$_n" >>"$T_TMP/.names"
	echo "$_n"
}

settle() {
	for _ in $(seq 100); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

vs_runc() {
	_s=$1
	shift
	for RT in runc runj; do
		_rc=0
		(set +e; "$_s" "$@") >"$T_TMP/$_s.$RT" 2>"$T_TMP/$_s.$RT.err" ||
			_rc=$?
		[ "$_rc" -eq 0 ] || echo "scenario status $_rc" >>"$T_TMP/$_s.$RT"
		type eng_cleanup >/dev/null 2>&1 && eng_cleanup
		if [ "$RT" = runc ] && [ -f "$T_TMP/.hostlimit.runc" ]; then
			skip "runc fails here too: $(cat "$T_TMP/.hostlimit.runc")"
		fi
		if [ "$RT" = runc ] && [ -f "$T_TMP/.broken.runc" ]; then
			sed 's/^/    /' "$T_TMP/$_s.runc" "$T_TMP/$_s.runc.err"
			fail "$_s: broken with runc: $(cat "$T_TMP/.broken.runc")"
		fi
	done
	RT=runj
	# names differ from run to run; the engines print them
	sed -i -E 's/rjt-[a-z]+-[0-9]+-[0-9]+/NAME/g; s/[0-9a-f]{64}/ID/g' \
	    "$T_TMP/$_s.runc" "$T_TMP/$_s.runj"
	# VS_SHOW=DIR keeps both results there, for a developer to read
	[ -z "${VS_SHOW:-}" ] || cp "$T_TMP/$_s.runc" "$T_TMP/$_s.runj" \
	    "$VS_SHOW/"
	if ! cmp -s "$T_TMP/$_s.runc" "$T_TMP/$_s.runj"; then
		echo "--- with runc:"
		sed 's/^/    /' "$T_TMP/$_s.runc"
		echo "--- with runj:"
		sed 's/^/    /' "$T_TMP/$_s.runj"
		echo "--- runj's scenario stderr:"
		tail -n 20 "$T_TMP/$_s.runj.err" | sed 's/^/    /'
		fail "$_s: runj differs from runc (diff above)"
	fi
	# A scenario that printed nothing compared nothing.
	[ -s "$T_TMP/$_s.runc" ] || fail "$_s: the scenario printed nothing"
	return 0
}
