#!/bin/bash
# compat_seccomp.sh: linux.seccomp as runc has it (issue 10.15): a syscall
# newer than the profile knows returns ENOSYS; startContainer hooks run
# under the filter; SCMP_ACT_NOTIFY with listenerPath hands the listener to
# an agent.  runc is the control.
. "$(dirname "$0")/../lib/harness.sh"
. "$(dirname "$0")/../lib/engine.sh"
. "$(dirname "$0")/../lib/runc.sh"

# build_helper NAME: compiles $T_TMP/NAME.c into the bundle's rootfs as
# /NAME, statically (the rootfs has no libc).
build_helper() {
	command -v cc >/dev/null || skip "no C compiler"
	cc -O -static -pthread -o "$BUNDLE/rootfs/$1" "$T_TMP/$1.c" 2>"$T_TMP/cc.err" ||
		skip "cannot link a static C program: $(head -n1 "$T_TMP/cc.err")"
}

# A profile that allows every x86_64 syscall numbered below pidfd_open
# (434) but getppid, as a profile written before clone3 (435) existed.
OLD_PROFILE='
import re
names = []
for line in open("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"):
    m = re.match(r"#define __NR_(\w+) (\d+)$", line.strip())
    if m and int(m.group(2)) < 434 and m.group(1) != "getppid":
        names.append(m.group(1))
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ERRNO",
    "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    "syscalls": [{"names": names, "action": "SCMP_ACT_ALLOW"}]}'

test_unknown_syscall_is_enosys() {
	[ "$(uname -m)" = x86_64 ] || skip "the profile is x86_64's"
	[ -r /usr/include/x86_64-linux-gnu/asm/unistd_64.h ] ||
		skip "no asm/unistd_64.h to write the profile from"
	make_bundle "$T_TMP/b" /probe
	cat >"$T_TMP/probe.c" <<'EOF'
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *
run(void *arg)
{
	return arg;
}

int
main(void)
{
	pthread_t t;
	/* glibc tries clone3 first and falls back to clone on ENOSYS only */
	int rc = pthread_create(&t, NULL, run, NULL);
	printf("pthread_create: %s\n", rc == 0 ? "ok" : strerror(rc));
	if (rc == 0)
		pthread_join(t, NULL);
	errno = 0;
	syscall(435, NULL, 0);
	printf("clone3: %s\n", strerror(errno));
	errno = 0;
	syscall(1000);
	printf("syscall 1000: %s\n", strerror(errno));
	errno = 0;
	syscall(SYS_getppid);
	printf("getppid: %s\n", strerror(errno));
	return 0;
}
EOF
	build_helper probe
	set_config "$OLD_PROFILE"
	out=$(run_ctr 2>&1)
	echo "$out"
	expect_eq "$out" "pthread_create: ok
clone3: Function not implemented
syscall 1000: Function not implemented
getppid: Operation not permitted" "what the profile answers"
	need_runc
	rout=$(runc_ctr 2>&1) || true
	expect_eq "$rout" "$out" "runj and runc"
}

run_tests
