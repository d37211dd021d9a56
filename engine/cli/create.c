/* create.c: runj create, and the options it shares with run. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/create_opts.h"

int
create_opts_parse(const struct cli_command *cmd, int argc, char **argv,
    struct rj_create_opts *o, bool *detach, struct rj_error **err)
{
	enum {
		OPT_PID_FILE = 256,
		OPT_CONSOLE,
		OPT_PRESERVE,
		OPT_NO_PIVOT,
		OPT_NO_KEYRING,
		OPT_IGNORE
	};
	static const struct option opts[] = {
		{ "bundle", required_argument, NULL, 'b' },
		{ "pid-file", required_argument, NULL, OPT_PID_FILE },
		{ "console-socket", required_argument, NULL, OPT_CONSOLE },
		{ "preserve-fds", required_argument, NULL, OPT_PRESERVE },
		{ "no-pivot", no_argument, NULL, OPT_NO_PIVOT },
		{ "no-new-keyring", no_argument, NULL, OPT_NO_KEYRING },
		{ "no-subreaper", no_argument, NULL, OPT_IGNORE },
		{ "keep", no_argument, NULL, OPT_IGNORE },
		{ "detach", no_argument, NULL, 'd' },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const char *shortopts = detach != NULL ? "+b:dh" : "+b:h";
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, shortopts, opts, cmd, err)) != -1) {
		switch (c) {
		case 'b':
			o->bundle = optarg;
			break;
		case OPT_PID_FILE:
			o->pid_file = optarg;
			break;
		case OPT_CONSOLE:
			o->console_socket = optarg;
			break;
		case OPT_PRESERVE:
			if (cli_uint("--preserve-fds", optarg, &o->preserve_fds,
				err) < 0)
				return -1;
			break;
		case OPT_NO_PIVOT:
			o->no_pivot = true;
			break;
		case OPT_NO_KEYRING:
			o->no_new_keyring = true;
			break;
		case OPT_IGNORE:
			break;
		case 'd':
			if (detach == NULL)
				return rj_error_set(err, EINVAL,
				    "%s: unknown option --detach", cmd->name);
			*detach = true;
			break;
		case 'h':
			cli_usage(cmd);
			return 1;
		default:
			return -1;
		}
	}
	return cli_operands(cmd, argc, argv, 1, 1, err);
}

int
cmd_create(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	struct rj_create_opts o = { 0 };
	int rc = create_opts_parse(cli_command("create"), argc, argv, &o, NULL,
	    err);
	if (rc != 0)
		return rc > 0 ? 0 : -1;
	return rj_create(cli->root, argv[optind], &o, err) < 0 ? -1 : 0;
}
