# shellcheck shell=bash
# engine.sh: shared setup for the runj engine's integration tests, sourced
# after harness.sh.  Every test works under its own $T_TMP: a busybox root
# filesystem, a bundle from `runj spec`, a private state root.  The
# teardown below deletes whatever a failed test left running.
#
#   make_rootfs DIR            busybox-static root filesystem in DIR
#   make_bundle DIR ARGS...    DIR/rootfs + DIR/config.json running ARGS;
#                              sets BUNDLE=DIR
#   set_config PY [DIR]        edit DIR/config.json ($BUNDLE): PY is Python
#                              run with the parsed config as `c`
#   rj ARGS...                 runj with the test's private --root (a
#                              function: for `&` and $! call "$RUNJ" itself)
#   set_args ARGS...           process.args of $BUNDLE
#   run_ctr [ID]               `runj run` $BUNDLE, container's output/status
#   start_sleeper ID           a running `sleep 1000` container
#   console_server SOCK OUT    receive a pty master, copy its output to OUT
#   new_id [TAG]               a container ID unique to this test
#   expect_gone ID [PID]       no state dir, cgroup, mount or process left

[ "$(uname -s)" = Linux ] || ENGINE_NOT_LINUX=1
# No container reads the caller's terminal or input.
exec </dev/null
# The system python: a version manager's shim costs half a second a call.
PY=${PY:-$(test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3)}
BUSYBOX=${BUSYBOX:-$(command -v busybox 2>/dev/null || echo /bin/busybox)}

# Each test file runs only as root, on Linux, with a built runj and a static
# busybox; otherwise every test skips with the reason.
engine_require() {
	[ -z "${ENGINE_NOT_LINUX:-}" ] || skip "the Linux driver needs Linux"
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	[ -x "$RUNJ" ] || skip "$RUNJ is not built"
	[ -x "$BUSYBOX" ] || skip "busybox is not installed"
	! command -v file >/dev/null ||
		! file -L "$BUSYBOX" | grep -q 'dynamically' ||
		skip "$BUSYBOX is not static (install busybox-static)"
	[ -n "$PY" ] || skip "python3 is not installed"
	return 0
}

rj() {
	"$RUNJ" --root "$T_TMP/state" "$@"
}

new_id() {
	_id="rjt-${1:-c}-$$-$RANDOM"
	echo "$_id" >>"$T_TMP/.ids"
	echo "$_id"
}

make_rootfs() {
	engine_require
	"$PY" - "$1" "$BUSYBOX" <<'EOF'
import os, shutil, subprocess, sys
root, bb = sys.argv[1], sys.argv[2]
for d in ("bin", "proc", "sys", "dev", "tmp", "etc", "mnt", "root", "run"):
    os.makedirs(os.path.join(root, d), exist_ok=True)
os.chmod(os.path.join(root, "tmp"), 0o1777)
shutil.copy2(bb, os.path.join(root, "bin", "busybox"))
names = subprocess.run([bb, "--list"], capture_output=True, text=True,
                       check=True).stdout.split()
for n in names:
    if n != "busybox":
        os.symlink("busybox", os.path.join(root, "bin", n))
with open(os.path.join(root, "etc", "passwd"), "w") as f:
    f.write("root:x:0:0:root:/root:/bin/sh\n"
            "nobody:x:65534:65534:nobody:/:/bin/false\n")
with open(os.path.join(root, "etc", "group"), "w") as f:
    f.write("root:x:0:\nnogroup:x:65534:\n")
EOF
}

# make_bundle DIR ARGS...: process.terminal false, args ARGS.
make_bundle() {
	_dir=$1; shift
	mkdir -p "$_dir"
	make_rootfs "$_dir/rootfs"
	(cd "$_dir" && "$RUNJ" spec)
	BUNDLE=$_dir
	"$PY" - "$_dir/config.json" "$@" <<'EOF'
import json, sys
path, args = sys.argv[1], sys.argv[2:]
with open(path) as f:
    c = json.load(f)
c["process"]["terminal"] = False
c["process"]["args"] = args or ["true"]
with open(path, "w") as f:
    json.dump(c, f, indent=1)
EOF
}

set_config() {
	"$PY" - "${2:-$BUNDLE}/config.json" "$1" <<'EOF'
import json, sys
path, code = sys.argv[1], sys.argv[2]
with open(path) as f:
    c = json.load(f)
exec(code)
with open(path, "w") as f:
    json.dump(c, f, indent=1)
EOF
}

# json_get JSON PY-EXPR: prints the value of PY-EXPR on the parsed JSON `j`.
json_get() {
	"$PY" -c 'import json,sys; j=json.loads(sys.argv[1]); v=eval(sys.argv[2]); print(v if not isinstance(v,(dict,list,bool)) or v is None else json.dumps(v))' "$1" "$2"
}

