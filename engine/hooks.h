/* hooks.h: runs the config's hooks with the state on stdin and a timeout. */
#ifndef RJ_HOOKS_H
#define RJ_HOOKS_H

#include "runj.h"
#include "spec.h"

/* Runs every hook of the list in order; the first failure stops it.
 * state_json goes to each hook's stdin. */
int hooks_run(const struct rj_hook_list *list, enum rj_hook_kind kind,
    const char *state_json, struct rj_error **err);

#endif
