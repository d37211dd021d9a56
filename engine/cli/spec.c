/* spec.c: runj spec: a default config.json, as `runc spec` writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/create_opts.h"
#include "util.h"

int
cmd_spec(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	(void)cli;
	enum {
		OPT_ROOTLESS = 256
	};
	static const struct option opts[] = {
		{ "bundle", required_argument, NULL, 'b' },
		{ "rootless", no_argument, NULL, OPT_ROOTLESS },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd = cli_command("spec");
	const char *bundle = ".";
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+b:h", opts, cmd, err)) != -1) {
		if (c == 'b')
			bundle = optarg;
		else if (c == 'h')
			return cli_usage(cmd);
		else if (c != OPT_ROOTLESS)
			return -1;
	}
	if (cli_operands(cmd, argc, argv, 0, 0, err) < 0)
		return -1;
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
