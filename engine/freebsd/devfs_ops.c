/* devfs_ops.c: the container's own devfs ruleset, through the devfs rule
 * ioctls (what devfs(8) does). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

/* Rulesets below this are left to the system's devfs.rules. */
#define RULESET_FIRST 1000
#define RULESET_MAX   65535

static int
pick_ruleset(unsigned *out, struct rj_error **err)
{
	_cleanup_free_ unsigned char *used = xcalloc(RULESET_MAX / 8 + 1, 1);
	unsigned rs = 0, next;
	while (kern_devfs_ruleset_next(rs, &next) == 0 && next > rs) {
		used[next / 8] |= (unsigned char)(1u << (next % 8));
		rs = next;
	}
	for (unsigned n = RULESET_FIRST; n <= RULESET_MAX; n++) {
		if (!(used[n / 8] & (1u << (n % 8)))) {
			*out = n;
			return 0;
		}
	}
	return rj_error_set(err, ENOSPC, "devfs: no free ruleset number");
}

int
fb_devfs_ruleset_make(const struct jail_plan *plan, unsigned *ruleset,
    struct rj_error **err)
{
	if (pick_ruleset(ruleset, err) < 0)
		return -1;
	for (size_t i = 0; i < plan->n_devfs; i++) {
		const struct devfs_step *s = &plan->devfs[i];
		struct kern_devfs_rule r = {
			.ruleset = *ruleset,
			.rule = s->rulenum,
			.include = s->include,
			.incset = s->incset,
			.path = s->include ? NULL : s->path,
			.action = s->hide ? KD_HIDE
			    : s->unhide	  ? KD_UNHIDE
					  : KD_NONE,
			.has_mode = !s->include && s->has_mode,
			.mode = s->mode,
		};
		if (kern_devfs_rule_add(&r) < 0) {
			int e = errno;
			fb_devfs_ruleset_remove(*ruleset, (unsigned)i, NULL);
			errno = e;
			return rj_error_sys(err, "devfs ruleset %u: rule %u",
			    *ruleset, s->rulenum);
		}
	}
	return 0;
}

int
fb_devfs_ruleset_remove(unsigned ruleset, unsigned nrules,
    struct rj_error **err)
{
	/* A ruleset without rules is gone. */
	for (unsigned n = 1; n <= nrules; n++)
		if (kern_devfs_rule_del(ruleset, n) < 0 && errno != ESRCH &&
		    errno != ENOENT)
			return rj_error_sys(err, "devfs ruleset %u: rule %u",
			    ruleset, n);
	return 0;
}
