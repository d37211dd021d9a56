/* core.c: the model's state, its lock, boot, and small JSON helpers. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

/* jmctl ns names the mount namespace it made in RUNJ_JAILMODEL_NS; we
 * must be in that one (pid 1's may not even be readable). */
bool
model_private_ns(void)
{
	const char *want = getenv("RUNJ_JAILMODEL_NS");
	struct stat self;
	if (want == NULL || stat("/proc/self/ns/mnt", &self) < 0)
		return false;
	return strtoull(want, NULL, 10) == (unsigned long long)self.st_ino;
}

static int
save(struct model *m)
{
	_cleanup_free_ char *tmp = xasprintf("%s/%s.tmp", m->dir, MODEL_STATE);
	_cleanup_free_ char *path = xasprintf("%s/%s", m->dir, MODEL_STATE);
	if (json_dump_file(m->k, tmp, JSON_INDENT(1) | JSON_SORT_KEYS) < 0)
		return -1;
	return rename(tmp, path);
}

int
model_enter(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->lockfd = -1;
	const char *dir = getenv(MODEL_ENV);
	if (dir == NULL || *dir == '\0') {
		errno = ENOSYS; /* no kernel to call */
		return -1;
	}
	/* Mounts are real: never in the host's namespace. */
	if (!model_private_ns()) {
		errno = EPERM;
		return -1;
	}
	m->dir = xstrdup(dir);
	_cleanup_free_ char *lock = xasprintf("%s/lock", dir);
	m->lockfd = open(lock, O_RDWR | O_CLOEXEC);
	if (m->lockfd < 0 || flock(m->lockfd, LOCK_EX) < 0) {
		int e = errno;
		model_leave(m);
		errno = e;
		return -1;
	}
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, MODEL_STATE);
	json_error_t jerr;
	m->k = json_load_file(path, 0, &jerr);
	if (m->k == NULL) {
		model_leave(m);
		errno = EIO;
		return -1;
	}
	if (model_scan(m) < 0) {
		int e = errno;
		model_leave(m);
		errno = e;
		return -1;
	}
	jail_reap(m);
	return 0;
}

/* Fault injection for the crash tests: with RUNJ_JAILMODEL_CRASH_AT=N:RUN,
 * the process making the Nth call into the kernel in run RUN (counted
 * across every process that has the variable) is killed with SIGKILL once
 * the call is done, as if runj had been killed right after that step. */
static bool
crash_now(struct model *m)
{
	const char *at = getenv("RUNJ_JAILMODEL_CRASH_AT");
	if (at == NULL || m->k == NULL)
		return false;
	const char *run = strchr(at, ':');
	run = run ? run + 1 : "";
	const char *seen = jstr(m->k, "crash_run");
	int64_t n = (seen && strcmp(seen, run) == 0 ? jint(m->k, "calls") : 0) +
	    1;
	jset_str(m->k, "crash_run", run);
	jset_int(m->k, "calls", n);
	m->dirty = true;
	return n == atoll(at);
}

void
model_leave(struct model *m)
{
	int e = errno;
	bool crash = crash_now(m);
	if (m->k != NULL && m->dirty)
		save(m);
	if (crash)
		raise(SIGKILL);
	json_decref(m->k);
	if (m->lockfd >= 0)
		close(m->lockfd);
	free(m->dir);
	free(m->procs);
	memset(m, 0, sizeof(*m));
	m->lockfd = -1;
	errno = e;
}

int
model_boot(const char *dir, bool racct)
{
	if (!model_private_ns()) {
		errno = EPERM;
		return -1;
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -1;
	_cleanup_free_ char *ns = xasprintf("%s/%s", dir, MODEL_NS_DIR);
	_cleanup_free_ char *lock = xasprintf("%s/lock", dir);
	if (mkdir(ns, 0700) < 0 && errno != EEXIST)
		return -1;
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	struct model m = { .dir = xstrdup(dir), .lockfd = -1, .dirty = true };
	m.k = json_object();
	/* kern.racct.enable is a loader tunable; GENERIC sets
	 * RACCT_DEFAULT_TO_DISABLED, so it is 0 unless the loader says
	 * otherwise (kern_racct.c, racct_enable). */
	jset_bool(m.k, "racct", racct);
	jset_int(m.k, "lastprid", 0);
	jset_int(m.k, "next_fsid", 1);
	jset_int(m.k, "next_epair", 0);
	jarr(m.k, "jails");
	jarr(m.k, "mounts");
	jarr(m.k, "rctl");
	jobj(m.k, "procs");
	devfs_boot(m.k);
	net_vnet_create(&m, 0);
	int rc = save(&m);
	json_decref(m.k);
	free(m.dir);
	return rc;
}

void
model_errmsg(char *errmsg, size_t len, const char *fmt, ...)
{
	if (errmsg == NULL || len == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(errmsg, len, fmt, ap);
	va_end(ap);
}

/* ---- JSON helpers ---- */

json_t *
jobj(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_object(v)) {
		v = json_object();
		json_object_set_new(o, key, v);
	}
	return v;
}

json_t *
jarr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_array(v)) {
		v = json_array();
		json_object_set_new(o, key, v);
	}
	return v;
}

int64_t
jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

bool
jbool(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

const char *
jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void
jset_int(json_t *o, const char *key, int64_t v)
{
	json_object_set_new(o, key, json_integer(v));
}

void
jset_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v ? json_string(v) : json_null());
}

void
jset_bool(json_t *o, const char *key, bool v)
{
	json_object_set_new(o, key, json_boolean(v));
}

/* ---- jails, as the other parts look them up ---- */

json_t *
model_jails(struct model *m)
{
	return jarr(m->k, "jails");
}

json_t *
model_jail(struct model *m, int jid)
{
	size_t i;
	json_t *j;
	json_array_foreach(model_jails(m), i,
	    j) if (jail_jid(j) == jid) return j;
	return NULL;
}

int
jail_jid(json_t *j)
{
	return (int)jint(j, "jid");
}

int
jail_parent(json_t *j)
{
	return (int)jint(j, "parent");
}

const char *
jail_name(json_t *j)
{
	return jstr(j, "name");
}

bool
jail_below(struct model *m, int jid, int anc)
{
	for (int depth = 0; jid != 0 && depth < 64; depth++) {
		if (jid == anc)
			return true;
		json_t *j = model_jail(m, jid);
		if (j == NULL)
			return false;
		jid = jail_parent(j);
	}
	return anc == 0;
}

int
jail_vnet(struct model *m, int jid)
{
	for (int depth = 0; jid != 0 && depth < 64; depth++) {
		json_t *j = model_jail(m, jid);
		if (j == NULL)
			return 0;
		if (jbool(j, "vnet"))
			return jid;
		jid = jail_parent(j);
	}
	return 0;
}

int
model_self_jid(struct model *m)
{
	pid_t self = getpid();
	for (size_t i = 0; i < m->nprocs; i++)
		if (m->procs[i].pid == self)
			return m->procs[i].jid;
	return 0;
}
