/* cmd_rootfs.c: runj-demo rootfs [-f] -o DIR */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int
cmd_rootfs(int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	bool force = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			cli_help("rootfs");
			return 0;
		default:
			return cli_usage(err, "rootfs", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage(err, "rootfs", "unexpected argument");
	if (out == NULL)
		return cli_usage(err, "rootfs", "-o DIR is required");
	return rjd_rootfs(out, force, err);
}
