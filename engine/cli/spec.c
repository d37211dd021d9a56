/* spec.c: runj spec: a default config.json, as `runc spec` writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util.h"

enum {
	O_BUNDLE,
	O_ROOTLESS
};

static const struct cli_option options[] = {
	[O_BUNDLE] = { "bundle", 'b', "DIR",
	    "where to write it (default: the current directory)" },
	[O_ROOTLESS] = { "rootless", 0, NULL,
	    "accepted for runc compatibility; ignored" },
	{ NULL },
};

static int
run_spec(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	(void)cli;
	const char *bundle = a->value[O_BUNDLE] ? a->value[O_BUNDLE] : ".";
	const char *os = rj_host_os();
	_cleanup_free_ char *path = xasprintf("%s/config.json", bundle);
	_cleanup_free_ char *text = rj_spec_default_json(os, NULL);
	/* O_EXCL: never overwrite a config someone wrote by hand. */
	_cleanup_close_ int fd = open(path,
	    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			return rj_error_set(err, EEXIST,
			    "spec: %s exists already; remove it first", path);
		return rj_error_sys(err, "spec: create %s", path);
	}
	if (write_all(fd, text, strlen(text)) < 0) {
		rj_error_sys(err, "spec: write %s", path);
		unlink(path);
		return -1;
	}
	return 0;
}

const struct cli_entry cmd_spec = {
	.name = "spec",
	.operands = "",
	.summary = "write a default config.json",
	.options = options,
	.options_anywhere = true,
	.run = run_spec,
};
