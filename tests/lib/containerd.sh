# containerd.sh: a private containerd, sourced after harness.sh.
# Everything it makes lives under $CTRD_BASE/ctrd ($CTRD_BASE is $T_TMP
# unless set: a test file that shares one containerd sets it to $F_TMP):
# the config, the socket, the root and state directories, the runtimes'
# --root, the FIFOs.  ctrd_start skips only when containerd is not
# installed or will not start.  Docker's lib runs its dockerd over one.
#
#   ctrd_start          start containerd, import the busybox image (unless
#                       CTRD_NO_IMAGE=1)
#   ctrd CMD...         ctr against it, in namespace $CTRD_NS, with a timeout
#   ctrd_run ARGS...    ctr run with $RT (runj unless set) as the runc binary
#   ctrd_exec ARGS...   ctr task exec with the private FIFO directory
#   ctrd_sweep          delete every task and container (between tests)
#   ctrd_stop           delete every task and container, stop containerd,
#                       kill what is left of ours, unmount, remove cgroups
#   ctrd_assert_clean   fail if a mount, a process, a container in runj's
#                       --root or a container cgroup is left
#   ctrd_dump           the logs, for a failing test

CTRD_IMAGE=docker.io/library/busybox:runj
# ctr waits forever when a task's exit is lost; no command here may.
CTRD_TIMEOUT=${CTRD_TIMEOUT:-20}

ctrd_paths() {
	# The namespace names the cgroups (/NAMESPACE/ID): one per test, so
	# that two runs at once never touch each other's.
	_base=${CTRD_BASE:-$T_TMP}
	# named after the whole path: $F_TMP/docker and $F_TMP/cri differ,
	# and so do two runs at once
	CTRD_NS=runj-$(printf '%s' "$_base" | cksum | cut -d' ' -f1)
	CTRD_DIR=$_base/ctrd
	CTRD_SOCK=$CTRD_DIR/containerd.sock
	CTRD_STATE=$CTRD_DIR/state
	CTRD_LOG=$CTRD_DIR/containerd.log
	CTRD_RUNJ_ROOT=$CTRD_DIR/runj
	# the runc shim keeps one runtime root per namespace
	CTRD_RUNJ_NS_ROOT=$CTRD_RUNJ_ROOT/$CTRD_NS
	CTRD_BUNDLES=$CTRD_STATE/io.containerd.runtime.v2.task/$CTRD_NS
}

# A lib that defines ctrd_config_extra (cri.sh) keeps the CRI plugin and
# appends that function's output to the config.
ctrd_write_config() {
	_cri='"io.containerd.grpc.v1.cri",'
	type ctrd_config_extra >/dev/null 2>&1 && _cri=
	cat >"$CTRD_DIR/config.toml" <<EOF
version = 2
root = "$CTRD_DIR/root"
state = "$CTRD_STATE"
# No CRI unless asked (it wants CNI and a network), no snapshotter this
# host may lack, no tracing, and no "opt" plugin (it would make
# /opt/containerd).
disabled_plugins = [
  $_cri
  "io.containerd.internal.v1.opt",
  "io.containerd.internal.v1.tracing",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
]

[grpc]
  address = "$CTRD_SOCK"

[ttrpc]
  address = "$CTRD_SOCK.ttrpc"

[debug]
  address = "$CTRD_DIR/debug.sock"
  level = "debug"

[metrics]
  address = ""
EOF
	if type ctrd_config_extra >/dev/null 2>&1; then
		ctrd_config_extra >>"$CTRD_DIR/config.toml"
	fi
}

# Overlay on the test's filesystem, or the native (copying) snapshotter
# where overlay cannot mount (overlay on overlay, tmpfs without xattrs).
ctrd_pick_snapshotter() {
	_o=$CTRD_DIR/ovl
	mkdir -p "$_o/l" "$_o/u" "$_o/w" "$_o/m"
	if mount -t overlay overlay \
	    -o "lowerdir=$_o/l,upperdir=$_o/u,workdir=$_o/w" "$_o/m" \
	    2>/dev/null; then
		umount "$_o/m"
		CTRD_SNAPSHOTTER=overlayfs
	else
		CTRD_SNAPSHOTTER=native
	fi
	rm -rf "$_o"
	export CONTAINERD_SNAPSHOTTER=$CTRD_SNAPSHOTTER
}

