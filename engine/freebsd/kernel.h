/*
 * kernel.h: every call the jail driver makes into the FreeBSD kernel, and
 * nothing else.  kernel_sys.c binds it to the system calls on FreeBSD; in
 * tests the jail model (tests/jailmodel) binds it on Linux, so the whole
 * driver runs in `make check`.  The types and constants are the driver's
 * own: this header needs no FreeBSD header, and kernel_sys.c maps them.
 *
 * Each function behaves as the call it names: it returns -1 and sets errno
 * on failure, and where the kernel writes an error message (jail_set,
 * nmount) it goes to errmsg.
 */
#ifndef RJ_FREEBSD_KERNEL_H
#define RJ_FREEBSD_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- jails: jail_set(2), jail_get(2), jail_attach(2), jail_remove(2),
 * with parameters as text, the way libjail imports and exports them
 * (booleans "true"/"false", sharing modes "new", lists joined by ","). */

#define KERN_ERRMSG_LEN 1024 /* libjail's JAIL_ERRMSGLEN */

enum {
	KJ_CREATE = 1 << 0,
	KJ_UPDATE = 1 << 1,
	KJ_DYING = 1 << 2, /* jail_get: a dying jail is found too */
};

struct kern_param {
	const char *name;
	const char *value;
};

/* Creates or updates a jail; returns its jid. */
int kern_jail_set(const struct kern_param *params, size_t n, int flags,
    char *errmsg);
/* The jail whose parameter key ("name" or "jid") is keyval: its jid, and
 * the text of each names[i] in values[i] (malloc'd). */
int kern_jail_get(const char *key, const char *keyval, const char *const *names,
    char **values, size_t n, int flags, char *errmsg);
int kern_jail_attach(int jid);
int kern_jail_remove(int jid);

/* ---- mounts: nmount(2), unmount(2), fstatfs(2) ---- */

enum {
	KM_RDONLY = 1 << 0,
	KM_NOSUID = 1 << 1,
	KM_NOEXEC = 1 << 2,
	KM_NOATIME = 1 << 3,
	KM_SYNC = 1 << 4,
};

/* unmount(2) flags. */
enum {
	KU_FORCE = 1 << 0,
};

struct kern_fsid {
	int32_t val[2];
};

struct kern_statfs {
	struct kern_fsid fsid;
	char fstypename[16];
	char mntonname[1024];
};

/* opts: name/value pairs as nmount(2) takes them ("fstype", "fspath",
 * "target", "ruleset"...); errmsg (errlen bytes) gets the kernel's text. */
int kern_nmount(const struct kern_param *opts, size_t n, unsigned flags,
    char *errmsg, size_t errlen);
/* By path: the kernel follows symlinks in it.  By fsid (MNT_BYFSID):
 * exactly the file system that was mounted. */
int kern_unmount_path(const char *path, int flags);
int kern_unmount_fsid(struct kern_fsid fsid, int flags);
int kern_fstatfs(int fd, struct kern_statfs *st);

/* ---- devfs rules: the DEVFSIO_* ioctls devfs(8) uses ---- */

enum kern_devfs_action {
	KD_NONE,
	KD_HIDE,
	KD_UNHIDE,
};

struct kern_devfs_rule {
	unsigned ruleset; /* 1..65535 */
	unsigned rule;	  /* 1..65535 */
	bool include;	  /* "include incset" (then nothing else) */
	unsigned incset;
	const char *path; /* a pattern, or NULL: every entry */
	enum kern_devfs_action action;
	bool has_mode;
	mode_t mode;
};

/* DEVFSIO_RADD, DEVFSIO_RDEL on the host's /dev. */
int kern_devfs_rule_add(const struct kern_devfs_rule *r);
int kern_devfs_rule_del(unsigned ruleset, unsigned rule);
/* DEVFSIO_SGETNEXT: the first ruleset after `after`; ENOENT past the last. */
int kern_devfs_ruleset_next(unsigned after, unsigned *next);
/* DEVFSIO_RGETNEXT: the first rule of ruleset after rule number `after`;
 * its pattern goes to path (pathlen bytes) and r->path points there.
 * ENOENT past the last (or when there is no such ruleset); EOPNOTSUPP,
 * r->rule set, when the rule has what kern_devfs_rule cannot say (a type
 * condition, a user or group). */
int kern_devfs_rule_next(unsigned ruleset, unsigned after,
    struct kern_devfs_rule *r, char *path, size_t pathlen);
/* DEVFSIO_RAPPLY: applies r to the devfs mount open as mntfd. */
int kern_devfs_rule_apply(int mntfd, const struct kern_devfs_rule *r);

/* ---- resource limits: rctl(2) and the sysctl that gates it ---- */

int kern_rctl_add_rule(const char *rule);
int kern_rctl_remove_rule(const char *filter);
int kern_rctl_get_racct(const char *filter, char *out, size_t outlen);
/* sysctlbyname(3) of an int (kern.racct.enable). */
int kern_sysctl_int(const char *name, int *value);

/* ---- network: the interface ioctls ifconfig(8) and jail(8) use ---- */

/* SIOCSIFVNET: moves ifname from our vnet into jail jid's. */
int kern_if_vnet(const char *ifname, int jid);
/* SIOCSIFRVNET: takes ifname back from jail jid's vnet into ours. */
int kern_if_rvnet(const char *ifname, int jid);
/* SIOCAIFADDR / SIOCDIFADDR (and their _IN6 forms): a host alias of addr
 * (family 4 or 6, numeric text) on ifname. */
int kern_if_addr(const char *ifname, int family, const char *addr, bool add);

/* ---- processes: procctl(2) on ourselves, kinfo_proc (kern.proc) ---- */

/* PROC_REAP_ACQUIRE: orphans of our descendants come to us. */
int kern_procctl_reap_acquire(void);
/* PROC_NO_NEW_PRIVS_CTL, PROC_NO_NEW_PRIVS_ENABLE. */
int kern_procctl_no_new_privs(void);

enum kern_proc_state {
	KP_RUN,
	KP_SLEEP,
	KP_STOP,
	KP_ZOMB,
	KP_OTHER,
};

struct kern_proc {
	pid_t pid;
	pid_t ppid;
	int jid; /* 0: the host */
	enum kern_proc_state state;
	uint64_t start; /* compared for equality only */
};

/* kern.proc.proc: every process, zombies included; *procs is malloc'd. */
int kern_proc_list(struct kern_proc **procs, size_t *n);
/* kern.proc.pid.<pid>; ESRCH when there is none. */
int kern_proc_get(pid_t pid, struct kern_proc *kp);

/* ---- credentials: setgroups(2), setgid(2), setuid(2) ---- */

/* As FreeBSD has it: groups[0] becomes the effective gid. */
int kern_setgroups(size_t n, const gid_t *groups);
int kern_setgid(gid_t gid);
int kern_setuid(uid_t uid);

#endif
