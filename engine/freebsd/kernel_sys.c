/*
 * kernel_sys.c: kernel.h bound to FreeBSD's system calls.  The only file of
 * the jail driver that needs FreeBSD's headers: it maps the driver's types
 * to the kernel's and does nothing else.
 */
#include <sys/param.h>
#include <sys/ioctl.h>
#include <sys/jail.h>
#include <sys/mount.h>
#include <sys/procctl.h>
#include <sys/rctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>
#include <sys/uio.h>
#include <sys/user.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <fs/devfs/devfs.h>
#include <jail.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet6/in6_var.h>
#include <netinet6/nd6.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "freebsd/kernel.h"
#include "util.h"

/* ---- jails ---- */

static void
errmsg_from_libjail(char *errmsg)
{
	if (errmsg != NULL)
		snprintf(errmsg, KERN_ERRMSG_LEN, "%s", jail_errmsg);
}

static int
jail_flags(int flags)
{
	return ((flags & KJ_CREATE) ? JAIL_CREATE : 0) |
	    ((flags & KJ_UPDATE) ? JAIL_UPDATE : 0) |
	    ((flags & KJ_DYING) ? JAIL_DYING : 0);
}

int
kern_jail_set(const struct kern_param *params, size_t n, int flags,
    char *errmsg)
{
	struct jailparam *jp = xcalloc(n ? n : 1, sizeof(*jp));
	unsigned done = 0;
	int jid = -1, saved = 0;
	for (; done < n; done++) {
		if (jailparam_init(&jp[done], params[done].name) < 0)
			goto out;
		if (jailparam_import(&jp[done], params[done].value) < 0) {
			done++;
			goto out;
		}
	}
	jid = jailparam_set(jp, done, jail_flags(flags));
out:
	saved = errno;
	if (jid < 0)
		errmsg_from_libjail(errmsg);
	jailparam_free(jp, done);
	free(jp);
	errno = saved;
	return jid;
}

int
kern_jail_get(const char *key, const char *keyval, const char *const *names,
    char **values, size_t n, int flags, char *errmsg)
{
	struct jailparam *jp = xcalloc(n + 1, sizeof(*jp));
	unsigned done = 0;
	int jid = -1, saved = 0;
	if (jailparam_init(&jp[0], key) < 0)
		goto out;
	done = 1;
	if (jailparam_import(&jp[0], keyval) < 0)
		goto out;
	for (size_t i = 0; i < n; i++, done++)
		if (jailparam_init(&jp[done], names[i]) < 0)
			goto out;
	jid = jailparam_get(jp, done, jail_flags(flags));
	for (size_t i = 0; jid >= 0 && i < n; i++) {
		values[i] = jailparam_export(&jp[i + 1]);
		if (values[i] == NULL) {
			for (size_t j = 0; j < i; j++)
				free(steal_ptr(values[j]));
			jid = -1;
		}
	}
out:
	saved = errno;
	if (jid < 0)
		errmsg_from_libjail(errmsg);
	jailparam_free(jp, done);
	free(jp);
	errno = saved;
	return jid;
}

int
kern_jail_attach(int jid)
{
	return jail_attach(jid);
}

int
kern_jail_remove(int jid)
{
	return jail_remove(jid);
}

/* ---- mounts ---- */

static const struct {
	unsigned km;
	uint64_t mnt;
} mount_flags[] = {
	{ KM_RDONLY, MNT_RDONLY },
	{ KM_NOSUID, MNT_NOSUID },
	{ KM_NOEXEC, MNT_NOEXEC },
	{ KM_NOATIME, MNT_NOATIME },
	{ KM_SYNC, MNT_SYNCHRONOUS },
};

