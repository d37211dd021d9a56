/*
 * poll.h: a cheap fingerprint of one container, so the TUI reads again
 * only the containers that changed: its state.json (inode, size, mtime:
 * the engine replaces the file on every change) and whether its recorded
 * pid is alive (a process can exit without touching its state).
 */
#ifndef TUI_POLL_H
#define TUI_POLL_H

#include <stdint.h>
#include <sys/types.h>

uint64_t tui_poll_fp(const char *root, const char *id, pid_t pid);

#endif
