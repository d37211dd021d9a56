#!/bin/bash
# engine_podman.sh: Podman (from Debian) drives runj and runc through the
# same scenarios on the same image; a difference from runc fails and shows
# both (tests/lib/vsrunc.sh).  One private storage and configuration serve
# the file (tests/lib/podman.sh).
. "$(dirname "$0")/../lib/harness.sh"
. "$TOP/tests/lib/podman.sh"
. "$TOP/tests/lib/vsrunc.sh"
. "$TOP/tests/lib/cli_scenarios.sh"

setup_file() {
	[ -x "$RUNJ" ] || fail "$RUNJ: not built"
	podman_start "$F_TMP/podman"
}

teardown_file() {
	podman_paths "$F_TMP/podman"
	podman_stop
	podman_assert_clean
}

# A user namespace: root in the container is 100000 on the host.
scen_userns() {
	show erun --rm --uidmap 0:100000:65536 --gidmap 0:100000:65536 \
	    "$IMG" sh -c 'id; cat /proc/self/uid_map; touch /x && echo wrote'
}

# A pod: its infra container holds the namespaces its members share.
scen_pod() {
	_p=$(cname pod)
	show eng pod create --name "$_p" $(eng_rt)
	_a=$(cname)
	erun -d --pod "$_p" --name "$_a" "$IMG" sh -c "$LOOP" >/dev/null
	settle running "$_a"
	_b=$(cname)
	erun --rm --pod "$_p" --name "$_b" "$IMG" sh -c \
	    'hostname; readlink /proc/self/ns/ipc /proc/self/ns/uts \
	     /proc/self/ns/net' >b.out
	echo "status=$?"
	eng exec "$_a" sh -c 'hostname; readlink /proc/self/ns/ipc \
	    /proc/self/ns/uts /proc/self/ns/net' >a.out
	cmp -s a.out b.out && echo "the members share ipc, uts and net"
	show eng pod stop -t 2 "$_p"
	show eng pod rm "$_p"
}

# podman update rewrites the limits of a running container (runj update).
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
