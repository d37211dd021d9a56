/*
 * model.h: what the TUI shows and does, without curses.  The containers
 * (from the engine), the filtered and sorted view of them, the selection
 * and the marks, the question waiting for an answer, the status line and
 * the message history.  Keys become actions here; actions that change a
 * container become requests (struct tui_req) that a runner executes off
 * the UI loop and hands back to tui_model_done().  Tests drive the model
 * with a fake engine and a runner that executes at once.
 */
#ifndef TUI_MODEL_H
#define TUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "runj.h"

/* The engine calls the TUI makes; tui_engine_real has the real ones. */
struct tui_engine {
	/* Reads, made on the UI loop: none of them waits for a lock. */
	int (*list)(const char *root, struct rj_state **out, size_t *n,
	    struct rj_error **err);
	void (*list_free)(struct rj_state *list, size_t n);
	int (*list_ids)(const char *root, char ***ids, size_t *n,
	    struct rj_error **err);
	uint64_t (*stamp)(const char *root, const char *id, pid_t pid);
	int (*state_get)(const char *root, const char *id, struct rj_state *st,
	    struct rj_error **err);
	int (*stats)(const char *root, const char *id, struct rj_stats *st,
	    struct rj_error **err);
	void (*stats_clear)(struct rj_stats *st);
	int (*pids)(const char *root, const char *id, pid_t **pids, size_t *n,
	    struct rj_error **err);
	int (*validate)(const char *bundle, struct rj_error **err);
	/* Changes, made by the runner (a child process for the real one). */
	int (*create)(const char *root, const char *id,
	    const struct rj_create_opts *opts, struct rj_error **err);
	int (*start)(const char *root, const char *id, struct rj_error **err);
	int (*kill)(const char *root, const char *id, int sig, bool all,
	    struct rj_error **err);
	int (*delete)(const char *root, const char *id, bool force,
	    struct rj_error **err);
	int (*pause)(const char *root, const char *id, bool pause,
	    struct rj_error **err);
};

extern const struct tui_engine tui_engine_real;

enum tui_col {
	TC_ID,
	TC_STATUS,
	TC_PID,
	TC_UPTIME,
	TC_CPU,
	TC_MEM,
	TC_BUNDLE,
	TC_CREATED,
	TC_COMMAND,
	TC_NCOLS,
};

extern const char *const tui_col_names[TC_NCOLS];

/* ---- requests: what changes a container ---- */

enum tui_op {
	TOP_CREATE,
	TOP_START,
	TOP_KILL,
	TOP_DELETE,
	TOP_PAUSE,
	TOP_RESUME,
	TOP_RESTART, /* delete, create again from the bundle, start */
};

struct tui_batch;

struct tui_req {
	enum tui_op op;
	char *id;
	char *bundle;	    /* create, restart */
	char *console;	    /* create, restart: where the pty goes (terminal) */
	int sig;	    /* kill */
	bool all;	    /* kill --all */
	bool force;	    /* delete a running one */
	bool remove_bundle; /* delete: rm -rf the bundle too */
	size_t log_max;	    /* create: the log's cap, bytes per file */
	/* results */
	pid_t pid;   /* create, restart: the container's init */
	char *error; /* NULL when it worked */
	struct tui_batch *batch;
};

void tui_req_free(struct tui_req *r);
/* Does what r asks through eng (in the runner); fills r->pid, and
 * r->error on a failure.  Returns 0 or -1. */
int
tui_req_exec(const struct tui_engine *eng, const char *root, struct tui_req *r);

struct tui_model;

struct tui_runner {
	/* Takes r and, once it is done (maybe at once), gives it to
	 * tui_model_done(m, r). */
	void (*submit)(struct tui_runner *run, struct tui_model *m,
	    struct tui_req *r);
};

/* Runs a request at once, in this process: for tests. */
extern struct tui_runner tui_runner_inline;

/* ---- what the model keeps per container ---- */

/* Kept across refreshes for as long as the container (ID and creation
 * time) is there. */
struct tui_extra {
	uint64_t stamp; /* rj_state_stamp when it was read */
	bool marked;
	bool busy;	  /* a request for it is running */
	pid_t last_pid;	  /* the init's pid while it ran */
	int64_t seen_up;  /* when it was first seen running (ns), or 0 */
	bool have_exit;	  /* its init's wait status is known */
	int exit_status;  /* as waitpid gives it */
	bool have_stats;  /* cpu_pct and mem are valid */
	uint64_t cpu_ns;  /* the last CPU total */
	int64_t cpu_at;	  /* when it was read */
	double cpu_pct;	  /* 100 per busy CPU */
	uint64_t mem;	  /* bytes in use */
	uint64_t mem_max; /* the limit, or 0 */
};

struct tui_msg {
	int64_t when; /* ns */
	bool error;
	char *text;
};

#define TUI_HISTORY_MAX 500

/* A question waiting for an answer (or a signal, for kill). */
struct tui_pending {
	enum tui_action action; /* TA_NONE when nothing waits */
	char **ids;		/* the containers it is for */
	char *question;
	char *toggle; /* a checkbox offered with it, or NULL */
	bool toggled;
	bool force; /* delete: some are running */
};

/* SIGKILL after SIGTERM: asked when the container is still up. */
struct tui_followup {
	char *id;
	int64_t created;
	int64_t due; /* ns */
};

struct tui_model {
	char *root;
	const struct tui_engine *eng;
	struct tui_runner *run;

