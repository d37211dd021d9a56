/* delete.c: runj delete [--force] ID. */
#include <errno.h>

#include "cli/cli.h"

enum {
	O_FORCE
};

static const struct cli_option options[] = {
	[O_FORCE] = { "force", 'f', NULL,
	    "kill a running container first; a missing one is no error" },
	{ NULL },
};

static int
run_delete(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	bool force = a->count[O_FORCE] > 0;
	if (rj_delete(cli->root, a->argv[0], force, err) < 0) {
		/* As runc: deleting what is already gone, by force, is done. */
		if (force && (*err)->errnum == ENOENT) {
			rj_error_freep(err);
			return 0;
		}
		return -1;
	}
	return 0;
}

const struct cli_entry cmd_delete = {
	.name = "delete",
	.operands = "<container-id>",
	.summary = "delete a stopped or created container",
	.options = options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.run = run_delete,
};
