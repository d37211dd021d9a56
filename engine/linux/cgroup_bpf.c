/*
 * cgroup_bpf.c: loads a device program (cgroup_devices.c made it) and
 * attaches it to a cgroup v2 directory, where the kernel consults it on
 * every open and mknod of a device node by the cgroup's members.  The
 * attachment outlives our descriptors and goes with the directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_int.h"
#include "util.h"

static int
sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int
load(const struct bpf_insn *insns, size_t n, char *log, size_t log_size)
{
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = (uint32_t)n;
	/* no helper is called, so no license matters; the kernel wants
	 * a string */
	a.license = (uint64_t)(uintptr_t) "Dual BSD/GPL";
	if (log != NULL) {
		a.log_buf = (uint64_t)(uintptr_t)log;
		a.log_size = (uint32_t)log_size;
		a.log_level = 1;
	}
	return sys_bpf(BPF_PROG_LOAD, &a);
}

int
cg_bpf_attach_devices(const char *dir, const struct bpf_insn *insns, size_t n,
    struct rj_error **err)
{
	_cleanup_close_ int prog = load(insns, n, NULL, 0);
	if (prog < 0) {
		int e = errno;
		/* again with the verifier's log, to say why */
		char log[1024] = "";
		load(insns, n, log, sizeof(log));
		char *nl = strrchr(log, '\n');
		while (nl != NULL && nl[1] == '\0' && nl > log) {
			*nl = '\0';
			nl = strrchr(log, '\n');
		}
		errno = e;
		return rj_error_sys(err, "cgroup: load the device program%s%s",
		    log[0] != '\0' ? ": " : "", nl != NULL ? nl + 1 : log);
	}
	_cleanup_close_ int cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg < 0)
		return rj_error_sys(err, "cgroup: open %s", dir);
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)cg;
	a.attach_bpf_fd = (uint32_t)prog;
	a.attach_type = BPF_CGROUP_DEVICE;
	/* beside what an ancestor has (systemd attaches its own): the
	 * kernel allows an access only if every program does */
	a.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &a) < 0)
		return rj_error_sys(err,
		    "cgroup: attach the device program to %s", dir);
	return 0;
}
