/* pause.c: runj pause ID: freeze every process of a container. */
#include "cli/cli.h"

static int
run_pause(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	return rj_pause(cli->root, a->argv[0], true, err) < 0 ? -1 : 0;
}

const struct cli_entry cmd_pause = {
	.name = "pause",
	.operands = "<container-id>",
	.summary = "freeze every process of a container",
	.min_operands = 1,
	.max_operands = 1,
	.run = run_pause,
};
