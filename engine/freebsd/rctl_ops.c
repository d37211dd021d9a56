/* rctl_ops.c: the jail's resource limits with rctl(2). */
#include <errno.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

int
fb_racct_enabled(struct rj_error **err)
{
	int on = 0;
	if (kern_sysctl_int("kern.racct.enable", &on) < 0 || on == 0)
		return rj_error_set(err, ENOSYS,
		    "resource limits need racct, which this kernel has "
		    "disabled: set kern.racct.enable=1 in /boot/loader.conf "
		    "and reboot");
	return 0;
}

int
fb_rctl_apply(char *const *rules, struct rj_error **err)
{
	for (size_t i = 0; rules != NULL && rules[i] != NULL; i++)
		if (kern_rctl_add_rule(rules[i]) < 0)
			return rj_error_sys(err, "rctl rule %s", rules[i]);
	return 0;
}

int
fb_rctl_remove(const char *full_name, struct rj_error **err)
{
	_cleanup_free_ char *filter = xasprintf("jail:%s", full_name);
	if (kern_rctl_remove_rule(filter) < 0 && errno != ESRCH &&
	    errno != ENOSYS)
		return rj_error_sys(err, "rctl: removing the rules of %s",
		    full_name);
	return 0;
}

int
fb_rctl_usage(const char *full_name, struct rj_stats *st, struct rj_error **err)
{
	_cleanup_free_ char *filter = xasprintf("jail:%s:", full_name);
	char buf[4096];
	if (kern_rctl_get_racct(filter, buf, sizeof(buf)) < 0) {
		if (errno == ENOSYS)
			return fb_racct_enabled(err);
		return rj_error_sys(err, "rctl: usage of %s", full_name);
	}
	rctl_usage_parse(buf, st);
	return 0;
}

/* runj update: the rules linux.resources maps to replace the jail's
 * (rctl_rule_add() drops a deny rule that differs only in amount); a
 * negative value, the spec's "unlimited", removes the rule. */
int
fb_rctl_update(const char *full_name, const struct rj_resources *r,
    int64_t *memory_limit, struct rj_error **err)
{
	if (fb_racct_enabled(err) < 0)
		return -1;
	const struct {
		bool has, unlimited;
		const char *resource;
	} cleared[] = {
		{ r->memory.has_limit, r->memory.limit < 0, "memoryuse" },
		{ r->memory.has_swap, r->memory.swap < 0, "swapuse" },
		{ r->pids.has_limit, r->pids.limit <= 0, "maxproc" },
		{ r->cpu.has_quota, r->cpu.quota <= 0, "pcpu" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cleared); i++) {
		if (!cleared[i].has || !cleared[i].unlimited)
			continue;
		_cleanup_free_ char *f = xasprintf("jail:%s:%s:deny", full_name,
		    cleared[i].resource);
		if (kern_rctl_remove_rule(f) < 0 && errno != ESRCH)
			return rj_error_sys(err, "rctl: removing %s", f);
		if (i == 0)
			*memory_limit = 0;
	}
	char **rules = NULL;
	if (rctl_rules_from_resources(r, full_name, &rules, err) < 0)
		return -1;
	int rc = fb_rctl_apply(rules, err);
	uint64_t mem = rctl_memory_limit(rules);
	if (rc == 0 && mem > 0)
		*memory_limit = (int64_t)mem;
	strv_free(rules);
	return rc;
}
