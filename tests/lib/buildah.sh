# shellcheck shell=bash
# buildah.sh: buildah for a test file, sourced after harness.sh and
# podman.sh (it shares Podman's private containers.conf).  Its storage is
# private to $BUILDAH_DIR; `buildah run` uses the runtime $RT names.
#
#   buildah_start DIR    configuration and storage under DIR, a working
#                        container from the image
#   buildah_stop         remove the working containers, unmount the storage
#   bld ARGS...          buildah with the private options, with a timeout
#   bld_run ARGS...      buildah run with $RT, no network, OCI isolation

BUILDAH_WC=rjt-work

buildah_paths() {
	BUILDAH_DIR=$1
	podman_paths "$BUILDAH_DIR"
}

bld() {
	timeout -s KILL "${ENG_TIMEOUT:-30}" buildah \
	    --root "$BUILDAH_DIR/root" --runroot "$BUILDAH_DIR/run" \
	    --storage-driver "$PODMAN_DRIVER" "$@"
}

bld_run() {
	bld run --runtime "$(podman_rt_bin)" --isolation oci --network none \
	    "$BUILDAH_WC" -- "$@"
}

buildah_start() {
	command -v buildah >/dev/null 2>&1 ||
		skip "buildah is not installed (make deps)"
	[ "$(id -u)" -eq 0 ] || skip "buildah runs rootful here: needs root"
	# podman_start writes the configuration and the image; buildah takes
	# the image from the OCI archive itself.
	_dir=$1
	podman_paths "$_dir"
	mkdir -p "$_dir"
	PODMAN_KEEP_IMAGE=1 podman_start "$_dir"
	buildah_paths "$_dir"
	bld from --name "$BUILDAH_WC" "oci-archive:$_dir/image.tar" \
	    >"$_dir/from.log" 2>&1 ||
		fail "buildah from: $(tail -n 3 "$_dir/from.log")"
}

buildah_stop() (
	set +e
	[ -n "${BUILDAH_DIR:-}" ] && [ -d "$BUILDAH_DIR" ] || exit 0
	bld rm -a >/dev/null 2>&1
	bld rmi -a -f >/dev/null 2>&1
	podman_stop
)