int
kern_nmount(const struct kern_param *opts, size_t n, unsigned flags,
    char *errmsg, size_t errlen)
{
	struct iovec *iov = xcalloc(2 * n + 2, sizeof(*iov));
	unsigned k = 0;
	for (size_t i = 0; i < n; i++) {
		iov[k].iov_base = (void *)(uintptr_t)opts[i].name;
		iov[k++].iov_len = strlen(opts[i].name) + 1;
		iov[k].iov_base = (void *)(uintptr_t)opts[i].value;
		iov[k++].iov_len = opts[i].value ? strlen(opts[i].value) + 1
						 : 0;
	}
	if (errmsg != NULL && errlen > 0) {
		errmsg[0] = '\0';
		iov[k].iov_base = (void *)(uintptr_t) "errmsg";
		iov[k++].iov_len = sizeof("errmsg");
		iov[k].iov_base = errmsg;
		iov[k++].iov_len = errlen;
	}
	uint64_t mnt = 0;
	for (size_t i = 0; i < ARRAY_SIZE(mount_flags); i++)
		if (flags & mount_flags[i].km)
			mnt |= mount_flags[i].mnt;
	int rc = nmount(iov, k, (int)mnt);
	int saved = errno;
	free(iov);
	errno = saved;
	return rc;
}

int
kern_unmount_path(const char *path, int flags)
{
	return unmount(path, (flags & KU_FORCE) ? MNT_FORCE : 0);
}

int
kern_unmount_fsid(struct kern_fsid fsid, int flags)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "FSID:%d:%d", (int)fsid.val[0],
	    (int)fsid.val[1]);
	return unmount(buf, MNT_BYFSID | ((flags & KU_FORCE) ? MNT_FORCE : 0));
}

int
kern_fstatfs(int fd, struct kern_statfs *st)
{
	struct statfs sf;
	if (fstatfs(fd, &sf) < 0)
		return -1;
	memset(st, 0, sizeof(*st));
	st->fsid.val[0] = sf.f_fsid.val[0];
	st->fsid.val[1] = sf.f_fsid.val[1];
	snprintf(st->fstypename, sizeof(st->fstypename), "%s", sf.f_fstypename);
	snprintf(st->mntonname, sizeof(st->mntonname), "%s", sf.f_mntonname);
	return 0;
}

/* ---- devfs rules ---- */

static void
devfs_rule_fill(const struct kern_devfs_rule *r, struct devfs_rule *dr)
{
	memset(dr, 0, sizeof(*dr));
	dr->dr_magic = DEVFS_MAGIC;
	dr->dr_id = mkrid(r->ruleset, r->rule);
	if (r->include) {
		dr->dr_iacts = DRA_INCSET;
		dr->dr_incset = (devfs_rsnum)r->incset;
		return;
	}
	if (r->path != NULL) {
		dr->dr_icond = DRC_PATHPTRN;
		snprintf(dr->dr_pathptrn, sizeof(dr->dr_pathptrn), "%s",
		    r->path);
	}
	if (r->action != KD_NONE) {
		dr->dr_iacts |= DRA_BACTS;
		dr->dr_bacts = r->action == KD_HIDE ? DRB_HIDE : DRB_UNHIDE;
	}
	if (r->has_mode) {
		dr->dr_iacts |= DRA_MODE;
		dr->dr_mode = r->mode;
	}
}

/* The rule ioctls act on rulesets through any devfs mount; the host's
 * /dev is one. */
