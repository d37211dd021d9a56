/* devfs_ops.c: the container's own devfs ruleset, through the devfs rule
 * ioctls on the host's /dev (what devfs(8) does). */
#include <sys/param.h>
#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <fs/devfs/devfs.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "util.h"

/* Rulesets below this are left to the system's devfs.rules. */
#define RULESET_FIRST 1000

static int
pick_ruleset(int fd, unsigned *out, struct rj_error **err)
{
	_cleanup_free_ unsigned char *used = xcalloc(65536 / 8, 1);
	devfs_rsnum rs = 0;
	while (ioctl(fd, DEVFSIO_SGETNEXT, &rs) == 0 && rs != 0)
		used[rs / 8] |= (unsigned char)(1u << (rs % 8));
	for (unsigned n = RULESET_FIRST; n < 65536; n++) {
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
	_cleanup_close_ int fd = open("/dev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "devfs: /dev");
	if (pick_ruleset(fd, ruleset, err) < 0)
		return -1;
	for (size_t i = 0; i < plan->n_devfs; i++) {
		const struct devfs_step *s = &plan->devfs[i];
		struct devfs_rule r;
		memset(&r, 0, sizeof(r));
		r.dr_magic = DEVFS_MAGIC;
		r.dr_id = mkrid(*ruleset, s->rulenum);
		if (s->include) {
			r.dr_iacts = DRA_INCSET;
			r.dr_incset = (devfs_rsnum)s->incset;
		} else {
			r.dr_icond = DRC_PATHPTRN;
			snprintf(r.dr_pathptrn, sizeof(r.dr_pathptrn), "%s",
			    s->path);
			r.dr_iacts = DRA_BACTS;
			r.dr_bacts = DRB_UNHIDE;
			if (s->has_mode) {
				r.dr_iacts |= DRA_MODE;
				r.dr_mode = s->mode;
			}
		}
		if (ioctl(fd, DEVFSIO_RADD, &r) < 0) {
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
	_cleanup_close_ int fd = open("/dev", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "devfs: /dev");
	/* A ruleset without rules is gone. */
	for (unsigned n = 1; n <= nrules; n++) {
		devfs_rid rid = mkrid(ruleset, n);
		if (ioctl(fd, DEVFSIO_RDEL, &rid) < 0 && errno != ESRCH &&
		    errno != ENOENT)
			return rj_error_sys(err, "devfs ruleset %u: rule %u",
			    ruleset, n);
	}
	return 0;
}
