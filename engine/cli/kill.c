/* kill.c: runj kill [--all] ID [SIGNAL]. */
#include <signal.h>

#include "cli/cli.h"

enum {
	O_ALL
};

static const struct cli_option options[] = {
	[O_ALL] = { "all", 'a', NULL, "signal every process of the container" },
	{ NULL },
};

static int
run_kill(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	int sig = SIGTERM;
	if (a->argc > 1 && rj_signal_parse(a->argv[1], &sig, err) < 0)
		return -1;
	return rj_kill(cli->root, a->argv[0], sig, a->count[O_ALL] > 0, err) < 0
	    ? -1
	    : 0;
}

const struct cli_entry cmd_kill = {
	.name = "kill",
	.operands = "<container-id> [signal]",
	.summary = "send a signal (default TERM) to a container",
	.options = options,
	.min_operands = 1,
	.max_operands = 2,
	.options_anywhere = true,
	.run = run_kill,
};