	struct rj_state *all; /* as the engine listed them, by ID */
	struct tui_extra *extra;
	size_t nall;
	size_t *view; /* indexes into all: filtered and sorted */
	size_t nview;
	size_t sel;  /* index into view */
	size_t top;  /* first row shown */
	size_t page; /* rows on a page, set by the view */

	char *filter;
	enum tui_col sort_col;
	bool sort_reverse;
	bool detail; /* the detail pane is shown */

	struct tui_pending pending;
	struct tui_followup *followups;
	size_t nfollowups;
	int kill_wait_s; /* seconds before the SIGKILL question */
	size_t log_max;	 /* the log cap for containers made here */
	char *attach_id; /* the UI attaches to this one when it can */
	bool (*has_console)(void *arg, const char *id);
	/* A socket for the pty of id when bundle's process has a terminal
	 * (the UI listens on it), or NULL. */
	char *(*console_for)(void *arg, const char *id, const char *bundle);
	void *console_arg;
	/* pids of inits created here that the list may not show yet */
	struct {
		pid_t pid;
		char *id;
	} * born;
	size_t nborn;

	char status[512];
	bool status_error;
	struct tui_msg *hist; /* oldest first */
	size_t nhist;
	unsigned generation; /* bumped on every change the view shows */
};

void tui_model_init(struct tui_model *m, const char *root,
    const struct tui_engine *eng, struct tui_runner *run);
void tui_model_free(struct tui_model *m);

/* Lists again, keeping the selected container selected.  On an error the
 * old list stays and the error goes to the status line. */
int tui_model_refresh(struct tui_model *m);
/* The cheap refresh, for polling: reads the IDs and reads again only the
 * containers whose change stamp moved.  Returns 1 when something changed,
 * 0 when not, -1 on an error (in the status line). */
int tui_model_poll(struct tui_model *m);
/* Reads the resource use of the running containers in view[from, to) and
 * the selected one (CPU percent from the previous reading). */
void tui_model_stats(struct tui_model *m, size_t from, size_t to, int64_t now);
/* Re-applies the filter and the sort (after a change to either). */
void tui_model_rebuild(struct tui_model *m);

/* The selected container, or NULL; its extra. */
const struct rj_state *tui_model_selected(const struct tui_model *m);
struct tui_extra *tui_model_extra(const struct tui_model *m, const char *id);
/* The bits (TS_*) of the selection. */
unsigned tui_model_state_bit(const struct tui_model *m);
/* What the hint bar and menus go by: the selection's bits, and with
 * marks, those of every marked container too. */
unsigned tui_model_hint_bits(const struct tui_model *m);
/* Selects by ID; false when it is not in the view. */
bool tui_model_select_id(struct tui_model *m, const char *id);
void tui_model_move(struct tui_model *m, long delta);
size_t tui_model_nmarked(const struct tui_model *m);

void tui_model_set_filter(struct tui_model *m, const char *filter);
void tui_model_set_sort(struct tui_model *m, enum tui_col col, bool reverse);

/* The status line; every message also goes to the history. */
void tui_model_status(struct tui_model *m, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Puts an engine error in the status line and frees it. */
void tui_model_error(struct tui_model *m, struct rj_error *err);

/*
 * A key of the list.  Moves, sorts, marks and engine requests that need
 * nothing more are done here; what needs the user (a dialog, a form, a
 * question, a signal) is returned for the UI to run.  A key that does not
 * apply to the selection returns TA_NONE with a note in the status line.
 * A row's confirm field alone decides whether the action asks: it then
 * returns the action with m->pending.question set.
 */
enum tui_action tui_model_key(struct tui_model *m, int key);
/* Runs an action as tui_model_key would (menus use it). */
enum tui_action tui_model_action(struct tui_model *m, enum tui_action a);

/* Answers the pending question: yes runs it, no drops it. */
void tui_model_confirm(struct tui_model *m, bool yes);
/* Answers a pending kill with a signal (0 cancels). */
void tui_model_kill(struct tui_model *m, int sig, bool all);
void tui_model_pending_clear(struct tui_model *m);

/* The request the create form makes (the pty of a bundle with a
 * terminal goes to m->console_for's socket). */
void tui_model_create(struct tui_model *m, const char *id, const char *bundle);

/* The runner's answer to a request; takes r. */
void tui_model_done(struct tui_model *m, struct tui_req *r);
/* A process this one reaped (it is the containers' reaper): if it was a
 * container's init, its exit status is kept. */
void tui_model_reaped(struct tui_model *m, pid_t pid, int status);
/* Time goes by: true when a follow-up question (SIGKILL?) is now pending
 * for the UI to ask. */
bool tui_model_tick(struct tui_model *m, int64_t now);

/* Which containers use a bundle (its real path), for refusing to replace
 * a bundle in use; a NULL-terminated list of IDs, or NULL. */
char **tui_model_bundle_users(const struct tui_model *m, const char *bundle,
    bool active_only);

/* Text of a cell, for the view and the filter. */
void tui_cell_text(const struct tui_model *m, const struct rj_state *st,
    enum tui_col col, char *buf, size_t size);
/* "exited (137)" and the like: the status with what is known of the end. */
void tui_status_text(const struct rj_state *st, const struct tui_extra *x,
    char *buf, size_t size);
/* "1h02m", "3d4h": a duration in seconds, short. */
void tui_duration_text(int64_t secs, char *buf, size_t size);
/* "12.3M", "512K": bytes, short. */
void tui_bytes_text(uint64_t n, char *buf, size_t size);

#endif
