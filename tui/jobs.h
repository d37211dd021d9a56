/*
 * jobs.h: work off the UI loop.  A job is a child process (forked, so the
 * engine's own forks happen in a single-threaded process) that runs one
 * function and tells the UI how it goes over a pipe: progress, engine
 * messages, output and its result.  The UI waits for nothing: it watches
 * the pipes with the keyboard (tui_jobs_pollfds) and reads what came
 * (tui_jobs_service).  A cancellable job is cancelled with SIGTERM, which
 * its progress callback turns into "cancelled" the next time it is called
 * (at least once a second for a download, connecting or waiting
 * included), so the library cleans up after itself.
 */
#ifndef TUI_JOBS_H
#define TUI_JOBS_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"
#include "runjdemo.h"

struct tui_job {
	pid_t pid;
	int fd; /* the read end; -1 once it is at EOF */
	char *title;
	bool cancellable;
	bool cancelled;	 /* asked to stop */
	bool exited;	 /* reaped */
	bool background; /* the UI stopped showing its box */
	int64_t started; /* ns */
	int64_t cancel_at;
	/* the latest progress */
	bool have_progress;
	char phase[160];
	uint64_t done, total;
	double rate;
	/* the result */
	bool finished; /* the child said how it ended */
	char *error;   /* NULL: it worked */
	char *output;  /* what the child said ("O" lines), joined */
	/* for the UI */
	void (*on_done)(struct tui_job *j, void *arg);
	void *arg;
	char buf[8192];
	size_t blen;
	struct tui_job *next;
};

/* In the child: returns 0 or -1 with *err; may call tui_job_progress and
 * tui_job_say. */
typedef int (*tui_job_fn)(void *arg, struct rj_error **err);

/* Starts fn(arg) in a child.  on_done runs in the UI once the job ended
 * (never from inside this call) and the job is freed after it. */
struct tui_job *tui_job_start(const char *title, tui_job_fn fn, void *arg,
    bool cancellable, void (*on_done)(struct tui_job *, void *), void *darg);

/* In the child: a progress callback for the demo library; false once the
 * job is cancelled. */
bool tui_job_progress(void *arg, const struct rjd_progress *p);
/* In the child: a line of output for the UI (tui_job.output). */
void tui_job_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The pipes to watch, into p (at most max); returns how many. */
size_t tui_jobs_pollfds(struct pollfd *p, size_t max);
/* Reads what came, ends the jobs that are done.  True when anything
 * changed (progress, a job ended). */
bool tui_jobs_service(void);
/* The reaper hands over every pid it collects: true when it was a job. */
bool tui_jobs_reaped(pid_t pid, int status);
void tui_job_cancel(struct tui_job *j);
/* The running jobs, oldest first; how many there are. */
struct tui_job *tui_jobs_first(void);
size_t tui_jobs_count(void);
/* Cancels the cancellable ones and waits up to ms for them to clean up. */
void tui_jobs_shutdown(int ms);
/* The progress line of a job: "download: 1.2 MiB of 3.4 MiB  500 KiB/s". */
void tui_job_progress_text(const struct tui_job *j, char *buf, size_t size);

/* The runner of engine requests: each one a job (at most four at once,
 * the rest queued). */
extern struct tui_runner tui_runner_jobs;

#endif
