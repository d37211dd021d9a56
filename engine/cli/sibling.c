/* sibling.c: `runj demo` and `runj tui` run runj-demo and runj-tui from
 * runj's own directory (as git runs git-foo), so the runtime itself never
 * links ncurses, libarchive or libcurl. */
#include <errno.h>
#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util.h"

static int
exec_sibling(struct cli_ctx *cli, const char *name, const struct cli_args *a,
    struct rj_error **err)
{
	char self[PATH_MAX];
	/* No /proc (FreeBSD without linprocfs): argv[0]'s directory. */
	const char *exe = rj_exe_path();
	snprintf(self, sizeof(self), "%s", exe != NULL ? exe : cli->argv0[0]);
	_cleanup_free_ char *path = xasprintf("%s/%s", dirname(self), name);
	/* Global options the sibling understands go along. */
	_cleanup_free_ char **args = xcalloc((size_t)a->argc + 4,
	    sizeof(char *));
	size_t n = 0;
	args[n++] = path;
	if (strcmp(name, "runj-tui") == 0 &&
	    strcmp(cli->root, rj_default_root()) != 0) {
		args[n++] = "--root";
		args[n++] = (char *)cli->root;
	}
	for (int i = 0; i < a->argc; i++)
		args[n++] = a->argv[i];
	execv(path, args);
	if (errno == ENOENT)
		execvp(name, args + 0);
	return rj_error_sys(err, "cannot run %s", path);
}

static int
run_demo(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	return exec_sibling(cli, "runj-demo", a, err);
}

static int
run_tui(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	return exec_sibling(cli, "runj-tui", a, err);
}

const struct cli_entry cmd_demo = {
	.name = "demo",
	.operands = "<command> [args...]",
	.summary = "bundles, root filesystems and images (runs runj-demo)",
	.max_operands = -1,
	.flags = CLI_RAW,
	.run = run_demo,
};

const struct cli_entry cmd_tui = {
	.name = "tui",
	.operands = "[args...]",
	.summary = "the terminal manager (runs runj-tui)",
	.max_operands = -1,
	.flags = CLI_RAW,
	.run = run_tui,
};
