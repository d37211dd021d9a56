/* run.c: runj run: create and start; in the foreground it waits and exits
 * with the container's status. */
#include "cli/create_opts.h"

enum {
	O_DETACH = O_KEEP + 1
};

static const struct cli_option run_options[] = {
	CREATE_OPTIONS,
	[O_DETACH] = { "detach", 'd', NULL, "return once the process runs" },
	{ NULL },
};

static int
run_run(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	struct rj_create_opts o;
	if (create_opts_from(a, &o, err) < 0)
		return -1;
	int status = 0;
	if (rj_run(cli->root, a->argv[0], &o, a->count[O_DETACH] > 0, &status,
		err) < 0)
		return -1;
	return status;
}

const struct cli_entry cmd_run = {
	.name = "run",
	.operands = "<container-id>",
	.summary = "create and start a container; wait for it unless --detach",
	.options = run_options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.flags = CLI_SEAL,
	.run = run_run,
};
