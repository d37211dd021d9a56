/*
 * gate.h: the start gate.  create makes <dir>/exec.fifo; the init opens it
 * read-write before it leaves the host's view (so the open never blocks and
 * survives pivot_root or jail_attach) and blocks reading one byte; start
 * writes that byte.  An open for writing with O_NONBLOCK fails with ENXIO
 * when no init holds it, so start knows a dead init at once.
 */
#ifndef RJ_GATE_H
#define RJ_GATE_H

#include "runj.h"

int gate_make(const char *dir, struct rj_error **err);
/* In the init: open it (O_RDWR, close-on-exec). */
int gate_open(const char *dir, struct rj_error **err);
/* In the init: block until start. */
int gate_wait(int fd, struct rj_error **err);
/* In start: release the init and remove the fifo. */
int gate_release(const char *dir, struct rj_error **err);

#endif
