/* main.c: runj-demo [--help|--version] COMMAND ...: dispatch from a
 * table, and the one place that prints an error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "runjutil.h"

const struct cli_cmd cli_cmds[] = {
	{ "rootfs", cmd_rootfs, "[-f] -o DIR",
	    "make a root filesystem from the host's /rescue or "
	    "busybox-static" },
	{ "download", cmd_download,
	    "[-f] [--arch ARCH] [--version VERSION] [--url URL [--manifest]]\n"
	    "\t\t[--sha256 HEX] [-o FILE] [--connect-timeout SEC] "
	    "[--stall-timeout SEC]",
	    "download an archive by URL, or FreeBSD's base.txz checked "
	    "against the release MANIFEST" },
	{ "spec", cmd_spec, "[-f] [-b BUNDLE] [--os OS] [--args ARG ...]",
	    "write a default config.json" },
	{ "bundle", cmd_bundle,
	    "[-f] -i ARCHIVE|DIR|URL [--sha256 HEX] -o BUNDLE [--os OS]\n"
	    "\t\t[--max-size SIZE] [--args ARG ...]",
	    "make a bundle (rootfs and config.json) from an archive, a "
	    "directory or an archive's URL" },
	{ "oci-image", cmd_oci_image,
	    "[-f] -i ARCHIVE|DIR -o IMAGE.tar [--name REF] [--arch ARCH]\n"
	    "\t\t[--os OS] [--max-size SIZE]",
	    "make a reproducible OCI image layout tar" },
	{ "unpack", cmd_unpack, "[-f] IMAGE -o BUNDLE [--max-size SIZE]",
	    "unpack an OCI image (layout tar or directory) into a bundle" },
};
const size_t cli_ncmds = ARRAY_SIZE(cli_cmds);

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: runj-demo [--help | --version] COMMAND [OPTIONS]\n\n"
	    "commands:\n");
	for (size_t i = 0; i < cli_ncmds; i++)
		fprintf(f, "  %-10s %s\n", cli_cmds[i].name,
		    cli_cmds[i].summary);
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
	const struct cli_cmd *cmd = NULL;
	for (size_t i = 0; i < cli_ncmds; i++)
		if (strcmp(argv[1], cli_cmds[i].name) == 0)
			cmd = &cli_cmds[i];
	if (cmd == NULL) {
		fprintf(stderr,
		    "runj-demo: unknown command \"%s\" "
		    "(runj-demo --help lists them)\n",
		    argv[1]);
		return 1;
	}
	cli_progress_init();
	int rc = cmd->run(argc - 1, argv + 1, &err);
	cli_progress_done();
	if (rc < 0) {
		fprintf(stderr, "runj-demo: %s\n",
		    err != NULL ? err->msg : "failed");
		return 1;
	}
	return 0;
}
