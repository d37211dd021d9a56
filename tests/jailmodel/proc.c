/*
 * proc.c: processes.  Jail processes are real Linux processes; the model
 * puts each in the jail whose UTS namespace it is in.  A zombie's
 * namespace cannot be read any more, so the model remembers the jail of
 * every process it has seen (and of every process that attached); a
 * zombie it never saw alive is in its parent's jail, as fork(2) leaves it.
 * Also kinfo_proc, procctl(2) and the credential calls.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

/* /proc/<pid>/stat: state, ppid, starttime (field 22).  -1 if gone. */
static int
read_stat(pid_t pid, struct mproc *p)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *s = strrchr(buf, ')');
	if (s == NULL || s[1] != ' ')
		return -1;
	s += 2;
	p->pid = pid;
	p->state = *s;
	/* Field 3 is the state; walk to 4 (ppid) and 22 (starttime). */
	for (int field = 3; field < 22; field++) {
		s = strchr(s, ' ');
		if (s == NULL)
			return -1;
		s++;
		if (field + 1 == 4)
			p->ppid = (pid_t)strtol(s, NULL, 10);
	}
	p->start = strtoull(s, NULL, 10);
	return 0;
}

static bool
read_uts(pid_t pid, ino_t *ino)
{
	/* "uts:[INODE]": readlink is a third of stat's cost here, and the
	 * scan runs on every call. */
	char path[64], link[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)pid);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return false;
	link[n] = '\0';
	const char *s = strchr(link, '[');
	if (s == NULL)
		return false;
	*ino = (ino_t)strtoull(s + 1, NULL, 10);
	return true;
}

static int
jid_of_uts(struct model *m, ino_t ino)
{
	size_t i;
	json_t *j;
	json_array_foreach(model_jails(m), i, j)
	{
		if ((ino_t)jint(j, "uts") == ino)
			return jail_jid(j);
	}
	return 0;
}

void
model_remember(struct model *m, pid_t pid, uint64_t start, int jid)
{
	json_t *procs = jobj(m->k, "procs");
	char key[16];
	snprintf(key, sizeof(key), "%d", (int)pid);
	json_t *e = json_object_get(procs, key);
	if (e != NULL && (uint64_t)jint(e, "start") == start &&
	    jint(e, "jid") == jid)
		return;
	json_object_set_new(procs, key,
	    json_pack("{s:I, s:i}", "start", (json_int_t)start, "jid", jid));
	m->dirty = true;
}

static int
remembered(struct model *m, const struct mproc *p)
{
	char key[16];
	snprintf(key, sizeof(key), "%d", (int)p->pid);
	json_t *e = json_object_get(jobj(m->k, "procs"), key);
	if (e == NULL || (uint64_t)jint(e, "start") != p->start)
		return -1;
	return (int)jint(e, "jid");
}

