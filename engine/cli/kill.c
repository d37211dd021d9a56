/* kill.c: runj kill [--all] ID [SIGNAL]. */
#include "cli/cli.h"
#include "cli/create_opts.h"

#include <signal.h>

int
cmd_kill(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd = cli_command("kill");
	bool all = false;
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+ah", opts, cmd, err)) != -1) {
		if (c == 'a')
			all = true;
		else if (c == 'h')
			return cli_usage(cmd);
		else
			return -1;
	}
	if (cli_operands(cmd, argc, argv, 1, 2, err) < 0)
		return -1;
	int sig = SIGTERM;
	if (optind + 1 < argc &&
	    rj_signal_parse(argv[optind + 1], &sig, err) < 0)
		return -1;
	return rj_kill(cli->root, argv[optind], sig, all, err) < 0 ? -1 : 0;
}
