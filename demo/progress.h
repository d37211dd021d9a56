/* progress.h: rate-limited progress reports to an rjd_progress_fn, with
 * the rate worked out here so every caller shows the same thing. */
#ifndef RJD_PROGRESS_H
#define RJD_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "runjdemo.h"

struct progress {
	rjd_progress_fn fn;
	void *arg;
	const char *phase;
	uint64_t total;
	uint64_t base; /* bytes that were there before (a resumed download) */
	int64_t start_ns;
	int64_t last_ns;
};

void progress_start(struct progress *p, rjd_progress_fn fn, void *arg,
    const char *phase, uint64_t total);
/* Reports done (at most ten times a second unless final); returns -1
 * with "cancelled" in *err when the callback asks to stop. */
int progress_report(struct progress *p, uint64_t done, bool final,
    struct rj_error **err);

#endif
