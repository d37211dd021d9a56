#!/bin/sh
# tui_idle.sh: the CPU runj-tui uses in an idle minute, on a terminal
# (tmux), watching 1,000 containers: the cost of polling the root every
# half second, reading the stats of the rows on screen every two seconds
# and redrawing the clock column, with nothing changing.  Measured from
# /proc/PID/stat (utime + stime) over IDLE_SECONDS (default 60).
# Target: under 2 % of one CPU (1.2 s a minute).  Like tui_refresh.sh,
# one real running container and 999 copies of its state.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${B:=build}"
RUNJ=$TOP/$B/runj
TUI=$TOP/$B/runj-tui
N=${TUI_BENCH_CONTAINERS:-1000}
SECS=${IDLE_SECONDS:-60}
TARGET_MS=$((SECS * 20))

[ -x "$TUI" ] && [ -x "$RUNJ" ] || { echo "tui_idle: build first (make programs)" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then
	echo "tui_idle: skipped: needs root to create a container"
	exit 0
fi
command -v tmux >/dev/null || { echo "tui_idle: skipped: no tmux"; exit 0; }
[ -r /proc/self/stat ] || { echo "tui_idle: skipped: no /proc"; exit 0; }

tmp=$(mktemp -d /tmp/runj-tui-idle.XXXXXX)
root=$tmp/root
id=idle0-$$
cleanup() {
	tmux -S "$tmp/tmux" kill-server 2>/dev/null || true
	timeout -k 5 20 "$RUNJ" --root "$root" delete --force "$id" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

bb=$(command -v busybox || echo /bin/busybox)
mkdir -p "$tmp/bundle/rootfs/bin"
cp "$bb" "$tmp/bundle/rootfs/bin/busybox"
ln -s busybox "$tmp/bundle/rootfs/bin/sh"
ln -s busybox "$tmp/bundle/rootfs/bin/sleep"
(cd "$tmp/bundle" && "$RUNJ" spec)
sed -i 's/"terminal": *true/"terminal": false/; s/"sh"$/"sleep", "3600"/' \
	"$tmp/bundle/config.json"
"$RUNJ" --root "$root" create --bundle "$tmp/bundle" "$id" </dev/null >/dev/null 2>&1
"$RUNJ" --root "$root" start "$id"
i=1
while [ "$i" -lt "$N" ]; do
	cp -a "$root/$id" "$root/bench$i"
	i=$((i + 1))
done

tmux -S "$tmp/tmux" new-session -d -s t -x 200 -y 50 \
	"env HOME=$tmp TERM=xterm-256color '$TUI' --root '$root'"
# env execs runj-tui, which re-executes itself sealed: the pane's pid is
# runj-tui's.
pid=$(tmux -S "$tmp/tmux" display -p -t t '#{pane_pid}')
for _ in $(seq 100); do
	tmux -S "$tmp/tmux" capture-pane -p -t t | grep -q "$N containers" && break
	sleep 0.1
done
# The first full list and the first stats are not idle: let them pass.
sleep 3
ticks() {
	# utime and stime, fields 14 and 15 (after the command in parens).
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
hz=$(getconf CLK_TCK)
t0=$(ticks "$pid")
sleep "$SECS"
t1=$(ticks "$pid")
ms=$(( (t1 - t0) * 1000 / hz ))
verdict=$(awk -v m="$ms" -v t="$TARGET_MS" 'BEGIN { print (m < t) ? "within" : "OVER" }')
echo "tui idle: $N containers, $ms ms CPU in $SECS s idle ($verdict the $TARGET_MS ms target, 2% of a CPU)"
