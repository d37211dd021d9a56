/* progress.c: progress reports, rate-limited, with the transfer rate. */
#include <errno.h>
#include <string.h>

#include "progress.h"
#include "runjutil.h"

#define PROGRESS_INTERVAL_NS 100000000LL

void
progress_start(struct progress *p, rjd_progress_fn fn, void *arg,
    const char *phase, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->fn = fn;
	p->arg = arg;
	p->phase = phase;
	p->total = total;
	p->start_ns = now_ns();
}

int
progress_report(struct progress *p, uint64_t done, bool final,
    struct rj_error **err)
{
	if (p->fn == NULL)
		return 0;
	int64_t now = now_ns();
	if (!final && p->last_ns != 0 &&
	    now - p->last_ns < PROGRESS_INTERVAL_NS)
		return 0;
	p->last_ns = now;
	double secs = (double)(now - p->start_ns) / 1e9;
	struct rjd_progress r = {
		.phase = p->phase,
		.done = done,
		.total = p->total,
		.rate = secs > 0.05 && done >= p->base
		    ? (double)(done - p->base) / secs
		    : 0,
	};
	if (!p->fn(p->arg, &r))
		return rj_error_set(err, ECANCELED, "cancelled");
	return 0;
}