# stdin is /dev/null: ctr copies its stdin into the task, and would eat the
# test's own.  The timeout kills with SIGKILL: on SIGTERM, ctr run and ctr
# task exec forward the signal to their process, and for an exec the shim
# sends it with kill(2) to the pid runj wrote in --pid-file, whatever that
# is (with -1 it is every process on the machine).
ctrd() {
	timeout -s KILL "$CTRD_TIMEOUT" \
	    ctr -a "$CTRD_SOCK" -n "$CTRD_NS" "$@" </dev/null
}

# ctrd_run [ctr run options, as --opt=value] ID [CMD...]: the image goes
# before the ID.
ctrd_run() {
	_opts=
	while [ $# -gt 0 ]; do
		case $1 in
		-*) _opts="$_opts $1"; shift ;;
		*) break ;;
		esac
	done
	_id=$1
	shift
	# shellcheck disable=SC2086
	ctrd run $_opts --fifo-dir "$CTRD_DIR/fifo" \
	    --runc-binary "$(ctrd_rt_bin)" \
	    --runc-root "$CTRD_DIR/${RT:-runj}" "$CTRD_IMAGE" "$_id" "$@"
}

# The runtime binary $RT names: runj (the default) or runc.
ctrd_rt_bin() {
	case ${RT:-runj} in
	runj) echo "$RUNJ" ;;
	*) command -v "$RT" ;;
	esac
}

ctrd_exec() {
	ctrd task exec --fifo-dir "$CTRD_DIR/fifo" "$@"
}

# ctrd_status ID: RUNNING, PAUSED, STOPPED, CREATED... or nothing.
ctrd_status() {
	ctrd task ls | awk -v id="$1" '$1 == id { print $3 }'
}

