/*
 * jail.c: jail_set(2), jail_get(2), jail_attach(2), jail_remove(2) with
 * the rules of kern_jail.c (FreeBSD 14), and the parameter import of
 * libjail (lib/libjail/jail.c), which kernel.h's text parameters go
 * through on FreeBSD.
 *
 * A jail: {jid, parent, name (full, "a.b"), path, persist, remove (the
 * PR_REMOVE of a removed jail still dying), host (PR_HOST), vnet (own
 * vnet), ip4_user/ip4 and ip6_user/ip6 (PR_IP4_USER/PR_IP4), ip4addr,
 * ip6addr, hostname..., securelevel, enforce_statfs, devfs_ruleset,
 * childmax, allow {name: bool}, sysv{msg,sem,shm}, uts (the inode of its
 * UTS namespace), uts_file}.  The host is prison0, jid 0, implicit.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

#define MAXHOSTNAMELEN	 256
#define MAXPATHLEN	 1024
#define HOSTUUIDLEN	 64
#define OSRELEASELEN	 32
#define JAIL_SYS_DISABLE 0
#define JAIL_SYS_NEW	 1
#define JAIL_SYS_INHERIT 2

enum ptype {
	P_INT,
	P_ULONG,
	P_STR,
	P_BOOL,
	P_SYS, /* "E,jailsys" */
	P_IP4,
	P_IP6,
};

enum {
	PF_RD = 1 << 0,	 /* CTLFLAG_RD: reported, never set */
	PF_TUN = 1 << 1, /* CTLFLAG_RDTUN: set at creation only */
};

/* The parameters a FreeBSD 14 GENERIC kernel describes under
 * security.jail.param (the SYSCTL_JAIL_PARAM list of kern_jail.c), with
 * the ones modules add when libjail's kldload_param() loads them: the
 * allow.mount.<fs> of each jail-friendly file system (prison_add_vfs())
 * and sysvmsg/sysvsem/sysvshm (sysv_msg.c, sysv_sem.c, sysv_shm.c). */
static const struct jparam {
	const char *name;
	enum ptype type;
	int flags;
	size_t maxlen;
} jparams[] = {
	{ "jid", P_INT, PF_TUN, 0 },
	{ "parent", P_INT, PF_RD, 0 },
	{ "name", P_STR, 0, MAXHOSTNAMELEN },
	{ "path", P_STR, PF_TUN, MAXPATHLEN },
	{ "securelevel", P_INT, 0, 0 },
	{ "osreldate", P_INT, PF_TUN, 0 },
	{ "osrelease", P_STR, PF_TUN, OSRELEASELEN },
	{ "enforce_statfs", P_INT, 0, 0 },
	{ "devfs_ruleset", P_INT, 0, 0 },
	{ "persist", P_BOOL, 0, 0 },
	{ "vnet", P_SYS, PF_TUN, 0 },
	{ "dying", P_BOOL, PF_RD, 0 },
	{ "children.cur", P_INT, PF_RD, 0 },
	{ "children.max", P_INT, 0, 0 },
	{ "host", P_SYS, 0, 0 },
	{ "host.hostname", P_STR, 0, MAXHOSTNAMELEN },
	{ "host.domainname", P_STR, 0, MAXHOSTNAMELEN },
	{ "host.hostuuid", P_STR, 0, HOSTUUIDLEN },
	{ "host.hostid", P_ULONG, 0, 0 },
	{ "cpuset.id", P_INT, PF_RD, 0 },
	{ "ip4", P_SYS, PF_TUN, 0 },
	{ "ip4.addr", P_IP4, 0, 0 },
	{ "ip4.saddrsel", P_BOOL, 0, 0 },
	{ "ip6", P_SYS, PF_TUN, 0 },
	{ "ip6.addr", P_IP6, 0, 0 },
	{ "ip6.saddrsel", P_BOOL, 0, 0 },
	{ "allow.set_hostname", P_BOOL, 0, 0 },
	{ "allow.sysvipc", P_BOOL, 0, 0 },
	{ "allow.raw_sockets", P_BOOL, 0, 0 },
	{ "allow.chflags", P_BOOL, 0, 0 },
	{ "allow.mount", P_BOOL, 0, 0 },
	{ "allow.quotas", P_BOOL, 0, 0 },
	{ "allow.socket_af", P_BOOL, 0, 0 },
	{ "allow.mlock", P_BOOL, 0, 0 },
	{ "allow.reserved_ports", P_BOOL, 0, 0 },
	{ "allow.read_msgbuf", P_BOOL, 0, 0 },
	{ "allow.unprivileged_proc_debug", P_BOOL, 0, 0 },
	{ "allow.suser", P_BOOL, 0, 0 },
	{ "allow.mount.devfs", P_BOOL, 0, 0 },
	{ "allow.mount.nullfs", P_BOOL, 0, 0 },
	{ "allow.mount.procfs", P_BOOL, 0, 0 },
	{ "allow.mount.tmpfs", P_BOOL, 0, 0 },
	{ "allow.mount.fdescfs", P_BOOL, 0, 0 },
	{ "allow.mount.zfs", P_BOOL, 0, 0 },
	{ "allow.mount.linprocfs", P_BOOL, 0, 0 },
	{ "allow.mount.linsysfs", P_BOOL, 0, 0 },
	{ "allow.mount.lindebugfs", P_BOOL, 0, 0 },
	{ "allow.mount.fusefs", P_BOOL, 0, 0 },
	{ "sysvmsg", P_SYS, 0, 0 },
	{ "sysvsem", P_SYS, 0, 0 },
	{ "sysvshm", P_SYS, 0, 0 },
};

/* JAIL_DEFAULT_ALLOW (kern_jail.c): what a new jail may do unless told. */
static const char *const default_allow[] = {
	"allow.set_hostname",
	"allow.reserved_ports",
	"allow.unprivileged_proc_debug",
	"allow.suser",
};

