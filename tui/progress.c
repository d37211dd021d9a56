/* progress.c: a progress box for long demo-library work, cancellable. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ui.h"

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
human(char *buf, size_t size, double v)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

bool
ui_progress_cb(void *arg, const struct rjd_progress *p)
{
	struct ui_progress *pr = arg;
	struct tui_ui *ui = pr->ui;
	char done[32], total[32], rate[32], line[256];
	long long t = now_ms();
	int y, x, w, bar, r;
	wint_t k;

	/* A key press cancels: Esc, q or c. */
	while ((r = ui_read_key(&k, 0)) != ERR)
		if (r == OK && (k == 27 || k == 'q' || k == 'c'))
			pr->cancelled = true;
	if (ui_quit_signal)
		pr->cancelled = true;
	if (pr->cancelled)
		return false;
	if (t - pr->last_ms < 100 && !(p->total && p->done == p->total))
		return true;
	pr->last_ms = t;
	ui_draw_main(ui);
	if (!ui_too_small()) {
		w = COLS - 4 < 70 ? COLS - 4 : 70;
		ui_box(ui, pr->title, 7, w, &y, &x);
		human(done, sizeof(done), (double)p->done);
		human(total, sizeof(total), (double)p->total);
		human(rate, sizeof(rate), p->rate);
		snprintf(line, sizeof(line), "%s: %s%s%s%s%s",
		    p->phase ? p->phase : "working", done,
		    p->total ? " of " : "", p->total ? total : "",
		    p->rate > 0 ? "  " : "", p->rate > 0 ? rate : "");
		if (p->rate > 0)
			snprintf(line + strlen(line),
			    sizeof(line) - strlen(line), "/s");
		ui_put(y + 2, x + 2, line, w - 4, ui->attr[TE_DIALOG]);
		bar = w - 4;
		ui_fill(y + 3, x + 2, bar, ui->attr[TE_INPUT]);
		if (p->total) {
			int filled = (int)((double)bar * (double)p->done /
			    (double)p->total);
			ui_fill(y + 3, x + 2, filled > bar ? bar : filled,
			    ui->attr[TE_PROGRESS]);
		} else {
			/* Unknown size: a block that moves. */
			int pos = (int)((t / 100) % (bar > 6 ? bar - 6 : 1));
			ui_fill(y + 3, x + 2 + pos, 6, ui->attr[TE_PROGRESS]);
		}
		ui_put(y + 5, x + 2, "Esc: cancel", w - 4, ui->attr[TE_HINT]);
	}
	wnoutrefresh(stdscr);
	doupdate();
	return true;
}
