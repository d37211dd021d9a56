# shellcheck shell=bash
# docker.sh: a private dockerd for a test file, sourced after harness.sh and
# containerd.sh.  It runs over a private containerd (containerd.sh, under
# $DOCKER_DIR) in its own namespace, with its own socket, data root, exec
# root and cgroup parent, no bridge, no iptables.  runc and runj are both
# registered runtimes; the scenarios (cli_scenarios.sh) choose with $RT.
#
#   docker_start DIR    start containerd and dockerd under DIR, load the image
#   docker_stop         remove every container, stop dockerd and containerd
#   docker_assert_clean fail if a container, mount, process or cgroup is left
#   eng ARGS...         the docker client against it, with a timeout
#   eng_cmd             that command line, for script(1)
#   eng_attach          in a test: the paths of the file's dockerd
#   eng_rt              the run/create options that pick $RT
#   eng_cleanup         remove the containers this test named (cname)

# Debian's client: another docker on PATH may speak a newer API.
DOCKER_BIN=${DOCKER_BIN:-/usr/bin/docker}
ENG_NAME=docker
ENG_IMAGE=rjtest/busybox:1
ENG_TIMEOUT=${ENG_TIMEOUT:-30}

docker_paths() {
	DOCKER_DIR=$1
	DOCKER_SOCK=$DOCKER_DIR/docker.sock
	CTRD_BASE=$DOCKER_DIR
	ctrd_paths
}

eng_cmd() {
	echo "$DOCKER_BIN -H unix://$DOCKER_SOCK"
}

eng() {
	# shellcheck disable=SC2046
	timeout -s KILL "$ENG_TIMEOUT" $(eng_cmd) "$@"
}

# A test of the file attaches to the dockerd that setup_file started.
eng_attach() {
	docker_paths "$F_TMP/docker"
}

eng_rt() {
	echo "--runtime $RT --network none"
}

docker_start() {
	command -v dockerd >/dev/null 2>&1 && [ -x "$DOCKER_BIN" ] ||
		skip "docker.io is not installed (make deps)"
	docker_paths "$1"
	mkdir -p "$DOCKER_DIR"
	CTRD_NO_IMAGE=1 ctrd_start
	# runj is a runtime beside the built-in runc; the shim keeps each
	# runtime's --root under the exec root.
	cat >"$DOCKER_DIR/daemon.json" <<EOF
{"runtimes": {"runj": {"path": "$RUNJ"}}}
EOF
	_drv=vfs
	[ "$CTRD_SNAPSHOTTER" = overlayfs ] && _drv=overlay2
	setsid dockerd --config-file "$DOCKER_DIR/daemon.json" \
	    -H "unix://$DOCKER_SOCK" --containerd "$CTRD_SOCK" \
	    --containerd-namespace "$CTRD_NS" \
	    --containerd-plugins-namespace "$CTRD_NS-plugins" \
	    --data-root "$DOCKER_DIR/root" --exec-root "$DOCKER_DIR/exec" \
	    --pidfile "$DOCKER_DIR/dockerd.pid" --cgroup-parent "/$CTRD_NS" \
	    --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
	    --userland-proxy=false --storage-driver "$_drv" \
	    >"$DOCKER_DIR/dockerd.log" 2>&1 </dev/null &
	echo $! >"$DOCKER_DIR/pid"
	for _ in $(seq 150); do
		kill -0 "$(cat "$DOCKER_DIR/pid")" 2>/dev/null || break
		eng version >/dev/null 2>&1 && break
		sleep 0.1
	done
	if ! eng version >/dev/null 2>&1; then
		_why=$(grep -E 'level=(fatal|error)' "$DOCKER_DIR/dockerd.log" |
			tail -n 1)
		docker_stop
		skip "dockerd did not start: ${_why:-no error logged}"
	fi
	# docker load wants a manifest.json runj-demo's OCI tar lacks (issue
	# 10 item 8): import the same root filesystem instead.
	"$TOP/$B/runj-demo" rootfs -o "$DOCKER_DIR/rootfs" >/dev/null
	tar -C "$DOCKER_DIR/rootfs" -cf "$DOCKER_DIR/rootfs.tar" .
	eng import -c 'CMD ["/bin/sh"]' "$DOCKER_DIR/rootfs.tar" "$ENG_IMAGE" \
	    >/dev/null
	rm -rf "$DOCKER_DIR/rootfs" "$DOCKER_DIR/rootfs.tar"
}

eng_cleanup() {
	[ -f "$T_TMP/.names" ] || return 0
	# shellcheck disable=SC2046
	eng rm -f $(cat "$T_TMP/.names") >/dev/null 2>&1
	rm -f "$T_TMP/.names"
	return 0
}

# In a subshell without errexit: every step is tried.
docker_stop() (
	set +e
	[ -n "${DOCKER_DIR:-}" ] && [ -d "$DOCKER_DIR" ] || exit 0
	_pid=$(cat "$DOCKER_DIR/pid" 2>/dev/null)
	if [ -n "$_pid" ] && kill -0 "$_pid" 2>/dev/null; then
		ENG_TIMEOUT=20
		# shellcheck disable=SC2046
		eng rm -f $(eng ps -aq) >/dev/null 2>&1
		kill "$_pid" 2>/dev/null
		for _ in $(seq 100); do
			kill -0 "$_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$_pid" 2>/dev/null
	fi
	ctrd_stop
	exit 0
)

docker_assert_clean() {
	ctrd_assert_clean
	for _r in "$DOCKER_DIR"/exec/runtime-runj/*/; do
		[ -d "$_r" ] || continue
		_l=$("$RUNJ" --root "$_r" list -q 2>&1) || fail "runj list: $_l"
		[ -z "$_l" ] || fail "containers left in runj's --root $_r: $_l"
	done
	return 0
}

docker_dump() {
	echo "--- dockerd: errors"
	grep -E 'level=(error|fatal)' "$DOCKER_DIR/dockerd.log" 2>/dev/null |
		tail -n 8 | cut -c1-400
	ctrd_dump
}
