#!/bin/bash
# engine_docker.sh: Docker (dockerd 20.10 from docker.io) drives runj and
# runc, registered side by side, through the same scenarios on the same
# image; a difference from runc fails and shows both (tests/lib/vsrunc.sh).
# One private dockerd, over a private containerd, serves the whole file.
. "$(dirname "$0")/../lib/harness.sh"
. "$TOP/tests/lib/containerd.sh"
. "$TOP/tests/lib/docker.sh"
. "$TOP/tests/lib/vsrunc.sh"
. "$TOP/tests/lib/cli_scenarios.sh"

setup_file() {
	[ "$(id -u)" -eq 0 ] || skip "dockerd needs root"
	[ -x "$RUNJ" ] || fail "$RUNJ: not built"
	docker_start "$F_TMP/docker"
}

teardown_file() {
	docker_paths "$F_TMP/docker"
	docker_stop
	docker_assert_clean
}

# A failing test shows what dockerd and containerd logged.
teardown() {
	[ -f "$T_TMP/.log" ] && grep -q '^FAIL' "$T_TMP/.log" || return 0
	eng_attach
	docker_dump
}

# docker update rewrites the limits of a running container (runj update).
scen_update() {
	_n=$(cname)
	start_loop "$_n" --memory 64m --memory-swap 128m --pids-limit 42
	show eng exec "$_n" sh -c "$CG_READ"
	eng update --memory 96m --memory-swap 192m --pids-limit 50 "$_n" \
	    >/dev/null
	echo "update: $?"
	show eng exec "$_n" sh -c "$CG_READ"
}

cli_scenario_tests
run_tests
