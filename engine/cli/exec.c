/* exec.c: runj exec: a process in a running container. */
#include <errno.h>

#include "cli/cli.h"
#include "cli/create_opts.h"
#include "util.h"

/* Repeatable options collect into a NULL-terminated vector. */
static void
push(char ***v, const char *s)
{
	size_t n = strv_len(*v);
	*v = xrealloc(*v, (n + 2) * sizeof(char *));
	(*v)[n] = (char *)s;
	(*v)[n + 1] = NULL;
}

int
cmd_exec(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	enum {
		OPT_CONSOLE = 256,
		OPT_PID_FILE,
		OPT_CWD,
		OPT_NNP,
		OPT_PRESERVE,
		OPT_IGNORE_ARG
	};
	static const struct option opts[] = {
		{ "process", required_argument, NULL, 'p' },
		{ "detach", no_argument, NULL, 'd' },
		{ "tty", no_argument, NULL, 't' },
		{ "console-socket", required_argument, NULL, OPT_CONSOLE },
		{ "pid-file", required_argument, NULL, OPT_PID_FILE },
		{ "cwd", required_argument, NULL, OPT_CWD },
		{ "env", required_argument, NULL, 'e' },
		{ "user", required_argument, NULL, 'u' },
		{ "cap", required_argument, NULL, 'c' },
		{ "no-new-privs", no_argument, NULL, OPT_NNP },
		{ "preserve-fds", required_argument, NULL, OPT_PRESERVE },
		{ "process-label", required_argument, NULL, OPT_IGNORE_ARG },
		{ "apparmor", required_argument, NULL, OPT_IGNORE_ARG },
		{ "additional-gids", required_argument, NULL, OPT_IGNORE_ARG },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd = cli_command("exec");
	struct rj_exec_request r = { 0 };
	_cleanup_free_ char **env = NULL;
	_cleanup_free_ char **caps = NULL;
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+p:dte:u:c:h", opts, cmd, err)) !=
	    -1) {
		switch (c) {
		case 'p':
			r.process_file = optarg;
			break;
		case 'd':
			r.detach = true;
			break;
		case 't':
			r.tty = true;
			break;
		case OPT_CONSOLE:
			r.console_socket = optarg;
			break;
		case OPT_PID_FILE:
			r.pid_file = optarg;
			break;
		case OPT_CWD:
			r.cwd = optarg;
			break;
		case 'e':
			push(&env, optarg);
			break;
		case 'u':
			r.user = optarg;
			break;
		case 'c':
			push(&caps, optarg);
			break;
		case OPT_NNP:
			r.no_new_privs = true;
			break;
		case OPT_PRESERVE:
			if (cli_uint("--preserve-fds", optarg, &r.preserve_fds,
				err) < 0)
				return -1;
			break;
		case OPT_IGNORE_ARG:
			break;
		case 'h':
			return cli_usage(cmd);
		default:
			return -1;
		}
	}
	if (cli_operands(cmd, argc, argv, r.process_file ? 1 : 2,
		r.process_file ? 1 : -1, err) < 0)
		return -1;
	r.args = argv + optind + 1;
	r.env = env;
	r.caps = caps;
	int status = 0;
	if (rj_exec(cli->root, argv[optind], &r, &status, err) < 0)
		return -1;
	return status;
}
