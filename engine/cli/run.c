/* run.c: runj run: create and start; in the foreground it waits and exits
 * with the container's status. */
#include "cli/cli.h"
#include "cli/create_opts.h"

int
cmd_run(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	struct rj_create_opts o = { 0 };
	bool detach = false;
	int rc = create_opts_parse(cli_command("run"), argc, argv, &o, &detach,
	    err);
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	int status = 0;
	if (rj_run(cli->root, argv[optind], &o, detach, &status, err) < 0)
		return -1;
	return status;
}
