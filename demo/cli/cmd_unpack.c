/* cmd_unpack.c: runj-demo unpack [-f] IMAGE -o BUNDLE */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int
cmd_unpack(int argc, char **argv, struct rj_error **err)
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
			cli_help("unpack");
			return 0;
		default:
			return cli_usage(err, "unpack", "bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage(err, "unpack", "one IMAGE is needed");
	if (out == NULL)
		return cli_usage(err, "unpack", "-o BUNDLE is required");
	return rjd_unpack(argv[optind], out, force, cli_progress, NULL, err);
}
