#!/bin/sh
# tui_refresh.sh: the CPU cost of one runj-tui refresh as its main loop
# does it (read the root, read again the containers whose state.json or
# process changed, draw the screen) with 1,000 containers in the root, and
# of a full list (every container read again) for comparison.
# Target: under 20 ms.  One real container is created with runj; the
# other 999 are copies of its state directory, so every one of them is
# checked against a live process the way a real root would be.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${B:=build}"
RUNJ=$TOP/$B/runj
TUI=$TOP/$B/runj-tui
N=${TUI_BENCH_CONTAINERS:-1000}
ROUNDS=${TUI_BENCH_ROUNDS:-20}
TARGET_MS=20

[ -x "$TUI" ] && [ -x "$RUNJ" ] || { echo "tui_refresh: build first (make programs)" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then
	echo "tui_refresh: skipped: needs root to create a container"
	exit 0
fi

tmp=$(mktemp -d /tmp/runj-tui-bench.XXXXXX)
root=$tmp/root
cleanup() {
	timeout -k 5 20 "$RUNJ" --root "$root" delete --force bench0 >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

bb=$(command -v busybox || echo /bin/busybox)
mkdir -p "$tmp/bundle/rootfs/bin"
cp "$bb" "$tmp/bundle/rootfs/bin/busybox"
ln -s busybox "$tmp/bundle/rootfs/bin/sh"
(cd "$tmp/bundle" && "$RUNJ" spec)
sed -i 's/"terminal": *true/"terminal": false/' "$tmp/bundle/config.json"
"$RUNJ" --root "$root" create --bundle "$tmp/bundle" bench0 </dev/null >/dev/null 2>&1

i=1
while [ "$i" -lt "$N" ]; do
	cp -a "$root/bench0" "$root/bench$i"
	i=$((i + 1))
done

out=$("$TUI" --root "$root" --bench "$ROUNDS")
ms=$(printf '%s\n' "$out" | sed -n 's/.*cpu_ms_per_refresh \([0-9.]*\).*/\1/p')
full=$(printf '%s\n' "$out" | sed -n 's/.*cpu_ms_per_full_list \([0-9.]*\).*/\1/p')
n=$(printf '%s\n' "$out" | sed -n 's/^containers \([0-9]*\).*/\1/p')
verdict=$(awk -v m="$ms" -v t="$TARGET_MS" 'BEGIN { print (m < t) ? "within" : "OVER" }')
echo "tui refresh: $n containers, $ms ms CPU per refresh ($verdict the $TARGET_MS ms target); a full list: $full ms"
