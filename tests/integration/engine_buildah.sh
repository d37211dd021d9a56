#!/bin/bash
# engine_buildah.sh: `buildah run` drives runj and runc (run, with the
# runtime's exit status and output) on the same working container; a
# difference from runc fails and shows both (tests/lib/vsrunc.sh).
. "$(dirname "$0")/../lib/harness.sh"
. "$TOP/tests/lib/podman.sh"
. "$TOP/tests/lib/buildah.sh"
. "$TOP/tests/lib/vsrunc.sh"

setup_file() {
	[ -x "$RUNJ" ] || fail "$RUNJ: not built"
	buildah_start "$F_TMP/buildah"
}

teardown_file() {
	buildah_paths "$F_TMP/buildah"
	buildah_stop
	podman_assert_clean
}

scen_run() {
	bld_run sh -c 'echo out; echo err >&2; exit 3' >o 2>e
	_r=$?
	runc_must [ "$_r" = 3 ]
	echo "status=$_r stdout: $(cat o)"
	grep -qx err e && echo "stderr has err"
	bld_run sh -c 'id; grep -E "^Cap(Eff|Amb)" /proc/self/status'
	echo "status=$?"
}

# What a RUN step of a build leaves is in the next one.
scen_layers() {
	bld_run sh -c 'echo kept >/kept'
	bld_run cat /kept
	_r=$?
	runc_must [ "$_r" = 0 ]
	echo "status=$_r"
	bld_run rm /kept
}

scen_bad_command() {
	for _c in /nonexistent nonexistent /etc/passwd; do
		bld_run "$_c" >/dev/null 2>"$T_TMP/err"
		echo "$_c: status=$? $(phrase "$(cat "$T_TMP/err")")"
	done
}

for _s in $(declare -F | awk '{ print $3 }' | grep '^scen_'); do
	eval "test_${_s#scen_}() { buildah_paths \"\$F_TMP/buildah\"; vs_runc $_s; }"
done
run_tests
