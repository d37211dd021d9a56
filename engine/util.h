/* util.h: the engine's helpers: the shared ones (runjutil.h) and those
 * only the engine needs. */
#ifndef RJ_UTIL_H
#define RJ_UTIL_H

#include "runjutil.h"

/* Start time of pid in clock ticks since boot (Linux: /proc/pid/stat field
 * 22; FreeBSD: kinfo_proc), or 0 when the process does not exist. */
uint64_t proc_start_time(pid_t pid);
#endif
