/*
 * logger.h: the output of a container created with log_to_state (what
 * runj-tui makes).  Its stdout and stderr are pipes to a process of their
 * own, the logger, which writes <state dir>/console.log one record a
 * line, "<RFC 3339 time> <stdout|stderr> <F|P> <text>" (the format of the
 * CRI's container logs: P when a long line goes on in the next record),
 * and starts the file anew as console.log.1 when it reaches its cap, so
 * a chatty container never fills /run.  The logger ends when the last
 * process with the pipes open does.
 */
#ifndef RJ_LOGGER_H
#define RJ_LOGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runj.h"

#define LOGGER_MAX_DEFAULT (1u << 20)
#define LOGGER_LINE_MAX	   16384 /* longer lines are cut in records */

/* Starts the logger for the state directory dir (whose lock the caller
 * holds) with files of at most max bytes (0: LOGGER_MAX_DEFAULT).  fds
 * gets the write ends for stdout and stderr, close-on-exec. */
int
logger_start(const char *dir, size_t max, int fds[2], struct rj_error **err);

/* One record for text (len bytes) into buf; returns its length.  buf
 * holds at least len + 64 bytes. */
size_t logger_record(char *buf, int64_t ns, const char *stream, bool partial,
    const char *text, size_t len);

#endif
