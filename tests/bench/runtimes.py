#!/usr/bin/env python3
"""runtimes.py: runj against crun, runc and the isolation floor.

One bundle and one config for every runtime (crun's default spec when crun
is installed, else runc's, else runj's; the output says which), the
runtimes alternating within each round so that a change in the machine's
load hits all of them alike.  Prints the median, minimum and maximum of
each, the ratio of medians, the load average before the run, and a warning
when a spread is too wide for the ratio to mean anything.  It asserts
nothing: speed is read, never tested.

usage: runtimes.py WORKDIR RUNS RUNJ RUNTIME...
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

work, runs, runj, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
cmd = {n: (runj if n == "runj" else n) for n in names}
WARMUP = 2
# A spread (max/min) past this says the machine was not quiet.
SPREAD_WARN = 2.0
# Each timed command starts from an idle kernel.  A cgroup.procs write
# waits for an RCU grace period unless another one happened moments
# before (the kernel's cgroup_threadgroup_rwsem), so back to back the
# runtime that goes second would ride on the first one's wait.
PAUSE = 0.1


def root(n):
    return os.path.join(work, "root-" + n)


def run(args, check=True):
    # stderr goes to a file, not a pipe: a detached container's process
    # inherits it and would hold a pipe open until it exits.
    with tempfile.TemporaryFile() as err:
        r = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=err,
                           stdin=subprocess.DEVNULL)
        if check and r.returncode != 0:
            err.seek(0)
            sys.exit("bench: %s failed: %s" % (" ".join(args), err.read().decode().strip()))
    return r


def timed(args):
    time.sleep(PAUSE)
    t = time.perf_counter()
    run(args)
    return time.perf_counter() - t


def rt(n, *args):
    return [cmd[n], "--root", root(n)] + list(args)


def report(title, times, baseline="runj"):
    print("%s (%d runs each, alternating):" % (title, len(next(iter(times.values())))))
    med = {n: statistics.median(v) * 1000 for n, v in times.items()}
    wide = []
    for n, v in times.items():
        lo, hi = min(v) * 1000, max(v) * 1000
        line = "  %-6s median %8.2f ms   min %8.2f   max %8.2f" % (n, med[n], lo, hi)
        if n != baseline and baseline in med:
            line += "   %s/%s = %.2fx" % (baseline, n, med[baseline] / med[n])
        print(line)
        if lo > 0 and hi / lo > SPREAD_WARN:
            wide.append(n)
    if wide:
        print("  warning: max/min above %.1f for %s: the machine was not quiet; "
              "do not trust these ratios" % (SPREAD_WARN, ", ".join(wide)))
    print()


def alternate(make_args, before=None, after=None, pool=names):
    """Times make_args(n, i) for each runtime in turn, RUNS+WARMUP rounds."""
    times = {n: [] for n in pool}
    for i in range(runs + WARMUP):
        for n in pool:
            if before:
                before(n, i)
            dt = timed(make_args(n, i))
            if after:
                after(n, i)
            if i >= WARMUP:
                times[n].append(dt)
    return times


bundle = os.path.join(work, "bundle")
sleeper = os.path.join(work, "bundle-sleep")

# run: create, start, wait and delete of /bin/true; and the floor.
floor_args = ["unshare", "-m", "-u", "-i", "-n", "-p", "-C", "-f",
              "--mount-proc=" + os.path.join(bundle, "rootfs", "proc"),
              "chroot", os.path.join(bundle, "rootfs"), "/bin/true"]
pool = list(names) + ["floor"]


def run_args(n, i):
    if n == "floor":
        return floor_args
    return rt(n, "run", "--bundle", bundle, "r%d" % i)


times = alternate(run_args, pool=pool)
print("each command is timed after a %.1f s pause, from an idle kernel\n" % PAUSE)
report("run /bin/true (the floor: unshare -m -u -i -n -p -C -f --mount-proc chroot)", times)
print("  runj/floor = %.2fx\n" % (statistics.median(times["runj"]) / statistics.median(times["floor"])))

# create, start and delete, each on its own (a sleeper, so start has a
# process to release and delete has one to stop).
phase = {p: {n: [] for n in names} for p in ("create", "start", "delete")}
for i in range(runs + WARMUP):
    for n in names:
        cid = "p%d" % i
        for p, args in (("create", rt(n, "create", "--bundle", sleeper, cid)),
                        ("start", rt(n, "start", cid)),
                        ("delete", rt(n, "delete", "--force", cid))):
            dt = timed(args)
            if i >= WARMUP:
                phase[p][n].append(dt)
for p in ("create", "start", "delete"):
    report(p + " (a sleep 1000 container)", phase[p])

# exec: /bin/true in a running container.
for n in names:
    run(rt(n, "run", "--detach", "--bundle", sleeper, "sleeper"))
report("exec /bin/true", alternate(lambda n, i: rt(n, "exec", "sleeper", "/bin/true")))
for n in names:
    run(rt(n, "delete", "--force", "sleeper"), check=False)

# 50 containers started in parallel (run -d), total wall time.
PARALLEL = 50


def parallel(n, i):
    with tempfile.TemporaryFile() as err:
        procs = [subprocess.Popen(rt(n, "run", "--detach", "--bundle", sleeper, "q%d-%d" % (i, k)),
                                  stdout=subprocess.DEVNULL, stderr=err,
                                  stdin=subprocess.DEVNULL)
                 for k in range(PARALLEL)]
        if [p for p in procs if p.wait() != 0]:
            err.seek(0)
            sys.exit("bench: %s run -d in parallel failed: %s" % (n, err.read().decode().strip()))


ptimes = {n: [] for n in names}
prounds = max(3, runs // 10)
for i in range(prounds):
    for n in names:
        t = time.perf_counter()
        parallel(n, i)
        ptimes[n].append(time.perf_counter() - t)
        for k in range(PARALLEL):
            run(rt(n, "delete", "--force", "q%d-%d" % (i, k)), check=False)
report("%d containers started in parallel (run -d), wall time" % PARALLEL, ptimes)

# list with 1,000 containers: one created container's state copied
# (its files; a fifo or socket stays behind).
LISTED = 1000


def regular_only(d, names_in):
    return [f for f in names_in
            if not (os.path.isdir(os.path.join(d, f)) or os.path.isfile(os.path.join(d, f)))]


for n in names:
    run(rt(n, "create", "--bundle", sleeper, "l0"))
    src = os.path.join(root(n), "l0")
    for k in range(1, LISTED):
        shutil.copytree(src, os.path.join(root(n), "l%d" % k), symlinks=True,
                        ignore=regular_only)
ltimes = alternate(lambda n, i: rt(n, "list"))
report("list with %d containers" % LISTED, ltimes)
for n in names:
    for k in range(1, LISTED):
        shutil.rmtree(os.path.join(root(n), "l%d" % k), ignore_errors=True)
    run(rt(n, "delete", "--force", "l0"), check=False)
