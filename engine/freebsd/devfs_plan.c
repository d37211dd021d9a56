/*
 * devfs_plan.c: freebsd.devices as a devfs ruleset of the container's own:
 * include the ruleset the /dev mount asked for (if any), then unhide each
 * listed device, with its mode.  Also the names of the stock rulesets of
 * /etc/defaults/devfs.rules, so "ruleset=devfsrules_jail" works.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_plan.h"
#include "util.h"

static const struct {
	const char *name;
	unsigned number;
} rulesets[] = {
	{ "devfsrules_hide_all", 1 },
	{ "devfsrules_unhide_basic", 2 },
	{ "devfsrules_unhide_login", 3 },
	{ "devfsrules_jail", 4 },
	{ "devfsrules_jail_vnet", 5 },
};

int
devfs_ruleset_parse(const char *text, unsigned *out, struct rj_error **err)
{
	for (size_t i = 0; i < ARRAY_SIZE(rulesets); i++) {
		if (strcmp(text, rulesets[i].name) == 0) {
			*out = rulesets[i].number;
			return 0;
		}
	}
	char *end;
	errno = 0;
	unsigned long n = strtoul(text, &end, 10);
	if (*text < '0' || *text > '9' || *end != '\0' || errno != 0 ||
	    n > 65535)
		return rj_error_set(err, EINVAL,
		    "unknown devfs ruleset \"%s\" (a number or one of "
		    "devfsrules_hide_all, devfsrules_unhide_basic, "
		    "devfsrules_unhide_login, devfsrules_jail, "
		    "devfsrules_jail_vnet)",
		    text);
	*out = (unsigned)n;
	return 0;
}

static struct devfs_step *
add(struct jail_plan *plan)
{
	plan->devfs = xrealloc(plan->devfs,
	    (plan->n_devfs + 1) * sizeof(*plan->devfs));
	struct devfs_step *s = &plan->devfs[plan->n_devfs++];
	memset(s, 0, sizeof(*s));
	s->rulenum = (unsigned)plan->n_devfs;
	return s;
}

int
devfs_plan_build(const struct rj_spec *spec, unsigned base, bool has_base,
    struct jail_plan *plan, struct rj_error **err)
{
	(void)err;
	const struct rj_freebsd *fb = &spec->freebsd;
	if (fb->n_devices == 0)
		return 0;
	plan->devfs_own = true;
	if (has_base) {
		struct devfs_step *s = add(plan);
		s->include = true;
		s->incset = base;
	}
	for (size_t i = 0; i < fb->n_devices; i++) {
		struct devfs_step *s = add(plan);
		s->path = xstrdup(fb->devices[i].path);
		s->unhide = true;
		s->has_mode = fb->devices[i].has_mode;
		s->mode = fb->devices[i].mode;
	}
	return 0;
}
