/* simple.c: the commands that take only a container ID: start, state,
 * pause, resume. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/create_opts.h"
#include "util.h"

const struct cli_command *
cli_command(const char *name)
{
	for (size_t i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* Parses "[--help] <container-id>": 0 with the ID at argv[optind], 1
 * after --help, -1 on error. */
static int
id_only(const char *name, int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = { CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 } };
	const struct cli_command *cmd = cli_command(name);
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+h", opts, cmd, err)) != -1) {
		if (c == 'h')
			return cli_usage(cmd), 1;
		return -1;
	}
	return cli_operands(cmd, argc, argv, 1, 1, err);
}

#define ID_ONLY(name)                                                          \
	do {                                                                   \
		int rc_ = id_only(name, argc, argv, err);                      \
		if (rc_ != 0)                                                  \
			return rc_ > 0 ? 0 : -1;                               \
	} while (0)

int
cmd_start(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	ID_ONLY("start");
	return rj_start(cli->root, argv[optind], err) < 0 ? -1 : 0;
}

int
cmd_state(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	ID_ONLY("state");
	struct rj_state st;
	if (rj_state_get(cli->root, argv[optind], &st, err) < 0)
		return -1;
	if (st.status == RJ_STATUS_BROKEN) {
		rj_error_set(err, EINVAL,
		    "container %s is broken (%s): only delete --force acts on "
		    "it",
		    st.id, st.problem);
		rj_state_clear(&st);
		return -1;
	}
	char *text = rj_state_to_json(&st);
	printf("%s\n", text);
	free(text);
	rj_state_clear(&st);
	return 0;
}

int
cmd_pause(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	ID_ONLY("pause");
	return rj_pause(cli->root, argv[optind], true, err) < 0 ? -1 : 0;
}

int
cmd_resume(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	ID_ONLY("resume");
	return rj_pause(cli->root, argv[optind], false, err) < 0 ? -1 : 0;
}

int
cmd_features(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	(void)cli;
	static const struct option opts[] = { CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 } };
	const struct cli_command *cmd = cli_command("features");
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+h", opts, cmd, err)) != -1)
		return c == 'h' ? cli_usage(cmd) : -1;
	if (cli_operands(cmd, argc, argv, 0, 0, err) < 0)
		return -1;
	char *text = rj_features_json();
	printf("%s\n", text);
	free(text);
	return 0;
}
