/*
 * bundle_edit.h: read and change a bundle's process.args,
 * process.terminal and root.path, keeping every other field of
 * config.json (unknown ones too) as it was.
 */
#ifndef TUI_BUNDLE_EDIT_H
#define TUI_BUNDLE_EDIT_H

#include <stdbool.h>

#include "runj.h"

/* *args (NULL-terminated, maybe empty), *root_path and whether the
 * process has a terminal (terminal may be NULL); caller frees. */
int tui_bundle_read(const char *bundle, char ***args, char **root_path,
    bool *terminal, struct rj_error **err);
/* Checks the values, writes config.json atomically, then has the engine
 * check the whole file; if it refuses, the old file is put back.
 * terminal: 0 or 1 sets process.terminal, -1 leaves it. */
int tui_bundle_write(const char *bundle, char *const *args,
    const char *root_path, int terminal, struct rj_error **err);

#endif
