#!/bin/sh
# run.sh: `make bench`.  The runtime against crun and runc on one bundle,
# alternately in one run, then the demo and TUI benches.  Prints medians
# and ratios; asserts nothing (speed is never a timed test).
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

# The bundle: the default spec of each runtime agrees here; ociVersion
# 1.0.2 because crun 1.8 refuses versions it does not know.
mkdir -p "$W/bundle/rootfs/bin"
cp /bin/busybox "$W/bundle/rootfs/bin/"
for a in true sleep sh; do ln -s busybox "$W/bundle/rootfs/bin/$a"; done
( cd "$W/bundle" && "$RUNJ" spec )
python3 - "$W/bundle/config.json" <<'PY'
import json, os, sys
p = sys.argv[1]
c = json.load(open(p))
c["ociVersion"] = "1.0.2"
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
json.dump(c, open(p, "w"), indent=1)
c["process"]["args"] = ["/bin/sleep", "1000"]
import shutil
shutil.copytree(os.path.dirname(p) + "/rootfs", os.path.dirname(p) + "-sleep/rootfs", symlinks=True)
json.dump(c, open(os.path.dirname(p) + "-sleep/config.json", "w"), indent=1)
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

python3 - "$W" "$RUNS" "$RUNJ" $runtimes <<'PY'
import os, statistics, subprocess, sys, time
w, runs, runj, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
cmd = {n: (runj if n == "runj" else n) for n in names}
bundle = os.path.join(w, "bundle")
def timed(args):
    t = time.perf_counter()
    r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit("bench: %s failed: %s" % (" ".join(args), r.stderr.decode().strip()))
    return dt

def report(title, times):
    med = {n: statistics.median(v) * 1000 for n, v in times.items()}
    print("%s (median of %d, alternating):" % (title, runs))
    for n in names:
        line = "  %-5s %8.2f ms" % (n, med[n])
        if n != "runj":
            line += "   runj/%s = %.2fx" % (n, med["runj"] / med[n])
        print(line)

# run: create, start, wait, delete of /bin/true.
times = {n: [] for n in names}
for i in range(runs + 2):
    for n in names:
        dt = timed([cmd[n], "--root", os.path.join(w, "root-" + n), "run",
                    "--bundle", bundle, "b%d-%s" % (i, n)])
        if i >= 2:  # the first rounds warm the caches
            times[n].append(dt)
report("run /bin/true", times)

# exec: /bin/true in a running container.
for n in names:
    subprocess.run([cmd[n], "--root", os.path.join(w, "root-" + n), "run",
                    "--detach", "--bundle", os.path.join(w, "bundle-sleep"),
                    "sleeper-" + n], check=False, stdout=subprocess.DEVNULL)
times = {n: [] for n in names}
for i in range(runs + 2):
    for n in names:
        dt = timed([cmd[n], "--root", os.path.join(w, "root-" + n), "exec",
                    "sleeper-" + n, "/bin/true"])
        if i >= 2:
            times[n].append(dt)
report("exec /bin/true", times)
PY
echo
sh "$TOP/tests/bench/oci_image.sh" || echo "bench: oci_image failed"
echo
sh "$TOP/tests/bench/tui_refresh.sh" || echo "bench: tui_refresh failed"
sh "$TOP/tests/bench/tui_idle.sh" || echo "bench: tui_idle failed"