/* An imported parameter: the libjail side of jail_set. */
struct ip {
	const struct jparam *p;
	const char *name; /* as given */
	bool present;
	long long i;   /* P_INT, P_ULONG, P_BOOL, P_SYS */
	const char *s; /* P_STR */
	json_t *addrs; /* P_IP4, P_IP6: array of text */
};

static const struct jparam *
jparam_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(jparams); i++)
		if (strcmp(jparams[i].name, name) == 0)
			return &jparams[i];
	return NULL;
}

/* jailparam_type() and nononame() (libjail): a parameter the kernel does
 * not describe may be the "no" form of a boolean ("allow.noraw_sockets");
 * otherwise it is "unknown parameter" (ENOENT) when its last component
 * starts with "no", and "mismatched boolean" (EINVAL) when it does not. */
static const struct jparam *
jparam_type(const char *name, bool *nobool, char *errmsg)
{
	*nobool = false;
	const struct jparam *p = jparam_find(name);
	if (p != NULL)
		return p;
	const char *last = strrchr(name, '.');
	last = last ? last + 1 : name;
	if (strncmp(last, "no", 2) != 0) {
		model_errmsg(errmsg, KERN_ERRMSG_LEN, "mismatched boolean: %s",
		    name);
		errno = EINVAL;
		return NULL;
	}
	char yes[256];
	snprintf(yes, sizeof(yes), "%.*s%s", (int)(last - name), name,
	    last + 2);
	p = jparam_find(yes);
	if (p == NULL || p->type != P_BOOL) {
		model_errmsg(errmsg, KERN_ERRMSG_LEN, "unknown parameter: %s",
		    name);
		errno = ENOENT;
		return NULL;
	}
	*nobool = true;
	return p;
}

static bool
parse_int(const char *v, long long *out)
{
	char *end;
	errno = 0;
	*out = strtoll(v, &end, 10);
	return end != v && *end == '\0' && errno == 0;
}

/* jailparam_import() (libjail): text to the parameter's type. */
static int
import(struct ip *ip, const char *name, const char *value, char *errmsg)
{
	bool nobool;
	const struct jparam *p = jparam_type(name, &nobool, errmsg);
	if (p == NULL)
		return -1;
	ip->p = p;
	ip->name = name;
	ip->present = true;
	const char *v = value ? value : "";
	switch (p->type) {
	case P_STR:
		ip->s = v;
		return 0;
	case P_BOOL:
		if (value == NULL) {
			ip->i = 1; /* set without a value */
		} else if (strcasecmp(v, "true") == 0) {
			ip->i = 1;
		} else if (strcasecmp(v, "false") == 0) {
			ip->i = 0;
		} else if (!parse_int(v, &ip->i)) {
			model_errmsg(errmsg, KERN_ERRMSG_LEN,
			    "%s: unknown boolean value \"%s\"", name, v);
			errno = EINVAL;
			return -1;
		}
		if (nobool)
			ip->i = !ip->i;
		return 0;
	case P_SYS:
		if (*v == '\0')
			ip->i = JAIL_SYS_NEW;
		else if (strcasecmp(v, "disable") == 0)
			ip->i = JAIL_SYS_DISABLE;
		else if (strcasecmp(v, "new") == 0)
			ip->i = JAIL_SYS_NEW;
		else if (strcasecmp(v, "inherit") == 0)
			ip->i = JAIL_SYS_INHERIT;
		else if (!parse_int(v, &ip->i)) {
			model_errmsg(errmsg, KERN_ERRMSG_LEN,
			    "%s: unknown jailsys value \"%s\"", name, v);
			errno = EINVAL;
			return -1;
		}
		return 0;
	case P_INT:
	case P_ULONG:
		if (!parse_int(v, &ip->i)) {
			model_errmsg(errmsg, KERN_ERRMSG_LEN,
			    "%s: non-integer value \"%s\"", name, v);
			errno = EINVAL;
			return -1;
		}
		return 0;
	case P_IP4:
	case P_IP6:
		ip->addrs = json_array();
		if (*v == '\0' || strcmp(v, "-") == 0)
			return 0;
		_cleanup_free_ char *copy = xstrdup(v);
		char *save = NULL;
		for (char *a = strtok_r(copy, ",", &save); a != NULL;
		     a = strtok_r(NULL, ",", &save)) {
			unsigned char buf[16];
			if (inet_pton(p->type == P_IP4 ? AF_INET : AF_INET6, a,
				buf) != 1) {
				model_errmsg(errmsg, KERN_ERRMSG_LEN,
				    "%s: not an IPv%d address: %s", name,
				    p->type == P_IP4 ? 4 : 6, a);
				errno = EINVAL;
				return -1;
			}
			/* Kept in canonical form, as jailparam_export
			 * would print it. */
			char canon[64];
			inet_ntop(p->type == P_IP4 ? AF_INET : AF_INET6, buf,
			    canon, sizeof(canon));
			json_array_append_new(ip->addrs, json_string(canon));
		}
		return 0;
	}
	return 0;
}

static struct ip *
opt(struct ip *ips, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (ips[i].present && strcmp(ips[i].p->name, name) == 0)
			return &ips[i];
	return NULL;
}

/* ---- prison0 and lookups ---- */

static json_t *
host_jail(void)
{
	/* prison0 (kern_jail.c): everything allowed, no IP restriction,
	 * childmax JAIL_MAX, securelevel -1, enforce_statfs 0. */
	static json_t *h;
	if (h == NULL) {
		h = json_pack("{s:i, s:s, s:s, s:b, s:b, s:i, s:i, s:i, s:i}",
		    "jid", 0, "name", "0", "path", "/", "host", 1, "vnet", 1,
		    "childmax", JAIL_MAX, "securelevel", -1, "enforce_statfs",
		    0, "devfs_ruleset", 0);
		json_t *allow = jobj(h, "allow");
		for (size_t i = 0; i < ARRAY_SIZE(jparams); i++)
			if (strncmp(jparams[i].name, "allow.", 6) == 0)
				jset_bool(allow, jparams[i].name, true);
	}
	char hn[MAXHOSTNAMELEN] = "";
	gethostname(hn, sizeof(hn) - 1);
	jset_str(h, "hostname", hn);
	return h;
}

