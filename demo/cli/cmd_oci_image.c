/* cmd_oci_image.c: runj-demo oci-image [-f] -i ARCHIVE|DIR -o IMAGE.tar
 * [--name REF] [--arch ARCH] [--os OS] [--max-size SIZE] */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

enum {
	OPT_NAME = 256,
	OPT_ARCH,
	OPT_OS,
	OPT_MAX_SIZE
};

int
cmd_oci_image(int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "os", required_argument, NULL, OPT_OS },
		{ "max-size", required_argument, NULL, OPT_MAX_SIZE },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rjd_image_opts o = { .progress = cli_progress };
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:o:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o.input = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_NAME:
			o.name = optarg;
			break;
		case OPT_ARCH:
			o.arch = optarg;
			break;
		case OPT_OS:
			o.os = optarg;
			break;
		case OPT_MAX_SIZE:
			if (cli_size(optarg, &o.max_size, "--max-size", err) <
			    0)
				return -1;
			break;
		case 'f':
			o.force = true;
			break;
		case 'h':
			cli_help("oci-image");
			return 0;
		default:
			return cli_usage(err, "oci-image", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage(err, "oci-image", "unexpected argument");
	if (o.input == NULL || o.out == NULL)
		return cli_usage(err, "oci-image",
		    "--input and -o are required");
	return rjd_oci_image(&o, err);
}
