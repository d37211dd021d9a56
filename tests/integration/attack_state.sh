#!/bin/bash
# attack_state.sh: the state store is not trusted further than runj's own
# writing (issue 9, items 6-8).  Each attack worked on runj before the
# store was hardened: kill racing delete --force re-created the lock and
# left a phantom container; a forged state.json made kill signal a host
# process; a symlinked state directory made runj write outside the root;
# any --root was used whatever its owner and mode; a corrupt state.json
# hid a running container and made it undeletable.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

test_kill_racing_delete_leaves_no_phantom() {
	for i in $(seq 5); do
		id=$(new_id race)
		start_sleeper "$id"
		# kill keeps knocking while delete removes the directory
		( for _k in $(seq 30); do
			"$RUNJ" --root "$T_TMP/state" kill "$id" KILL 2>/dev/null
		  done ) &
		kpid=$!
		sleep 0.0$((RANDOM % 3))
		rj delete --force "$id" || fail "delete --force $id failed (try $i)"
		wait "$kpid" || true
		[ ! -e "$T_TMP/state/$id" ] || fail "try $i: $id left a directory: $(ls -la "$T_TMP/state/$id")"
	done
	[ -z "$(rj list -q)" ] || fail "phantom containers: $(rj list -q)"
}

test_kill_makes_nothing_in_a_directory_being_deleted() {
	engine_require
	# What delete leaves for an instant: the directory, its files gone.
	mkdir -p -m 0700 "$T_TMP/state/ghost"
	chmod 0700 "$T_TMP/state"
	"$RUNJ" --root "$T_TMP/state" kill ghost KILL 2>/dev/null || true
	[ -z "$(ls -A "$T_TMP/state/ghost")" ] ||
		fail "kill made $(ls -A "$T_TMP/state/ghost") in a dying container's directory"
	rmdir "$T_TMP/state/ghost" || fail "the directory cannot be removed"
}

# The pid and start time of a process, as state.json records them.
start_time_of() {
	awk '{ print $22 }' "/proc/$1/stat"
}

test_forged_state_does_not_signal_a_host_process() {
	id=$(new_id forged)
	start_sleeper "$id"
	sleep 1000 &
	victim=$!
	st=$(start_time_of "$victim")
	"$PY" - "$T_TMP/state/$id/state.json" "$victim" "$st" <<'EOF'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["pid"] = int(sys.argv[2])
s["runj"]["startTime"] = int(sys.argv[3])
json.dump(s, open(p, "w"))
EOF
	expect_fail_with "not in its cgroup" rj kill "$id" KILL
	sleep 0.2
	kill -0 "$victim" || fail "runj killed a host process named by a forged state"
	kill "$victim"
	rj delete --force "$id"
}

# A forged state: pid of a host process, and a cgroup record naming a
# directory outside the container's cgroup.
forge() {
	"$PY" - "$T_TMP/state/$1/state.json" "$2" "$(start_time_of "$2")" "${3:-}" <<'EOF'
import json, sys
p = sys.argv[1]
s = json.load(open(p))
s["pid"] = int(sys.argv[2])
s["runj"]["startTime"] = int(sys.argv[3])
if sys.argv[4]:
    cg = s["runj"]["driver"]["cgroup"]
    cg["dirs"] = {k: sys.argv[4] for k in cg["dirs"]}
    cg["made"] = [sys.argv[4]]
json.dump(s, open(p, "w"))
EOF
}

