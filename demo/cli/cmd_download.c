/* cmd_download.c: runj-demo download [--arch A] [--version V]
 * [--url URL [--manifest]] [--sha256 HEX] [-o FILE] ... */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

enum {
	OPT_ARCH = 256,
	OPT_VERSION,
	OPT_URL,
	OPT_CONNECT,
	OPT_STALL,
	OPT_SHA256,
	OPT_MANIFEST
};

int
cmd_download(int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "arch", required_argument, NULL, OPT_ARCH },
		{ "version", required_argument, NULL, OPT_VERSION },
		{ "url", required_argument, NULL, OPT_URL },
		{ "sha256", required_argument, NULL, OPT_SHA256 },
		{ "manifest", no_argument, NULL, OPT_MANIFEST },
		{ "output", required_argument, NULL, 'o' },
		{ "connect-timeout", required_argument, NULL, OPT_CONNECT },
		{ "stall-timeout", required_argument, NULL, OPT_STALL },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rjd_download_opts o = { .progress = cli_progress };
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:fh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ARCH:
			o.arch = optarg;
			break;
		case OPT_VERSION:
			o.version = optarg;
			break;
		case OPT_URL:
			o.url = optarg;
			break;
		case OPT_SHA256:
			o.sha256 = optarg;
			break;
		case OPT_MANIFEST:
			o.manifest = true;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'f':
			o.force = true;
			break;
		case OPT_CONNECT:
			if (cli_seconds(optarg, &o.connect_timeout,
				"--connect-timeout", err) < 0)
				return -1;
			break;
		case OPT_STALL:
			if (cli_seconds(optarg, &o.stall_timeout,
				"--stall-timeout", err) < 0)
				return -1;
			break;
		case 'h':
			cli_help("download");
			return 0;
		default:
			return cli_usage(err, "download", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage(err, "download", "unexpected argument");
	if (o.url != NULL && (o.arch != NULL || o.version != NULL))
		return cli_usage(err, "download",
		    "--url excludes --arch and --version");
	if (o.manifest && o.url == NULL)
		return cli_usage(err, "download",
		    "--manifest goes with --url (a release is always checked)");
	return rjd_download(&o, err) < 0 ? rj_error_wrap(err, "download") : 0;
}
