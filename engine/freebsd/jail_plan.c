/*
 * jail_plan.c: builds the whole plan of a container and makes the checks
 * that need more than one field: the compat settings merged in, host
 * inherit against a hostname, vnetInterfaces against vnet, addresses
 * against the ip4/ip6 modes and vnet.
 */
#include <errno.h>
#include <string.h>

#include "freebsd/jail_name.h"
#include "freebsd/jail_plan.h"
#include "util.h"

static bool
nonempty(char *const *v)
{
	return v != NULL && v[0] != NULL;
}

static int
check_jail(const struct rj_spec *spec, const struct rj_freebsd_jail *j,
    struct rj_error **err)
{
	if (j->host == FB_SHARE_INHERIT &&
	    (spec->hostname != NULL || spec->domainname != NULL))
		return rj_error_set(err, EINVAL,
		    "freebsd.jail.host: \"inherit\" cannot go with %s (the "
		    "jail would use the host's)",
		    spec->hostname ? "hostname" : "domainname");
	if (nonempty(j->vnet_interfaces) && j->vnet != FB_SHARE_NEW)
		return rj_error_set(err, EINVAL,
		    "freebsd.jail.vnetInterfaces: needs freebsd.jail.vnet "
		    "set to \"new\"");
	if (nonempty(j->ip4_addr) && j->ip4 != FB_SHARE_UNSET &&
	    j->ip4 != FB_SHARE_NEW)
		return rj_error_set(err, EINVAL,
		    "freebsd.jail.ip4Addr: needs freebsd.jail.ip4 \"new\" "
		    "or unset, not \"%s\"",
		    fb_share_name(j->ip4));
	if (nonempty(j->ip6_addr) && j->ip6 != FB_SHARE_UNSET &&
	    j->ip6 != FB_SHARE_NEW)
		return rj_error_set(err, EINVAL,
		    "freebsd.jail.ip6Addr: needs freebsd.jail.ip6 \"new\" "
		    "or unset, not \"%s\"",
		    fb_share_name(j->ip6));
	if ((nonempty(j->ip4_addr) || nonempty(j->ip6_addr)) &&
	    j->vnet == FB_SHARE_NEW)
		return rj_error_set(err, EINVAL,
		    "freebsd.jail.ip4Addr: a jail with its own vnet sets its "
		    "addresses inside; drop ip4Addr/ip6Addr or vnet \"new\"");
	return 0;
}

static int
build(const struct jail_plan_input *in, struct jail_plan *plan,
    struct rj_error **err)
{
	const struct rj_spec *spec = in->spec;
	struct rj_freebsd_jail j = { 0 };
	int rc = -1;

	fb_jail_copy(&j, &spec->freebsd.jail);
	if (in->ext_json != NULL && compat_runj_ext(in->ext_json, &j, err) < 0)
		goto out;
	if (compat_annotations(spec->annotations, &j, &plan->warnings, err) < 0)
		goto out;
	if (check_jail(spec, &j, err) < 0)
		goto out;
	if (jail_name_from_id(in->id, &plan->name, err) < 0)
		goto out;
	plan->parent = j.parent ? xstrdup(j.parent) : NULL;
	plan->full_name = jail_name_full(j.parent, plan->name);
	if (strlen(plan->full_name) > JAIL_NAME_MAX) {
		rj_error_set(err, ENAMETOOLONG,
		    "jail name %.32s...: longer than %d characters",
		    plan->full_name, JAIL_NAME_MAX);
		goto out;
	}
	plan->path = spec->root_readonly ? xasprintf("%s/root", in->state_dir)
					 : xstrdup(in->rootfs);
	plan->vnet = j.vnet == FB_SHARE_NEW;
	plan->vnet_interfaces = strv_dup(j.vnet_interfaces);
	plan->interface = j.interface ? xstrdup(j.interface) : NULL;
	plan->ip4_addr = strv_dup(j.ip4_addr);
	plan->ip6_addr = strv_dup(j.ip6_addr);
	plan->oci_defaults = !spec->freebsd.has_jail && in->ext_json == NULL;
	if (jail_params_build(spec, &j, plan, err) < 0 ||
	    mount_plan_build(in, plan, err) < 0 ||
	    rctl_plan_build(spec, plan->full_name, plan, err) < 0)
		goto out;
	rc = 0;
out:
	fb_jail_free(&j);
	return rc;
}

int
jail_plan_build(const struct jail_plan_input *in, struct jail_plan *plan,
    struct rj_error **err)
{
	memset(plan, 0, sizeof(*plan));
	if (build(in, plan, err) < 0) {
		jail_plan_free(plan);
		return -1;
	}
	return 0;
}

void
jail_plan_free(struct jail_plan *plan)
{
	free(plan->name);
	free(plan->full_name);
	free(plan->parent);
	free(plan->path);
	for (size_t i = 0; i < plan->n_params; i++) {
		free(plan->params[i].name);
		free(plan->params[i].value);
	}
	free(plan->params);
	for (size_t i = 0; i < plan->n_mounts; i++) {
		struct mount_step *m = &plan->mounts[i];
		for (size_t k = 0; k < m->n_apply; k++)
			free(m->apply[k].path);
		free(m->apply);
		free(m->fstype);
		free(m->dest);
		free(m->fspath);
		free(m->source);
		strv_free(m->opts);
	}
	free(plan->mounts);
	for (size_t i = 0; i < plan->n_devfs; i++)
		free(plan->devfs[i].path);
	free(plan->devfs);
	strv_free(plan->rctl_rules);
	strv_free(plan->vnet_interfaces);
	free(plan->interface);
	strv_free(plan->ip4_addr);
	strv_free(plan->ip6_addr);
	strv_free(plan->warnings);
	memset(plan, 0, sizeof(*plan));
}