test_forged_state_does_not_reach_the_host_by_kill_all_or_exec() {
	id=$(new_id forged)
	start_sleeper "$id"
	sleep 1000 &
	victim=$!
	# The container's own process gone, its cgroup empty: kill --all used
	# to fall back to the recorded pid.
	kill -9 "$(pid_of "$id")"
	sleep 0.2
	forge "$id" "$victim"
	rj kill --all "$id" KILL 2>/dev/null || true
	FAIL_STATUS=255 expect_fail_with "not in its cgroup" rj exec "$id" true
	sleep 0.2
	kill -0 "$victim" || fail "runj signalled a host process named by a forged state"
	# A record that names a directory elsewhere is not used at all.
	mkdir -p "$T_TMP/elsewhere"
	forge "$id" "$victim" "$T_TMP/elsewhere"
	rj delete --force "$id" 2>/dev/null || true
	[ -d "$T_TMP/elsewhere" ] || fail "runj removed a directory a forged record named"
	kill -0 "$victim" || fail "runj signalled a host process named by a forged record"
	kill "$victim"
	rm -rf "${T_TMP:?}/state/$id"
}

test_init_in_a_sub_cgroup_is_still_the_containers() {
	id=$(new_id subcg)
	start_sleeper "$id"
	pid=$(pid_of "$id")
	# As systemd or a Docker-in-Docker entrypoint does: the init moves
	# into a cgroup of its own below the container's.
	for d in $(cgroup_dirs "$id"); do
		mkdir -p "$d/init"
		echo "$pid" >"$d/init/cgroup.procs" 2>/dev/null || true
	done
	rj kill "$id" KILL
	wait_status "$id" stopped
	rj delete "$id"
	expect_gone "$id" "$pid"
}

test_kill_of_an_exited_container_says_not_running() {
	id=$(new_id exited)
	make_bundle "$T_TMP/$id" sh -c 'exit 0'
	rj create --bundle "$T_TMP/$id" "$id"
	rj start "$id"
	wait_status "$id" stopped
	expect_fail_with "container not running|is stopped" rj kill "$id" KILL
	rj delete "$id"
}

test_a_large_config_makes_a_container_that_works() {
	id=$(new_id big)
	make_bundle "$T_TMP/$id" sleep 1000
	set_config "c['annotations'] = {'big': 'x' * (5 << 20)}" "$T_TMP/$id"
	rj create --bundle "$T_TMP/$id" "$id"
	rj start "$id"
	# (its state is too big for the test's own helpers to pass around)
	rj list | grep -q "^$id .*running" || fail "not running: $(rj list)"
	rj kill "$id" KILL
	rj delete --force "$id"
	[ ! -e "$T_TMP/state/$id" ] || fail "state dir remains"
}

test_a_refused_root_loses_nothing() {
	engine_require
	mkdir -p "$T_TMP/real/victim"
	echo precious >"$T_TMP/real/victim/data"
	ln -s "$T_TMP/real" "$T_TMP/link"
	make_bundle "$T_TMP/b" true
	expect_fail_with "symlink" "$RUNJ" --root "$T_TMP/link" create \
	    --bundle "$T_TMP/b" victim
	[ "$(cat "$T_TMP/real/victim/data" 2>/dev/null)" = precious ] ||
		fail "a refused root had its container directory removed"
}

test_hostile_state_roots_are_refused() {
	engine_require
	mkdir -m 0777 "$T_TMP/open"
	chmod 0777 "$T_TMP/open"
	expect_fail_with "writable by others" "$RUNJ" --root "$T_TMP/open" list
	mkdir -m 0700 "$T_TMP/theirs"
	chown 65534:65534 "$T_TMP/theirs"
	expect_fail_with "owned by uid 65534" "$RUNJ" --root "$T_TMP/theirs" list
	mkdir -m 0700 "$T_TMP/real"
	ln -s "$T_TMP/real" "$T_TMP/link"
	make_bundle "$T_TMP/b" true
	expect_fail_with "symlink" "$RUNJ" --root "$T_TMP/link" create \
	    --bundle "$T_TMP/b" "$(new_id link)"
	[ -z "$(ls -A "$T_TMP/real")" ] || fail "runj wrote through the symlinked root"
}

