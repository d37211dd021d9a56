/* cli.h: the runj command line: global options, the command table and
 * what the command files share. */
#ifndef RJ_CLI_H
#define RJ_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "runj.h"

struct cli {
	const char *root;
	const char *log_path;
	bool log_json;
	bool debug;
	char *const *argv0; /* the whole argv, for sibling programs */
};

struct cli_command {
	const char *name;
	const char *args;    /* "[options] <container-id>" */
	const char *summary; /* one line for `runj --help` */
	const char *help;    /* the options, for `runj CMD --help` */
	/* Returns the exit status, or -1 with *err set. */
	int (*run)(struct cli *cli, int argc, char **argv,
	    struct rj_error **err);
	bool seal; /* runs container processes: needs rj_exe_seal */
};

extern const struct cli_command cli_commands[];
extern const size_t cli_ncommands;

/* getopt_long_only over argv (argv[0] is the command name), stopping at
 * the first operand as runc does.  On an unknown or incomplete option it
 * sets *err ("create: unknown option --foo") and returns '?'. */
int cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const struct cli_command *cmd,
    struct rj_error **err);
/* Prints `runj CMD --help`; returns 0. */
int cli_usage(const struct cli_command *cmd);
/* Checks the number of operands left after options. */
int cli_operands(const struct cli_command *cmd, int argc, char **argv, int min,
    int max, struct rj_error **err);
/* Parses a non-negative integer option value. */
int
cli_uint(const char *opt, const char *value, int *out, struct rj_error **err);
/* Logs to --log (text or JSON lines) when given. */
void cli_log(const struct cli *cli, const char *level, const char *msg);
/* Creates the --log file if it does not exist. */
void cli_log_touch(const struct cli *cli);

#define CLI_HELP_OPTION                                                        \
	{                                                                      \
		"help", no_argument, NULL, 'h'                                 \
	}

int cmd_create(struct cli *, int, char **, struct rj_error **);
int cmd_start(struct cli *, int, char **, struct rj_error **);
int cmd_state(struct cli *, int, char **, struct rj_error **);
int cmd_kill(struct cli *, int, char **, struct rj_error **);
int cmd_delete(struct cli *, int, char **, struct rj_error **);
int cmd_run(struct cli *, int, char **, struct rj_error **);
int cmd_exec(struct cli *, int, char **, struct rj_error **);
int cmd_list(struct cli *, int, char **, struct rj_error **);
int cmd_ps(struct cli *, int, char **, struct rj_error **);
int cmd_pause(struct cli *, int, char **, struct rj_error **);
int cmd_resume(struct cli *, int, char **, struct rj_error **);
int cmd_update(struct cli *, int, char **, struct rj_error **);
int cmd_events(struct cli *, int, char **, struct rj_error **);
int cmd_features(struct cli *, int, char **, struct rj_error **);
int cmd_spec(struct cli *, int, char **, struct rj_error **);
int cmd_demo(struct cli *, int, char **, struct rj_error **);
int cmd_tui(struct cli *, int, char **, struct rj_error **);

#endif
