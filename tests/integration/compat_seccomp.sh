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

# startContainer hooks run in the container under its filter, as with runc:
# a hook's mkdir that the profile denies fails.
test_start_container_hook_runs_under_the_filter() {
	make_bundle "$T_TMP/b" cat /hook.out
	set_config '
c["root"]["readonly"] = False
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW",
    "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}
c["hooks"] = {"startContainer": [{"path": "/bin/sh", "args": ["sh", "-c",
    "mkdir /hook-dir 2>/dev/null && echo HOOK-MKDIR-OK >/hook.out || echo HOOK-MKDIR-DENIED >/hook.out"]}]}'
	out=$(run_ctr 2>&1)
	expect_eq "$out" HOOK-MKDIR-DENIED "the hook's mkdir"
	need_runc
	rm -f "$BUNDLE/rootfs/hook.out"
	rout=$(runc_ctr 2>&1) || true
	expect_eq "$rout" "$out" "runj and runc"
}

# build_agent: the seccomp agent of this test, on the host.
build_agent() {
	command -v cc >/dev/null || skip "no C compiler"
	cat >"$T_TMP/agent.c" <<'AGENT'
/* A seccomp agent: listens on argv[1]; writes the state each connection
 * brings to argv[2], a line each, and answers every notification of the
 * listeners with errno argv[3]. */
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int
recv_fd(int c, char *buf, size_t size)
{
	union {
		char b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { buf, size - 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.b, .msg_controllen = sizeof(u.b) };
	ssize_t n = recvmsg(c, &m, 0);
	struct cmsghdr *h = n > 0 ? CMSG_FIRSTHDR(&m) : NULL;
	int fd = -1;
	if (h == NULL || h->cmsg_type != SCM_RIGHTS)
		return -1;
	buf[n] = '\0';
	memcpy(&fd, CMSG_DATA(h), sizeof(fd));
	return fd;
}

int
main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd p[17];
	int n = 1, s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (argc != 4)
		return 2;
	strncpy(sa.sun_path, argv[1], sizeof(sa.sun_path) - 1);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(s, 4) < 0)
		return 1;
	p[0] = (struct pollfd){ .fd = s, .events = POLLIN };
	while (poll(p, (nfds_t)n, 60000) > 0) {
		if (p[0].revents & POLLIN) {
			char buf[65536];
			int c = accept(s, NULL, NULL);
			int fd = c < 0 ? -1 : recv_fd(c, buf, sizeof(buf));
			FILE *f = fopen(argv[2], "a");
			if (f != NULL) {
				fprintf(f, "%s\n", fd >= 0 ? buf : "NO-FD");
				fclose(f);
			}
			if (c >= 0)
				close(c);
			if (fd >= 0 && n < 17)
				p[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
		}
		for (int i = 1; i < n; i++) {
			struct seccomp_notif req;
			struct seccomp_notif_resp resp;
			if (p[i].revents & (POLLHUP | POLLERR)) {
				close(p[i].fd);
				p[i--] = p[--n];
				continue;
			}
			if (!(p[i].revents & POLLIN))
				continue;
			memset(&req, 0, sizeof(req));
			if (ioctl(p[i].fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
				continue;
			memset(&resp, 0, sizeof(resp));
			resp.id = req.id;
			resp.error = -atoi(argv[3]);
			ioctl(p[i].fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
		}
	}
	return 0;
}
AGENT
	cc -O -o "$T_TMP/agent" "$T_TMP/agent.c" 2>"$T_TMP/cc.err" ||
		skip "cannot build the agent: $(head -n1 "$T_TMP/cc.err")"
}

# start_agent SOCKET LOG: the agent answers ENOTBLK (15), an errno no
# mkdir gives by itself.
start_agent() {
	"$T_TMP/agent" "$1" "$2" 15 &
	echo $! >>"$T_TMP/agents"
	for _i in $(seq 100); do
		[ -S "$1" ] && return 0
		sleep 0.05
	done
	fail "the agent's socket $1 did not appear"
}

NOTIFY_PROFILE='
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW",
    "listenerPath": LISTENER, "listenerMetadata": "hello-agent",
    "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}'

# SCMP_ACT_NOTIFY: the listener and the state go to listenerPath, for the
# init and for each exec; the agent's answer is what the syscall returns.
test_notify_listener_goes_to_the_agent() {
	build_agent
	make_bundle "$T_TMP/b" sh -c 'mkdir /x 2>&1; sleep 1000'
	set_config "LISTENER = '$T_TMP/agent.sock'$NOTIFY_PROFILE"
	start_agent "$T_TMP/agent.sock" "$T_TMP/agent.log"
	id=$(new_id)
	rj create --bundle "$BUNDLE" "$id" >"$T_TMP/out" 2>&1
	pid=$(pid_of "$id")
	rj start "$id"
	wait_status "$id" running
	for _i in $(seq 100); do [ -s "$T_TMP/out" ] && break; sleep 0.05; done
	expect_eq "$(cat "$T_TMP/out")" \
	    "mkdir: can't create directory '/x': Block device required" \
	    "the init's mkdir, answered by the agent"
	line=$(head -n1 "$T_TMP/agent.log")
	echo "agent got: $line"
	expect_eq "$(json_get "$line" 'j["fds"]')" '["seccompFd"]' "fds"
	expect_eq "$(json_get "$line" 'j["pid"]')" "$pid" "pid"
	expect_eq "$(json_get "$line" 'j["metadata"]')" hello-agent "metadata"
	expect_eq "$(json_get "$line" 'j["state"]["id"]')" "$id" "state.id"
	expect_eq "$(json_get "$line" 'j["state"]["status"]')" creating "state.status"
	expect_eq "$(json_get "$line" 'j["state"]["pid"]')" "$pid" "state.pid"
	expect_eq "$(json_get "$line" 'j["state"]["bundle"]')" "$BUNDLE" "state.bundle"
	# an exec has a filter and a listener of its own
	expect_eq "$(rj exec "$id" sh -c 'mkdir /y 2>&1')" \
	    "mkdir: can't create directory '/y': Block device required" \
	    "the exec's mkdir"
	line=$(sed -n 2p "$T_TMP/agent.log")
	expect_eq "$(json_get "$line" 'j["state"]["status"]')" running "exec: state.status"
	expect_eq "$(json_get "$line" 'j["state"]["pid"]')" "$pid" "exec: state.pid"
	[ "$(json_get "$line" 'j["pid"]')" != "$pid" ] || fail "exec: pid is the init's"
	rj delete --force "$id"
	expect_gone "$id"
	# runc hands the same to its agent
	need_runc
	set_args sh -c 'mkdir /x 2>&1'
	set_config "LISTENER = '$T_TMP/runc.sock'$NOTIFY_PROFILE"
	start_agent "$T_TMP/runc.sock" "$T_TMP/runc.log"
	rout=$(runc_ctr 2>&1) || true
	expect_eq "$rout" "mkdir: can't create directory '/x': Block device required" "runc"
	rline=$(head -n1 "$T_TMP/runc.log")
	echo "runc's agent got: $rline"
	expect_eq "$(json_get "$rline" 'sorted(j)')" "$(json_get "$line" 'sorted(j)')" \
	    "the keys runj and runc send"
	expect_eq "$(json_get "$rline" 'j["state"]["status"]')" creating "runc: state.status"
}

# No agent at listenerPath: create fails, naming it, and leaves nothing.
test_notify_without_an_agent_fails_create() {
	make_bundle "$T_TMP/b" true
	set_config "LISTENER = '$T_TMP/nobody.sock'$NOTIFY_PROFILE"
	id=$(new_id)
	expect_fail_with "listenerPath $T_TMP/nobody.sock: connect to the seccomp agent" \
	    rj create --bundle "$BUNDLE" "$id"
	expect_gone "$id"
}

# The agents are ours to stop, then engine.sh's teardown.
eval "engine_$(declare -f teardown)"
teardown() {
	for _p in $(cat "$T_TMP/agents" 2>/dev/null); do
		kill "$_p" 2>/dev/null
	done
	engine_teardown
}

run_tests
