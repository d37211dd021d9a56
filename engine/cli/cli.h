/* cli.h: the runj command line: the global options every command sees,
 * and the command entries (one per file, listed in main.c). */
#ifndef RJ_CLI_H
#define RJ_CLI_H

#include <stdbool.h>

#include "runjcli.h"

struct cli_ctx {
	const char *root;
	const char *log_path;
	bool log_json;
	bool debug;
	char *const *argv0; /* the whole argv, for sibling programs */
	/* The exit status of an error the command met (0: 1), as runc's
	 * exec exits 255 once its arguments are good. */
	int fail_status;
};

/* Entry flags. */
enum {
	CLI_SEAL = 1 << 0, /* runs container processes: rj_exe_seal first */
	CLI_RAW = 1 << 1,  /* its arguments go unparsed to run (demo, tui) */
};

extern const struct cli_entry cmd_create, cmd_start, cmd_run, cmd_exec,
    cmd_state, cmd_kill, cmd_delete, cmd_list, cmd_ps, cmd_pause, cmd_resume,
    cmd_update, cmd_events, cmd_checkpoint, cmd_restore, cmd_features, cmd_spec,
    cmd_demo, cmd_tui;

/* Logs to --log (text or JSON lines) when given. */
void cli_log(const struct cli_ctx *cli, const char *level, const char *msg);
/* Creates the --log file if it does not exist. */
void cli_log_touch(const struct cli_ctx *cli);

#endif
