/* cmd_unpack.c: runj-demo unpack [-f] IMAGE -o BUNDLE [--max-size SIZE] */
#include "cli.h"

enum {
	O_OUTPUT,
	O_MAX_SIZE,
	O_FORCE,
};

static const struct cli_option options[] = {
	[O_OUTPUT] = { "output", 'o', "BUNDLE",
	    "the bundle to make (required)" },
	[O_MAX_SIZE] = { "max-size", 0, "SIZE",
	    "stop past SIZE bytes unpacked (K, M, G, T; 0: no limit)" },
	[O_FORCE] = { "force", 'f', NULL, "replace an existing bundle" },
	{ NULL },
};

static int
run_unpack(struct cli_ctx *ctx, const struct cli_args *a, struct rj_error **err)
{
	(void)ctx;
	if (a->value[O_OUTPUT] == NULL)
		return cli_usage(err, "unpack", "-o BUNDLE is required");
	struct rjd_unpack_opts o = {
		.image = a->argv[0],
		.out = a->value[O_OUTPUT],
		.force = a->count[O_FORCE] > 0,
		.progress = cli_progress,
	};
	if (a->value[O_MAX_SIZE] != NULL &&
	    cli_size(a->value[O_MAX_SIZE], &o.max_size, "--max-size", err) < 0)
		return -1;
	return rjd_unpack(&o, err);
}

const struct cli_entry cmd_unpack = {
	.name = "unpack",
	.operands = "IMAGE",
	.summary =
	    "unpack an OCI image (layout tar or directory) into a bundle",
	.options = options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.run = run_unpack,
};
