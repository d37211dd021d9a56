/* progress_bar.c: a one-line progress bar on stderr (a terminal only),
 * with the rate and the time left; SIGINT turns into a clean cancel. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "runjutil.h"

static volatile sig_atomic_t interrupted;
static bool drawn;
static bool on_tty;
static const char *last_phase;

static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

void
cli_progress_init(void)
{
	const char *term = getenv("TERM");
	on_tty = isatty(STDERR_FILENO) &&
	    !(term != NULL && strcmp(term, "dumb") == 0);
	struct sigaction sa = { .sa_handler = on_sigint };
	/* A second ^C kills at once. */
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void
cli_progress_format(char *buf, size_t size, const struct rjd_progress *p,
    int width)
{
	char done[32], total[32], rate[32], eta[32] = "";
	format_bytes(done, sizeof(done), (double)p->done);
	format_bytes(total, sizeof(total), (double)p->total);
	rate[0] = '\0';
	if (p->rate > 0) {
		format_bytes(rate, sizeof(rate), p->rate);
		strcat(rate, "/s");
	}
	if (p->total == 0 || p->done > p->total) {
		snprintf(buf, size, "%-9s %s  %s", p->phase, done, rate);
		return;
	}
	if (p->rate > 0) {
		unsigned long s = (unsigned long)((double)(p->total - p->done) /
		    p->rate);
		snprintf(eta, sizeof(eta), "ETA %lu:%02lu", s / 60, s % 60);
	}
	int pct = (int)(100.0 * (double)p->done / (double)p->total);
	char tail[160];
	snprintf(tail, sizeof(tail), " %3d%%  %s / %s  %s  %s", pct, done,
	    total, rate, eta);
	int bar = width - 9 - 3 - (int)strlen(tail);
	if (bar > 40)
		bar = 40;
	if (bar < 5) {
		snprintf(buf, size, "%-9s%s", p->phase, tail);
		return;
	}
	char b[48];
	int fill = (int)((double)bar * (double)p->done / (double)p->total);
	for (int i = 0; i < bar; i++)
		b[i] = i < fill ? '=' : (i == fill ? '>' : ' ');
	b[bar] = '\0';
	snprintf(buf, size, "%-9s [%s]%s", p->phase, b, tail);
}

bool
cli_progress(void *arg, const struct rjd_progress *p)
{
	(void)arg;
	if (interrupted)
		return false;
	if (!on_tty)
		return true;
	if (drawn && last_phase != NULL && strcmp(last_phase, p->phase) != 0)
		fputc('\n', stderr);
	last_phase = p->phase;
	struct winsize ws;
	int width = 80;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		width = ws.ws_col;
	char line[256];
	cli_progress_format(line, sizeof(line), p, width - 1);
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	drawn = true;
	return true;
}

void
cli_progress_done(void)
{
	if (drawn)
		fputc('\n', stderr);
	drawn = false;
	last_phase = NULL;
}
