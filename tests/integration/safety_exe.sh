#!/bin/bash
# safety_exe.sh: CVE-2019-5736.  A process in the container that reaches a
# runj process through /proc/PID/exe must find a sealed memfd it cannot
# write, never the host's runj binary.  The tests run a copy of runj, so a
# failure cannot damage the build's binary.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# What a process inside sees of runj process $p: its exe, and whether it
# can write it.
PROBE='echo "EXE=$(readlink /proc/$p/exe)"
if echo pwned >>/proc/$p/exe 2>/dev/null; then echo WROTE; else echo WRITE-DENIED; fi'

# The startContainer hook runs inside the container (after pivot_root),
# forked by the container's init while that is still runj: the exact spot
# of the CVE.  It probes its parent.  As with runc it runs with the
# container's user and capabilities, and the init is no longer dumpable
# then: it may not even read the link, and it may never write.
test_start_container_hook_sees_a_sealed_runj() {
	cp "$RUNJ" "$T_TMP/runj"
	before=$(sha256sum <"$T_TMP/runj")
	R=("$T_TMP/runj" --root "$T_TMP/state")
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	printf '#!/bin/sh\np=$PPID\n{\n%s\n} >/dev/shm/probe 2>&1\n' "$PROBE" >"$T_TMP/b/rootfs/probe.sh"
	chmod 755 "$T_TMP/b/rootfs/probe.sh"
	set_config "c['hooks'] = {'startContainer': [{'path': '/probe.sh', 'env': ['PATH=/bin']}]}"
	timeout 20 "${R[@]}" create --bundle "$T_TMP/b" "$id"
	timeout 20 "${R[@]}" start "$id"
	wait_status "$id" running
	pid=$(pid_of "$id")
	probe=$(cat /proc/"$pid"/root/dev/shm/probe)
	timeout 20 "${R[@]}" delete --force "$id"
	expect_match "$probe" '^EXE=(/memfd:runj \(deleted\))?$' "runj's exe seen from the container"
	expect_match "$probe" '^WRITE-DENIED$' "writing runj's exe from the container"
	expect_eq "$(sha256sum <"$T_TMP/runj")" "$before" "sha256 of runj"
	expect_gone "$id"
}

# The shebang trick: the container's /bin/sh is "#!/proc/self/exe ...", so
# `runj exec ID /bin/sh` would start runj itself inside the container.  If
# it starts, it fails (no command "/bin/sh") and then blocks opening its
# --log, a fifo, while the test probes it from another exec.  A runtime
# may also refuse to start it at all; either way nothing may write runj.
test_exec_shebang_proc_self_exe() {
	cp "$RUNJ" "$T_TMP/runj"
	before=$(sha256sum <"$T_TMP/runj")
	build_before=$(sha256sum <"$RUNJ")
	R=("$T_TMP/runj" --root "$T_TMP/state")
	id=$(new_id)
	make_bundle "$T_TMP/b" sleep 1000
	rm "$T_TMP/b/rootfs/bin/sh"
	printf '#!/proc/self/exe --log=/dev/shm/hook\n' >"$T_TMP/b/rootfs/bin/sh"
	chmod 755 "$T_TMP/b/rootfs/bin/sh"
	timeout 20 "${R[@]}" create --bundle "$T_TMP/b" "$id"
	timeout 20 "${R[@]}" start "$id"
	timeout 20 "${R[@]}" exec "$id" /bin/busybox mkfifo /dev/shm/hook </dev/null
	timeout 20 "${R[@]}" exec "$id" /bin/sh </dev/null >"$T_TMP/hijack.out" 2>&1 &
	hijack=$!
	# the fifo's name is split so the finder does not find itself
	find='f=/dev/shm/ho; f=${f}ok
for p in /proc/[0-9]*; do
	p=${p#/proc/}
	[ $p = $$ ] && continue
	tr "\0" " " </proc/$p/cmdline 2>/dev/null | grep -q -- "--log=$f" || continue
	'"$PROBE"'
done'
	seen=
	for _i in $(seq 60); do
		seen=$(timeout 10 "${R[@]}" exec "$id" /bin/busybox sh -c "$find" </dev/null)
		[ -n "$seen" ] && break
		kill -0 "$hijack" 2>/dev/null || break
		sleep 0.05
	done
	# release it, if it waits on the fifo
	timeout 5 "${R[@]}" exec "$id" /bin/busybox sh -c 'cat /dev/shm/hook & sleep 0.3; kill $! 2>/dev/null' </dev/null >"$T_TMP/log.out" 2>&1 || true
	wait "$hijack" && rc=0 || rc=$?
	timeout 20 "${R[@]}" delete --force "$id"
	if [ -n "$seen" ]; then
		expect_match "$seen" '^EXE=/memfd:runj \(deleted\)$' "exe of the hijacked runj"
		expect_match "$seen" '^WRITE-DENIED$' "writing the hijacked runj's exe"
	else
		# it never started: the exec must have failed, not hung
		[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] ||
			fail "exec of the hijacked /bin/sh: status $rc, output $(cat "$T_TMP/hijack.out")"
	fi
	! printf '%s' "$seen" | grep -q '^WROTE$' || fail "the container wrote runj's exe"
	expect_eq "$(sha256sum <"$T_TMP/runj")" "$before" "sha256 of the runj that ran"
	expect_eq "$(sha256sum <"$RUNJ")" "$build_before" "sha256 of the build's runj"
	expect_gone "$id"
}

run_tests
