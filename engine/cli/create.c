/* create.c: runj create, and the options it shares with run. */
#include "cli/create_opts.h"

static const struct cli_option create_options[] = {
	CREATE_OPTIONS,
	{ NULL },
};

int
create_opts_from(const struct cli_args *a, struct rj_create_opts *o,
    struct rj_error **err)
{
	*o = (struct rj_create_opts){
		.bundle = a->value[O_BUNDLE],
		.pid_file = a->value[O_PID_FILE],
		.console_socket = a->value[O_CONSOLE_SOCKET],
		.no_pivot = a->count[O_NO_PIVOT] > 0,
		.no_new_keyring = a->count[O_NO_NEW_KEYRING] > 0,
		/* run: leave the stopped container for delete (create
		 * always leaves it) */
		.keep = a->count[O_KEEP] > 0,
	};
	if (a->value[O_PRESERVE_FDS] != NULL) {
		long long n;
		if (cli_number("--preserve-fds", a->value[O_PRESERVE_FDS], 0,
			1 << 20, &n, err) < 0)
			return -1;
		o->preserve_fds = (int)n;
	}
	return 0;
}

static int
run_create(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	struct rj_create_opts o;
	if (create_opts_from(a, &o, err) < 0)
		return -1;
	return rj_create(cli->root, a->argv[0], &o, err) < 0 ? -1 : 0;
}

const struct cli_entry cmd_create = {
	.name = "create",
	.operands = "<container-id>",
	.summary = "create a container, stopped at the start gate",
	.options = create_options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.flags = CLI_SEAL,
	.run = run_create,
};
