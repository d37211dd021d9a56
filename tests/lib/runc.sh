# shellcheck shell=bash
# runc.sh: runc as the control, sourced after engine.sh.  The same bundle
# runs under runc with a private --root under $T_TMP; a test compares what
# the container saw.  runc comes from `make deps`.
#
#   need_runc               skip unless runc is installed
#   runc_ctr [ARGS...]      `runc run` of $BUNDLE (ARGS before the ID)
#   runc_rc                 runc with the test's private --root

need_runc() {
	command -v runc >/dev/null || skip "runc (the control) is not installed"
}

runc_rc() {
	runc --root "$T_TMP/runc" "$@"
}

runc_ctr() {
	runc --root "$T_TMP/runc" run "$@" --bundle "$BUNDLE" \
	    "$(new_id runc)" </dev/null
}
