/* pump.c: the one place runj-tui waits.  Keys, the pipes of jobs, the
 * terminals of containers and the clock are watched together, so the
 * list refreshes and work goes on whatever dialog is open. */
#include <errno.h>
#include <poll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"
#include "runjutil.h"

#define POLL_NS	 (500 * 1000000LL)   /* read what changed */
#define FULL_NS	 (30 * 1000000000LL) /* read everything (pauses) */
#define STATS_NS (2 * 1000000000LL)  /* CPU and memory */
#define CLOCK_NS (1000000000LL)	     /* the UP column moves */
#define MAX_FDS	 64

volatile sig_atomic_t ui_quit_signal;
struct tui_ui *ui_main;

static int64_t next_poll, next_full, next_stats, next_clock;
static unsigned returned_gen;
static bool question_due;

void
ui_pump_init(struct tui_ui *ui)
{
	int64_t now = now_ns();

	ui_main = ui;
	next_poll = now + POLL_NS;
	next_full = now + FULL_NS;
	next_stats = now;
	next_clock = now + CLOCK_NS;
	/* Bracketed paste: a pasted line break is text, not Enter. */
	define_key("\033[200~", TK_PASTE_BEGIN & ~0x1000000);
	define_key("\033[201~", TK_PASTE_END & ~0x1000000);
	if (ui->curses) {
		fputs("\033[?2004h", stdout);
		fflush(stdout);
	}
}

bool
ui_pump_question_due(void)
{
	bool r = question_due;

	question_due = false;
	return r;
}

/* A key curses already has, or -1. */
static int
key_now(void)
{
	wint_t k;
	int r;

	timeout(0);
	r = get_wch(&k);
	if (r == ERR)
		return -1;
	return r == KEY_CODE_YES ? TK_FN((int)k) : (int)k;
}

static void
reap(struct tui_model *m)
{
	int status;
	pid_t pid;

	/* runj-tui is the reaper of what it started: jobs, and the
	 * containers those jobs made. */
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (!tui_jobs_reaped(pid, status))
			tui_model_reaped(m, pid, status);
}

/* A running container on screen: its UP column moves. */
static bool
any_up(struct tui_ui *ui)
{
	const struct tui_model *m = ui->m;
	size_t from, to;

	ui_visible_rows(ui, &from, &to);
	for (size_t v = from; v < to; v++) {
		enum rj_status s = m->all[m->view[v]].status;

		if (s == RJ_STATUS_RUNNING || s == RJ_STATUS_PAUSED)
			return true;
	}
	return false;
}

/* Everything but the keyboard. */
static void
serve(struct tui_ui *ui, int64_t now)
{
	struct tui_model *m = ui->m;

	reap(m);
	if (tui_jobs_service())
		m->generation++;
	if (ui_console_service())
		m->generation++;
	if (now >= next_full) {
		tui_model_refresh(m);
		next_full = now + FULL_NS;
		next_poll = now + POLL_NS;
	} else if (now >= next_poll) {
		tui_model_poll(m);
		next_poll = now + POLL_NS;
	}
	if (now >= next_stats) {
		size_t from, to;

		ui_visible_rows(ui, &from, &to);
		tui_model_stats(m, from, to, now);
		next_stats = now + STATS_NS;
	}
	if (now >= next_clock) {
		if (any_up(ui))
			m->generation++;
		next_clock = now + CLOCK_NS;
	}
	if (tui_model_tick(m, now))
		question_due = true;
}

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

int
ui_key(int timeout_ms)
{
	struct tui_ui *ui = ui_main;
	int64_t deadline = timeout_ms < 0
	    ? INT64_MAX
	    : now_ns() + (int64_t)timeout_ms * 1000000;

	for (;;) {
		struct pollfd p[MAX_FDS];
		size_t n = 0;
		int64_t now, wait;
		int key;

		if (ui_quit_signal)
			return -1;
		if ((key = key_now()) >= 0)
			return key;
		now = now_ns();
		serve(ui, now);
		if (ui->m->generation != returned_gen || question_due) {
			returned_gen = ui->m->generation;
			return -1;
		}
		if (now >= deadline)
			return -1;
		p[n++] = (struct pollfd){ .fd = STDIN_FILENO,
			.events = POLLIN };
		n += tui_jobs_pollfds(p + n, MAX_FDS - n);
		n += ui_console_pollfds(p + n, MAX_FDS - n);
		wait = min64(min64(next_poll, next_stats), next_clock) - now;
		wait = min64(wait, deadline - now);
		if (wait < 0)
			wait = 0;
		poll(p, n, (int)(wait / 1000000) + 1);
	}
}
