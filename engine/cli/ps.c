/* ps.c: runj ps [--format table|json] ID [ps options]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/create_opts.h"
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

int
cmd_ps(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd = cli_command("ps");
	bool json = false;
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+f:h", opts, cmd, err)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "table") != 0)
				return rj_error_set(err, EINVAL,
				    "ps: --format %s: expected table or json",
				    optarg);
			json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			return cli_usage(cmd);
		default:
			return -1;
		}
	}
	if (cli_operands(cmd, argc, argv, 1, -1, err) < 0)
		return -1;
	_cleanup_free_ pid_t *pids = NULL;
	size_t n;
	if (rj_pids(cli->root, argv[optind], &pids, &n, err) < 0)
		return -1;
	if (!json)
		return ps_table(pids, n, argv + optind + 1, err) < 0 ? -1 : 0;
	printf("[");
	for (size_t i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", (int)pids[i]);
	printf("]\n");
	return 0;
}