status_of() {
	json_get "$(rj state "$1")" 'j["status"]'
}

pid_of() {
	json_get "$(rj state "$1")" 'j["pid"]'
}

# wait_status ID STATUS: polls up to ~5 s.
wait_status() {
	for _i in $(seq 100); do
		[ "$(status_of "$1" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	fail "$1 did not become $2 (is $(status_of "$1" 2>&1))"
}

# wait_file FILE: polls up to ~5 s for FILE to exist and be non-empty.
wait_file() {
	for _i in $(seq 100); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 did not appear"
}

cgroup_dirs() {
	ls -d /sys/fs/cgroup/runj/"$1" /sys/fs/cgroup/*/runj/"$1" 2>/dev/null || true
}

# expect_gone ID [PID]: after delete nothing of ID remains.
expect_gone() {
	[ ! -e "$T_TMP/state/$1" ] || fail "state dir $T_TMP/state/$1 remains"
	[ -z "$(cgroup_dirs "$1")" ] || fail "cgroup remains: $(cgroup_dirs "$1")"
	! grep -q -- "$1" /proc/self/mountinfo ||
		fail "a mount of $1 remains: $(grep -- "$1" /proc/self/mountinfo)"
	! grep -q -- "$T_TMP" /proc/self/mountinfo ||
		fail "a mount under $T_TMP remains"
	if [ -n "${2:-}" ] && [ "$2" -gt 0 ]; then
		for _i in $(seq 50); do
			kill -0 "$2" 2>/dev/null || break
			# a zombie is gone for our purposes
			grep -q '^State:.*Z' /proc/"$2"/status 2>/dev/null && break
			sleep 0.05
		done
		kill -0 "$2" 2>/dev/null &&
			! grep -q '^State:.*Z' /proc/"$2"/status 2>/dev/null &&
			fail "process $2 remains"
	fi
	return 0
}

# run_ctr [ID]: `runj run` of $BUNDLE in the foreground; its output is the
# container's, its status the container's.  Leaves nothing behind.
run_ctr() {
	_rid=${1:-$(new_id run)}
	"$RUNJ" --root "$T_TMP/state" run --bundle "$BUNDLE" "$_rid" </dev/null
}

# set_args ARGS...: process.args of $BUNDLE.
set_args() {
	"$PY" - "$BUNDLE/config.json" "$@" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path) as f:
    c = json.load(f)
c["process"]["args"] = sys.argv[2:]
with open(path, "w") as f:
    json.dump(c, f, indent=1)
EOF
}

# start_sleeper ID: a created and started container running `sleep 1000`
# from a fresh bundle $T_TMP/ID.
start_sleeper() {
	make_bundle "$T_TMP/$1" sleep 1000
	rj create --bundle "$T_TMP/$1" "$1"
	rj start "$1"
	wait_status "$1" running
}

# console_server SOCKET OUT: a unix socket that takes one pty master by
# SCM_RIGHTS and copies what arrives on it to OUT until EOF or 10 s.
# Runs in the background; waits for the socket to exist.
console_server() {
	"$PY" - "$1" "$2" <<'EOF' &
import array, os, select, socket, sys, time
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(1)
s.settimeout(5)
conn, _ = s.accept()
fds = array.array("i")
msg, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(4 * fds.itemsize))
for level, kind, data in anc:
    if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
        fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
if not fds:
    sys.exit("no fd received")
master = fds[0]
end = time.time() + 10
with open(out, "wb", buffering=0) as f:
    while time.time() < end:
        r, _, _ = select.select([master], [], [], 0.2)
        if not r:
            continue
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        f.write(data)
EOF
	for _i in $(seq 100); do
		[ -S "$1" ] && return 0
		sleep 0.05
	done
	fail "console socket $1 did not appear"
}

# The harness calls teardown after each test: force-delete what remains in
# the test's state root and lazily unmount anything left under $T_TMP, so
# rm -rf never walks into a mount.
teardown() {
	[ -n "${T_TMP:-}" ] || return 0
	if [ -d "$T_TMP/state" ]; then
		for _d in "$T_TMP"/state/*/; do
			[ -d "$_d" ] || continue
			"$RUNJ" --root "$T_TMP/state" delete --force \
			    "$(basename "$_d")" 2>/dev/null || true
		done
	fi
	# A failed test may have found the engine leaving cgroups behind: the
	# test reports it; the host should still not keep them.
	for _id in $(cat "$T_TMP/.ids" 2>/dev/null); do
		for _cg in $(cgroup_dirs "$_id"); do
			rmdir "$_cg" 2>/dev/null || true
		done
	done
	awk -v t="$T_TMP" 'index($5, t) == 1 { print $5 }' /proc/self/mountinfo |
	    sort -r | while read -r _m; do umount -l "$_m" 2>/dev/null || true; done
	return 0
}
