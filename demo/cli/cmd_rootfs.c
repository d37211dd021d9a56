/* cmd_rootfs.c: runj-demo rootfs [-f] -o DIR */
#include "cli.h"

enum {
	O_OUTPUT,
	O_FORCE
};

static const struct cli_option options[] = {
	[O_OUTPUT] = { "output", 'o', "DIR", "where to make it (required)" },
	[O_FORCE] = { "force", 'f', NULL, "replace an existing DIR" },
	{ NULL },
};

static int
run_rootfs(struct cli_ctx *ctx, const struct cli_args *a, struct rj_error **err)
{
	(void)ctx;
	if (a->value[O_OUTPUT] == NULL)
		return cli_usage(err, "rootfs", "-o DIR is required");
	return rjd_rootfs_progress(a->value[O_OUTPUT], a->count[O_FORCE] > 0,
	    cli_progress, NULL, err);
}

const struct cli_entry cmd_rootfs = {
	.name = "rootfs",
	.operands = "",
	.summary =
	    "make a root filesystem from the host's /rescue or busybox-static",
	.options = options,
	.min_operands = 0,
	.max_operands = 0,
	.options_anywhere = true,
	.run = run_rootfs,
};
