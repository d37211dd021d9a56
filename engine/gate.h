/*
 * gate.h: the start gate.  create makes <dir>/exec.fifo; the init opens it
 * read-write before it leaves the host's view (so the open never blocks and
 * survives pivot_root or jail_attach) and blocks reading one byte; start
 * writes that byte.
 */
#ifndef RJ_GATE_H
#define RJ_GATE_H

#include <stdint.h>
#include <sys/types.h>

#include "runj.h"

/* Precedes an init's report, so a stray start byte is not one. */
#define GATE_REPORT_MARK '!'

int gate_make(const char *dir, struct rj_error **err);
/* In the init: open it (O_RDWR, close-on-exec). */
int gate_open(const char *dir, struct rj_error **err);
/* In the init: block until start. */
int gate_wait(int fd, struct rj_error **err);
/* In start: release the init, remove the fifo and wait until the init
 * has run the startContainer hooks and exec'd (or exited), so poststart
 * hooks follow them as runtime-spec orders. */
int gate_release(const char *dir, pid_t pid, uint64_t start_time,
    struct rj_error **err);
/* In the init, failing after the gate (a startContainer hook, the exec):
 * leaves msg for start to report. */
void gate_report(int fd, const char *msg);

#endif
