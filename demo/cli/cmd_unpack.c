/* cmd_unpack.c: runj-demo unpack [-f] IMAGE -o BUNDLE [--max-size SIZE] */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

enum {
	OPT_MAX_SIZE = 256
};

int
cmd_unpack(int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	bool force = false;
	uint64_t max_size = 0;
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
		case OPT_MAX_SIZE:
			if (cli_size(optarg, &max_size, "--max-size", err) < 0)
				return -1;
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
	struct rjd_unpack_opts o = { .image = argv[optind],
		.out = out,
		.force = force,
		.max_size = max_size,
		.progress = cli_progress };
	return rjd_unpack(&o, err);
}
