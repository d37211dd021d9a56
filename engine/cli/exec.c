/* exec.c: runj exec: a process in a running container. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "cli/cli.h"
#include "util.h"

enum {
	O_PROCESS,
	O_DETACH,
	O_TTY,
	O_CONSOLE_SOCKET,
	O_PID_FILE,
	O_CWD,
	O_ENV,
	O_USER,
	O_CAP,
	O_NO_NEW_PRIVS,
	O_PRESERVE_FDS,
	O_PROCESS_LABEL,
	O_APPARMOR,
	O_ADDITIONAL_GIDS,
	O_IGNORE_PAUSED,
	O_CGROUP,
};

static const struct cli_option options[] = {
	[O_PROCESS] = { "process", 'p', "FILE",
	    "the process, as runtime-spec JSON" },
	[O_DETACH] = { "detach", 'd', NULL, "return once the process runs" },
	[O_TTY] = { "tty", 't', NULL, "give the process a terminal" },
	[O_CONSOLE_SOCKET] = { "console-socket", 0, "SOCKET",
	    "send the pty master to the unix socket SOCKET" },
	[O_PID_FILE] = { "pid-file", 0, "FILE",
	    "write the process's pid to FILE" },
	[O_CWD] = { "cwd", 0, "DIR", "working directory" },
	[O_ENV] = { "env", 'e', "KEY=VALUE",
	    "set in the environment (repeatable)", true },
	[O_USER] = { "user", 'u', "UID[:GID]", "run as this user" },
	[O_CAP] = { "cap", 'c', "CAP", "add a capability (repeatable)", true },
	[O_NO_NEW_PRIVS] = { "no-new-privs", 0, NULL, "set no_new_privs" },
	[O_PRESERVE_FDS] = { "preserve-fds", 0, "N",
	    "pass N more descriptors (from 3)" },
	[O_PROCESS_LABEL] = { "process-label", 0, "LABEL",
	    "the SELinux label instead of the container's" },
	[O_APPARMOR] = { "apparmor", 0, "PROFILE",
	    "the AppArmor profile instead of the container's" },
	[O_ADDITIONAL_GIDS] = { "additional-gids", 'g', "GID",
	    "add a supplementary group (repeatable, or a comma list)", true },
	[O_IGNORE_PAUSED] = { "ignore-paused", 0, NULL,
	    "exec into a paused container too (it runs once resumed)" },
	[O_CGROUP] = { "cgroup", 0, "[CONTROLLER:]PATH",
	    "run in this cgroup below the container's (repeatable)", true },
	{ NULL },
};

static int
run_exec(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	struct rj_exec_request r = {
		.process_file = a->value[O_PROCESS],
		.detach = a->count[O_DETACH] > 0,
		.tty = a->count[O_TTY] > 0,
		.console_socket = a->value[O_CONSOLE_SOCKET],
		.pid_file = a->value[O_PID_FILE],
		.cwd = a->value[O_CWD],
		.env = a->values[O_ENV],
		.user = a->value[O_USER],
		.caps = a->values[O_CAP],
		.no_new_privs = a->count[O_NO_NEW_PRIVS] > 0,
		.args = a->argv + 1,
		.apparmor = a->value[O_APPARMOR],
		.process_label = a->value[O_PROCESS_LABEL],
		.ignore_paused = a->count[O_IGNORE_PAUSED] > 0,
		.cgroups = a->values[O_CGROUP],
	};
	/* runc takes one GID per flag; "1,2" too */
	_cleanup_free_ gid_t *gids = NULL;
	for (size_t i = 0; a->values[O_ADDITIONAL_GIDS] != NULL &&
	     a->values[O_ADDITIONAL_GIDS][i] != NULL;
	     i++) {
		_cleanup_free_ char *copy = xstrdup(
		    a->values[O_ADDITIONAL_GIDS][i]);
		char *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t != NULL;
		     t = strtok_r(NULL, ",", &save)) {
			long long g;
			if (cli_number("--additional-gids", t, 0, UINT_MAX - 1,
				&g, err) < 0)
				return -1;
			gids = xrealloc(gids,
			    (r.n_additional_gids + 1) * sizeof(gid_t));
			gids[r.n_additional_gids++] = (gid_t)g;
		}
	}
	r.additional_gids = gids;
	if (a->value[O_PRESERVE_FDS] != NULL) {
		long long n;
		if (cli_number("--preserve-fds", a->value[O_PRESERVE_FDS], 0,
			1 << 20, &n, err) < 0)
			return -1;
		r.preserve_fds = (int)n;
	}
	if (r.process_file != NULL && a->argc > 1)
		return rj_error_set(err, EINVAL,
		    "exec: --process and a command do not mix");
	if (r.process_file == NULL && a->argc < 2)
		return rj_error_set(err, EINVAL,
		    "exec: no command given (usage: runj exec [options] "
		    "<container-id> command [args...])");
	int status = 0;
	/* as runc: 255 for an exec that fails once its arguments parse, so
	 * a caller tells it from the process's own status */
	cli->fail_status = 255;
	if (rj_exec(cli->root, a->argv[0], &r, &status, err) < 0)
		return -1;
	return status;
}

const struct cli_entry cmd_exec = {
	.name = "exec",
	.operands = "<container-id> [command [args...]]",
	.summary = "run a process in a running container",
	.options = options,
	.min_operands = 1,
	.max_operands = -1,
	.flags = CLI_SEAL,
	.run = run_exec,
};
