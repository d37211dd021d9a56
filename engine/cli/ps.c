/* ps.c: runj ps [--format table|json] ID [ps options]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util.h"

/* The table is ps(1)'s own, for the container's pids only. */
static int
ps_table(pid_t *pids, size_t n, char **extra, struct rj_error **err)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += 12;
	_cleanup_free_ char *list = xcalloc(1, len);
	size_t off = 0;
	for (size_t i = 0; i < n; i++)
		off += (size_t)snprintf(list + off, len - off, "%s%d",
		    i ? "," : "", (int)pids[i]);
	size_t nextra = strv_len(extra);
	_cleanup_free_ char **args = xcalloc(nextra + 5, sizeof(char *));
	size_t a = 0;
	args[a++] = "ps";
	for (size_t i = 0; i < nextra; i++)
		args[a++] = extra[i];
	if (nextra == 0)
		args[a++] = "-f";
	args[a++] = "-p";
	args[a++] = n > 0 ? list : "0";
	fflush(stdout);
	pid_t child = fork();
	if (child < 0)
		return rj_error_sys(err, "fork");
	if (child == 0) {
		execvp("ps", args);
		_exit(127);
	}
	int st;
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			return rj_error_sys(err, "ps: wait");
	/* ps exits 1 when no pid matched: an empty table is no error. */
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		return rj_error_set(err, ENOENT, "ps: ps(1) not found");
	return 0;
}

enum {
	O_FORMAT
};

static const struct cli_option options[] = {
	[O_FORMAT] = { "format", 'f', "table|json",
	    "output format (default table)" },
	{ NULL },
};

static int
run_ps(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	const char *format = a->value[O_FORMAT] ? a->value[O_FORMAT] : "table";
	if (strcmp(format, "json") != 0 && strcmp(format, "table") != 0)
		return rj_error_set(err, EINVAL,
		    "ps: --format %s: expected table or json", format);
	_cleanup_free_ pid_t *pids = NULL;
	size_t n;
	if (rj_pids(cli->root, a->argv[0], &pids, &n, err) < 0)
		return -1;
	if (strcmp(format, "table") == 0)
		return ps_table(pids, n, a->argv + 1, err) < 0 ? -1 : 0;
	printf("[");
	for (size_t i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", (int)pids[i]);
	printf("]\n");
	return 0;
}

const struct cli_entry cmd_ps = {
	.name = "ps",
	.operands = "<container-id> [ps options]",
	.summary = "list the processes of a container",
	.options = options,
	.min_operands = 1,
	.max_operands = -1,
	.run = run_ps,
};