static json_t *
jail_or_host(struct model *m, int jid)
{
	return jid == 0 ? host_jail() : model_jail(m, jid);
}

static size_t
nchildren(struct model *m, int jid)
{
	size_t n = 0, i;
	json_t *j;
	json_array_foreach(model_jails(m), i, j) if (jail_parent(j) == jid) n++;
	return n;
}

/* prison_isalive (kern_jail.c): it holds user references (persist, a
 * live process, a child jail) and is not being removed (PR_REMOVE). */
bool
jail_alive(struct model *m, json_t *j)
{
	if (jbool(j, "remove"))
		return false;
	return jbool(j, "persist") ||
	    model_count(m, jail_jid(j), false, false) > 0 ||
	    nchildren(m, jail_jid(j)) > 0;
}

/* The jail named name among the children of ppr (its own name only);
 * alive ones first, as prison_find_name() looks. */
static json_t *
find_child_named(struct model *m, int ppr, const char *own, bool *alive)
{
	json_t *dead = NULL, *j;
	size_t i;
	json_array_foreach(model_jails(m), i, j)
	{
		if (jail_parent(j) != ppr)
			continue;
		const char *full = jail_name(j);
		const char *dot = strrchr(full, '.');
		if (strcmp(dot ? dot + 1 : full, own) != 0)
			continue;
		if (jail_alive(m, j)) {
			*alive = true;
			return j;
		}
		dead = j;
	}
	*alive = false;
	return dead;
}

/* prison_find_name (kern_jail.c): a full name relative to the host. */
static json_t *
find_name(struct model *m, const char *name, bool *alive)
{
	_cleanup_free_ char *copy = xstrdup(name);
	int ppr = 0;
	json_t *j = NULL;
	char *save = NULL;
	for (char *c = strtok_r(copy, ".", &save); c != NULL;
	     c = strtok_r(NULL, ".", &save)) {
		j = find_child_named(m, ppr, c, alive);
		if (j == NULL)
			return NULL;
		ppr = jail_jid(j);
	}
	return j;
}

/* get_next_prid (kern_jail.c): lastprid + 1, skipping ids in use (alive
 * or dying), wrapping at JAIL_MAX. */
static int
next_prid(struct model *m)
{
	int jid = (int)(jint(m->k, "lastprid") % JAIL_MAX) + 1;
	for (int tries = 0; tries < JAIL_MAX; tries++) {
		if (model_jail(m, jid) == NULL) {
			jset_int(m->k, "lastprid", jid);
			return jid;
		}
		jid = jid % JAIL_MAX + 1;
	}
	return 0;
}

/* ---- the UTS namespace that is the jail on Linux ---- */

