/*
 * poll.h: a cheap fingerprint of a state root, so the TUI lists again only
 * when something changed: the root directory itself (containers come and
 * go), each state.json (its mtime and size) and whether each recorded pid
 * is alive (a container's process can exit without touching its state).
 */
#ifndef TUI_POLL_H
#define TUI_POLL_H

#include <stddef.h>
#include <stdint.h>

#include "runj.h"

uint64_t tui_poll_signature(const char *root, const struct rj_state *list,
    size_t n);

#endif
