/* cli.h: what the runj-demo commands share. */
#ifndef RJD_CLI_H
#define RJD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runjdemo.h"

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv, struct rj_error **err);
	const char *synopsis; /* after "runj-demo NAME " */
	const char *summary;
};

extern const struct cli_cmd cli_cmds[];
extern const size_t cli_ncmds;

int cmd_rootfs(int argc, char **argv, struct rj_error **err);
int cmd_download(int argc, char **argv, struct rj_error **err);
int cmd_spec(int argc, char **argv, struct rj_error **err);
int cmd_bundle(int argc, char **argv, struct rj_error **err);
int cmd_oci_image(int argc, char **argv, struct rj_error **err);
int cmd_unpack(int argc, char **argv, struct rj_error **err);

/* Prints "usage: runj-demo NAME SYNOPSIS" and the summary to stdout. */
void cli_help(const char *name);
/* A usage error: "NAME: what" (and a pointer to --help). */
int cli_usage(struct rj_error **err, const char *name, const char *what);
/* Splits argv at "--args" or "--": what follows is the process's
 * arguments (*args, NULL when absent); *argc shrinks to what precedes. */
int cli_split_args(int *argc, char **argv, char ***args, const char *name,
    struct rj_error **err);
/* Parses a size: bytes, or a number with K, M, G or T (binary units);
 * "0" is RJD_NO_BUDGET, no limit. */
int
cli_size(const char *s, uint64_t *out, const char *name, struct rj_error **err);
/* Parses a positive number of seconds. */
int
cli_seconds(const char *s, long *out, const char *name, struct rj_error **err);

/* Progress on stderr when it is a terminal; a SIGINT makes it cancel. */
bool cli_progress(void *arg, const struct rjd_progress *p);
/* Ends the progress line, if one was drawn. */
void cli_progress_done(void);
void cli_progress_init(void);
/* One progress line (no "\r"), at most width columns. */
void cli_progress_format(char *buf, size_t size, const struct rjd_progress *p,
    int width);
/* "12.3 MiB", "512 B". */
void cli_human_bytes(char *buf, size_t size, double n);

#endif
