#!/bin/bash
# compat_console.sh: the container's console belongs to process.user, as
# with runc (issue 10.16), in the init and in exec; runc is the control.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"
. "$(dirname "$0")/../lib/runc.sh"

SHOW_TTY='echo UID=$(id -u); ls -lnL /proc/self/fd/0 | awk "{ print \"OWNER=\" \$3 \" GROUP=\" \$4 }"
	echo hi >"$(tty)" && echo WRITES-TTY'

# console_run RUNTIME ID: create and start with a console socket; prints
# what came over the pty.
console_run() {
	_sock=$T_TMP/$2.sock
	console_server "$_sock" "$T_TMP/$2.out"
	_srv=$!
	"$1" create --bundle "$BUNDLE" --console-socket "$_sock" "$2"
	"$1" start "$2"
	wait "$_srv" || fail "console server failed"
	"$1" delete --force "$2" >/dev/null 2>&1 || true
	tr -d '\r' <"$T_TMP/$2.out"
}

user_bundle() {
	make_bundle "$T_TMP/b" sh -c "$SHOW_TTY"
	set_config 'c["process"]["terminal"] = True
c["process"]["user"] = {"uid": 1000, "gid": 1000}'
}

test_console_belongs_to_process_user() {
	user_bundle
	out=$(console_run rj "$(new_id con)")
	echo "$out"
	expect_match "$out" '^UID=1000$' "the process's uid"
	expect_match "$out" '^OWNER=1000 GROUP=5$' "the console's owner (gid from devpts gid=5)"
	expect_match "$out" '^WRITES-TTY$' "the user writes its tty by name"
	need_runc
	rout=$(console_run runc_rc "$(new_id runc)")
	expect_eq "$(printf '%s\n' "$out" | grep OWNER)" \
	    "$(printf '%s\n' "$rout" | grep OWNER)" "the owner, runj and runc"
}

test_exec_console_belongs_to_process_user() {
	id=$(new_id con)
	start_sleeper "$id"
	console_server "$T_TMP/e.sock" "$T_TMP/e.out"
	srv=$!
	rj exec -t --user 1000:1000 --console-socket "$T_TMP/e.sock" "$id" \
	    sh -c "$SHOW_TTY" </dev/null
	wait "$srv" || fail "console server failed"
	out=$(tr -d '\r' <"$T_TMP/e.out")
	echo "$out"
	expect_match "$out" '^UID=1000$' "the exec'd process's uid"
	expect_match "$out" '^OWNER=1000 ' "the exec console's owner"
	rj delete --force "$id"
}

# With a user namespace: the uid is the container's, mapped.
test_console_owner_in_a_user_namespace() {
	user_bundle
	set_config '
c["linux"]["namespaces"].append({"type": "user"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 65536}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 200000, "size": 65536}]'
	chmod 755 "$T_TMP"
	out=$(console_run rj "$(new_id con)")
	echo "$out"
	expect_match "$out" '^OWNER=1000 ' "the console's owner in the user namespace"
	expect_match "$out" '^WRITES-TTY$' "the user writes its tty by name"
}

run_tests
