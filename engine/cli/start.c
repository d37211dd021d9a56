/* start.c: runj start ID: open the start gate of a created container. */
#include "cli/cli.h"

static int
run_start(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	return rj_start(cli->root, a->argv[0], err) < 0 ? -1 : 0;
}

const struct cli_entry cmd_start = {
	.name = "start",
	.operands = "<container-id>",
	.summary = "start the process of a created container",
	.min_operands = 1,
	.max_operands = 1,
	.run = run_start,
};
