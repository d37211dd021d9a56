#!/bin/sh
# demo.sh: the end of `make demo` (tui/tui.mk has run `make deps` and built
# everything).  Makes a bundle whose root filesystem comes from the host
# (busybox-static, or /rescue on FreeBSD; no network), creates the
# container "demo" from it in the demo root and opens runj-tui there.
#
# DEMO_ROOT   the state root, default /run/runj-demo (apart from runj's own
#             /run/runj, so the demo never touches real containers)
# DEMO_BUNDLE the bundle, default $(B)/demo-bundle in the source tree
set -eu
: "${B:=build}"
: "${DEMO_ROOT:=/run/runj-demo}"
: "${DEMO_BUNDLE:=$PWD/$B/demo-bundle}"
bin=$PWD/$B

if [ "$(id -u)" != 0 ]; then
	echo "make demo: containers need root: run 'sudo make demo'" >&2
	exit 1
fi

# Every run starts from a clean demo: the old container goes first.
"$bin/runj" --root "$DEMO_ROOT" delete --force demo >/dev/null 2>&1 || true
rm -rf "$DEMO_BUNDLE"
echo "demo: making a root filesystem from the host in $DEMO_BUNDLE/rootfs"
"$bin/runj-demo" rootfs -f -o "$DEMO_BUNDLE/rootfs"
"$bin/runj-demo" spec -f -b "$DEMO_BUNDLE" --args /bin/sh -c \
	'trap "echo demo: got SIGTERM, bye; exit 0" TERM; n=0; while :; do n=$((n+1)); echo "hello from the demo container ($n)"; sleep 2; done'

if [ ! -t 0 ] || [ ! -t 1 ]; then
	echo "demo: bundle ready; no terminal here, so open the TUI yourself:"
	echo "  $bin/runj-tui --root $DEMO_ROOT --create demo --bundle $DEMO_BUNDLE"
	exit 0
fi
echo "demo: opening runj-tui on $DEMO_ROOT (s starts the container, ? for help)"
exec "$bin/runj-tui" --root "$DEMO_ROOT" --create demo --bundle "$DEMO_BUNDLE"
