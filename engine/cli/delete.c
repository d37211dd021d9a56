/* delete.c: runj delete [--force] ID. */
#include <errno.h>

#include "cli/cli.h"
#include "cli/create_opts.h"

int
cmd_delete(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd = cli_command("delete");
	bool force = false;
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+fh", opts, cmd, err)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == 'h')
			return cli_usage(cmd);
		else
			return -1;
	}
	if (cli_operands(cmd, argc, argv, 1, 1, err) < 0)
		return -1;
	if (rj_delete(cli->root, argv[optind], force, err) < 0) {
		/* As runc: deleting what is already gone, by force, is done. */
		if (force && (*err)->errnum == ENOENT) {
			rj_error_freep(err);
			return 0;
		}
		return -1;
	}
	return 0;
}