# ctrd_wait_status ID STATUS: up to 10 s.
ctrd_wait_status() {
	for _ in $(seq 100); do
		[ "$(ctrd_status "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	fail "task $1: status '$(ctrd_status "$1")', expected $2"
}

ctrd_start() {
	if ! command -v containerd >/dev/null 2>&1 ||
	    ! command -v ctr >/dev/null 2>&1; then
		skip "containerd or ctr is not installed (make deps)"
	fi
	[ "$(id -u)" -eq 0 ] || skip "containerd needs root"
	[ -x "$RUNJ" ] || fail "$RUNJ: not built"
	ctrd_paths
	mkdir -p "$CTRD_DIR/fifo" "$CTRD_RUNJ_ROOT"
	ctrd_pick_snapshotter
	ctrd_write_config
	[ -d /run/containerd ] || : >"$CTRD_DIR/made-run-dir"
	# Its own session, so that no signal for the test's terminal reaches
	# it and ctrd_stop alone decides when it goes.
	setsid containerd --config "$CTRD_DIR/config.toml" \
	    --log-level debug >"$CTRD_LOG" 2>&1 </dev/null &
	echo $! >"$CTRD_DIR/pid"
	_up=false
	for _ in $(seq 100); do
		kill -0 "$(cat "$CTRD_DIR/pid")" 2>/dev/null || break
		if [ -S "$CTRD_SOCK" ] && ctr -a "$CTRD_SOCK" \
		    --connect-timeout 2s version >/dev/null 2>&1; then
			_up=true
			break
		fi
		sleep 0.1
	done
	if ! $_up; then
		_why=$(grep -E 'level=(fatal|error)' "$CTRD_LOG" | tail -n 1)
		ctrd_stop
		skip "containerd did not start: ${_why:-no error logged}"
	fi
	[ "${CTRD_NO_IMAGE:-}" = 1 ] || ctrd_image
}

# The image: a busybox root filesystem made here, as an OCI layout tar.
ctrd_image() {
	"$TOP/$B/runj-demo" rootfs -o "$CTRD_DIR/rootfs"
	"$TOP/$B/runj-demo" oci-image --input "$CTRD_DIR/rootfs" \
	    -o "$CTRD_DIR/image.tar" --name "$CTRD_IMAGE"
	ctrd image import "$CTRD_DIR/image.tar" >/dev/null
	ctrd image ls -q | grep -qx "$CTRD_IMAGE" ||
		fail "ctr image import: $CTRD_IMAGE is not listed"
}

# Processes that are ours: the shims (they carry our socket on their
# command line), their children, and whatever is in the cgroups ctr names
# for our namespace (/NAMESPACE/ID).  containerd itself has its pid file.
ctrd_our_pids() {
	_shims=$(pgrep -f -- "-address $CTRD_SOCK( |\$)" | tr '\n' ',')
	if [ -n "$_shims" ]; then
		echo "$_shims" | tr ',' '\n'
		pgrep -P "${_shims%,}"
	fi
	grep -l ":/$CTRD_NS/" /proc/[0-9]*/cgroup 2>/dev/null |
		awk -F/ '{ print $3 }'
	return 0
}

# Every task and container of our namespace goes.
ctrd_sweep() {
	for _t in $(ctrd task ls -q 2>/dev/null); do
		ctrd task resume "$_t" >/dev/null 2>&1
		ctrd task kill -a -s KILL "$_t" >/dev/null 2>&1
		ctrd task delete -f "$_t" >/dev/null 2>&1
	done
	for _c in $(ctrd container ls -q 2>/dev/null); do
		ctrd container rm "$_c" >/dev/null 2>&1
	done
	return 0
}

# In a subshell without errexit: it runs from a test and from teardown,
# and each step must be tried whatever the one before did.
ctrd_stop() (
	set +e
	[ -n "${CTRD_DIR:-}" ] && [ -d "$CTRD_DIR" ] || exit 0
	_pid=$(cat "$CTRD_DIR/pid" 2>/dev/null)
	if [ -n "$_pid" ] && kill -0 "$_pid" 2>/dev/null; then
		CTRD_TIMEOUT=10
		ctrd_sweep
		kill "$_pid" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$_pid" 2>/dev/null
	fi
	# A shim outlives containerd by design: end the ones we caused, and
	# remove the sockets they leave in /run/containerd/s when killed.
	for _ in $(seq 50); do
		_left=$(ctrd_our_pids)
		[ -n "$_left" ] || break
		# shellcheck disable=SC2086
		kill -KILL $_left 2>/dev/null
		sleep 0.1
	done
	for _a in "$CTRD_BUNDLES"/*/address; do
		[ -f "$_a" ] || continue
		_s=$(sed 's,^unix://,,' "$_a")
		case $_s in
		/run/containerd/s/*) [ -S "$_s" ] && rm -f "$_s" ;;
		esac
	done
	awk -v t="${CTRD_BASE:-$T_TMP}/" 'index($2, t) == 1 { print $2 }' /proc/mounts |
		sort -r | while read -r _m; do
		umount -R "$_m" 2>/dev/null || umount -l "$_m" 2>/dev/null
	done
	# The cgroups ctr asked for, /NAMESPACE/ID in each hierarchy: runj
	# delete removes the ID's (ctrd_assert_clean checks); the
	# namespace's stays, as with runc.
	for _d in "/sys/fs/cgroup/$CTRD_NS" /sys/fs/cgroup/*/"$CTRD_NS"; do
		[ -d "$_d" ] || continue
		find "$_d" -mindepth 1 -type d >>"$CTRD_DIR/cgroups-left"
		find "$_d" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	if [ -f "$CTRD_DIR/made-run-dir" ]; then
		rmdir /run/containerd/s /run/containerd 2>/dev/null
	fi
	exit 0
)

# After ctrd_stop: no mount under its base, no process of ours, no
# container in runj's --root, no container cgroup.
ctrd_assert_clean() {
	_m=$(awk -v t="${CTRD_BASE:-$T_TMP}/" 'index($2, t) == 1 { print $2 }' \
	    /proc/mounts)
	[ -z "$_m" ] || fail "mounts left under ${CTRD_BASE:-$T_TMP}: $_m"
	_p=$(ctrd_our_pids)
	[ -z "$_p" ] || fail "processes left: $(for p in $_p; do
		tr '\0' ' ' <"/proc/$p/cmdline"; echo; done)"
	if [ -d "$CTRD_RUNJ_NS_ROOT" ]; then
		_l=$("$RUNJ" --root "$CTRD_RUNJ_NS_ROOT" list -q 2>&1) ||
			fail "runj list: $_l"
		[ -z "$_l" ] || fail "containers left in runj's --root: $_l"
	fi
	[ ! -s "$CTRD_DIR/cgroups-left" ] ||
		fail "cgroups left after delete: $(cat "$CTRD_DIR/cgroups-left")"
	return 0
}

# For a failing test's log: containerd's errors and runj's own logs.
ctrd_dump() {
	[ -n "${CTRD_DIR:-}" ] && [ -d "$CTRD_DIR" ] || return 0
	echo "--- containerd: warnings and errors"
	grep -E 'level=(warning|error|fatal)' "$CTRD_LOG" 2>/dev/null |
		tail -n 8 | cut -c1-400
	for _l in "$CTRD_BUNDLES"/*/log.json; do
		[ -f "$_l" ] || continue
		echo "--- $_l"
		tail -n 4 "$_l" | cut -c1-400
	done
	return 0
}
