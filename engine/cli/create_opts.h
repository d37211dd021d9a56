/* create_opts.h: the options create and run share. */
#ifndef RJ_CLI_CREATE_OPTS_H
#define RJ_CLI_CREATE_OPTS_H

#include "cli/cli.h"

/* Their indices in both tables; run appends --detach. */
enum {
	O_BUNDLE,
	O_PID_FILE,
	O_CONSOLE_SOCKET,
	O_PRESERVE_FDS,
	O_NO_PIVOT,
	O_NO_NEW_KEYRING,
	O_NO_SUBREAPER,
	O_KEEP,
};

#define CREATE_OPTIONS                                                         \
	[O_BUNDLE] = { "bundle", 'b', "DIR",                                   \
		"the bundle (default: the current directory)" },               \
	[O_PID_FILE] = { "pid-file", 0, "FILE",                                \
		"write the init's pid to FILE" },                              \
	[O_CONSOLE_SOCKET] = { "console-socket", 0, "SOCKET",                  \
		"send the pty master to the unix socket SOCKET" },             \
	[O_PRESERVE_FDS] = { "preserve-fds", 0, "N",                           \
		"pass N more descriptors (from 3) to the process" },           \
	[O_NO_PIVOT] = { "no-pivot", 0, NULL,                                  \
		"do not pivot_root (see runj(8))" },                           \
	[O_NO_NEW_KEYRING] = { "no-new-keyring", 0, NULL,                      \
		"keep the caller's session keyring" },                         \
	[O_NO_SUBREAPER] = { "no-subreaper", 0, NULL,                          \
		"accepted for runc compatibility; ignored" },                  \
	[O_KEEP] = { "keep", 0, NULL,                                          \
		"run: leave the stopped container for delete" }

/* What the shared options give. */
int create_opts_from(const struct cli_args *a, struct rj_create_opts *o,
    struct rj_error **err);

#endif
