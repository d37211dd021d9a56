/*
 * jail_params.c: the jail(2) parameters of a container, from the merged
 * freebsd.jail section, the hostname and the domainname.  Fields the config
 * leaves unset are not passed, so the kernel's defaults (jail(8)) apply.
 */
#include <string.h>

#include "freebsd/jail_plan.h"
#include "util.h"

static void
add(struct jail_plan *plan, const char *name, const char *value)
{
	plan->params = xrealloc(plan->params,
	    (plan->n_params + 1) * sizeof(*plan->params));
	plan->params[plan->n_params].name = xstrdup(name);
	plan->params[plan->n_params].value = xstrdup(value);
	plan->n_params++;
}

static void
add_share(struct jail_plan *plan, const char *name, enum fb_share s)
{
	if (s != FB_SHARE_UNSET)
		add(plan, name, fb_share_name(s));
}

int
jail_params_build(const struct rj_spec *spec, const struct rj_freebsd_jail *j,
    struct jail_plan *plan, struct rj_error **err)
{
	(void)err;
	add(plan, "name", plan->full_name);
	add(plan, "path", plan->path);
	/* The jail outlives its init: delete removes it. */
	add(plan, "persist", "true");

	enum fb_share host = j->host;
	if (spec->hostname != NULL)
		add(plan, "host.hostname", spec->hostname);
	if (spec->domainname != NULL)
		add(plan, "host.domainname", spec->domainname);
	if (host == FB_SHARE_UNSET &&
	    (spec->hostname != NULL || spec->domainname != NULL))
		host = FB_SHARE_NEW;
	add_share(plan, "host", host);

	add_share(plan, "vnet", j->vnet);
	add_share(plan, "ip4", j->ip4);
	if (j->ip4_addr != NULL && j->ip4_addr[0] != NULL) {
		_cleanup_free_ char *v = strv_join(j->ip4_addr, ",");
		add(plan, "ip4.addr", v);
	}
	add_share(plan, "ip6", j->ip6);
	if (j->ip6_addr != NULL && j->ip6_addr[0] != NULL) {
		_cleanup_free_ char *v = strv_join(j->ip6_addr, ",");
		add(plan, "ip6.addr", v);
	}
	add_share(plan, "sysvmsg", j->sysvmsg);
	add_share(plan, "sysvsem", j->sysvsem);
	add_share(plan, "sysvshm", j->sysvshm);
	if (j->has_enforce_statfs) {
		char v[4];
		snprintf(v, sizeof(v), "%d", j->enforce_statfs);
		add(plan, "enforce_statfs", v);
	}
	for (int i = 0; i < FB_ALLOW_COUNT; i++)
		if (j->allow_set[i])
			add(plan, fb_allow_table[i].param,
			    j->allow[i] ? "true" : "false");
	if (j->allow_mount != NULL && j->allow_mount[0] != NULL) {
		add(plan, "allow.mount", "true");
		for (size_t i = 0; j->allow_mount[i] != NULL; i++) {
			_cleanup_free_ char *p = xasprintf("allow.mount.%s",
			    j->allow_mount[i]);
			add(plan, p, "true");
		}
	}
	return 0;
}
