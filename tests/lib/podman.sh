# shellcheck shell=bash
# podman.sh: Podman for a test file, sourced after harness.sh.  Everything
# is private to $PODMAN_DIR: --root, --runroot, --tmpdir, a containers.conf
# (cgroupfs, file events, no network, limits this host can grant), the
# cgroup parent /$PODMAN_NS.  $RT picks the runtime (--runtime, given as a
# global option so that pods' infra containers use it too).
#
#   podman_start DIR     the configuration under DIR, load the image
#   podman_stop          remove every pod and container, end conmon,
#                        unmount the storage, remove the cgroups
#   podman_assert_clean  fail if a container, mount, process or cgroup is left
#   eng ARGS...          podman with the private options, with a timeout
#   eng_cmd              that command line, for script(1)
#   eng_attach           in a test: the paths of the file's setup
#   eng_rt               the run/create options every scenario passes
#   eng_cleanup          remove the containers this test named (cname)

ENG_NAME=podman
ENG_IMAGE=docker.io/library/busybox:runj
ENG_TIMEOUT=${ENG_TIMEOUT:-30}

podman_paths() {
	PODMAN_DIR=$1
	PODMAN_NS=runj-pm-$(printf '%s' "$PODMAN_DIR" | cksum | cut -d' ' -f1)
	export CONTAINERS_CONF=$PODMAN_DIR/containers.conf
	# no registry is ever asked: the image is loaded from a file
	export CONTAINERS_REGISTRIES_CONF=$PODMAN_DIR/registries.conf
	# overlay where this filesystem takes it (podman_start tried)
	PODMAN_DRIVER=$(cat "$PODMAN_DIR/driver" 2>/dev/null || echo vfs)
}

podman_rt_bin() {
	case $RT in
	runj) echo "$RUNJ" ;;
	*) command -v "$RT" ;;
	esac
}

eng_cmd() {
	echo "podman --root $PODMAN_DIR/root --runroot $PODMAN_DIR/run" \
	    "--tmpdir $PODMAN_DIR/tmp --storage-driver $PODMAN_DRIVER" \
	    "--runtime $(podman_rt_bin)"
}

eng() {
	# shellcheck disable=SC2046
	timeout -s KILL "$ENG_TIMEOUT" $(eng_cmd) "$@"
}

eng_attach() {
	podman_paths "$F_TMP/podman"
}

eng_rt() {
	echo "--cgroup-parent /$PODMAN_NS"
}

podman_start() {
	command -v podman >/dev/null 2>&1 ||
		skip "podman is not installed (make deps)"
	[ "$(id -u)" -eq 0 ] || skip "podman runs rootful here: needs root"
	podman_paths "$1"
	mkdir -p "$PODMAN_DIR/tmp"
	# Podman's default nofile is above this host's hard limit (no
	# CAP_SYS_RESOURCE here); lowering a limit is always allowed.
	_nofile=$(ulimit -Hn)
	[ "$_nofile" = unlimited ] && _nofile=1048576
	_drv=vfs
	_o=$PODMAN_DIR/ovl
	mkdir -p "$_o/l" "$_o/u" "$_o/w" "$_o/m"
	if mount -t overlay overlay \
	    -o "lowerdir=$_o/l,upperdir=$_o/u,workdir=$_o/w" "$_o/m" \
	    2>/dev/null; then
		umount "$_o/m"
		_drv=overlay
	fi
	rm -rf "$_o"
	cat >"$CONTAINERS_CONF" <<EOF
[containers]
default_ulimits = ["nofile=$_nofile:$_nofile", "nproc=4096:4096"]
netns = "none"
log_driver = "k8s-file"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PODMAN_DIR/events.log"
# catatonit, from which Podman builds the pods' infra image, offline
helper_binaries_dir = ["/usr/libexec/podman", "/usr/lib/podman", "/usr/bin"]
[network]
network_config_dir = "$PODMAN_DIR/net"
EOF
	: >"$CONTAINERS_REGISTRIES_CONF"
	echo "$_drv" >"$PODMAN_DIR/driver"
	podman_paths "$PODMAN_DIR"
	"$TOP/$B/runj-demo" rootfs -o "$PODMAN_DIR/rootfs" >/dev/null
	"$TOP/$B/runj-demo" oci-image --input "$PODMAN_DIR/rootfs" \
	    -o "$PODMAN_DIR/image.tar" --name "$ENG_IMAGE" >/dev/null
	rm -rf "$PODMAN_DIR/rootfs"
	RT=runc eng load -i "$PODMAN_DIR/image.tar" \
	    >"$PODMAN_DIR/load.log" 2>&1 ||
		fail "podman load: $(tail -n 3 "$PODMAN_DIR/load.log")"
	[ "${PODMAN_KEEP_IMAGE:-}" = 1 ] || rm -f "$PODMAN_DIR/image.tar"
}

eng_cleanup() {
	[ -f "$T_TMP/.names" ] || return 0
	# shellcheck disable=SC2046
	eng rm -f -t 0 $(cat "$T_TMP/.names") >/dev/null 2>&1
	# shellcheck disable=SC2046
	eng pod rm -f $(cat "$T_TMP/.names") >/dev/null 2>&1
	rm -f "$T_TMP/.names"
	return 0
}

# conmon and its children: daemons by design, ours by their command line
# (it names our --root) or by our cgroup parent.
podman_our_pids() {
	pgrep -f -- "$PODMAN_DIR/" || true
	grep -l ":/$PODMAN_NS/" /proc/[0-9]*/cgroup 2>/dev/null |
		awk -F/ '{ print $3 }'
	return 0
}

podman_stop() (
	set +e
	[ -n "${PODMAN_DIR:-}" ] && [ -d "$PODMAN_DIR" ] || exit 0
	ENG_TIMEOUT=60
	for RT in runj runc; do
		eng pod rm -a -f >/dev/null 2>&1
		eng rm -a -f -t 0 >/dev/null 2>&1
	done
	RT=runc eng rmi -a -f >/dev/null 2>&1
	for _ in $(seq 50); do
		_left=$(podman_our_pids | grep -vx "$$")
		[ -n "$_left" ] || break
		# shellcheck disable=SC2086
		kill -KILL $_left 2>/dev/null
		sleep 0.1
	done
	awk -v t="$PODMAN_DIR/" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo | sort -r | while read -r _m; do
		umount "$_m" 2>/dev/null || umount -l "$_m" 2>/dev/null
	done
	# Podman leaves its own conmon cgroup, whatever the runtime; a
	# container's cgroup is the runtime's to remove.
	for _d in "/sys/fs/cgroup/$PODMAN_NS" /sys/fs/cgroup/*/"$PODMAN_NS"; do
		[ -d "$_d" ] || continue
		find "$_d" -mindepth 1 -type d ! -name conmon \
		    >>"$PODMAN_DIR/cgroups-left"
		find "$_d" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	exit 0
)

podman_assert_clean() {
	_m=$(awk -v t="$PODMAN_DIR/" 'index($5, t) == 1 { print $5 }' \
	    /proc/self/mountinfo)
	[ -z "$_m" ] || fail "mounts left under $PODMAN_DIR: $_m"
	_p=$(podman_our_pids | grep -vx "$$")
	[ -z "$_p" ] || fail "processes left: $_p"
	[ ! -s "$PODMAN_DIR/cgroups-left" ] ||
		fail "cgroups left after rm: $(cat "$PODMAN_DIR/cgroups-left")"
	return 0
}
