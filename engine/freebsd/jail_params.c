/*
 * jail_params.c: the jail(2) parameters of a container, from the merged
 * freebsd.jail section, the hostname and the domainname.  Fields the config
 * leaves unset are not passed, so the kernel's defaults apply -- except in
 * a bundle written for ocijail, which gets ocijail's defaults (see
 * jail_plan.h, oci_defaults).
 *
 * The kernel refuses any ip4 or ip6 parameter, even "inherit", next to any
 * vnet parameter, even "inherit" (kern_jail_set: "vnet jails cannot have IP
 * address restrictions").  So vnet is passed only as "new" (inherit is the
 * default), and a jail with its own vnet gets no ip4/ip6 mode; addresses
 * with a vnet of its own are refused earlier, in jail_plan.c.
 */
#include <stdio.h>
#include <string.h>

#include "freebsd/jail_plan.h"
#include "util.h"

static bool
has(const struct jail_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->n_params; i++)
		if (strcmp(plan->params[i].name, name) == 0)
			return true;
	return false;
}

static void
add(struct jail_plan *plan, const char *name, const char *value)
{
	if (has(plan, name))
		return;
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

static void
add_addrs(struct jail_plan *plan, const char *name, char *const *addrs)
{
	if (addrs == NULL || addrs[0] == NULL)
		return;
	_cleanup_free_ char *v = strv_join(addrs, ",");
	add(plan, name, v);
}

int
jail_params_build(const struct rj_spec *spec, const struct rj_freebsd_jail *j,
    struct jail_plan *plan, struct rj_error **err)
{
	(void)err;
	bool oci = plan->oci_defaults;
	add(plan, "name", plan->full_name);
	add(plan, "path", plan->path);
	/* The jail outlives its init: delete removes it. */
	add(plan, "persist", "true");

	enum fb_share host = j->host;
	if (spec->hostname != NULL)
		add(plan, "host.hostname", spec->hostname);
	if (spec->domainname != NULL)
		add(plan, "host.domainname", spec->domainname);
	if (host == FB_SHARE_UNSET)
		host = spec->hostname != NULL || spec->domainname != NULL
		    ? FB_SHARE_NEW
		    : oci ? FB_SHARE_INHERIT
			  : FB_SHARE_UNSET;
	add_share(plan, "host", host);

	if (j->vnet == FB_SHARE_NEW) {
		add(plan, "vnet", "new");
	} else {
		enum fb_share ip4 = j->ip4, ip6 = j->ip6;
		if (oci && ip4 == FB_SHARE_UNSET)
			ip4 = FB_SHARE_INHERIT;
		if (oci && ip6 == FB_SHARE_UNSET)
			ip6 = FB_SHARE_INHERIT;
		add_share(plan, "ip4", ip4);
		add_addrs(plan, "ip4.addr", j->ip4_addr);
		add_share(plan, "ip6", ip6);
		add_addrs(plan, "ip6.addr", j->ip6_addr);
	}
	add_share(plan, "sysvmsg", j->sysvmsg);
	add_share(plan, "sysvsem", j->sysvsem);
	add_share(plan, "sysvshm", j->sysvshm);
	if (j->has_enforce_statfs || oci) {
		char v[4];
		snprintf(v, sizeof(v), "%d",
		    j->has_enforce_statfs ? j->enforce_statfs : 1);
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
	for (size_t i = 0; j->allow_extra != NULL && j->allow_extra[i]; i++)
		add(plan, j->allow_extra[i], "true");
	if (oci && !has(plan, "allow.raw_sockets"))
		add(plan, "allow.raw_sockets", "true");
	if (oci && !has(plan, "allow.chflags")) {
		add(plan, "allow.chflags", "true");
		plan->chflags_default = true;
	}
	return 0;
}
