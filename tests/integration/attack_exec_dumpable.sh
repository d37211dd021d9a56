#!/bin/bash
# attack_exec_dumpable.sh: issue 9.4.  A process already in the container
# watches for the next `runj exec` (pids in a pid namespace come in order)
# and reaches into it through /proc/PID/fd while it still holds the host's
# descriptors: the caller's directory on fd 9, runj's channel socket.  An
# exec must be non-dumpable until execve and must have closed what is the
# host's before it joins the container.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"

# The watcher: for SECS seconds, for the pids about to be used, tries the
# host directory behind fd 9 and any socket among fds 3-15.  Prints what
# it reached and exits; silent if nothing.
ATTACKER_C='
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int
last_pid(void)
{
	char b[32];
	int fd = open("/proc/sys/kernel/ns_last_pid", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, b, sizeof(b) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	b[n] = 0;
	return atoi(b);
}

int
main(int argc, char **argv)
{
	int me = getpid();
	time_t end = time(NULL) + (argc > 1 ? atoi(argv[1]) : 60);
	char path[64], link[256];
	printf("watching\n");
	fflush(stdout);
	while (time(NULL) < end) {
		int last = last_pid();
		for (int p = last - 1; p <= last + 2; p++) {
			if (p <= 1 || p == me)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/fd/9/HOST_MARKER", p);
			int fd = open(path, O_RDONLY);
			if (fd >= 0) {
				printf("ESCAPE: opened %s\n", path);
				return 0;
			}
			for (int f = 3; f < 16; f++) {
				snprintf(path, sizeof(path), "/proc/%d/fd/%d", p, f);
				ssize_t n = readlink(path, link, sizeof(link) - 1);
				if (n > 0) {
					link[n] = 0;
					printf("LEAK: %s -> %s\n", path, link);
					return 0;
				}
			}
		}
	}
	return 0;
}
'

attacker_build() {
	command -v gcc >/dev/null || skip "gcc is needed to build the watcher"
	printf '%s' "$ATTACKER_C" >"$T_TMP/attacker.c"
	gcc -static -O2 -o "$1" "$T_TMP/attacker.c" 2>"$T_TMP/cc.err" ||
		skip "cannot build a static program here: $(head -1 "$T_TMP/cc.err")"
}

test_exec_window_is_closed_to_the_container() {
	mkdir -p "$T_TMP/host"
	echo secret >"$T_TMP/host/HOST_MARKER"
	id=$(new_id)
	make_bundle "$T_TMP/$id" /bin/attacker 40
	attacker_build "$T_TMP/$id/rootfs/bin/attacker"
	# A large environment makes execve copy for a while: the window the
	# watcher needs, as a busy host would give it.
	"$PY" - "$T_TMP/p.json" <<'EOP'
import json, sys
env = ["PATH=/bin"] + ["V%d=%s" % (i, "x" * 64) for i in range(12000)]
json.dump({"args": ["true"], "cwd": "/", "env": env}, open(sys.argv[1], "w"))
EOP
	rj create --bundle "$T_TMP/$id" "$id" >"$T_TMP/att.out" 2>&1
	rj start "$id"
	wait_file "$T_TMP/att.out"
	for i in $(seq 150); do
		rc=0
		rj exec --process "$T_TMP/p.json" "$id" 9<"$T_TMP/host" \
		    >/dev/null 2>"$T_TMP/exec.err" || rc=$?
		! grep -q 'ESCAPE\|LEAK' "$T_TMP/att.out" ||
			fail "at exec $i the container reached into it: $(grep 'ESCAPE\|LEAK' "$T_TMP/att.out")"
		[ "$rc" -eq 0 ] || fail "exec $i failed ($rc): $(cat "$T_TMP/exec.err")"
	done
	expect_eq "$(status_of "$id")" running "the watcher (it must outlast the execs)"
	rj delete --force "$id"
	expect_gone "$id"
}

run_tests
