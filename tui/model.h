/*
 * model.h: what the TUI shows and does, without curses.  The containers
 * (from the engine), the filtered and sorted view of them, the selection,
 * the pending action and the status line.  Keys become actions here and
 * actions become engine calls through struct tui_engine, so tests can
 * drive the model with a fake engine and watch the calls.
 */
#ifndef TUI_MODEL_H
#define TUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "runj.h"

/* The engine calls the TUI makes; tui_engine_real has the real ones. */
struct tui_engine {
	int (*list)(const char *root, struct rj_state **out, size_t *n,
	    struct rj_error **err);
	void (*list_free)(struct rj_state *list, size_t n);
	int (*state_get)(const char *root, const char *id, struct rj_state *st,
	    struct rj_error **err);
	int (*create)(const char *root, const char *id,
	    const struct rj_create_opts *opts, struct rj_error **err);
	int (*start)(const char *root, const char *id, struct rj_error **err);
	int (*kill)(const char *root, const char *id, int sig, bool all,
	    struct rj_error **err);
	int (*delete)(const char *root, const char *id, bool force,
	    struct rj_error **err);
};

extern const struct tui_engine tui_engine_real;

enum tui_col {
	TC_ID,
	TC_STATUS,
	TC_PID,
	TC_BUNDLE,
	TC_CREATED,
	TC_COMMAND,
	TC_NCOLS,
};

extern const char *const tui_col_names[TC_NCOLS];

/* An action waiting for the user: a confirmation or a signal. */
struct tui_pending {
	enum tui_action action; /* TA_NONE when nothing waits */
	char *id;		/* the container it is for */
	bool force;		/* delete: the container is running */
	char *question;		/* the confirmation's text */
};

struct tui_model {
	char *root;
	const struct tui_engine *eng;

	struct rj_state *all; /* as the engine listed them, by ID */
	size_t nall;
	uint64_t *fp; /* each one's fingerprint when it was read (poll.h) */
	size_t *view; /* indexes into all: filtered and sorted */
	size_t nview;
	size_t sel;  /* index into view */
	size_t top;  /* first row shown */
	size_t page; /* rows on a page, set by the view */

	char *filter;
	enum tui_col sort_col;
	bool sort_reverse;

	struct tui_pending pending;
	char status[512];
	bool status_error;
	unsigned generation; /* bumped on every change the view shows */
};

void tui_model_init(struct tui_model *m, const char *root,
    const struct tui_engine *eng);
void tui_model_free(struct tui_model *m);

/* Lists again, keeping the selected container selected.  On an error the
 * old list stays and the error goes to the status line. */
int tui_model_refresh(struct tui_model *m);
/* The cheap refresh, for polling: reads the root directory and reads
 * again only the containers whose fingerprint changed.  Returns 1 when
 * something changed, 0 when not, -1 on an error (in the status line). */
int tui_model_poll(struct tui_model *m);
/* Re-applies the filter and the sort (after a change to either). */
void tui_model_rebuild(struct tui_model *m);

/* The selected container, or NULL. */
const struct rj_state *tui_model_selected(const struct tui_model *m);
unsigned tui_model_state_bit(const struct tui_model *m);
/* Selects by ID; false when it is not in the view. */
bool tui_model_select_id(struct tui_model *m, const char *id);
void tui_model_move(struct tui_model *m, long delta);

void tui_model_set_filter(struct tui_model *m, const char *filter);
void tui_model_set_sort(struct tui_model *m, enum tui_col col, bool reverse);

void tui_model_status(struct tui_model *m, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Puts an engine error in the status line and frees it. */
void tui_model_error(struct tui_model *m, struct rj_error *err);

/*
 * A key.  Moves, sorts and engine calls that need nothing more are done
 * here; what needs the user (a dialog, a form, a confirmation, a signal)
 * is returned for the UI to run.  A key that does not apply to the
 * selection's state returns TA_NONE with a note in the status line.
 */
enum tui_action tui_model_key(struct tui_model *m, int key);
/* Runs an action as tui_model_key would (the menu uses it). */
enum tui_action tui_model_action(struct tui_model *m, enum tui_action a);

/* Answers the pending confirmation: yes runs it, no drops it. */
int tui_model_confirm(struct tui_model *m, bool yes);
/* Answers a pending kill with a signal (0 cancels). */
int tui_model_kill(struct tui_model *m, int sig, bool all);
void tui_model_pending_clear(struct tui_model *m);

/* The engine calls behind the forms. */
int tui_model_start(struct tui_model *m, const char *id);
int tui_model_create(struct tui_model *m, const char *id, const char *bundle);

/* Text of a cell, for the view and the filter. */
void tui_cell_text(const struct rj_state *st, enum tui_col col, char *buf,
    size_t size);

#endif
