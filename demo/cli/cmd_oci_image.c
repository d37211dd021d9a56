/* cmd_oci_image.c: runj-demo oci-image [-f] -i ARCHIVE|DIR -o IMAGE.tar
 * [--name REF] [--arch ARCH] [--os OS] [--max-size SIZE] */
#include "cli.h"

enum {
	O_INPUT,
	O_OUTPUT,
	O_NAME,
	O_ARCH,
	O_OS,
	O_MAX_SIZE,
	O_FORCE,
};

static const struct cli_option options[] = {
	[O_INPUT] = { "input", 'i', "ARCHIVE|DIR",
	    "the root filesystem (required)" },
	[O_OUTPUT] = { "output", 'o', "IMAGE.tar",
	    "the image layout tar to write (required)" },
	[O_NAME] = { "name", 0, "REF",
	    "the image's name (default runj-demo:latest)" },
	[O_ARCH] = { "arch", 0, "ARCH",
	    "its architecture (default: the host's)" },
	[O_OS] = { "os", 0, "OS", "linux or freebsd (default: the host's)" },
	[O_MAX_SIZE] = { "max-size", 0, "SIZE",
	    "stop past SIZE bytes unpacked (K, M, G, T; 0: no limit)" },
	[O_FORCE] = { "force", 'f', NULL, "replace an existing IMAGE.tar" },
	{ NULL },
};

static int
run_oci_image(struct cli_ctx *ctx, const struct cli_args *a,
    struct rj_error **err)
{
	(void)ctx;
	struct rjd_image_opts o = {
		.input = a->value[O_INPUT],
		.out = a->value[O_OUTPUT],
		.name = a->value[O_NAME],
		.arch = a->value[O_ARCH],
		.os = a->value[O_OS],
		.force = a->count[O_FORCE] > 0,
		.progress = cli_progress,
	};
	if (a->value[O_MAX_SIZE] != NULL &&
	    cli_size(a->value[O_MAX_SIZE], &o.max_size, "--max-size", err) < 0)
		return -1;
	if (o.input == NULL || o.out == NULL)
		return cli_usage(err, "oci-image",
		    "--input and -o are required");
	return rjd_oci_image(&o, err);
}

const struct cli_entry cmd_oci_image = {
	.name = "oci-image",
	.operands = "",
	.summary = "make a reproducible OCI image layout tar",
	.options = options,
	.min_operands = 0,
	.max_operands = 0,
	.options_anywhere = true,
	.run = run_oci_image,
};
