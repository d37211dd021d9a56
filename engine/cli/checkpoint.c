/* checkpoint.c: runj checkpoint and runj restore, with runc's options
 * (what containerd's shim and Podman pass). */
#include <errno.h>

#include "cli/create_opts.h"
#include "util.h"

/* The options both take, at the same indices in both tables. */
enum {
	C_IMAGE,
	C_WORK,
	C_TCP,
	C_UNIX,
	C_SHELL,
	C_LOCKS,
	C_CGMODE,
	C_EMPTY_NS,
	C_AUTO_DEDUP,
	C_LAZY,
	/* checkpoint */
	C_PARENT,
	C_LEAVE,
	C_PRE,
	C_STATUS_FD,
	C_PAGE_SERVER,
	/* restore */
	R_BUNDLE = C_LAZY + 1,
	R_DETACH,
	R_PID_FILE,
	R_CONSOLE,
	R_NO_PIVOT,
	R_NO_SUBREAPER,
};

#define CRIU_OPTIONS                                                           \
	[C_IMAGE] = { "image-path", 0, "DIR",                                  \
		"the images (default ./checkpoint)" },                         \
	[C_WORK] = { "work-path", 0, "DIR",                                    \
		"CRIU's logs and work files (default: the image path)" },      \
	[C_TCP] = { "tcp-established", 0, NULL, "with open TCP connections" }, \
	[C_UNIX] = { "ext-unix-sk", 0, NULL,                                   \
		"with unix sockets to the outside" },                          \
	[C_SHELL] = { "shell-job", 0, NULL, "with a terminal from outside" },  \
	[C_LOCKS] = { "file-locks", 0, NULL, "with file locks" },              \
	[C_CGMODE] = { "manage-cgroups-mode", 0, "MODE",                       \
		"soft (default), full, strict or ignore" },                    \
	[C_EMPTY_NS] = { "empty-ns", 0, "NS",                                  \
		"accepted for runc compatibility; ignored" },                  \
	[C_AUTO_DEDUP] = { "auto-dedup", 0, NULL,                              \
		"accepted for runc compatibility; ignored" },                  \
	[C_LAZY] = { "lazy-pages", 0, NULL,                                    \
		"accepted for runc compatibility; refused" }

static const struct cli_option checkpoint_options[] = {
	CRIU_OPTIONS,
	[C_PARENT] = { "parent-path", 0, "DIR",
	    "a pre-dump's images, relative to the image path" },
	[C_LEAVE] = { "leave-running", 0, NULL, "keep the container running" },
	[C_PRE] = { "pre-dump", 0, NULL, "only the memory, for a later dump" },
	[C_STATUS_FD] = { "status-fd", 0, "FD",
	    "accepted for runc compatibility; refused" },
	[C_PAGE_SERVER] = { "page-server", 0, "ADDR",
	    "accepted for runc compatibility; refused" },
	{ NULL },
};

static const struct cli_option restore_options[] = {
	CRIU_OPTIONS,
	[R_BUNDLE] = { "bundle", 'b', "DIR",
	    "the bundle (default: the current directory)" },
	[R_DETACH] = { "detach", 'd', NULL, "return once the processes run" },
	[R_PID_FILE] = { "pid-file", 0, "FILE",
	    "write the restored init's pid to FILE" },
	[R_CONSOLE] = { "console-socket", 0, "SOCKET",
	    "accepted for runc compatibility" },
	[R_NO_PIVOT] = { "no-pivot", 0, NULL,
	    "accepted for runc compatibility" },
	[R_NO_SUBREAPER] = { "no-subreaper", 0, NULL,
	    "accepted for runc compatibility; ignored" },
	{ NULL },
};

static int
criu_opts_from(const struct cli_args *a, struct rj_criu_opts *o,
    struct rj_error **err)
{
	if (a->count[C_LAZY] > 0)
		return rj_error_set(err, ENOTSUP,
		    "--lazy-pages is not supported by runj");
	*o = (struct rj_criu_opts){
		/* runc's default: ./checkpoint */
		.image_path = a->value[C_IMAGE] ? a->value[C_IMAGE]
						: "checkpoint",
		.work_path = a->value[C_WORK],
		.manage_cgroups_mode = a->value[C_CGMODE],
		.tcp_established = a->count[C_TCP] > 0,
		.ext_unix_sk = a->count[C_UNIX] > 0,
		.shell_job = a->count[C_SHELL] > 0,
		.file_locks = a->count[C_LOCKS] > 0,
	};
	return 0;
}

static int
run_checkpoint(struct cli_ctx *cli, const struct cli_args *a,
    struct rj_error **err)
{
	struct rj_criu_opts o;
	if (criu_opts_from(a, &o, err) < 0)
		return -1;
	if (a->count[C_STATUS_FD] > 0 || a->count[C_PAGE_SERVER] > 0)
		return rj_error_set(err, ENOTSUP,
		    "--%s is not supported by runj",
		    a->count[C_STATUS_FD] ? "status-fd" : "page-server");
	o.parent_path = a->value[C_PARENT];
	o.leave_running = a->count[C_LEAVE] > 0;
	o.pre_dump = a->count[C_PRE] > 0;
	return rj_checkpoint(cli->root, a->argv[0], &o, err) < 0 ? -1 : 0;
}

static int
run_restore(struct cli_ctx *cli, const struct cli_args *a,
    struct rj_error **err)
{
	struct rj_criu_opts o;
	if (criu_opts_from(a, &o, err) < 0)
		return -1;
	struct rj_create_opts co = {
		.bundle = a->value[R_BUNDLE],
		.pid_file = a->value[R_PID_FILE],
		.console_socket = a->value[R_CONSOLE],
		.no_pivot = a->count[R_NO_PIVOT] > 0,
	};
	int status = 0;
	if (rj_restore(cli->root, a->argv[0], &co, &o, a->count[R_DETACH] > 0,
		&status, err) < 0)
		return -1;
	return status;
}

const struct cli_entry cmd_checkpoint = {
	.name = "checkpoint",
	.operands = "<container-id>",
	.summary = "write a running container's processes to images (CRIU)",
	.options = checkpoint_options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.run = run_checkpoint,
};

const struct cli_entry cmd_restore = {
	.name = "restore",
	.operands = "<container-id>",
	.summary = "create and run a container from a checkpoint's images "
		   "(CRIU)",
	.options = restore_options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.flags = CLI_SEAL,
	.run = run_restore,
};
