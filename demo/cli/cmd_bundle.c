/* cmd_bundle.c: runj-demo bundle [-f] -i ARCHIVE|DIR|URL [--sha256 HEX]
 * -o BUNDLE [--os OS] [--max-size SIZE] [--args ARG ...] */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

enum {
	OPT_OS = 256,
	OPT_SHA256,
	OPT_MAX_SIZE
};

int
cmd_bundle(int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "os", required_argument, NULL, OPT_OS },
		{ "sha256", required_argument, NULL, OPT_SHA256 },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rjd_bundle_opts o = { .progress = cli_progress };
	struct rjd_source src = { 0 };
	char **args;
	if (cli_split_args(&argc, argv, &args, "bundle", err) < 0)
		return -1;
	o.args = args;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:o:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			src.input = optarg;
			break;
		case OPT_SHA256:
			src.sha256 = optarg;
			break;
		case OPT_MAX_SIZE:
			if (cli_size(optarg, &o.max_size, "--max-size", err) <
			    0)
				return -1;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_OS:
			o.os = optarg;
			break;
		case 'f':
			o.force = true;
			break;
		case 'h':
			cli_help("bundle");
			return 0;
		default:
			return cli_usage(err, "bundle", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage(err, "bundle", "unexpected argument");
	if (src.input == NULL || o.out == NULL)
		return cli_usage(err, "bundle", "--input and -o are required");
	return rjd_bundle_from(&src, &o, err);
}
