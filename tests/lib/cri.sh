# shellcheck shell=bash
# cri.sh: containerd's CRI plugin, the way Kubernetes drives a runtime,
# sourced after harness.sh and containerd.sh.  The private containerd keeps
# its CRI plugin with two runtime handlers, "runc" and "runj" (what a
# RuntimeClass names), each the runc shim with its own BinaryName and Root,
# as README.md and runj(8) document.  No CNI: pods use the host network.
# The client is tests/lib/cri/cri.py (gRPC, the CRI's own wire format).
#
#   cri_start DIR        containerd with CRI under DIR, images imported
#   cri ARGS...          the client: version, runp, create, start, status...
#   cri_stop             remove every pod, stop containerd (ctrd_stop)

CRI_IMAGE=docker.io/library/busybox:runj
CRI_PAUSE=docker.io/library/pause:runj

cri_paths() {
	CTRD_BASE=$1
	ctrd_paths
	CRI_GEN=$CTRD_BASE/cri-gen
	CRI_CG=/$CTRD_NS
	CRI_LOGS=$CTRD_BASE/pods
}

cri() {
	timeout -s KILL 90 "$PY" "$TOP/tests/lib/cri/cri.py" "$CTRD_SOCK" \
	    "$CRI_GEN" "$@"
}

# the handler's runtime root, where runj and runc keep their state
cri_rt_root() {
	echo "$CTRD_DIR/cri-$1"
}

ctrd_config_extra() {
	_p='plugins."io.containerd.grpc.v1.cri"'
	cat <<EOF

[$_p]
  sandbox_image = "$CRI_PAUSE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  disable_apparmor = true
  # The sandbox asks for oom_score_adj -998, which needs CAP_SYS_RESOURCE
  # (this host has none): no lower than containerd's own.
  restrict_oom_score_adj = true
  [$_p.containerd]
    snapshotter = "$CTRD_SNAPSHOTTER"
    default_runtime_name = "runc"
    [$_p.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [$_p.containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$(cri_rt_root runc)"
    [$_p.containerd.runtimes.runj]
      runtime_type = "io.containerd.runc.v2"
      [$_p.containerd.runtimes.runj.options]
        BinaryName = "$RUNJ"
        Root = "$(cri_rt_root runj)"
  [$_p.cni]
    bin_dir = "$CTRD_DIR/cni/bin"
    conf_dir = "$CTRD_DIR/cni/conf"
EOF
}

cri_start() {
	"$PY" -c 'import grpc, grpc_tools' 2>/dev/null ||
		skip "python3-grpcio or python3-grpc-tools is not installed" \
		    "(make deps)"
	cri_paths "$1"
	mkdir -p "$CTRD_BASE" "$CRI_LOGS"
	CTRD_NO_IMAGE=1 ctrd_start
	"$TOP/$B/runj-demo" rootfs -o "$CTRD_DIR/rootfs" >/dev/null
	"$TOP/$B/runj-demo" oci-image --input "$CTRD_DIR/rootfs" \
	    -o "$CTRD_DIR/image.tar" --name "$CRI_IMAGE" >/dev/null
	rm -rf "$CTRD_DIR/rootfs"
	"$PY" "$TOP/tests/lib/cri/pause_image.py" "$CTRD_DIR/image.tar" \
	    "$CTRD_DIR/pause.tar" "$CRI_PAUSE"
	# the CRI's images live in containerd's k8s.io namespace
	for _t in image pause; do
		CTRD_NS=k8s.io ctrd image import "$CTRD_DIR/$_t.tar" >/dev/null ||
			fail "ctr image import $_t.tar failed"
	done
	rm -f "$CTRD_DIR/image.tar" "$CTRD_DIR/pause.tar"
	cri version >"$CTRD_BASE/version" 2>&1 ||
		fail "the CRI does not answer: $(cat "$CTRD_BASE/version")"
}

cri_stop() (
	set +e
	[ -n "${CTRD_DIR:-}" ] && [ -d "$CTRD_DIR" ] || exit 0
	CTRD_NS=k8s.io ctrd_sweep
	ctrd_stop
)
