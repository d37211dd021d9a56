/* run_wait.h: the foreground part of `runj run`. */
#ifndef RJ_RUN_WAIT_H
#define RJ_RUN_WAIT_H

#include <signal.h>
#include <sys/types.h>

/* Waits for pid (a child), forwarding the signals a shell sends to its
 * foreground job.  With console_fd >= 0 (the container's pty master) it
 * also copies between our stdio and the pty, in raw mode and at our
 * terminal's size.  Returns the exit status, 128+N for a signal. */
int run_wait(pid_t pid, int console_fd);
/* Blocks the signals run_wait forwards, until run_wait takes them over:
 * a signal sent while the container starts is forwarded, not fatal. */
void run_block_signals(sigset_t *old);
/* Reaps pid, ignoring its status. */
void run_reap(pid_t pid);

#endif