static int
devfs_ioctl(unsigned long cmd, void *arg)
{
	int fd = open("/dev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = ioctl(fd, cmd, arg);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
kern_devfs_rule_add(const struct kern_devfs_rule *r)
{
	struct devfs_rule dr;
	devfs_rule_fill(r, &dr);
	return devfs_ioctl(DEVFSIO_RADD, &dr);
}

int
kern_devfs_rule_del(unsigned ruleset, unsigned rule)
{
	devfs_rid rid = mkrid(ruleset, rule);
	return devfs_ioctl(DEVFSIO_RDEL, &rid);
}

int
kern_devfs_ruleset_next(unsigned after, unsigned *next)
{
	devfs_rsnum rs = (devfs_rsnum)after;
	if (devfs_ioctl(DEVFSIO_SGETNEXT, &rs) < 0)
		return -1;
	*next = rs;
	return 0;
}

int
kern_devfs_rule_next(unsigned ruleset, unsigned after,
    struct kern_devfs_rule *r, char *path, size_t pathlen)
{
	struct devfs_rule dr;
	memset(&dr, 0, sizeof(dr));
	dr.dr_magic = DEVFS_MAGIC;
	dr.dr_id = mkrid(ruleset, after);
	if (devfs_ioctl(DEVFSIO_RGETNEXT, &dr) < 0)
		return -1;
	memset(r, 0, sizeof(*r));
	r->ruleset = ruleset;
	r->rule = rid2rn(dr.dr_id);
	if (dr.dr_iacts & DRA_INCSET) {
		r->include = true;
		r->incset = dr.dr_incset;
	}
	if (dr.dr_icond & DRC_PATHPTRN) {
		snprintf(path, pathlen, "%s", dr.dr_pathptrn);
		r->path = path;
	}
	if (dr.dr_iacts & DRA_BACTS)
		r->action = (dr.dr_bacts & DRB_HIDE) ? KD_HIDE : KD_UNHIDE;
	if (dr.dr_iacts & DRA_MODE) {
		r->has_mode = true;
		r->mode = dr.dr_mode;
	}
	if ((dr.dr_icond & ~DRC_PATHPTRN) != 0 ||
	    (dr.dr_iacts & (DRA_UID | DRA_GID)) != 0) {
		errno = EOPNOTSUPP;
		return -1;
	}
	return 0;
}

int
kern_devfs_rule_apply(int mntfd, const struct kern_devfs_rule *r)
{
	struct devfs_rule dr;
	devfs_rule_fill(r, &dr);
	return ioctl(mntfd, DEVFSIO_RAPPLY, &dr);
}

/* ---- resource limits ---- */

int
kern_rctl_add_rule(const char *rule)
{
	return rctl_add_rule(rule, strlen(rule) + 1, NULL, 0);
}

int
kern_rctl_remove_rule(const char *filter)
{
	return rctl_remove_rule(filter, strlen(filter) + 1, NULL, 0);
}

int
kern_rctl_get_racct(const char *filter, char *out, size_t outlen)
{
	return rctl_get_racct(filter, strlen(filter) + 1, out, outlen);
}

int
kern_sysctl_int(const char *name, int *value)
{
	size_t len = sizeof(*value);
	return sysctlbyname(name, value, &len, NULL, 0);
}

/* ---- network ---- */

static int
if_move(unsigned long cmd, const char *ifname, int jid)
{
	int s = socket(AF_LOCAL, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_jid = jid;
	int rc = ioctl(s, cmd, &ifr);
	int saved = errno;
	close(s);
	errno = saved;
	return rc;
}

int
kern_if_vnet(const char *ifname, int jid)
{
	return if_move(SIOCSIFVNET, ifname, jid);
}

int
kern_if_rvnet(const char *ifname, int jid)
{
	return if_move(SIOCSIFRVNET, ifname, jid);
}

static int
alias4(int s, const char *ifname, const char *addr, bool add)
{
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (!add) {
		struct ifreq ifr;
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
		memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
		return ioctl(s, SIOCDIFADDR, &ifr);
	}
	struct in_aliasreq ifra;
	memset(&ifra, 0, sizeof(ifra));
	snprintf(ifra.ifra_name, sizeof(ifra.ifra_name), "%s", ifname);
	ifra.ifra_addr = sin;
	ifra.ifra_mask.sin_len = sizeof(ifra.ifra_mask);
	ifra.ifra_mask.sin_family = AF_INET;
	ifra.ifra_mask.sin_addr.s_addr = 0xffffffff; /* a host alias */
	return ioctl(s, SIOCAIFADDR, &ifra);
}

static int
alias6(int s, const char *ifname, const char *addr, bool add)
{
	struct sockaddr_in6 sin6;
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_len = sizeof(sin6);
	sin6.sin6_family = AF_INET6;
	if (inet_pton(AF_INET6, addr, &sin6.sin6_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (!add) {
		struct in6_ifreq ifr;
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
		ifr.ifr_addr = sin6;
		return ioctl(s, SIOCDIFADDR_IN6, &ifr);
	}
	struct in6_aliasreq ifra;
	memset(&ifra, 0, sizeof(ifra));
	snprintf(ifra.ifra_name, sizeof(ifra.ifra_name), "%s", ifname);
	ifra.ifra_addr = sin6;
	ifra.ifra_prefixmask.sin6_len = sizeof(ifra.ifra_prefixmask);
	ifra.ifra_prefixmask.sin6_family = AF_INET6;
	memset(&ifra.ifra_prefixmask.sin6_addr, 0xff,
	    sizeof(ifra.ifra_prefixmask.sin6_addr));
	ifra.ifra_lifetime.ia6t_vltime = ND6_INFINITE_LIFETIME;
	ifra.ifra_lifetime.ia6t_pltime = ND6_INFINITE_LIFETIME;
	return ioctl(s, SIOCAIFADDR_IN6, &ifra);
}

int
kern_if_addr(const char *ifname, int family, const char *addr, bool add)
{
	int s = socket(family == 6 ? AF_INET6 : AF_INET,
	    SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	int rc = family == 6 ? alias6(s, ifname, addr, add)
			     : alias4(s, ifname, addr, add);
	int saved = errno;
	close(s);
	errno = saved;
	return rc;
}

/* ---- processes ---- */

int
kern_procctl_reap_acquire(void)
{
	return procctl(P_PID, getpid(), PROC_REAP_ACQUIRE, NULL);
}

int
kern_procctl_no_new_privs(void)
{
	int arg = PROC_NO_NEW_PRIVS_ENABLE;
	return procctl(P_PID, getpid(), PROC_NO_NEW_PRIVS_CTL, &arg);
}

static void
proc_from_kinfo(const struct kinfo_proc *ki, struct kern_proc *kp)
{
	kp->pid = ki->ki_pid;
	kp->ppid = ki->ki_ppid;
	kp->jid = ki->ki_jid;
	kp->state = ki->ki_stat == SRUN ? KP_RUN
	    : ki->ki_stat == SSLEEP	? KP_SLEEP
	    : ki->ki_stat == SSTOP	? KP_STOP
	    : ki->ki_stat == SZOMB	? KP_ZOMB
					: KP_OTHER;
	/* Microseconds since the epoch. */
	kp->start = (uint64_t)ki->ki_start.tv_sec * 1000000u +
	    (uint64_t)ki->ki_start.tv_usec;
}

int
kern_proc_list(struct kern_proc **procs, size_t *n)
{
	int mib[3] = { CTL_KERN, KERN_PROC, KERN_PROC_PROC };
	for (int tries = 0; tries < 5; tries++) {
		size_t len = 0;
		if (sysctl(mib, 3, NULL, &len, NULL, 0) < 0)
			return -1;
		len += len / 4; /* room for processes born meanwhile */
		struct kinfo_proc *ki = xmalloc(len);
		if (sysctl(mib, 3, ki, &len, NULL, 0) == 0) {
			size_t nk = len / sizeof(*ki);
			*procs = xcalloc(nk + 1, sizeof(**procs));
			for (size_t i = 0; i < nk; i++)
				proc_from_kinfo(&ki[i], &(*procs)[i]);
			*n = nk;
			free(ki);
			return 0;
		}
		int saved = errno;
		free(ki);
		if (saved != ENOMEM) {
			errno = saved;
			return -1;
		}
	}
	errno = ENOMEM;
	return -1;
}

int
kern_proc_get(pid_t pid, struct kern_proc *kp)
{
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, (int)pid };
	struct kinfo_proc ki;
	size_t len = sizeof(ki);
	if (sysctl(mib, 4, &ki, &len, NULL, 0) < 0)
		return -1;
	if (len == 0) {
		errno = ESRCH;
		return -1;
	}
	proc_from_kinfo(&ki, kp);
	return 0;
}

/* ---- credentials ---- */

int
kern_setgroups(size_t n, const gid_t *groups)
{
	return setgroups((int)n, groups);
}

int
kern_setgid(gid_t gid)
{
	return setgid(gid);
}

int
kern_setuid(uid_t uid)
{
	return setuid(uid);
}
