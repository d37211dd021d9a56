/* budget.c: the extraction size budget. */
#include <errno.h>
#include <sys/statvfs.h>

#include "budget.h"
#include "fsutil.h"
#include "runjdemo.h"
#include "runjutil.h"

int
budget_init(struct budget *b, uint64_t max, uint64_t input_size,
    const char *out, struct rj_error **err)
{
	*b = (struct budget){ .limit = max };
	if (max != 0)
		return 0;
	b->limit = UINT64_MAX;
	if (input_size > 0 && input_size <= UINT64_MAX / BUDGET_RATIO)
		b->limit = input_size * BUDGET_RATIO > BUDGET_FLOOR
		    ? input_size * BUDGET_RATIO
		    : BUDGET_FLOOR;
	if (out == NULL)
		return 0;
	struct statvfs vfs;
	if (statvfs(out, &vfs) < 0)
		return rj_error_sys(err, "statvfs %s", out);
	uint64_t free_bytes = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	uint64_t disk = free_bytes / 100 * BUDGET_DISK_SHARE;
	if (disk < b->limit) {
		b->limit = disk;
		b->by_disk = true;
	}
	return 0;
}

int
budget_charge(struct budget *b, const char *entry, uint64_t n,
    struct rj_error **err)
{
	if (b == NULL)
		return 0;
	b->used = b->used > UINT64_MAX - n ? UINT64_MAX : b->used + n;
	if (b->limit == UINT64_MAX || b->used <= b->limit)
		return 0;
	char lim[32];
	size_text(b->limit, lim, sizeof(lim));
	return rj_error_set(err, EFBIG,
	    "%s: over the size budget of %s (%s--max-size)", entry, lim,
	    b->by_disk ? "95% of the space free where it goes; " : "");
}
