#!/bin/bash
# attack_cgroup_ancestor.sh: issue 9.3.  linux.cgroupsPath may name a
# cgroup that exists: another container's parent.  runj took it, and a
# failed create or a delete then killed (cgroup.kill) and removed that
# whole subtree: other containers, or /system.slice on a real host.  Now a
# cgroup populated anywhere below is refused; a directory runj did not
# create is never killed, frozen or removed (only the container's own
# processes in it are signalled); each directory is recorded before it is
# made, so a SIGKILLed create leaves nothing delete --force cannot
# remove; and sub-cgroups the container made under its own are removed.
# Every cgroup here is a private one of this test (never /runj itself).
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# The directories of cgroup path P in every hierarchy of this host.
path_dirs() {
	for m in $(awk '$9 == "cgroup" || $9 == "cgroup2" { print $5 }' /proc/self/mountinfo); do
		[ -d "$m$1" ] && echo "$m$1"
	done
	return 0
}

# mkdir P in every hierarchy (what a cgroup made by someone else looks like).
make_foreign() {
	for m in $(awk '$9 == "cgroup" || $9 == "cgroup2" { print $5 }' /proc/self/mountinfo); do
		mkdir -p "$m$1"
		# a new v1 cpuset is empty: fill it as a careful owner would
		if [ -f "$m$1/cpuset.cpus" ]; then
			cat "$m/cpuset.cpus" >"$m$1/cpuset.cpus"
			cat "$m/cpuset.mems" >"$m$1/cpuset.mems"
		fi
	done
}

# Removes what is left of the test's own cgroup tree P, deepest first.
remove_tree() {
	for d in $(path_dirs "$1"); do
		find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
	done
}

eval "engine_teardown() $(declare -f teardown | tail -n +2)"
teardown() {
	engine_teardown
	for p in $(cat "$T_TMP/.trees" 2>/dev/null); do
		remove_tree "$p"
	done
}

new_tree() {
	_p="/rjt-cg-$1-$$-$RANDOM"
	echo "$_p" >>"$T_TMP/.trees"
	echo "$_p"
}

sleeper_in() {
	make_bundle "$T_TMP/$1" sleep 1000
	set_config "c['linux']['cgroupsPath'] = '$2'" "$T_TMP/$1"
}

alive() {
	kill -0 "$1" 2>/dev/null && ! grep -q '^State:.*Z' /proc/"$1"/status 2>/dev/null
}

test_populated_parent_is_refused() {
	P=$(new_tree anc)
	a=$(new_id a)
	sleeper_in "$a" "$P/a"
	rj run --detach --bundle "$T_TMP/$a" "$a" </dev/null
	apid=$(pid_of "$a")
	b=$(new_id b)
	sleeper_in "$b" "$P"
	rc=0
	rj create --bundle "$T_TMP/$b" "$b" >"$T_TMP/out" 2>"$T_TMP/err" || rc=$?
	if [ "$rc" -eq 0 ]; then
		rj delete --force "$b" || true
		alive "$apid" || fail "create took $P, another container's parent, and its delete killed that container"
		fail "create took $P, another container's parent"
	fi
	alive "$apid" || fail "the refused create killed the other container ($(cat "$T_TMP/err"))"
	expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr: $(cat "$T_TMP/err")"
	expect_match "$(cat "$T_TMP/err")" 'cgroup.*process' "the error"
	expect_eq "$(status_of "$a")" running "the other container"
	[ -n "$(path_dirs "$P/a")" ] || fail "the other container's cgroup is gone"
	expect_gone "$b"
	rj delete --force "$a"
}

