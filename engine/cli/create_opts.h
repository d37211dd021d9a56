/* create_opts.h: the options create and run share. */
#ifndef RJ_CLI_CREATE_OPTS_H
#define RJ_CLI_CREATE_OPTS_H

#include "cli/cli.h"

/* Returns 0 with the ID at argv[optind], 1 after --help, -1 on error.
 * detach is NULL for create (which has no --detach). */
int create_opts_parse(const struct cli_command *cmd, int argc, char **argv,
    struct rj_create_opts *o, bool *detach, struct rj_error **err);
/* The command's table entry by name. */
const struct cli_command *cli_command(const char *name);

#endif
