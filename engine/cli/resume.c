/* resume.c: runj resume ID: thaw a paused container. */
#include "cli/cli.h"

static int
run_resume(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	return rj_pause(cli->root, a->argv[0], false, err) < 0 ? -1 : 0;
}

const struct cli_entry cmd_resume = {
	.name = "resume",
	.operands = "<container-id>",
	.summary = "thaw a paused container",
	.min_operands = 1,
	.max_operands = 1,
	.run = run_resume,
};
