/* cmd_download.c: runj-demo download [--arch A] [--version V]
 * [--url URL [--manifest]] [--sha256 HEX] [-o FILE] ... */
#include "cli.h"

enum {
	O_ARCH,
	O_VERSION,
	O_URL,
	O_MANIFEST,
	O_SHA256,
	O_OUTPUT,
	O_CONNECT,
	O_STALL,
	O_FORCE,
};

static const struct cli_option options[] = {
	[O_ARCH] = { "arch", 0, "ARCH",
	    "the release's architecture (default: the host's)" },
	[O_VERSION] = { "version", 0, "VERSION",
	    "the FreeBSD release, such as 14.3-RELEASE" },
	[O_URL] = { "url", 0, "URL", "download this URL instead of a release" },
	[O_MANIFEST] = { "manifest", 0, NULL,
	    "check the URL against the MANIFEST beside it" },
	[O_SHA256] = { "sha256", 0, "HEX", "the file's expected SHA-256" },
	[O_OUTPUT] = { "output", 'o', "FILE",
	    "where to save it (default ./base.txz)" },
	[O_CONNECT] = { "connect-timeout", 0, "SEC",
	    "give up connecting after SEC seconds" },
	[O_STALL] = { "stall-timeout", 0, "SEC",
	    "give up when nothing arrives for SEC seconds" },
	[O_FORCE] = { "force", 'f', NULL, "replace an existing FILE" },
	{ NULL },
};

static int
run_download(struct cli_ctx *ctx, const struct cli_args *a,
    struct rj_error **err)
{
	(void)ctx;
	struct rjd_download_opts o = {
		.arch = a->value[O_ARCH],
		.version = a->value[O_VERSION],
		.url = a->value[O_URL],
		.sha256 = a->value[O_SHA256],
		.manifest = a->count[O_MANIFEST] > 0,
		.out = a->value[O_OUTPUT],
		.force = a->count[O_FORCE] > 0,
		.progress = cli_progress,
	};
	if (a->value[O_CONNECT] != NULL &&
	    cli_seconds(a->value[O_CONNECT], &o.connect_timeout,
		"--connect-timeout", err) < 0)
		return -1;
	if (a->value[O_STALL] != NULL &&
	    cli_seconds(a->value[O_STALL], &o.stall_timeout, "--stall-timeout",
		err) < 0)
		return -1;
	if (o.url != NULL && (o.arch != NULL || o.version != NULL))
		return cli_usage(err, "download",
		    "--url excludes --arch and --version");
	if (o.manifest && o.url == NULL)
		return cli_usage(err, "download",
		    "--manifest goes with --url (a release is always checked)");
	return rjd_download(&o, err) < 0 ? rj_error_wrap(err, "download") : 0;
}

const struct cli_entry cmd_download = {
	.name = "download",
	.operands = "",
	.summary = "download an archive by URL, or FreeBSD's base.txz checked "
		   "against its release MANIFEST",
	.options = options,
	.min_operands = 0,
	.max_operands = 0,
	.options_anywhere = true,
	.run = run_download,
};
