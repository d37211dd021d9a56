/*
 * caps.c: capability sets with capget(2), capset(2) and prctl(2) directly;
 * the two 32-bit words of _LINUX_CAPABILITY_VERSION_3 hold the 64-bit
 * masks of struct rj_caps.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include "caps.h"
#include "msg.h"
#include "util.h"

int
caps_last_cap(void)
{
	static int last = -1;
	if (last >= 0)
		return last;
	char buf[16];
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			last = atoi(buf);
		}
	}
	if (last <= 0) {
		/* no /proc yet: ask the kernel cap by cap */
		last = 0;
		while (
		    last < 63 && prctl(PR_CAPBSET_READ, last + 1, 0, 0, 0) >= 0)
			last++;
	}
	return last;
}

/* The caps the running kernel has. */
static uint64_t
kernel_mask(void)
{
	int last = caps_last_cap();
	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

static const char *
cap_label(int cap, char *buf, size_t size)
{
	const char *name = spec_cap_name(cap);
	if (name != NULL)
		return name;
	snprintf(buf, size, "capability %d", cap);
	return buf;
}

int
caps_drop_bounding(const struct rj_caps *c, struct rj_error **err)
{
	/* No capabilities object means no capabilities, as with runc: the
	 * zeroed sets of an absent one drop them all. */
	int last = caps_last_cap();
	for (int cap = 0; cap <= last; cap++) {
		if (c->bounding & (1ULL << cap))
			continue;
		int in = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (in <= 0)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			char buf[32];
			return rj_error_sys(err,
			    "capabilities: drop %s from "
			    "the bounding set",
			    cap_label(cap, buf, sizeof(buf)));
		}
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return rj_error_sys(err, "capabilities: PR_SET_KEEPCAPS");
	return 0;
}

uint64_t
caps_ambient_unraisable(const struct rj_caps *c)
{
	return c->ambient & ~(c->permitted & c->inheritable) & kernel_mask();
}

void
caps_warn_ambient(const struct rj_caps *c, const char *what)
{
	uint64_t bad = caps_ambient_unraisable(c);
	if (bad == 0 || !msg_wanted(RJ_MSG_WARNING))
		return;
	char names[1024] = "";
	size_t len = 0;
	for (int cap = 0; cap < 64; cap++) {
		if (!(bad & (1ULL << cap)))
			continue;
		char buf[32];
		int n = snprintf(names + len, sizeof(names) - len, "%s%s",
		    len ? " " : "", cap_label(cap, buf, sizeof(buf)));
		if (n < 0 || (size_t)n >= sizeof(names) - len)
			break;
		len += (size_t)n;
	}
	msg_warn("%s.capabilities.ambient: %s not both permitted and "
		 "inheritable: not raised",
	    what, names);
}

int
caps_apply(const struct rj_caps *c, struct rj_error **err)
{
	uint64_t mask = kernel_mask();
	uint64_t eff = c->effective & mask, perm = c->permitted & mask,
		 inh = c->inheritable & mask;
	/* The kernel raises an ambient capability only if it is permitted
	 * and inheritable.  Configs from `runc spec` and `crun spec` list
	 * others; like runc and crun, raise what can be raised (runj warned
	 * of the rest before the process started: caps_warn_ambient). */
	uint64_t amb = c->ambient & perm & inh;
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2] = {
		{ (uint32_t)eff, (uint32_t)perm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(perm >> 32),
		    (uint32_t)(inh >> 32) },
	};
	if (syscall(SYS_capset, &hdr, data) < 0)
		return rj_error_sys(err, "capabilities: capset");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL)
		return rj_error_sys(err, "capabilities: clear the ambient set");
	for (int cap = 0; cap < 64; cap++) {
		if (!(amb & (1ULL << cap)))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) <
		    0) {
			char buf[32];
			return rj_error_sys(err,
			    "capabilities: raise ambient %s",
			    cap_label(cap, buf, sizeof(buf)));
		}
	}
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return rj_error_sys(err, "capabilities: PR_SET_KEEPCAPS");
	return 0;
}

json_t *
caps_features(void)
{
	json_t *a = json_array();
	for (int cap = 0; cap <= spec_cap_last(); cap++) {
		const char *name = spec_cap_name(cap);
		if (name != NULL)
			json_array_append_new(a, json_string(name));
	}
	return a;
}
