/* cmd_spec.c: runj-demo spec [-f] [-b BUNDLE] [--os OS] [--args ARG ...] */
#include "cli.h"

enum {
	O_BUNDLE,
	O_OS,
	O_FORCE
};

static const struct cli_option options[] = {
	[O_BUNDLE] = { "bundle", 'b', "DIR",
	    "the bundle (default: the current directory)" },
	[O_OS] = { "os", 0, "OS", "linux or freebsd (default: the host's)" },
	[O_FORCE] = { "force", 'f', NULL, "replace an existing config.json" },
	{ NULL },
};

static int
run_spec(struct cli_ctx *ctx, const struct cli_args *a, struct rj_error **err)
{
	return rjd_spec(a->value[O_BUNDLE] ? a->value[O_BUNDLE] : ".",
	    a->value[O_OS], ctx->args, a->count[O_FORCE] > 0, err);
}

const struct cli_entry cmd_spec = {
	.name = "spec",
	.operands = "[--args ARG ...]",
	.summary = "write a default config.json",
	.options = options,
	.min_operands = 0,
	.max_operands = 0,
	.options_anywhere = true,
	.run = run_spec,
};
