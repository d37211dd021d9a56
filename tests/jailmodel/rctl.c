/*
 * rctl.c: rctl(2) after sys/kern/kern_rctl.c, racct after kern_racct.c,
 * and the one sysctl the driver reads.  Rules are recorded, as text in
 * rctl_rule_to_sbuf() form, not enforced; usage is computed from /proc
 * when asked, per prison_racct (by jail name, counting the jail's
 * descendants as racct_add_cred() does).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

enum {
	R_DENIABLE = 1 << 0,
	R_DECAYING = 1 << 1,
	R_SLOPPY = 1 << 2,
	R_MILLIONS = 1 << 3, /* RACCT_IN_MILLIONS */
};

/* racct_types[] (kern_racct.c), in RACCT_* order, which is also the
 * order rctl_get_racct() prints them in. */
static const struct res {
	const char *name;
	unsigned flags;
} resources[] = {
	{ "cputime", R_MILLIONS },
	{ "datasize", R_DENIABLE },
	{ "stacksize", R_DENIABLE },
	{ "coredumpsize", R_DENIABLE },
	{ "memoryuse", 0 },
	{ "memorylocked", R_DENIABLE },
	{ "maxproc", R_DENIABLE },
	{ "openfiles", R_DENIABLE },
	{ "vmemoryuse", R_DENIABLE },
	{ "pseudoterminals", R_DENIABLE | R_SLOPPY },
	{ "swapuse", R_DENIABLE | R_SLOPPY },
	{ "nthr", R_DENIABLE },
	{ "msgqqueued", R_DENIABLE | R_SLOPPY },
	{ "msgqsize", R_DENIABLE | R_SLOPPY },
	{ "nmsgq", R_DENIABLE | R_SLOPPY },
	{ "nsem", R_DENIABLE | R_SLOPPY },
	{ "nsemop", R_DENIABLE },
	{ "nshm", R_DENIABLE | R_SLOPPY },
	{ "shmsize", R_DENIABLE | R_SLOPPY },
	{ "wallclock", R_MILLIONS },
	{ "pcpu", R_DECAYING | R_DENIABLE | R_MILLIONS },
	{ "readbps", R_DECAYING },
	{ "writebps", R_DECAYING },
	{ "readiops", R_DECAYING },
	{ "writeiops", R_DECAYING },
};

static const char *const subjects[] = { "process", "user", "loginclass",
	"jail" };

/* actionnames[] (kern_rctl.c): the signals, then the rest. */
static const char *const actions[] = { "sighup", "sigint", "sigquit", "sigill",
	"sigtrap", "sigabrt", "sigemt", "sigfpe", "sigkill", "sigbus",
	"sigsegv", "sigsys", "sigpipe", "sigalrm", "sigterm", "sigurg",
	"sigstop", "sigtstp", "sigchld", "sigttin", "sigttou", "sigio",
	"sigxcpu", "sigxfsz", "sigvtalrm", "sigprof", "sigwinch", "siginfo",
	"sigusr1", "sigusr2", "sigthr", "deny", "log", "devctl", "throttle" };

/* A parsed rule; empty fields are "undefined" (a filter). */
struct rule {
	char subject[16], id[256], resource[32], action[16], per[16];
	bool has_amount;
	int64_t amount;
};

static int
lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

static const struct res *
res_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(resources); i++)
		if (strcmp(resources[i].name, name) == 0)
			return &resources[i];
	return NULL;
}

/* rctl_string_to_rule: subject:id:resource:action=amount/per, each part
 * optional; an unknown name (str2value) or a bad number (str2int64) is
 * EINVAL, an amount too big once scaled to millions ERANGE. */