test_symlinked_state_dir_is_not_followed() {
	engine_require
	mkdir -p "$T_TMP/state" "$T_TMP/outside"
	chmod 0700 "$T_TMP/state"
	echo keep >"$T_TMP/outside/file"
	ln -s "$T_TMP/outside" "$T_TMP/state/evil"
	expect_fail_with "not a directory runj made" rj kill evil KILL
	expect_fail_with "not a directory runj made" rj delete --force evil
	[ "$(ls -A "$T_TMP/outside")" = file ] ||
		fail "runj wrote outside the state root: $(ls -A "$T_TMP/outside")"
	[ "$(cat "$T_TMP/outside/file")" = keep ] || fail "outside file changed"
}

test_corrupt_state_is_listed_and_force_deleted() {
	id=$(new_id broken)
	start_sleeper "$id"
	pid=$(pid_of "$id")
	printf '{"status":' >"$T_TMP/state/$id/state.json"
	rj list >"$T_TMP/list"
	grep -q "^$id .*broken" "$T_TMP/list" || fail "not listed as broken: $(cat "$T_TMP/list")"
	expect_fail_with "broken" rj state "$id"
	expect_fail_with "broken.*delete --force" rj kill "$id" KILL
	expect_fail_with "broken.*delete --force" rj delete "$id"
	# Its workload is found by its cgroup, not by the lost record.
	rj delete --force "$id"
	expect_gone "$id" "$pid"
}

test_corrupt_state_of_a_foreign_cgroup_is_left_alone() {
	id=$(new_id foreign)
	make_bundle "$T_TMP/$id" sleep 1000
	cg=/rjt-foreign-$$-$RANDOM
	set_config "c['linux']['cgroupsPath'] = '$cg'" "$T_TMP/$id"
	rj create --bundle "$T_TMP/$id" "$id"
	rj start "$id"
	pid=$(pid_of "$id")
	printf 'not json' >"$T_TMP/state/$id/state.json"
	rj delete --force "$id" 2>"$T_TMP/err"
	grep -q "record is lost" "$T_TMP/err" || fail "no warning: $(cat "$T_TMP/err")"
	[ ! -e "$T_TMP/state/$id" ] || fail "state dir remains"
	# runj cannot tell it made this cgroup: it neither kills nor removes it
	kill -0 "$pid" || fail "runj killed what ran in a cgroup it cannot tell it made"
	kill -9 "$pid"
	for d in /sys/fs/cgroup/*"$cg" /sys/fs/cgroup/*/"${cg#/}"; do
		[ -d "$d" ] || continue
		for _i in $(seq 50); do rmdir "$d" 2>/dev/null && break; sleep 0.05; done
	done
}

test_start_on_a_full_state_root_opens_nothing() {
	engine_require
	# A small tmpfs as the state root, filled up after create.
	mkdir -p "$T_TMP/small"
	mount -t tmpfs -o size=256k,mode=0700 tmpfs "$T_TMP/small"
	id=$(new_id full)
	make_bundle "$T_TMP/$id" sh -c 'echo started >/tmp/mark; sleep 1000'
	set_config 'c["root"]["readonly"] = False' "$T_TMP/$id"
	"$RUNJ" --root "$T_TMP/small/state" create --bundle "$T_TMP/$id" "$id"
	dd if=/dev/zero of="$T_TMP/small/fill" bs=4k 2>/dev/null || true
	expect_fail_with "start $id" "$RUNJ" --root "$T_TMP/small/state" start "$id"
	s=$(json_get "$("$RUNJ" --root "$T_TMP/small/state" state "$id")" 'j["status"]')
	[ "$s" = created ] || fail "a start that failed left it $s"
	[ ! -e "$T_TMP/$id/rootfs/tmp/mark" ] || fail "the process ran although start failed"
	rm -f "$T_TMP/small/fill"
	"$RUNJ" --root "$T_TMP/small/state" start "$id"
	for _i in $(seq 100); do
		[ -e "$T_TMP/$id/rootfs/tmp/mark" ] && break
		sleep 0.05
	done
	[ -e "$T_TMP/$id/rootfs/tmp/mark" ] || fail "the process did not run after a second start"
	"$RUNJ" --root "$T_TMP/small/state" delete --force "$id"
	umount "$T_TMP/small"
}

run_tests
