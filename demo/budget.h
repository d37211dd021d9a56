/*
 * budget.h: how much an extraction may read, so that an archive bomb (a
 * megabyte of gzip that inflates to the whole disk) stops early with an
 * error naming its entry.  Every entry costs a tar block for its header
 * and inode, plus its data; data skipped over counts too.
 */
#ifndef RJD_BUDGET_H
#define RJD_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "runj.h"

#define BUDGET_ENTRY_COST 512
/* The default: BUDGET_RATIO times the input, at least BUDGET_FLOOR... */
#define BUDGET_FLOOR (256ULL << 20)
#define BUDGET_RATIO 64
/* ...and, on disk, at most this share (percent) of the space free. */
#define BUDGET_DISK_SHARE 95

struct budget {
	uint64_t limit; /* UINT64_MAX: none */
	uint64_t used;
	bool by_disk; /* the limit is the free space's */
};

/* max: an rjd_*_opts max_size (0: the default, RJD_NO_BUDGET: none).
 * input_size: the archive's bytes (0 for a directory: no ratio).  out: a
 * directory on the file system written to, or NULL when what is read is
 * not written out whole (a compressed layer). */
int budget_init(struct budget *b, uint64_t max, uint64_t input_size,
    const char *out, struct rj_error **err);
/* Counts n bytes for entry; fails, naming it, past the limit. */
int budget_charge(struct budget *b, const char *entry, uint64_t n,
    struct rj_error **err);

#endif
