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
