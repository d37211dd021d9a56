#!/bin/sh
# run.sh: `make bench`.  The runtime against crun, runc and the isolation
# floor on one bundle and one config (tests/bench/runtimes.py), then the
# demo and TUI benches.  Prints medians, minima, maxima and ratios, and the
# load before the run; asserts nothing (speed is never a timed test).
# Measure on a quiet machine: a ratio from a loaded one is not a result.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${B:=build}"
: "${RUNS:=30}"
export B
RUNJ=$TOP/$B/runj

W=$(mktemp -d /tmp/runj-bench.XXXXXX)
MOUNTED=""
cleanup() {
	for r in runj crun runc; do
		for id in $(ls "$W/root-$r" 2>/dev/null); do
			"$(cmd_of $r)" --root "$W/root-$r" delete --force "$id" >/dev/null 2>&1 || true
		done
	done
	# Undo what we did to the host's cgroup layout: empty each hierarchy,
	# unmount it, and wait for the kernel to free it, which gives its
	# controllers back to cgroup2 (it frees a hierarchy only once its last
	# cgroup is gone, which can take a few seconds).
	for m in $MOUNTED; do
		find "$m" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null || true
		umount "$m" && rmdir "$m" || continue
		c=$(basename "$m")
		n=50
		while [ $n -gt 0 ] && awk -v c="${c%%,*}" '$1 == c && $2 != 0 {f=1} END {exit !f}' /proc/cgroups; do
			sleep 0.1
			n=$((n - 1))
		done
		[ $n -gt 0 ] || echo "bench: the kernel still holds the $c hierarchy; it goes back to cgroup2 once its last cgroup is freed"
	done
	rm -rf "$W"
}
cmd_of() { [ "$1" = runj ] && echo "$RUNJ" || echo "$1"; }
trap cleanup EXIT INT TERM

# One bundle and one config for every runtime: crun's default spec when
# crun is here (the issue's control), else runc's, else runj's; ociVersion
# 1.0.2 because crun 1.8 refuses versions it does not know.
mkdir -p "$W/bundle/rootfs/bin" "$W/bundle/rootfs/proc"
cp "$(command -v busybox || echo /bin/busybox)" "$W/bundle/rootfs/bin/"
for a in true sleep sh; do ln -s busybox "$W/bundle/rootfs/bin/$a"; done
for s in crun runc "$RUNJ"; do
	command -v "$s" >/dev/null 2>&1 || [ -x "$s" ] || continue
	( cd "$W/bundle" && "$s" spec ) && SPEC_FROM=$(basename "$s") && break
done
echo "bench: the config is $SPEC_FROM's default spec, running /bin/true (and sleep 1000)"
python3 - "$W/bundle/config.json" <<'PY'
import json, os, shutil, sys
p = sys.argv[1]
c = json.load(open(p))
c["ociVersion"] = "1.0.2"
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
json.dump(c, open(p, "w"), indent=1)
c["process"]["args"] = ["/bin/sleep", "1000"]
d = os.path.dirname(p)
shutil.copytree(d + "/rootfs", d + "-sleep/rootfs", symlinks=True)
json.dump(c, open(d + "-sleep/config.json", "w"), indent=1)
PY

runtimes="runj"
for r in crun runc; do
	command -v $r >/dev/null 2>&1 || { echo "bench: $r is not installed (make deps): left out"; continue; }
	runtimes="$runtimes $r"
done

# Debian's crun 1.8 refuses hybrid hosts while controllers sit on the
# cgroup2 tree.  hugetlb (and net_cls,net_prio) are moved to v1
# hierarchies for the run, if the cgroup2 tree does not use them, and put
# back at the end.
if echo "$runtimes" | grep -q crun && [ -d /sys/fs/cgroup/unified ]; then
	for c in hugetlb net_cls,net_prio; do
		d=/sys/fs/cgroup/$c
		mountpoint -q "$d" 2>/dev/null && continue
		if mkdir -p "$d" && mount -t cgroup -o "$c" cgroup "$d" 2>/dev/null; then
			MOUNTED="$d $MOUNTED"
		else
			rmdir "$d" 2>/dev/null || true
		fi
	done
	if ! crun --root "$W/probe" run --bundle "$W/bundle" probe >"$W/crun.err" 2>&1; then
		echo "bench: crun left out: it cannot run on this host: $(head -1 "$W/crun.err")"
		runtimes=$(echo "$runtimes" | sed 's/ crun//')
	fi
	crun --root "$W/probe" delete -f probe >/dev/null 2>&1 || true
fi

echo "bench: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "bench: runtimes: $runtimes; each line alternates them, $RUNS runs each after 2 warm-up rounds"
python3 "$TOP/tests/bench/runtimes.py" "$W" "$RUNS" "$RUNJ" $runtimes
echo
sh "$TOP/tests/bench/oci_image.sh" || echo "bench: oci_image failed"
echo
sh "$TOP/tests/bench/tui_refresh.sh" || echo "bench: tui_refresh failed"
sh "$TOP/tests/bench/tui_idle.sh" || echo "bench: tui_idle failed"
