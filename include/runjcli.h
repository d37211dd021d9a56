/*
 * runjcli.h: command entries, shared by runj, runj-demo and runj-tui.
 * Each command is one entry: its name, operands, summary, options (with
 * their help) and the function that runs it.  From the entry come the
 * option parsing and `PROGRAM COMMAND --help`, so the help can never
 * drift from what is parsed, and the man pages are checked against it.
 *
 * Options are runc's syntax: --name, -name, --name=value, --name value,
 * -x, -xVALUE, -x VALUE and combined flags such as -dt; "--" ends them.
 */
#ifndef RUNJCLI_H
#define RUNJCLI_H

#include <stdbool.h>
#include <stdio.h>

#include "runj.h"

#define CLI_MAX_OPTIONS 32

struct cli_option {
	const char *name; /* long name, without "--" */
	char letter;	  /* short name, or 0 */
	const char *arg;  /* the value's name in help ("DIR"); NULL: a flag */
	const char *help; /* one line */
	bool repeat;	  /* may be given more than once (values collect) */
};

/* What the parser found: for the option at index i of the entry's table,
 * count[i] times given, value[i] its last value, values[i] all of them
 * (NULL-terminated, when it repeats); then the operands. */
struct cli_args {
	int count[CLI_MAX_OPTIONS];
	const char *value[CLI_MAX_OPTIONS];
	char **values[CLI_MAX_OPTIONS];
	int argc;
	char **argv;
};

/* A program's own context (runj: the global options). */
struct cli_ctx;

struct cli_entry {
	const char *name;
	const char *operands; /* "<container-id> [signal]" */
	const char *summary;  /* one line, no final period */
	/* Ends with an entry whose name is NULL; --help is implicit. */
	const struct cli_option *options;
	int min_operands, max_operands; /* max -1: no limit */
	/* Options may also follow the operands (runj update ID --memory M);
	 * without it the first operand ends them (exec ID cmd --flag). */
	bool options_anywhere;
	unsigned flags; /* the program's own (runj: CLI_SEAL) */
	/* Returns the exit status, or -1 with *err set. */
	int (*run)(struct cli_ctx *ctx, const struct cli_args *a,
	    struct rj_error **err);
};

/* Parses argv (argv[0] is the command's name).  Returns 0, 1 when --help
 * was given (the help is printed), or -1 with *err naming what was
 * wrong.  prog is the program's name for messages ("runj"). */
int cli_parse(const struct cli_entry *e, const char *prog, int argc,
    char **argv, struct cli_args *a, struct rj_error **err);
void cli_args_free(struct cli_args *a);
/* `PROG NAME --help`. */
void cli_help(const struct cli_entry *e, const char *prog, FILE *f);
/* The command named name in a table of n entries, or NULL. */
const struct cli_entry *
cli_find(const struct cli_entry *const *table, size_t n, const char *name);
/* Lists the commands with their summaries. */
void cli_list(const struct cli_entry *const *table, size_t n, FILE *f);
/* Parses a whole number in [min, max] given to option opt. */
int cli_number(const char *opt, const char *value, long long min, long long max,
    long long *out, struct rj_error **err);

#endif
