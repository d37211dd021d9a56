/* main.c: runj's entry: global options, then the command from the table.
 * Only here are errors printed: one line on stderr (and in --log). */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util.h"

/* Adding a command: one file exporting its entry, one line here. */
static const struct cli_entry *const commands[] = {
	&cmd_create,
	&cmd_start,
	&cmd_run,
	&cmd_exec,
	&cmd_state,
	&cmd_kill,
	&cmd_delete,
	&cmd_list,
	&cmd_ps,
	&cmd_pause,
	&cmd_resume,
	&cmd_update,
	&cmd_events,
	&cmd_checkpoint,
	&cmd_restore,
	&cmd_features,
	&cmd_spec,
	&cmd_demo,
	&cmd_tui,
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: runj [global options] <command> [options] [args]\n\n"
	    "runj is an OCI runtime: jails on FreeBSD, namespaces on Linux.\n\n"
	    "commands:\n");
	cli_list(commands, ARRAY_SIZE(commands), f);
	fprintf(f,
	    "\nglobal options:\n"
	    "  --root DIR            state directory (default %s)\n"
	    "  --log FILE            also log errors to FILE\n"
	    "  --log-format FMT      text or json (default text)\n"
	    "  --debug               also log each command line to --log\n"
	    "  --systemd-cgroup      accepted; cgroupsPath may use "
	    "slice:prefix:name\n"
	    "  -h, --help            this help; runj COMMAND --help for a "
	    "command\n"
	    "  -v, --version         print the version\n",
	    rj_default_root());
}

static int
parse_globals(struct cli_ctx *cli, int argc, char **argv, struct rj_error **err)
{
	enum {
		OPT_ROOT = 256,
		OPT_LOG,
		OPT_LOG_FORMAT,
		OPT_DEBUG,
		OPT_IGNORE,
		OPT_IGNORE_ARG
	};
	static const struct option opts[] = {
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
		{ "debug", no_argument, NULL, OPT_DEBUG },
		{ "systemd-cgroup", no_argument, NULL, OPT_IGNORE },
		{ "rootless", required_argument, NULL, OPT_IGNORE_ARG },
		{ "criu", required_argument, NULL, OPT_IGNORE_ARG },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long_only(argc, argv, "+hv", opts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT:
			cli->root = optarg;
			break;
		case OPT_LOG:
			cli->log_path = optarg;
			break;
		case OPT_LOG_FORMAT:
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0)
				return rj_error_set(err, EINVAL,
				    "--log-format %s: expected text or json",
				    optarg);
			cli->log_json = strcmp(optarg, "json") == 0;
			break;
		case OPT_DEBUG:
			cli->debug = true;
			break;
		case OPT_IGNORE:
		case OPT_IGNORE_ARG:
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'v':
			printf("runj version %s\nspec: %s\n", RJ_VERSION,
			    RJ_OCI_VERSION);
			exit(0);
		default:
			return rj_error_set(err, EINVAL,
			    "unknown or incomplete global option %s",
			    argv[optind - 1]);
		}
	}
	return optind;
}

/* The engine's messages: warnings on stderr, and everything that passes
 * the level in --log. */
static void
cli_msg_sink(void *arg, enum rj_msg_level level, const char *msg)
{
	static const char *const names[] = {
		[RJ_MSG_DEBUG] = "debug",
		[RJ_MSG_INFO] = "info",
		[RJ_MSG_WARNING] = "warning",
	};
	const struct cli_ctx *cli = arg;
	if (level >= RJ_MSG_WARNING)
		fprintf(stderr, "runj: warning: %s\n", msg);
	cli_log(cli, names[level], msg);
}

int
main(int argc, char **argv)
{
	struct cli_ctx cli = { .root = rj_default_root(), .argv0 = argv };
	struct rj_error *err = NULL;
	int rc = 1;
	/* A caller may have left SIGCHLD ignored: the kernel would then reap
	 * our children itself, no waitpid(2) would see a hook or ps finish,
	 * and the container's process would inherit the ignore. */
	signal(SIGCHLD, SIG_DFL);
	int first = parse_globals(&cli, argc, argv, &err);
	if (first < 0)
		goto fail;
	if (first >= argc) {
		usage(stderr);
		return 1;
	}
	const struct cli_entry *cmd = cli_find(commands, ARRAY_SIZE(commands),
	    argv[first]);
	if (cmd == NULL) {
		rj_error_set(&err, EINVAL,
		    "unknown command \"%s\" (see runj --help)", argv[first]);
		goto fail;
	}
	struct cli_args args = { 0 };
	if (cmd->flags & CLI_RAW) {
		args.argc = argc - first - 1;
		args.argv = argv + first + 1;
	} else {
		rc = cli_parse(cmd, "runj", argc - first, argv + first, &args,
		    &err);
		if (rc != 0) {
			if (rc > 0)
				return 0;
			rc = 1;
			goto fail;
		}
	}
	if ((cmd->flags & CLI_SEAL) && rj_exe_seal(argv, &err) < 0)
		goto fail;
	/* As runc: --log exists after every call, error or not (shims read
	 * it without checking). */
	if (cli.log_path != NULL)
		cli_log_touch(&cli);
	rj_set_msg_sink(cli_msg_sink, &cli,
	    cli.debug ? RJ_MSG_DEBUG : RJ_MSG_WARNING);
	if (cli.debug) {
		_cleanup_free_ char *line = strv_join(argv, " ");
		cli_log(&cli, "debug", line);
	}
	rc = cmd->run(&cli, &args, &err);
	if (!(cmd->flags & CLI_RAW))
		cli_args_free(&args);
	if (rc >= 0)
		return rc;
	rc = cli.fail_status ? cli.fail_status : 1;
fail:
	fprintf(stderr, "runj: %s\n", err->msg);
	cli_log(&cli, "error", err->msg);
	rj_error_free(err);
	return rc;
}
