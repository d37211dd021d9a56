/* main.c: runj's entry: global options, then the command from the table.
 * Only here are errors printed: one line on stderr (and in --log). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util.h"

const struct cli_command cli_commands[] = {
	{ "create", "[options] <container-id>",
	    "create a container, stopped at the start gate",
	    "  -b, --bundle DIR        the bundle (default: the current "
	    "directory)\n"
	    "      --pid-file FILE     write the init's pid to FILE\n"
	    "      --console-socket S  send the pty master to the unix socket "
	    "S\n"
	    "      --preserve-fds N    pass N more fds (from 3) to the "
	    "process\n"
	    "      --no-pivot          chroot instead of pivot_root\n"
	    "      --no-new-keyring    keep the caller's session keyring\n",
	    cmd_create, true },
	{ "start", "<container-id>", "start the process of a created container",
	    "", cmd_start, false },
	{ "run", "[options] <container-id>",
	    "create and start a container; wait for it unless --detach",
	    "  -b, --bundle DIR        the bundle (default: the current "
	    "directory)\n"
	    "  -d, --detach            return once the process runs\n"
	    "      --pid-file FILE     write the init's pid to FILE\n"
	    "      --console-socket S  send the pty master to the unix socket "
	    "S\n"
	    "      --preserve-fds N    pass N more fds (from 3) to the "
	    "process\n"
	    "      --no-pivot          chroot instead of pivot_root\n"
	    "      --no-new-keyring    keep the caller's session keyring\n",
	    cmd_run, true },
	{ "exec", "[options] <container-id> [command [args...]]",
	    "run a process in a running container",
	    "  -p, --process FILE      the process, as runtime-spec JSON\n"
	    "  -d, --detach            return once the process runs\n"
	    "  -t, --tty               give the process a terminal\n"
	    "      --console-socket S  send the pty master to the unix socket "
	    "S\n"
	    "      --pid-file FILE     write the process's pid to FILE\n"
	    "      --cwd DIR           working directory\n"
	    "  -e, --env KEY=VALUE     add to the environment (repeatable)\n"
	    "  -u, --user UID[:GID]    run as this user\n"
	    "  -c, --cap CAP           add a capability (repeatable)\n"
	    "      --no-new-privs      set no_new_privs\n"
	    "      --preserve-fds N    pass N more fds (from 3)\n",
	    cmd_exec, true },
	{ "state", "<container-id>", "print the OCI state of a container", "",
	    cmd_state, false },
	{ "kill", "[options] <container-id> [signal]",
	    "send a signal (default TERM) to a container",
	    "  -a, --all               signal every process of the container\n",
	    cmd_kill, false },
	{ "delete", "[options] <container-id>",
	    "delete a stopped or created container",
	    "  -f, --force             kill a running container first; a "
	    "missing one is no error\n",
	    cmd_delete, false },
	{ "list", "[options]", "list containers",
	    "  -f, --format table|json output format (default table)\n"
	    "  -q, --quiet             print the IDs only\n",
	    cmd_list, false },
	{ "ps", "[options] <container-id> [ps options]",
	    "list the processes of a container",
	    "  -f, --format table|json output format (default table)\n", cmd_ps,
	    false },
	{ "pause", "<container-id>", "freeze every process of a container", "",
	    cmd_pause, false },
	{ "resume", "<container-id>", "thaw a paused container", "", cmd_resume,
	    false },
	{ "update", "[options] <container-id>",
	    "change the resource limits of a container",
	    "  -r, --resources FILE    linux.resources JSON (- for stdin)\n"
	    "      --memory N          memory limit in bytes\n"
	    "      --memory-reservation N\n"
	    "      --memory-swap N\n"
	    "      --kernel-memory N   (ignored by current kernels)\n"
	    "      --kernel-memory-tcp N\n"
	    "      --cpu-shares N\n"
	    "      --cpu-quota N\n"
	    "      --cpu-period N\n"
	    "      --cpu-rt-runtime N\n"
	    "      --cpu-rt-period N\n"
	    "      --cpuset-cpus LIST\n"
	    "      --cpuset-mems LIST\n"
	    "      --pids-limit N\n"
	    "      --blkio-weight N\n",
	    cmd_update, false },
	{ "events", "[options] <container-id>",
	    "print a container's resource usage as JSON",
	    "      --stats             print once and exit\n"
	    "      --interval DUR      time between reports, 1ms to 1h "
	    "(default 5s)\n",
	    cmd_events, false },
	{ "features", "", "print the features JSON of this runtime", "",
	    cmd_features, false },
	{ "spec", "[options]", "write a default config.json",
	    "  -b, --bundle DIR        where (default: the current directory)\n"
	    "      --rootless          accepted for runc compatibility\n",
	    cmd_spec, false },
	{ "demo", "<command> [args...]",
	    "bundles, root filesystems and images (runs runj-demo)", "",
	    cmd_demo, false },
	{ "tui", "[args...]", "the terminal manager (runs runj-tui)", "",
	    cmd_tui, false },
};
const size_t cli_ncommands = ARRAY_SIZE(cli_commands);

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: runj [global options] <command> [options] [args]\n\n"
	    "runj is an OCI runtime: jails on FreeBSD, namespaces on Linux.\n\n"
	    "commands:\n");
	for (size_t i = 0; i < cli_ncommands; i++)
		fprintf(f, "  %-9s %s\n", cli_commands[i].name,
		    cli_commands[i].summary);
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

static const struct cli_command *
find_command(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

static int
parse_globals(struct cli *cli, int argc, char **argv, struct rj_error **err)
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
	const struct cli *cli = arg;
	if (level >= RJ_MSG_WARNING)
		fprintf(stderr, "runj: warning: %s\n", msg);
	cli_log(cli, names[level], msg);
}

int
main(int argc, char **argv)
{
	struct cli cli = { .root = rj_default_root(), .argv0 = argv };
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
	const struct cli_command *cmd = find_command(argv[first]);
	if (cmd == NULL) {
		rj_error_set(&err, EINVAL,
		    "unknown command \"%s\" (see runj --help)", argv[first]);
		goto fail;
	}
	if (cmd->seal && rj_exe_seal(argv, &err) < 0)
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
	rc = cmd->run(&cli, argc - first, argv + first, &err);
	if (rc >= 0)
		return rc;
	rc = 1;
fail:
	fprintf(stderr, "runj: %s\n", err->msg);
	cli_log(&cli, "error", err->msg);
	rj_error_free(err);
	return rc;
}