int
model_scan(struct model *m)
{
	DIR *d = opendir("/proc");
	if (d == NULL)
		return -1;
	size_t cap = 256, n = 0;
	struct mproc *procs = xcalloc(cap, sizeof(*procs));
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end != '\0' || pid <= 0)
			continue;
		struct mproc p = { .pid = (pid_t)pid };
		ino_t ino;
		bool uts = read_uts(p.pid, &ino);
		p.jid = uts ? jid_of_uts(m, ino) : -1;
		/* A host process the model never saw in a jail: nothing more
		 * to know unless kinfo_proc asks (a scan per call must stay
		 * cheap). */
		char key[16];
		snprintf(key, sizeof(key), "%ld", pid);
		if (p.jid == 0 &&
		    json_object_get(jobj(m->k, "procs"), key) == NULL) {
			p.partial = true;
		} else {
			if (read_stat(p.pid, &p) < 0)
				continue;
			if (!uts)
				p.jid = remembered(m, &p); /* -1: not known */
		}
		if (n == cap)
			procs = xrealloc(procs, (cap *= 2) * sizeof(*procs));
		procs[n++] = p;
	}
	closedir(d);
	/* Zombies never seen alive: their parent's jail. */
	for (size_t i = 0; i < n; i++) {
		if (procs[i].jid >= 0)
			continue;
		procs[i].jid = 0;
		for (size_t k = 0; k < n; k++)
			if (procs[k].pid == procs[i].ppid && procs[k].jid > 0)
				procs[i].jid = procs[k].jid;
	}
	/* Keep the memory to the jailed processes that still exist. */
	json_t *mem = jobj(m->k, "procs");
	const char *key;
	json_t *val;
	void *tmp;
	json_object_foreach_safe(mem, tmp, key, val)
	{
		pid_t pid = (pid_t)atoi(key);
		bool live = false;
		for (size_t i = 0; i < n && !live; i++)
			live = procs[i].pid == pid &&
			    procs[i].start == (uint64_t)jint(val, "start");
		if (!live) {
			json_object_del(mem, key);
			m->dirty = true;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (procs[i].jid > 0)
			model_remember(m, procs[i].pid, procs[i].start,
			    procs[i].jid);
	free(m->procs);
	m->procs = procs;
	m->nprocs = n;
	return 0;
}

static bool
zombie(const struct mproc *p)
{
	return p->state == 'Z' || p->state == 'X';
}

size_t
model_count(struct model *m, int jid, bool below, bool zombies)
{
	size_t c = 0;
	for (size_t i = 0; i < m->nprocs; i++) {
		const struct mproc *p = &m->procs[i];
		if (p->jid == 0 || (!zombies && zombie(p)))
			continue;
		if (below ? jail_below(m, p->jid, jid) : p->jid == jid)
			c++;
	}
	return c;
}

void
model_kill_jail(struct model *m, int jid)
{
	pid_t self = getpid();
	for (size_t i = 0; i < m->nprocs; i++) {
		const struct mproc *p = &m->procs[i];
		if (p->jid != 0 && !zombie(p) && p->pid != self &&
		    jail_below(m, p->jid, jid))
			kill(p->pid, SIGKILL);
	}
}

/* ---- kinfo_proc ---- */

/* fill_kinfo_proc (kern_proc.c): ki_stat from the process state, ki_jid
 * from its credential's prison.  Zombies stay in the list until they are
 * reaped, with the jail they died in (their credential is freed only
 * then, in proc_reap(), kern_exit.c). */
static void
to_kinfo(const struct mproc *p, struct kern_proc *kp)
{
	kp->pid = p->pid;
	kp->ppid = p->ppid;
	kp->jid = p->jid;
	kp->start = p->start;
	switch (p->state) {
	case 'R':
		kp->state = KP_RUN;
		break;
	case 'S':
	case 'D':
	case 'I':
		kp->state = KP_SLEEP;
		break;
	case 'T':
	case 't':
		kp->state = KP_STOP;
		break;
	case 'Z':
	case 'X':
		kp->state = KP_ZOMB;
		break;
	default:
		kp->state = KP_OTHER;
	}
}

/* What the scan left out of host processes. */
static void
complete(struct model *m)
{
	size_t k = 0;
	for (size_t i = 0; i < m->nprocs; i++) {
		struct mproc *p = &m->procs[i];
		if (p->partial && read_stat(p->pid, p) < 0)
			continue; /* gone meanwhile */
		p->partial = false;
		m->procs[k++] = *p;
	}
	m->nprocs = k;
}

int
kern_proc_list(struct kern_proc **procs, size_t *n)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	complete(&m);
	*procs = xcalloc(m.nprocs + 1, sizeof(**procs));
	for (size_t i = 0; i < m.nprocs; i++)
		to_kinfo(&m.procs[i], &(*procs)[i]);
	*n = m.nprocs;
	model_leave(&m);
	return 0;
}

int
kern_proc_get(pid_t pid, struct kern_proc *kp)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	errno = ESRCH;
	complete(&m);
	for (size_t i = 0; i < m.nprocs; i++) {
		if (m.procs[i].pid == pid) {
			to_kinfo(&m.procs[i], kp);
			rc = 0;
			break;
		}
	}
	model_leave(&m);
	return rc;
}

/* ---- procctl(2) on ourselves ---- */

/* reap_acquire (kern_procctl.c): EBUSY when already a reaper.  Linux's
 * child subreaper is the same contract: orphans of descendants come to
 * us. */
int
kern_procctl_reap_acquire(void)
{
	int on = 0;
	if (prctl(PR_GET_CHILD_SUBREAPER, &on) == 0 && on) {
		errno = EBUSY;
		return -1;
	}
	return prctl(PR_SET_CHILD_SUBREAPER, 1);
}

/* no_new_privs_ctl (kern_procctl.c): sets P2_NO_NEW_PRIVS, inherited and
 * never cleared: set-id bits stop working at exec.  Linux's no_new_privs
 * is the same flag. */
int
kern_procctl_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

/* ---- credentials ---- */

/* kern_setgroups (kern_prot.c): crsetgroups_locked() copies the list to
 * cr_groups[0..n-1], and cr_groups[0] IS the effective gid: the first
 * entry replaces the egid, only the rest are supplementary groups.
 * setgroups(0, NULL) keeps the egid alone (cr_ngroups = 1).  More than
 * ngroups_max + 1 entries is EINVAL. */
int
kern_setgroups(size_t n, const gid_t *groups)
{
	if (n > (size_t)sysconf(_SC_NGROUPS_MAX) + 1) {
		errno = EINVAL;
		return -1;
	}
	if (n == 0)
		return setgroups(0, NULL);
	if (setresgid((gid_t)-1, groups[0], (gid_t)-1) < 0)
		return -1;
	return setgroups(n - 1, groups + 1);
}

/* sys_setgid (kern_prot.c): with privilege, sets the real, saved and
 * effective gid (cr_groups[0]); the supplementary groups stay. */
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
