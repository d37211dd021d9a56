/* cli.h: what the runj-demo commands share. */
#ifndef RJD_CLI_H
#define RJD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runjcli.h"
#include "runjdemo.h"

/* What every command may use besides its options: the process's
 * arguments after --args (NULL when absent). */
struct cli_ctx {
	char **args;
};

extern const struct cli_entry cmd_rootfs, cmd_download, cmd_spec, cmd_bundle,
    cmd_oci_image, cmd_unpack;

/* A usage error: "NAME: what (see runj-demo NAME --help)". */
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

#endif
