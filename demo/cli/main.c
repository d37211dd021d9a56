/* main.c: runj-demo [--help|--version] COMMAND ...: dispatch from a
 * table, and the one place that prints an error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "runjutil.h"

/* Adding a command: one file exporting its entry, one line here. */
static const struct cli_entry *const commands[] = {
	&cmd_rootfs,
	&cmd_download,
	&cmd_spec,
	&cmd_bundle,
	&cmd_oci_image,
	&cmd_unpack,
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: runj-demo [--help | --version] COMMAND [OPTIONS]\n\n"
	    "commands:\n");
	cli_list(commands, ARRAY_SIZE(commands), f);
	fprintf(f,
	    "\n\"runj-demo COMMAND --help\" shows a command's options; "
	    "see runj-demo(8).\n");
}

int
main(int argc, char **argv)
{
	_cleanup_error_ struct rj_error *err = NULL;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("runj-demo %s\n", RJ_VERSION);
		return 0;
	}
	const struct cli_entry *cmd = cli_find(commands, ARRAY_SIZE(commands),
	    argv[1]);
	if (cmd == NULL) {
		fprintf(stderr,
		    "runj-demo: unknown command \"%s\" "
		    "(runj-demo --help lists them)\n",
		    argv[1]);
		return 1;
	}
	/* What follows --args (or --) is the process's, never options. */
	struct cli_ctx ctx = { 0 };
	int n = argc - 1;
	if (cli_split_args(&n, argv + 1, &ctx.args, cmd->name, &err) < 0)
		goto fail;
	struct cli_args a;
	int rc = cli_parse(cmd, "runj-demo", n, argv + 1, &a, &err);
	if (rc != 0) {
		cli_args_free(&a);
		if (rc > 0)
			return 0;
		goto fail;
	}
	cli_progress_init();
	rc = cmd->run(&ctx, &a, &err);
	cli_progress_done();
	cli_args_free(&a);
	if (rc >= 0)
		return 0;
fail:
	fprintf(stderr, "runj-demo: %s\n", err != NULL ? err->msg : "failed");
	return 1;
}
