#!/bin/bash
# engine_hooks.sh: the six hooks run in order at the points runtime-spec
# names, with the state on stdin; a timeout is enforced; a failing
# createRuntime hook fails create and leaves nothing behind.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# write_hook: $T_TMP/hk/hook.sh appends "NAME STATUS" to $T_TMP/hk/log.
# startContainer runs inside the container, so $T_TMP/hk is bound at the
# same path there.
write_hook() {
	mkdir -p "$T_TMP/hk"
	cat >"$T_TMP/hk/hook.sh" <<EOF
#!/bin/sh
status=\$(tr -d '\n' | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p')
echo "\$1 \$status" >>"$T_TMP/hk/log"
EOF
	chmod +x "$T_TMP/hk/hook.sh"
}

test_hooks_order_and_state() {
	write_hook
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	set_config "
c['mounts'].append({'destination': '$T_TMP/hk', 'type': 'bind', 'source': '$T_TMP/hk', 'options': ['bind']})
h = lambda name: [{'path': '$T_TMP/hk/hook.sh', 'args': ['hook.sh', name], 'env': ['PATH=/usr/bin:/bin']}]
c['hooks'] = {k: h(k) for k in ('prestart', 'createRuntime', 'createContainer', 'startContainer', 'poststart', 'poststop')}
"
	rj create --bundle "$T_TMP/b" "$id"
	expect_eq "$(tr '\n' '|' <"$T_TMP/hk/log")" \
	    "prestart creating|createRuntime creating|createContainer creating|" "hooks of create"
	rj start "$id"
	wait_status "$id" running
	for _i in $(seq 50); do
		[ "$(wc -l <"$T_TMP/hk/log")" -ge 5 ] && break
		sleep 0.05
	done
	expect_eq "$(sed -n 4,5p "$T_TMP/hk/log" | tr '\n' '|')" \
	    "startContainer created|poststart running|" "hooks of start"
	rj delete --force "$id"
	expect_eq "$(sed -n '6,$p' "$T_TMP/hk/log" | tr '\n' '|')" \
	    "poststop stopped|" "hooks of delete"
	expect_gone "$id"
}

test_hook_gets_the_state_on_stdin() {
	id=$(new_id)
	cat >"$T_TMP/state-hook.sh" <<EOF
#!/bin/sh
cat >"$T_TMP/hookstate"
EOF
	chmod +x "$T_TMP/state-hook.sh"
	make_bundle "$T_TMP/b" sleep 1000
	set_config "c['annotations'] = {'k': 'v'}; c['hooks'] = {'createRuntime': [{'path': '$T_TMP/state-hook.sh'}]}"
	rj create --bundle "$T_TMP/b" "$id"
	st=$(cat "$T_TMP/hookstate")
	expect_eq "$(json_get "$st" 'j["id"]')" "$id" "id in the hook's state"
	expect_eq "$(json_get "$st" 'j["pid"]')" "$(pid_of "$id")" "pid in the hook's state"
	expect_eq "$(json_get "$st" 'j["bundle"]')" "$T_TMP/b" "bundle in the hook's state"
	expect_eq "$(json_get "$st" 'j["annotations"]["k"]')" v "annotations in the hook's state"
	rj delete "$id"
	expect_gone "$id"
}

test_hook_timeout() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	set_config "c['hooks'] = {'prestart': [{'path': '/bin/sleep', 'args': ['sleep', '20'], 'timeout': 1}]}"
	t0=$(date +%s)
	expect_fail_with 'prestart.*timed out' rj create --bundle "$T_TMP/b" "$id"
	t1=$(date +%s)
	[ $((t1 - t0)) -le 5 ] || fail "create took $((t1 - t0)) s with a 1 s hook timeout"
	expect_gone "$id"
	expect_eq "$(rj list -q)" "" "list after a timed-out hook"
}

test_failing_create_runtime_hook_leaves_nothing() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	cat >"$T_TMP/bad-hook.sh" <<EOF
#!/bin/sh
cat >"$T_TMP/hookstate"
echo "no network for you"
exit 3
EOF
	chmod +x "$T_TMP/bad-hook.sh"
	set_config "c['hooks'] = {'createRuntime': [{'path': '$T_TMP/bad-hook.sh'}]}"
	expect_fail_with 'createRuntime.*(status 3|exited).*no network for you' \
	    rj create --bundle "$T_TMP/b" "$id"
	pid=$(json_get "$(cat "$T_TMP/hookstate")" 'j["pid"]')
	expect_gone "$id" "$pid"
	[ ! -e "$T_TMP/state/$id" ] || fail "state dir remains"
	expect_eq "$(rj list -q)" "" "list after a failed create"
}

test_failing_poststart_hook_only_warns() {
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	set_config "c['hooks'] = {'poststart': [{'path': '/bin/false'}]}"
	rj create --bundle "$T_TMP/b" "$id"
	rj start "$id" 2>"$T_TMP/err"
	expect_match "$(cat "$T_TMP/err")" 'warning.*poststart' "warning"
	expect_eq "$(status_of "$id")" running
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
