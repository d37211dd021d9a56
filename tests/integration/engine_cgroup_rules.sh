#!/bin/bash
# engine_cgroup_rules.sh: what the runtime-spec says of cgroups that
# exist or controllers that do not (issue 10, items 9, 12, 13).
#  - A cgroup that is frozen (or below a frozen one) MUST be an error: a
#    container there would start frozen.
#  - A limit whose controller the host lacks (net_cls, net_prio) MUST be
#    an error, never dropped.
#  - An empty cpuset ancestor made by someone else is filled from its
#    parent, or no task could join below it (ENOSPC).
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

hierarchy() {
	awk -v t="$1" '$9 == "cgroup" && $NF ~ "(^|,)" t "(,|$)" { print $5; exit }
	    $9 == "cgroup2" && t == "unified" { print $5; exit }' /proc/self/mountinfo
}

eval "engine_teardown() $(declare -f teardown | tail -n +2)"
teardown() {
	engine_teardown
	for p in $(cat "$T_TMP/.trees" 2>/dev/null); do
		f=$(hierarchy freezer)
		[ -z "$f" ] || { echo THAWED >"$f$p/freezer.state"; } 2>/dev/null || true
		u=$(hierarchy unified)
		[ -z "$u" ] || { echo 0 >"$u$p/cgroup.freeze"; } 2>/dev/null || true
		for m in $(awk '$9 == "cgroup" || $9 == "cgroup2" { print $5 }' /proc/self/mountinfo); do
			[ -d "$m$p" ] && find "$m$p" -depth -type d -exec rmdir {} + 2>/dev/null
		done
	done
	return 0
}

new_tree() {
	_p="/rjt-cgr-$1-$$-$RANDOM"
	echo "$_p" >>"$T_TMP/.trees"
	echo "$_p"
}

expect_refused() {
	id=$(new_id)
	rc=0
	timeout 20 "$RUNJ" --root "$T_TMP/state" run --bundle "$BUNDLE" "$id" \
	    >"$T_TMP/out" 2>"$T_TMP/err" </dev/null || rc=$?
	expect_eq "$rc" 1 "exit status (124: it hung; stderr: $(cat "$T_TMP/err"))"
	expect_eq "$(wc -l <"$T_TMP/err")" 1 "stderr: $(cat "$T_TMP/err")"
	expect_match "$(cat "$T_TMP/err")" "$1" "the error"
	expect_eq "$(ls -A "$T_TMP/state" 2>/dev/null)" "" "state root"
	expect_gone "$id"
}

frozen_case() {
	# $1: freezer (v1) or unified (v2 cgroup.freeze); $2: the leaf itself
	# or a child of the frozen cgroup
	dir=$(hierarchy "$1")
	[ -n "$dir" ] || skip "this host has no $1 hierarchy"
	P=$(new_tree frz)
	mkdir -p "$dir$P"
	if [ "$1" = freezer ]; then
		echo FROZEN >"$dir$P/freezer.state"
	else
		echo 1 >"$dir$P/cgroup.freeze"
	fi
	make_bundle "$T_TMP/b" echo ran
	leaf=$P
	[ "$2" = leaf ] || leaf=$P/x
	set_config "c['linux']['cgroupsPath'] = '$leaf'"
	expect_refused 'frozen'
	[ -d "$dir$P" ] || fail "$dir$P, not runj's, was removed"
	[ ! -d "$dir$P/x" ] || fail "$dir$P/x remains"
}
test_frozen_v1_cgroup_is_an_error() { frozen_case freezer leaf; }
test_frozen_v1_parent_is_an_error() { frozen_case freezer child; }
test_frozen_v2_cgroup_is_an_error() { frozen_case unified leaf; }
test_frozen_v2_parent_is_an_error() { frozen_case unified child; }

test_network_limits_without_their_controller() {
	make_bundle "$T_TMP/b" echo ran
	if [ -z "$(hierarchy net_cls)" ]; then
		set_config 'c["linux"]["resources"]["network"] = {"classID": 1048577}'
		expect_refused 'net_cls'
	fi
	if [ -z "$(hierarchy net_prio)" ]; then
		set_config 'c["linux"]["resources"]["network"] = {"priorities": [{"name": "lo", "priority": 5}]}'
		expect_refused 'net_prio'
	fi
	[ -z "$(hierarchy net_cls)" ] || [ -z "$(hierarchy net_prio)" ] ||
		skip "this host has net_cls and net_prio"
}

test_empty_cpuset_ancestor_is_filled() {
	dir=$(hierarchy cpuset)
	[ -n "$dir" ] || skip "this host has no v1 cpuset hierarchy"
	P=$(new_tree cpuset)
	# made by someone else, and left empty (cpuset.clone_children off)
	mkdir -p "$dir$P/inner"
	[ -z "$(cat "$dir$P/inner/cpuset.cpus")" ] || skip "new cpusets are not empty here"
	make_bundle "$T_TMP/b" echo ran
	set_config "c['linux']['cgroupsPath'] = '$P/inner/x'"
	rc=0
	out=$(run_ctr 2>&1) || rc=$?
	expect_eq "$rc:$out" "0:ran" "a container below empty cpuset ancestors"
	[ -d "$dir$P/inner" ] || fail "$dir$P/inner, not runj's, was removed"
}

run_tests