static int
parse(const char *text, struct rule *r)
{
	memset(r, 0, sizeof(*r));
	_cleanup_free_ char *copy = xstrdup(text);
	char *s = copy;
	char *subject = strsep(&s, ":"), *id = strsep(&s, ":");
	char *res = strsep(&s, ":"), *act = strsep(&s, "=/");
	char *amount = strsep(&s, "/"), *per = s;
	if (subject && *subject) {
		if (lookup(subjects, ARRAY_SIZE(subjects), subject) < 0)
			return errno = EINVAL, -1;
		snprintf(r->subject, sizeof(r->subject), "%s", subject);
	}
	if (id && *id) {
		if (r->subject[0] == '\0')
			return errno = EINVAL, -1;
		/* prison_racct_find: a name of MAXHOSTNAMELEN or more. */
		if (strlen(id) >= 256)
			return errno = ENAMETOOLONG, -1;
		snprintf(r->id, sizeof(r->id), "%s", id);
	}
	if (res && *res) {
		if (res_find(res) == NULL)
			return errno = EINVAL, -1;
		snprintf(r->resource, sizeof(r->resource), "%s", res);
	}
	if (act && *act) {
		if (lookup(actions, ARRAY_SIZE(actions), act) < 0)
			return errno = EINVAL, -1;
		snprintf(r->action, sizeof(r->action), "%s", act);
	}
	if (amount && *amount) {
		char *end;
		errno = 0;
		long long v = strtoll(amount, &end, 10);
		if (*end != '\0' || errno != 0 || v < 0)
			return errno = EINVAL, -1;
		const struct res *rs = res_find(r->resource);
		if (rs && (rs->flags & R_MILLIONS) && v > INT64_MAX / 1000000)
			return errno = ERANGE, -1;
		r->has_amount = true;
		r->amount = v;
	}
	if (per && *per) {
		if (lookup(subjects, ARRAY_SIZE(subjects), per) < 0)
			return errno = EINVAL, -1;
		snprintf(r->per, sizeof(r->per), "%s", per);
	}
	return 0;
}

static char *
to_text(const struct rule *r)
{
	const char *per = r->per[0] ? r->per : r->subject;
	return xasprintf("%s:%s:%s:%s=%" PRId64 "%s%s", r->subject, r->id,
	    r->resource, r->action, r->amount,
	    strcmp(per, r->subject) ? "/" : "",
	    strcmp(per, r->subject) ? per : "");
}

/* rctl_rule_matches: every field the filter gives must be equal. */
static bool
matches(const struct rule *rule, const struct rule *f)
{
	return (!f->subject[0] || strcmp(f->subject, rule->subject) == 0) &&
	    (!f->id[0] || strcmp(f->id, rule->id) == 0) &&
	    (!f->resource[0] || strcmp(f->resource, rule->resource) == 0) &&
	    (!f->action[0] || strcmp(f->action, rule->action) == 0) &&
	    (!f->has_amount || f->amount == rule->amount) &&
	    (!f->per[0] ||
		strcmp(f->per, rule->per[0] ? rule->per : rule->subject) == 0);
}

static int
remove_matching(struct model *m, const struct rule *f)
{
	json_t *rules = jarr(m->k, "rctl");
	int found = 0;
	for (size_t i = json_array_size(rules); i-- > 0;) {
		struct rule r;
		if (parse(json_string_value(json_array_get(rules, i)), &r) < 0)
			continue;
		if (matches(&r, f)) {
			json_array_remove(rules, i);
			found++;
		}
	}
	if (found)
		m->dirty = true;
	return found;
}

/* kern.racct.enable; every other name is unknown here. */
int
kern_sysctl_int(const char *name, int *value)
{
	if (strcmp(name, "kern.racct.enable") != 0) {
		errno = ENOENT;
		return -1;
	}
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	*value = jbool(m.k, "racct");
	model_leave(&m);
	return 0;
}

/* Every rctl(2) call starts: if (!racct_enable) return (ENOSYS). */
static int
enter_racct(struct model *m)
{
	if (model_enter(m) < 0)
		return -1;
	if (!jbool(m->k, "racct")) {
		model_leave(m);
		errno = ENOSYS;
		return -1;
	}
	return 0;
}

/* sys_rctl_add_rule + rctl_rule_add: the rule must be complete (EINVAL);
 * deny on what cannot be denied (memoryuse and pcpu excepted, which are
 * enforced otherwise), throttle on what does not decay or on pcpu, a
 * per-process rule on a sloppy resource: EOPNOTSUPP.  A deny rule
 * replaces the deny rule differing only in amount; any other rule an
 * identical one. */
int
kern_rctl_add_rule(const char *text)
{
	struct rule r;
	if (parse(text, &r) < 0)
		return -1;
	const struct res *res = res_find(r.resource);
	if (!r.subject[0] || !r.id[0] || res == NULL || !r.action[0] ||
	    !r.has_amount) {
		errno = EINVAL;
		return -1;
	}
	bool deny = strcmp(r.action, "deny") == 0;
	bool throttle = strcmp(r.action, "throttle") == 0;
	if ((deny && !(res->flags & R_DENIABLE) &&
		strcmp(r.resource, "memoryuse") != 0 &&
		strcmp(r.resource, "pcpu") != 0) ||
	    (throttle && !(res->flags & R_DECAYING)) ||
	    (throttle && strcmp(r.resource, "pcpu") == 0) ||
	    (strcmp(r.per, "process") == 0 && (res->flags & R_SLOPPY))) {
		errno = EOPNOTSUPP;
		return -1;
	}
	struct model m;
	if (enter_racct(&m) < 0)
		return -1;
	struct rule f = r;
	if (deny)
		f.has_amount = false;
	remove_matching(&m, &f);
	_cleanup_free_ char *t = to_text(&r);
	json_array_append_new(jarr(m.k, "rctl"), json_string(t));
	m.dirty = true;
	model_leave(&m);
	return 0;
}

