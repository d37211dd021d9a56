/* cmd_spec.c: runj-demo spec [-f] [-b BUNDLE] [--os OS] [--args ARG ...] */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

enum {
	OPT_OS = 256
};

int
cmd_spec(int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "bundle", required_argument, NULL, 'b' },
		{ "os", required_argument, NULL, OPT_OS },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char **args;
	if (cli_split_args(&argc, argv, &args, "spec", err) < 0)
		return -1;
	const char *bundle = ".", *os = NULL;
	bool force = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			bundle = optarg;
			break;
		case OPT_OS:
			os = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			cli_help("spec");
			return 0;
		default:
			return cli_usage(err, "spec", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage(err, "spec", "unexpected argument");
	return rjd_spec(bundle, os, args, force, err);
}