# An existing empty cgroup may be used (runc does), but it is not runj's:
# delete signals the container's own processes in it, never its subtree,
# and leaves the directory.
test_foreign_cgroup_is_kept_and_its_subtree_spared() {
	P=$(new_tree own)
	make_foreign "$P"
	c=$(new_id c)
	sleeper_in "$c" "$P"
	rj run --detach --bundle "$T_TMP/$c" "$c" </dev/null
	cpid=$(pid_of "$c")
	d=$(new_id d)
	sleeper_in "$d" "$P/d"
	rj run --detach --bundle "$T_TMP/$d" "$d" </dev/null
	dpid=$(pid_of "$d")
	rc=0
	rj pause "$c" 2>"$T_TMP/err" || rc=$?
	if [ "$rc" -eq 0 ]; then
		st=$(status_of "$d")
		rj resume "$c" || true
		fail "pause froze $P, which runj did not make (the container below it: $st)"
	fi
	expect_eq "$(wc -l <"$T_TMP/err")" 1 "pause's stderr: $(cat "$T_TMP/err")"
	rj delete --force "$c" 2>"$T_TMP/err" || fail "delete --force: $(cat "$T_TMP/err")"
	expect_gone "$c" "$cpid"
	alive "$dpid" || fail "deleting the container in $P killed the one in $P/d"
	expect_eq "$(status_of "$d")" running "the container below"
	expect_eq "$(path_dirs "$P" | wc -l)" "$(awk '$9 == "cgroup" || $9 == "cgroup2"' /proc/self/mountinfo | wc -l)" \
	    "directories of $P (runj did not make them)"
	rj delete --force "$d"
	expect_gone "$d" "$dpid"
	[ -z "$(path_dirs "$P/d")" ] || fail "the second container's cgroup remains: $(path_dirs "$P/d")"
}

# SIGKILL at random points of many creates: delete --force always leaves
# nothing.  Most kills land around the cgroup (made before the init is
# cloned into it, limited while the init mounts its root).
test_sigkill_during_create_leaves_nothing() {
	make_bundle "$T_TMP/b" sleep 1000
	P=$(new_tree kill)
	leaks=
	for i in $(seq 40); do
		id=$(new_id k)
		set_config "c['linux']['cgroupsPath'] = '$P/$id'"
		"$RUNJ" --root "$T_TMP/state" create --bundle "$T_TMP/b" "$id" >/dev/null 2>&1 &
		pid=$!
		sleep "0.0$((RANDOM % 40))"
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		if [ -d "$T_TMP/state/$id" ]; then
			rj delete --force "$id" >/dev/null 2>&1 || true
		fi
		left=$(path_dirs "$P/$id")
		[ -z "$left" ] || leaks="$leaks $id"
		[ ! -e "$T_TMP/state/$id" ] || leaks="$leaks $id(state)"
	done
	[ -z "$leaks" ] || fail "left behind after delete --force:$leaks"
}

# A container with a writable cgroup mount makes cgroups of its own, with
# processes in them: delete --force removes them all.
test_subcgroups_of_the_container_are_removed() {
	id=$(new_id sub)
	make_bundle "$T_TMP/$id" sh -c '
for d in /sys/fs/cgroup/*/; do mkdir -p "$d/sub/deeper" 2>/dev/null; done
sleep 1000 &
for d in /sys/fs/cgroup/*/sub/deeper; do echo $! >"$d/cgroup.procs" 2>/dev/null; done
echo made; wait'
	set_config 'for m in c["mounts"]:
    if m["destination"] == "/sys/fs/cgroup": m["options"] = [o for o in m["options"] if o != "ro"]
    if m["destination"] == "/sys": m["options"] = [o for o in m["options"] if o != "ro"]'
	rj create --bundle "$T_TMP/$id" "$id" >"$T_TMP/out" 2>&1
	rj start "$id"
	wait_file "$T_TMP/out"
	subs=$(find /sys/fs/cgroup/*/runj/"$id" -mindepth 1 -type d 2>/dev/null | wc -l)
	[ "$subs" -gt 0 ] || skip "the container could not make sub-cgroups here: $(cat "$T_TMP/out")"
	rj delete --force "$id" 2>"$T_TMP/err" || fail "delete --force: $(cat "$T_TMP/err")"
	expect_gone "$id"
}

run_tests