/* sys_rctl_remove_rule + rctl_rule_remove: ESRCH when none matched. */
int
kern_rctl_remove_rule(const char *filter)
{
	struct model m;
	if (enter_racct(&m) < 0)
		return -1;
	struct rule f;
	int rc = -1;
	if (parse(filter, &f) == 0) {
		if (remove_matching(&m, &f) > 0)
			rc = 0;
		else
			errno = ESRCH;
	}
	model_leave(&m);
	return rc;
}

/* What the jail's processes use now: number, threads, resident memory,
 * CPU seconds, open files, wall clock since the oldest started. */
static void
usage(struct model *m, const char *name, int64_t *v)
{
	long tick = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	struct timespec up;
	clock_gettime(CLOCK_BOOTTIME, &up);
	uint64_t oldest = 0;
	size_t i;
	json_t *j;
	json_array_foreach(model_jails(m), i, j)
	{
		if (strcmp(jail_name(j), name) != 0)
			continue;
		for (size_t k = 0; k < m->nprocs; k++) {
			const struct mproc *p = &m->procs[k];
			if (p->jid == 0 || p->state == 'Z' ||
			    !jail_below(m, p->jid, jail_jid(j)))
				continue;
			v[6]++; /* maxproc */
			char path[64], buf[1024];
			snprintf(path, sizeof(path), "/proc/%d/stat",
			    (int)p->pid);
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1)
					    : -1;
			if (fd >= 0)
				close(fd);
			if (n > 0) {
				buf[n] = '\0';
				char *s = strrchr(buf, ')');
				unsigned long long ut = 0, st = 0, vsz = 0,
						   rss = 0, nthr = 0;
				/* fields 14, 15, 20, 23, 24 */
				if (s &&
				    sscanf(s + 2,
					"%*c %*d %*d %*d %*d %*d %*u "
					"%*u %*u %*u %*u %llu %llu %*d "
					"%*d %*d %*d %llu %*d %*u %llu "
					"%llu",
					&ut, &st, &nthr, &vsz, &rss) == 5) {
					v[0] += (int64_t)((ut + st) /
					    (unsigned long long)tick);
					v[11] += (int64_t)nthr;
					v[8] += (int64_t)vsz;
					v[4] += (int64_t)(rss *
					    (unsigned long long)page);
				}
			}
			if (oldest == 0 || p->start < oldest)
				oldest = p->start;
		}
	}
	if (oldest != 0)
		v[19] = (int64_t)up.tv_sec - (int64_t)(oldest / (uint64_t)tick);
}

/* sys_rctl_get_racct: "resource=amount," for every resource, trailing
 * comma dropped; ERANGE when it does not fit. */
int
kern_rctl_get_racct(const char *filter, char *out, size_t outlen)
{
	struct rule f;
	if (parse(filter, &f) < 0)
		return -1;
	struct model m;
	if (enter_racct(&m) < 0)
		return -1;
	int rc = -1;
	if (strcmp(f.subject, "jail") != 0 || !f.id[0]) {
		errno = EINVAL;
	} else {
		int64_t v[ARRAY_SIZE(resources)] = { 0 };
		usage(&m, f.id, v);
		size_t len = 0;
		for (size_t i = 0; i < ARRAY_SIZE(resources); i++) {
			int w = snprintf(out + len,
			    outlen > len ? outlen - len : 0, "%s%s=%" PRId64,
			    i ? "," : "", resources[i].name, v[i]);
			len += (size_t)w;
		}
		if (len + 1 > outlen)
			errno = ERANGE;
		else
			rc = 0;
	}
	model_leave(&m);
	return rc;
}

/* rctl_get_rules, for jmctl: the rules matching filter, one a line. */
char *
model_rctl_rules(const char *filter)
{
	struct rule f;
	if (parse(filter, &f) < 0)
		return NULL;
	struct model m;
	if (enter_racct(&m) < 0)
		return NULL;
	char *out = xstrdup("");
	size_t i;
	json_t *t;
	json_array_foreach(jarr(m.k, "rctl"), i, t)
	{
		struct rule r;
		if (parse(json_string_value(t), &r) < 0 || !matches(&r, &f))
			continue;
		char *n = xasprintf("%s%s\n", out, json_string_value(t));
		free(out);
		out = n;
	}
	model_leave(&m);
	return out;
}