static int
uts_enter(const char *file, int *saved)
{
	*saved = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (*saved < 0 || fd < 0 || setns(fd, CLONE_NEWUTS) < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		if (*saved >= 0)
			close(*saved);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

static void
uts_leave(int saved)
{
	setns(saved, CLONE_NEWUTS);
	close(saved);
}

static int
uts_make(struct model *m, json_t *j, const char *hostname)
{
	int seq = (int)jint(m->k, "next_ns");
	jset_int(m->k, "next_ns", seq + 1);
	_cleanup_free_ char *file = xasprintf("%s/%s/uts.%d", m->dir,
	    MODEL_NS_DIR, seq);
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	int saved = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return -1;
	int rc = -1;
	if (unshare(CLONE_NEWUTS) == 0) {
		sethostname(hostname, strlen(hostname));
		rc = mount("/proc/self/ns/uts", file, NULL, MS_BIND, NULL);
		int e = errno;
		setns(saved, CLONE_NEWUTS);
		errno = e;
	}
	close(saved);
	struct stat st;
	if (rc < 0 || stat(file, &st) < 0) {
		unlink(file);
		return -1;
	}
	jset_str(j, "uts_file", file);
	jset_int(j, "uts", (json_int_t)st.st_ino);
	return 0;
}

static void
uts_sethostname(json_t *j, const char *hostname)
{
	int saved;
	if (uts_enter(jstr(j, "uts_file"), &saved) < 0)
		return;
	sethostname(hostname, strlen(hostname));
	uts_leave(saved);
}

/* ---- death: prison_deref / prison_complete ---- */

/* A jail is freed when its last reference goes: no process (zombies hold
 * their credential's reference until proc_reap()) and no child jail, and
 * no user reference (persist) keeping it alive.  Its vnet dies with it
 * (vnet_destroy, which sends borrowed interfaces home), and its parent
 * loses the reference the child held, so parents can follow. */
void
jail_reap(struct model *m)
{
	bool again = true;
	while (again) {
		again = false;
		json_t *jails = model_jails(m), *j;
		size_t i;
		json_array_foreach(jails, i, j)
		{
			int jid = jail_jid(j);
			if (jail_alive(m, j) ||
			    model_count(m, jid, false, true) > 0 ||
			    nchildren(m, jid) > 0)
				continue;
			if (jbool(j, "vnet"))
				net_vnet_destroy(m, jid);
			const char *file = jstr(j, "uts_file");
			if (file != NULL) {
				umount2(file, MNT_DETACH);
				unlink(file);
			}
			json_array_remove(jails, i);
			m->dirty = true;
			again = true;
			break;
		}
	}
}

/* ---- jail_set(2) ---- */

static int fail(char *errmsg, int e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(char *errmsg, int e, const char *fmt, ...)
{
	if (errmsg != NULL && fmt != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(errmsg, KERN_ERRMSG_LEN, fmt, ap);
		va_end(ap);
	}
	errno = e;
	return -1;
}

enum {
	F_PERSIST = 1 << 0,
	F_HOST = 1 << 1,
	F_VNET = 1 << 2,
	F_IP4_USER = 1 << 3,
	F_IP6_USER = 1 << 4,
};

static const struct {
	const char *name;
	int disable, new;
} jailsys[] = {
	{ "host", 0, F_HOST },
	{ "vnet", 0, F_VNET },
	{ "ip4", F_IP4_USER, F_IP4_USER },
	{ "ip6", F_IP6_USER, F_IP6_USER },
};

/* The address checks of kern_jail_set: INADDR_ANY, the broadcast address
 * and duplicates are EINVAL. */
static bool
addrs_ok(json_t *addrs, bool v6)
{
	size_t i, k;
	json_t *a, *b;
	json_array_foreach(addrs, i, a)
	{
		const char *s = json_string_value(a);
		if (v6 ? strcmp(s, "::") == 0
		       : strcmp(s, "0.0.0.0") == 0 ||
			    strcmp(s, "255.255.255.255") == 0)
			return false;
		json_array_foreach(addrs, k, b) if (k != i &&
		    strcmp(s, json_string_value(b)) == 0) return false;
	}
	return true;
}

static bool
addr_in(json_t *list, const char *a)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i,
	    v) if (strcmp(json_string_value(v), a) == 0) return true;
	return false;
}

struct setctx {
	struct ip *ips;
	size_t n;
	int flags;
	char *errmsg;
	int pr_flags, ch_flags;
	json_t *allow_set; /* name -> bool, the allow flags given */
};

static int
set_check_opts(struct setctx *c)
{
	struct ip *o;
	/* Parameters that are only ever reported: the kernel never reads
	 * them, and ends with "unknown parameter". */
	for (size_t i = 0; i < c->n; i++)
		if (c->ips[i].p->flags & PF_RD)
			return fail(c->errmsg, EINVAL, "unknown parameter: %s",
			    c->ips[i].name);
	if ((o = opt(c->ips, c->n, "enforce_statfs")) && (o->i < 0 || o->i > 2))
		return fail(NULL, EINVAL, NULL);
	if ((o = opt(c->ips, c->n, "persist")) != NULL) {
		c->ch_flags |= F_PERSIST;
		if (o->i)
			c->pr_flags |= F_PERSIST;
	}
	for (size_t k = 0; k < ARRAY_SIZE(jailsys); k++) {
		if ((o = opt(c->ips, c->n, jailsys[k].name)) == NULL)
			continue;
		if (o->i == JAIL_SYS_DISABLE) {
			if (!jailsys[k].disable)
				return fail(NULL, EINVAL, NULL);
			c->pr_flags |= jailsys[k].disable;
		} else if (o->i == JAIL_SYS_NEW) {
			c->pr_flags |= jailsys[k].new;
		} else if (o->i != JAIL_SYS_INHERIT) {
			return fail(NULL, EINVAL, NULL);
		}
		c->ch_flags |= jailsys[k].new | jailsys[k].disable;
	}
	if ((c->flags & (KJ_CREATE | KJ_UPDATE)) == KJ_CREATE &&
	    !(c->pr_flags & F_PERSIST))
		return fail(c->errmsg, EINVAL,
		    "new jail must persist or attach");
	if ((c->flags & KJ_UPDATE) && (c->ch_flags & F_VNET))
		return fail(c->errmsg, EINVAL,
		    "vnet cannot be changed after creation");
	if ((c->flags & KJ_UPDATE) && (c->ch_flags & F_IP4_USER))
		return fail(c->errmsg, EINVAL,
		    "ip4 cannot be changed after creation");
	if ((c->flags & KJ_UPDATE) && (c->ch_flags & F_IP6_USER))
		return fail(c->errmsg, EINVAL,
		    "ip6 cannot be changed after creation");
	if ((o = opt(c->ips, c->n, "name")) != NULL &&
	    strlen(o->s) + 1 > MAXHOSTNAMELEN)
		return fail(NULL, ENAMETOOLONG, NULL);
	static const char *const hostp[] = { "host.hostname", "host.domainname",
		"host.hostuuid", "host.hostid" };
	for (size_t k = 0; k < ARRAY_SIZE(hostp); k++) {
		if ((o = opt(c->ips, c->n, hostp[k])) == NULL)
			continue;
		c->ch_flags |= F_HOST;
		c->pr_flags |= F_HOST;
		if (o->p->type == P_STR && strlen(o->s) + 1 > o->p->maxlen)
			return fail(NULL, ENAMETOOLONG, NULL);
	}
	static const struct {
		const char *name;
		int flag;
		bool v6;
	} addrp[] = {
		{ "ip4.addr", F_IP4_USER, false },
		{ "ip6.addr", F_IP6_USER, true },
	};
	for (size_t k = 0; k < ARRAY_SIZE(addrp); k++) {
		if ((o = opt(c->ips, c->n, addrp[k].name)) == NULL)
			continue;
		c->ch_flags |= addrp[k].flag;
		c->pr_flags |= addrp[k].flag;
		if (!addrs_ok(o->addrs, addrp[k].v6))
			return fail(NULL, EINVAL, NULL);
	}
	/* The check this driver trips over: any ip4/ip6 parameter, even
	 * "inherit", together with any vnet parameter, even "inherit". */
	if ((c->ch_flags & F_VNET) && (c->ch_flags & (F_IP4_USER | F_IP6_USER)))
		return fail(c->errmsg, EINVAL,
		    "vnet jails cannot have IP address restrictions");
	if ((o = opt(c->ips, c->n, "osrelease")) && (c->flags & KJ_UPDATE))
		return fail(c->errmsg, EINVAL,
		    "osrelease cannot be changed after creation");
	if ((o = opt(c->ips, c->n, "osreldate")) && (c->flags & KJ_UPDATE))
		return fail(c->errmsg, EINVAL,
		    "osreldate cannot be changed after creation");
	if ((o = opt(c->ips, c->n, "path")) != NULL) {
		if (c->flags & KJ_UPDATE)
			return fail(c->errmsg, EINVAL,
			    "path cannot be changed after creation");
		struct stat st;
		if (stat(o->s, &st) < 0)
			return -1;
		if (!S_ISDIR(st.st_mode))
			return fail(NULL, ENOTDIR, NULL);
	}
	c->allow_set = json_object();
	for (size_t i = 0; i < c->n; i++)
		if (strncmp(c->ips[i].p->name, "allow.", 6) == 0)
			jset_bool(c->allow_set, c->ips[i].p->name,
			    c->ips[i].i != 0);
	return 0;
}

/* Finds the jail to update, or the parent of the one to create. */
static int
set_find(struct model *m, struct setctx *c, json_t **pr, int *ppr,
    const char **own)
{
	struct ip *o = opt(c->ips, c->n, "jid");
	int jid = o ? (int)o->i : 0;
	int cu = c->flags & (KJ_CREATE | KJ_UPDATE);
	struct ip *no = opt(c->ips, c->n, "name");
	const char *name = no ? no->s : NULL;
	*pr = NULL;
	*ppr = 0;
	*own = NULL;
	/* A numeric name on create is taken as the jid. */
	if (cu == KJ_CREATE && jid == 0 && name != NULL) {
		const char *last = strrchr(name, '.');
		long long v;
		if (parse_int(last ? last + 1 : name, &v))
			jid = (int)v;
	}
	if (jid != 0) {
		if (jid < 0)
			return fail(c->errmsg, EINVAL, "negative jid");
		json_t *j = model_jail(m, jid);
		if (j != NULL) {
			*ppr = jail_parent(j);
			if (cu == KJ_CREATE)
				return fail(c->errmsg, EEXIST,
				    "jail %d already exists", jid);
			if (!jail_alive(m, j) && !(c->flags & KJ_DYING))
				return fail(c->errmsg, ENOENT,
				    "jail %d is dying", jid);
			*pr = j;
		} else if (cu == KJ_UPDATE) {
			return fail(c->errmsg, ENOENT, "jail %d not found",
			    jid);
		}
	}
	if (name == NULL) {
		if (cu == KJ_UPDATE && *pr == NULL)
			return fail(c->errmsg, ENOENT,
			    "update specified no jail");
		return 0;
	}
	const char *dot = strrchr(name, '.');
	*own = dot ? dot + 1 : name;
	if (dot != NULL) {
		_cleanup_free_ char *pname = strndup(name,
		    (size_t)(dot - name));
		if (*pr != NULL) {
			json_t *pj = jail_or_host(m, *ppr);
			if (strcmp(jail_name(pj), pname) != 0)
				return fail(c->errmsg, EINVAL,
				    "cannot change jail's parent");
		} else {
			bool alive;
			json_t *pj = find_name(m, pname, &alive);
			if (pj == NULL)
				return fail(c->errmsg, ENOENT,
				    "jail \"%s\" not found", pname);
			if (!alive && !(c->flags & KJ_DYING))
				return fail(c->errmsg, ENOENT,
				    "jail \"%s\" is dying", pname);
			*ppr = jail_jid(pj);
		}
	}
	if (**own == '\0')
		return 0;
	bool alive;
	json_t *t = find_child_named(m, *ppr, *own, &alive);
	if (t != NULL && t == *pr)
		return 0;
	if (t != NULL && alive) {
		if (*pr == NULL && cu != KJ_CREATE) {
			*pr = t;
			return 0;
		}
		/* Create, or update by jid: the name is someone else's. */
		return fail(c->errmsg, EEXIST, "jail \"%s\" already exists",
		    name);
	}
	if (t != NULL && *pr == NULL && cu != KJ_CREATE) {
		if (c->flags & KJ_DYING) {
			*pr = t;
			return 0;
		}
		if (cu == KJ_UPDATE)
			return fail(c->errmsg, ENOENT, "jail \"%s\" is dying",
			    name);
	}
	if (cu == KJ_UPDATE && *pr == NULL)
		return fail(c->errmsg, ENOENT, "jail \"%s\" not found", name);
	return 0;
}

static const char *
s_or(const char *s, const char *def)
{
	return s ? s : def;
}

static int
set_apply(struct model *m, struct setctx *c, json_t *pr, int ppr,
    const char *own, bool created)
{
	json_t *parent = jail_or_host(m, ppr);
	struct ip *o;
	if (created) {
		/* Defaults, and what a new jail inherits (kern_jail_set). */
		jset_int(pr, "parent", ppr);
		jset_bool(pr, "host", true);
		if (!(c->pr_flags & F_VNET)) {
			if (!(c->ch_flags & F_IP4_USER)) {
				/* No ip4 parameter at all: restricted to no
				 * address, that is no IPv4. */
				jset_bool(pr, "ip4_user", true);
				jset_bool(pr, "ip4", true);
			} else if (!(c->pr_flags & F_IP4_USER)) {
				jset_bool(pr, "ip4", jbool(parent, "ip4"));
				if (json_object_get(parent, "ip4addr"))
					json_object_set(pr, "ip4addr",
					    json_object_get(parent, "ip4addr"));
			}
			if (!(c->ch_flags & F_IP6_USER)) {
				jset_bool(pr, "ip6_user", true);
				jset_bool(pr, "ip6", true);
			} else if (!(c->pr_flags & F_IP6_USER)) {
				jset_bool(pr, "ip6", jbool(parent, "ip6"));
				if (json_object_get(parent, "ip6addr"))
					json_object_set(pr, "ip6addr",
					    json_object_get(parent, "ip6addr"));
			}
		}
		jset_int(pr, "securelevel", jint(parent, "securelevel"));
		json_t *allow = jobj(pr, "allow");
		for (size_t i = 0; i < ARRAY_SIZE(default_allow); i++)
			jset_bool(allow, default_allow[i],
			    jbool(jobj(parent, "allow"), default_allow[i]));
		jset_int(pr, "enforce_statfs", 2);
		jset_int(pr, "devfs_ruleset", jint(parent, "devfs_ruleset"));
		jset_bool(pr, "vnet", (c->pr_flags & F_VNET) != 0);
		jset_str(pr, "path", "/");
		jset_str(pr, "osrelease", "14.3-RELEASE");
		jset_int(pr, "osreldate", 1403000);
		jset_str(pr, "hostuuid",
		    "00000000-0000-0000-0000-000000000000");
	} else if (jbool(pr, "vnet") &&
	    (c->ch_flags & (F_IP4_USER | F_IP6_USER))) {
		return fail(c->errmsg, EINVAL,
		    "vnet jails cannot have IP address restrictions");
	}
	/* Final checks before anything is set. */
	if ((o = opt(c->ips, c->n, "securelevel")) &&
	    o->i < jint(parent, "securelevel"))
		return fail(NULL, EPERM, NULL);
	if ((o = opt(c->ips, c->n, "children.max")) &&
	    o->i >= jint(parent, "childmax"))
		return fail(NULL, EPERM, NULL);
	if ((o = opt(c->ips, c->n, "enforce_statfs")) &&
	    o->i < jint(parent, "enforce_statfs"))
		return fail(NULL, EPERM, NULL);
	if ((o = opt(c->ips, c->n, "devfs_ruleset")) &&
	    (o->i < 0 || o->i > 65535))
		return fail(NULL, EINVAL, NULL);
	static const char *const fam[] = { "ip4", "ip6" };
	for (int f = 0; f < 2; f++) {
		char an[16], pf[16];
		snprintf(an, sizeof(an), "%s.addr", fam[f]);
		snprintf(pf, sizeof(pf), "%saddr", fam[f]);
		if ((o = opt(c->ips, c->n, an)) == NULL ||
		    json_array_size(o->addrs) == 0)
			continue;
		/* A parent restricted to addresses passes on a subset. */
		if (jbool(parent, fam[f])) {
			size_t i;
			json_t *a;
			json_array_foreach(o->addrs, i,
			    a) if (!addr_in(json_object_get(parent, pf),
				       json_string_value(a))) return fail(NULL,
			    EPERM, NULL);
		}
	}
	if (own != NULL) {
		long long v;
		int jid = jail_jid(pr);
		if (own[0] != '\0' && parse_int(own, &v) &&
		    (v != jid || own[0] < '1' || own[0] > '9'))
			return fail(c->errmsg, EINVAL,
			    "name cannot be numeric (unless it is the jid)");
	}
	/* pr_allow_diff: a child may not have what its parent lacks,
	 * PR_ALLOW_DIFFERENCES (unprivileged_proc_debug) excepted. */
	const char *key;
	json_t *val;
	json_object_foreach(c->allow_set, key, val)
	{
		if (json_is_true(val) && !jbool(jobj(parent, "allow"), key) &&
		    strcmp(key, "allow.unprivileged_proc_debug") != 0)
			return fail(NULL, EPERM, NULL);
	}
	/* Set. */
	for (int f = 0; f < 2; f++) {
		char an[16], pf[16], uf[16];
		snprintf(an, sizeof(an), "%s.addr", fam[f]);
		snprintf(pf, sizeof(pf), "%saddr", fam[f]);
		snprintf(uf, sizeof(uf), "%s_user", fam[f]);
		int userflag = f ? F_IP6_USER : F_IP4_USER;
		if (c->pr_flags & userflag) {
			jset_bool(pr, fam[f], true);
			o = opt(c->ips, c->n, an);
			if (o != NULL)
				json_object_set(pr, pf, o->addrs);
			else
				json_object_del(pr, pf);
		}
		if (c->ch_flags & userflag)
			jset_bool(pr, uf, (c->pr_flags & userflag) != 0);
	}
	if ((o = opt(c->ips, c->n, "securelevel")))
		jset_int(pr, "securelevel", o->i);
	if ((o = opt(c->ips, c->n, "children.max")))
		jset_int(pr, "childmax", o->i);
	if ((o = opt(c->ips, c->n, "enforce_statfs")))
		jset_int(pr, "enforce_statfs", o->i);
	if ((o = opt(c->ips, c->n, "devfs_ruleset")))
		jset_int(pr, "devfs_ruleset", o->i);
	if ((o = opt(c->ips, c->n, "osrelease")))
		jset_str(pr, "osrelease", o->s);
	if ((o = opt(c->ips, c->n, "osreldate")))
		jset_int(pr, "osreldate", o->i);
	if (own != NULL) {
		char num[16];
		if (own[0] == '\0') {
			snprintf(num, sizeof(num), "%d", jail_jid(pr));
			own = num;
		}
		_cleanup_free_ char *full = ppr == 0
		    ? xstrdup(own)
		    : xasprintf("%s.%s", jail_name(parent), own);
		jset_str(pr, "name", full);
	}
	if ((o = opt(c->ips, c->n, "path"))) {
		char real[PATH_MAX];
		jset_str(pr, "path", realpath(o->s, real) ? real : o->s);
	}
	if (c->ch_flags & F_HOST & ~c->pr_flags) {
		/* host=inherit: the parent's host information. */
		jset_bool(pr, "host", false);
		jset_str(pr, "hostname", jstr(parent, "hostname"));
		jset_str(pr, "domainname", jstr(parent, "domainname"));
	} else {
		if (c->ch_flags & F_HOST)
			jset_bool(pr, "host", true);
		if ((o = opt(c->ips, c->n, "host.hostname")))
			jset_str(pr, "hostname", o->s);
		if ((o = opt(c->ips, c->n, "host.domainname")))
			jset_str(pr, "domainname", o->s);
		if ((o = opt(c->ips, c->n, "host.hostuuid")))
			jset_str(pr, "hostuuid", o->s);
		if ((o = opt(c->ips, c->n, "host.hostid")))
			jset_int(pr, "hostid", o->i);
	}
	static const char *const sysv[] = { "sysvmsg", "sysvsem", "sysvshm" };
	for (size_t i = 0; i < ARRAY_SIZE(sysv); i++)
		if ((o = opt(c->ips, c->n, sysv[i])))
			jset_int(pr, sysv[i], o->i);
	json_t *allow = jobj(pr, "allow");
	json_object_foreach(c->allow_set, key, val)
	{
		jset_bool(allow, key, json_is_true(val));
		/* A permission taken away is taken from the children too
		 * (prison_set_allow_locked). */
		if (!json_is_true(val)) {
			size_t i;
			json_t *d;
			json_array_foreach(model_jails(m), i,
			    d) if (jail_below(m, jail_jid(d), jail_jid(pr)))
			    jset_bool(jobj(d, "allow"), key, false);
		}
	}
	if (c->ch_flags & F_PERSIST)
		jset_bool(pr, "persist", (c->pr_flags & F_PERSIST) != 0);
	/* jail_set on a removed (dying) jail with persist brings it back. */
	json_object_del(pr, "remove");
	if (created && uts_make(m, pr, s_or(jstr(pr, "hostname"), "")) < 0)
		return -1;
	if (!created &&
	    (opt(c->ips, c->n, "host.hostname") ||
		(c->ch_flags & F_HOST & ~c->pr_flags)))
		uts_sethostname(pr, s_or(jstr(pr, "hostname"), ""));
	if (created && jbool(pr, "vnet"))
		net_vnet_create(m, jail_jid(pr));
	return 0;
}

int
kern_jail_set(const struct kern_param *params, size_t n, int flags,
    char *errmsg)
{
	if (errmsg != NULL)
		errmsg[0] = '\0';
	struct ip *ips = xcalloc(n + 1, sizeof(*ips));
	struct setctx c = { .ips = ips,
		.n = n,
		.flags = flags,
		.errmsg = errmsg };
	struct model m;
	int jid = -1;
	for (size_t i = 0; i < n; i++)
		if (import(&ips[i], params[i].name, params[i].value, errmsg) <
		    0)
			goto out;
	if (!(flags & (KJ_CREATE | KJ_UPDATE))) {
		fail(errmsg, EINVAL, "no valid operation (create or update)");
		goto out;
	}
	if (set_check_opts(&c) < 0)
		goto out;
	if (model_enter(&m) < 0)
		goto out;
	json_t *pr;
	int ppr;
	const char *own;
	if (set_find(&m, &c, &pr, &ppr, &own) == 0) {
		bool created = pr == NULL;
		if (created) {
			struct ip *o = opt(ips, n, "jid");
			int want = o ? (int)o->i : 0;
			if (want == 0 && own != NULL) {
				long long v;
				if (parse_int(own, &v))
					want = (int)v;
			}
			int id = want ? want : next_prid(&m);
			if (id == 0) {
				fail(errmsg, EAGAIN, "no available jail IDs");
			} else {
				pr = json_pack("{s:i}", "jid", id);
				if (set_apply(&m, &c, pr, ppr, own ? own : "",
					true) == 0) {
					json_array_append(model_jails(&m), pr);
					jid = id;
				}
				json_decref(pr);
			}
		} else {
			json_t *copy = json_deep_copy(pr);
			if (set_apply(&m, &c, copy, jail_parent(pr), own,
				false) == 0) {
				json_object_update(pr, copy);
				if (!json_object_get(copy, "ip4addr"))
					json_object_del(pr, "ip4addr");
				if (!json_object_get(copy, "ip6addr"))
					json_object_del(pr, "ip6addr");
				jid = jail_jid(pr);
			}
			json_decref(copy);
		}
		if (jid > 0) {
			m.dirty = true;
			jail_reap(&m);
		}
	}
	model_leave(&m);
out:
	for (size_t i = 0; i < n; i++)
		json_decref(ips[i].addrs);
	json_decref(c.allow_set);
	free(ips);
	return jid;
}

/* ---- jail_get(2) ---- */

static char *export(struct model *m, json_t *j, const struct jparam *p,
    bool nobool)
{
	const char *n = p->name;
	if (strcmp(n, "jid") == 0)
		return xasprintf("%d", jail_jid(j));
	if (strcmp(n, "parent") == 0)
		return xasprintf("%d", jail_parent(j));
	if (strcmp(n, "name") == 0)
		return xstrdup(jail_name(j));
	if (strcmp(n, "path") == 0)
		return xstrdup(s_or(jstr(j, "path"), "/"));
	if (strcmp(n, "children.cur") == 0)
		return xasprintf("%zu", nchildren(m, jail_jid(j)));
	if (strcmp(n, "children.max") == 0)
		return xasprintf("%lld", (long long)jint(j, "childmax"));
	if (strcmp(n, "dying") == 0)
		return xstrdup(jail_alive(m, j) == nobool ? "true" : "false");
	if (strcmp(n, "cpuset.id") == 0)
		return xasprintf("%d", jail_jid(j) + 1);
	if (strcmp(n, "persist") == 0)
		return xstrdup(
		    jbool(j, "persist") != nobool ? "true" : "false");
	if (strcmp(n, "host.hostname") == 0)
		return xstrdup(s_or(jstr(j, "hostname"), ""));
	if (strcmp(n, "host.domainname") == 0)
		return xstrdup(s_or(jstr(j, "domainname"), ""));
	if (strcmp(n, "host.hostuuid") == 0)
		return xstrdup(s_or(jstr(j, "hostuuid"), ""));
	if (strcmp(n, "host.hostid") == 0)
		return xasprintf("%lld", (long long)jint(j, "hostid"));
	if (strcmp(n, "ip4.addr") == 0 || strcmp(n, "ip6.addr") == 0) {
		json_t *a = json_object_get(j,
		    n[2] == '4' ? "ip4addr" : "ip6addr");
		char *out = xstrdup("");
		size_t i;
		json_t *v;
		json_array_foreach(a, i, v)
		{
			char *t = xasprintf("%s%s%s", out, i ? "," : "",
			    json_string_value(v));
			free(out);
			out = t;
		}
		return out;
	}
	if (p->type == P_SYS) {
		/* The jailsys value from the flags (kern_jail_get): ip4 and
		 * ip6 have the same bit for disable and new, so a jail with
		 * its own addresses reads "disable". */
		int v;
		if (strcmp(n, "host") == 0)
			v = jbool(j, "host") ? JAIL_SYS_NEW : JAIL_SYS_INHERIT;
		else if (strcmp(n, "vnet") == 0)
			v = jbool(j, "vnet") ? JAIL_SYS_NEW : JAIL_SYS_INHERIT;
		else if (strcmp(n, "ip4") == 0 || strcmp(n, "ip6") == 0) {
			char uf[16];
			snprintf(uf, sizeof(uf), "%s_user", n);
			v = jbool(j, uf) ? JAIL_SYS_DISABLE : JAIL_SYS_INHERIT;
		} else {
			json_t *s = json_object_get(j, n);
			v = s ? (int)json_integer_value(s) : JAIL_SYS_DISABLE;
		}
		static const char *const names[] = { "disable", "new",
			"inherit" };
		return xstrdup(names[v]);
	}
	if (p->type == P_BOOL) {
		bool on = jbool(jobj(j, "allow"), n);
		if (strncmp(n, "allow.", 6) != 0)
			on = jbool(j, n);
		return xstrdup(on != nobool ? "true" : "false");
	}
	return xasprintf("%lld", (long long)jint(j, n));
}

int
kern_jail_get(const char *key, const char *keyval, const char *const *names,
    char **values, size_t n, int flags, char *errmsg)
{
	if (errmsg != NULL)
		errmsg[0] = '\0';
	struct ip kip = { 0 };
	if (strcmp(key, "lastjid") == 0) {
		kip.name = key;
		if (!parse_int(keyval, &kip.i))
			return fail(errmsg, EINVAL,
			    "%s: non-integer value \"%s\"", key, keyval);
	} else if (import(&kip, key, keyval, errmsg) < 0) {
		return -1;
	}
	/* Every requested name must be a parameter (jailparam_init). */
	for (size_t i = 0; i < n; i++) {
		bool nb;
		if (jparam_type(names[i], &nb, errmsg) == NULL)
			return -1;
	}
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int jid = -1;
	json_t *j = NULL;
	bool dying_ok = flags & KJ_DYING;
	if (strcmp(key, "lastjid") == 0) {
		size_t i;
		json_t *t;
		int best = 0;
		json_array_foreach(model_jails(&m), i, t)
		{
			int id = jail_jid(t);
			if (id > kip.i && (best == 0 || id < best) &&
			    (dying_ok || jail_alive(&m, t))) {
				best = id;
				j = t;
			}
		}
		if (j == NULL)
			fail(errmsg, ENOENT, "no jail after %lld", kip.i);
	} else if (strcmp(key, "jid") == 0 && kip.i != 0) {
		j = model_jail(&m, (int)kip.i);
		if (j == NULL)
			fail(errmsg, ENOENT, "jail %lld not found", kip.i);
		else if (!jail_alive(&m, j) && !dying_ok) {
			fail(errmsg, ENOENT, "jail %lld is dying", kip.i);
			j = NULL;
		}
	} else if (strcmp(key, "name") == 0) {
		bool alive;
		j = find_name(&m, kip.s, &alive);
		if (j == NULL)
			fail(errmsg, ENOENT, "jail \"%s\" not found", kip.s);
		else if (!alive && !dying_ok) {
			fail(errmsg, ENOENT, "jail \"%s\" is dying", kip.s);
			j = NULL;
		}
	} else {
		fail(errmsg, ENOENT, "no jail specified");
	}
	if (j != NULL) {
		jid = jail_jid(j);
		for (size_t i = 0; i < n; i++) {
			bool nb;
			const struct jparam *p = jparam_type(names[i], &nb,
			    NULL);
			values[i] = export(&m, j, p, nb);
		}
	}
	model_leave(&m);
	return jid;
}

/* ---- jail_attach(2), jail_remove(2) ---- */

/* sys_jail_attach / do_jail_attach (kern_jail.c): the jail must be alive
 * (EINVAL otherwise); the process's root and cwd become the jail's path,
 * its credential the jail's. */
int
kern_jail_attach(int jid)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	json_t *j = model_jail(&m, jid);
	int rc = -1;
	errno = EINVAL;
	if (j != NULL && jail_alive(&m, j)) {
		int saved;
		if (uts_enter(jstr(j, "uts_file"), &saved) == 0) {
			close(saved);
			for (size_t i = 0; i < m.nprocs; i++)
				if (m.procs[i].pid == getpid())
					model_remember(&m, getpid(),
					    m.procs[i].start, jid);
			rc = 0;
		}
	}
	_cleanup_free_ char *path = rc == 0 ? xstrdup(jstr(j, "path")) : NULL;
	model_leave(&m);
	if (rc == 0 && (chroot(path) < 0 || chdir("/") < 0))
		rc = -1;
	return rc;
}

/* sys_jail_remove / prison_remove_one (kern_jail.c): EINVAL when there is
 * no such jail (alive or dying); removes the descendants, then the jail:
 * each loses persist, is marked PR_REMOVE (dying) and its processes get
 * SIGKILL.  It returns at once: the jail is freed only when its last
 * process has been reaped. */
int
kern_jail_remove(int jid)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	json_t *j = jid > 0 ? model_jail(&m, jid) : NULL;
	int rc = -1;
	if (j == NULL) {
		errno = EINVAL;
	} else {
		size_t i;
		json_t *d;
		json_array_foreach(model_jails(&m), i, d)
		{
			if (!jail_below(&m, jail_jid(d), jid))
				continue;
			jset_bool(d, "persist", false);
			jset_bool(d, "remove", true);
		}
		model_kill_jail(&m, jid);
		m.dirty = true;
		jail_reap(&m);
		rc = 0;
	}
	model_leave(&m);
	return rc;
}
