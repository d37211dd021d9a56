#!/bin/bash
# freebsd_crash.sh: runj killed (SIGKILL) right after each step of create,
# then `runj delete --force`: nothing may be left -- no jail, mount, devfs
# ruleset, rctl rule, address alias or state, and every interface home.
# The model's fault injection (RUNJ_JAILMODEL_CRASH_AT=N:RUN kills whoever
# makes the Nth call into the kernel in run RUN) steps through every call.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/freebsd.sh"

nothing_left() { # nothing_left ID WHEN
	! fb_jls_dying "$1" jid >/dev/null 2>&1 || fail "$2: jail left"
	[ -z "$(fb_mounts "$T_TMP/")" ] || fail "$2: mounts left: $(fb_mounts "$T_TMP/")"
	expect_eq "$(fb_devfs_rulesets | tr '\n' ' ')" "1 2 3 4 5 " "$2: rulesets"
	expect_eq "$(fb_rctl "jail:$1" 2>/dev/null)" "" "$2: rctl rules"
	expect_eq "$(fb_if_inet lo0 | tr '\n' ' ')" "127.0.0.1 " "$2: lo0 addresses"
	[ ! -e "$T_TMP/state/$1" ] || fail "$2: state left"
}

crash_each_step() { # crash_each_step ID (bundle in $T_TMP/b)
	for n in $(seq 1 200); do
		rc=0
		# In a subshell: bash must not report each kill.
		( RUNJ_JAILMODEL_CRASH_AT=$n:$n "$RUNJ" --root "$T_TMP/state" create \
			--bundle "$T_TMP/b" "$1" >"$T_TMP/out" 2>&1; exit $? ) 2>/dev/null ||
			rc=$?
		# Past the last call: create went through, nothing crashed.
		if [ "$rc" -eq 0 ] && [ -z "$(fb_jls "$1" jid 2>/dev/null | grep -v '^[0-9]*$')" ] &&
			[ "$(status_of "$1" 2>/dev/null)" = created ]; then
			rj delete --force "$1"
			nothing_left "$1" "after a create that finished"
			[ "$n" -gt 3 ] || fail "only $n calls"
			return 0
		fi
		rj delete --force "$1" >/dev/null 2>&1 || true
		fb_wait_gone "$1"
		nothing_left "$1" "killed at call $n"
	done
	fail "create never finished"
}

test_crash_at_each_step() {
	[ -n "$FB_MODEL" ] || skip "needs the jail model's fault injection"
	fb_boot racct
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		'"freebsd":{"devices":[{"path":"null"}],"jail":{"interface":"lo0","ip4Addr":["10.9.0.1"]}},
		 "annotations":{"runj.rctl.openfiles":"256"}'
	set_config "c['mounts'] += [{'destination': '/scratch', 'type': 'tmpfs', 'source': 'tmpfs'}]" "$T_TMP/b"
	crash_each_step "$(fb_id cr)"
}

test_crash_at_each_step_vnet() {
	[ -n "$FB_MODEL" ] || skip "needs the jail model's fault injection"
	fb_boot
	a=$(fb_epair)
	b=${a%a}b
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		"\"freebsd\":{\"jail\":{\"vnet\":\"new\",\"vnetInterfaces\":[\"$b\"]}}"
	crash_each_step "$(fb_id cv)"
	expect_eq "$(fb_if_where "$b")" host "$b at the end"
}

# The same for delete: killed after each of its calls, a second delete
# --force finishes the job.
crash_each_delete_step() { # crash_each_delete_step ID (bundle in $T_TMP/b)
	for n in $(seq 1 200); do
		rj create --bundle "$T_TMP/b" "$1"
		rj start "$1"
		rc=0
		( RUNJ_JAILMODEL_CRASH_AT=$n:d$n "$RUNJ" --root "$T_TMP/state" delete \
			--force "$1" >"$T_TMP/out" 2>&1; exit $? ) 2>/dev/null || rc=$?
		if [ "$rc" -eq 0 ]; then
			nothing_left "$1" "after a delete that finished"
			[ "$n" -gt 3 ] || fail "only $n calls"
			return 0
		fi
		expect_eq "$rc" 137 "delete killed at call $n: $(cat "$T_TMP/out")"
		rj delete --force "$1" || fail "delete after a delete killed at call $n"
		fb_wait_gone "$1"
		nothing_left "$1" "delete killed at call $n"
	done
	fail "delete never finished"
}

test_crash_at_each_step_of_delete() {
	[ -n "$FB_MODEL" ] || skip "needs the jail model's fault injection"
	fb_boot racct
	a=$(fb_epair)
	b=${a%a}b
	fb_bundle "$T_TMP/b" '["sleep","60"]' \
		"\"freebsd\":{\"devices\":[{\"path\":\"null\"}],\"jail\":{\"vnet\":\"new\",\"vnetInterfaces\":[\"$b\"]}},
		 \"annotations\":{\"runj.rctl.openfiles\":\"256\"}"
	# A base ruleset of one rule: fewer calls, the same steps.
	set_config "c['mounts'][0]['options'] = ['ruleset=devfsrules_hide_all']
c['mounts'] += [{'destination': '/scratch', 'type': 'tmpfs', 'source': 'tmpfs'}]" "$T_TMP/b"
	crash_each_delete_step "$(fb_id cd)"
	expect_eq "$(fb_if_where "$b")" host "$b at the end"
}

teardown() { fb_teardown; }

run_tests
