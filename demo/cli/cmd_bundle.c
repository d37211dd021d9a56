/* cmd_bundle.c: runj-demo bundle [-f] -i ARCHIVE|DIR|URL [--sha256 HEX]
 * -o BUNDLE [--os OS] [--max-size SIZE] [--args ARG ...] */
#include "cli.h"

enum {
	O_INPUT,
	O_SHA256,
	O_OUTPUT,
	O_OS,
	O_MAX_SIZE,
	O_FORCE,
};

static const struct cli_option options[] = {
	[O_INPUT] = { "input", 'i', "ARCHIVE|DIR|URL",
	    "the root filesystem (required)" },
	[O_SHA256] = { "sha256", 0, "HEX",
	    "the archive's expected SHA-256, checked before use" },
	[O_OUTPUT] = { "output", 'o', "BUNDLE",
	    "the bundle to make (required)" },
	[O_OS] = { "os", 0, "OS", "linux or freebsd (default: the host's)" },
	[O_MAX_SIZE] = { "max-size", 0, "SIZE",
	    "stop past SIZE bytes unpacked (K, M, G, T; 0: no limit)" },
	[O_FORCE] = { "force", 'f', NULL, "replace an existing bundle" },
	{ NULL },
};

static int
run_bundle(struct cli_ctx *ctx, const struct cli_args *a, struct rj_error **err)
{
	struct rjd_source src = {
		.input = a->value[O_INPUT],
		.sha256 = a->value[O_SHA256],
	};
	struct rjd_bundle_opts o = {
		.out = a->value[O_OUTPUT],
		.os = a->value[O_OS],
		.args = ctx->args,
		.force = a->count[O_FORCE] > 0,
		.progress = cli_progress,
	};
	if (a->value[O_MAX_SIZE] != NULL &&
	    cli_size(a->value[O_MAX_SIZE], &o.max_size, "--max-size", err) < 0)
		return -1;
	if (src.input == NULL || o.out == NULL)
		return cli_usage(err, "bundle", "--input and -o are required");
	return rjd_bundle_from(&src, &o, err);
}

const struct cli_entry cmd_bundle = {
	.name = "bundle",
	.operands = "[--args ARG ...]",
	.summary = "make a bundle (rootfs and config.json) from an archive, a "
		   "directory or an archive's URL",
	.options = options,
	.min_operands = 0,
	.max_operands = 0,
	.options_anywhere = true,
	.run = run_bundle,
};
