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
exec_sibling(struct cli *cli, const char *name, int argc, char **argv,
    struct rj_error **err)
{
	char self[PATH_MAX];
	/* No /proc (FreeBSD without linprocfs): argv[0]'s directory. */
	const char *exe = rj_exe_path();
	snprintf(self, sizeof(self), "%s", exe != NULL ? exe : cli->argv0[0]);
	_cleanup_free_ char *path = xasprintf("%s/%s", dirname(self), name);
	/* Global options the sibling understands go along. */
	_cleanup_free_ char **args = xcalloc((size_t)argc + 4, sizeof(char *));
	size_t a = 0;
	args[a++] = path;
	if (strcmp(name, "runj-tui") == 0 &&
	    strcmp(cli->root, rj_default_root()) != 0) {
		args[a++] = "--root";
		args[a++] = (char *)cli->root;
	}
	for (int i = 1; i < argc; i++)
		args[a++] = argv[i];
	execv(path, args);
	if (errno == ENOENT)
		execvp(name, args + 0);
	return rj_error_sys(err, "%s: cannot run %s", argv[0], path);
}

int
cmd_demo(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	return exec_sibling(cli, "runj-demo", argc, argv, err);
}

int
cmd_tui(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	return exec_sibling(cli, "runj-tui", argc, argv, err);
}
