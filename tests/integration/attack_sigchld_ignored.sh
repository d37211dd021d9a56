#!/bin/bash
# attack_sigchld_ignored.sh: issue 9.9.  Some callers start runj with
# SIGCHLD ignored; the kernel then reaps runj's children itself, so a
# waitpid(2) never sees them: a prestart hook "timed out", `runj ps` spun
# at 100% CPU, and the container's process inherited the ignored signal.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# ignoring_sigchld CMD...: runs CMD with SIGCHLD ignored (timeout(1)
# runs it too, so a hang ends as status 124).
ignoring_sigchld() {
	printf '%s\n' 'import os, signal, sys' \
	    'signal.signal(signal.SIGCHLD, signal.SIG_IGN)' \
	    'os.execv(sys.argv[1], sys.argv[1:])' >"$T_TMP/ign.py"
	timeout 20 "$PY" "$T_TMP/ign.py" "$@"
}

test_prestart_hook_completes() {
	make_bundle "$T_TMP/b" echo ran
	set_config 'c["hooks"] = {"prestart": [{"path": "/bin/true", "timeout": 4}]}'
	rc=0
	out=$(ignoring_sigchld "$RUNJ" --root "$T_TMP/state" run --bundle "$T_TMP/b" \
	    "$(new_id)" 2>"$T_TMP/err") || rc=$?
	expect_eq "$rc" 0 "runj run with a prestart hook (stderr: $(cat "$T_TMP/err"))"
	expect_eq "$out" ran "the container's output"
}

test_ps_returns() {
	command -v ps >/dev/null || skip "ps is not installed"
	id=$(new_id)
	start_sleeper "$id"
	rc=0
	ignoring_sigchld "$RUNJ" --root "$T_TMP/state" ps "$id" \
	    >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
	expect_eq "$rc" 0 "runj ps (124 is a hang; stderr: $(cat "$T_TMP/err"))"
	expect_match "$(cat "$T_TMP/out")" 'sleep' "ps output"
	rj delete --force "$id"
	expect_gone "$id"
}

# The container's process starts with SIGCHLD at its default, as it would
# under any other caller.
test_container_does_not_inherit_the_ignore() {
	id=$(new_id)
	make_bundle "$T_TMP/$id" sleep 1000
	ignoring_sigchld "$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/$id" "$id"
	rj start "$id"
	pid=$(pid_of "$id")
	ign=$(awk '/^SigIgn:/ { print $2 }' /proc/"$pid"/status)
	# SIGCHLD is 17: bit 16 of the mask
	[ $((0x$ign & 0x10000)) -eq 0 ] || fail "the container's process ignores SIGCHLD (SigIgn $ign)"
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
