/* progress.c: a box that shows a job's progress while the list goes on
 * refreshing under it; Esc cancels, b sends it to the background. */
#include <stdio.h>
#include <string.h>

#include "ui.h"
#include "runjutil.h"

bool
ui_job_box(struct tui_ui *ui, struct tui_job *j, const bool *ended,
    bool can_background)
{
	unsigned when = DLG_ALWAYS | (can_background ? DLG_BG : 0);
	int64_t t0 = now_ns();
	_cleanup_free_ char *title = xstrdup(j->title);
	char hint[256], line[256];
	int y, x, w, bar;

	tui_hint_text(&tui_keys_progress, when, hint, sizeof(hint));
	curs_set(0);
	while (!*ended) {
		ui_draw_main(ui);
		if (!ui_too_small()) {
			w = COLS - 4 < 72 ? COLS - 4 : 72;
			ui_box(ui, title, 7, w, &y, &x);
			tui_job_progress_text(j, line, sizeof(line));
			if (j->cancelled)
				snprintf(line, sizeof(line),
				    "cancelling (cleaning up)...");
			ui_put(y + 2, x + 2, line, w - 4, ui->attr[TE_DIALOG]);
			bar = w - 4;
			ui_fill(y + 3, x + 2, bar, ui->attr[TE_INPUT]);
			if (j->total && j->done <= j->total) {
				int filled = (int)((double)bar *
				    (double)j->done / (double)j->total);
				ui_fill(y + 3, x + 2, filled,
				    ui->attr[TE_PROGRESS]);
			} else {
				/* Nothing to measure by: a block that moves,
				 * so a stalled server still shows life. */
				long long t = (now_ns() - t0) / 100000000;
				int pos = (int)(t % (bar > 6 ? bar - 6 : 1));

				ui_fill(y + 3, x + 2 + pos, 6,
				    ui->attr[TE_PROGRESS]);
			}
			ui_put(y + 5, x + 2, hint, w - 4, ui->attr[TE_HINT]);
		}
		wnoutrefresh(stdscr);
		doupdate();
		int key = ui_key(200);
		if (*ended)
			break;
		if (ui_quit_signal) {
			/* Quitting: the job is cancelled and main waits for
			 * it to clean up. */
			tui_job_cancel(j);
			j->background = true;
			return false;
		}
		if (key < 0)
			continue;
		const struct tui_key *k = tui_key_find(&tui_keys_progress, key,
		    when);
		if (!k || !tui_key_applies(k, when))
			continue;
		if (k->action == TA_DLG_CANCEL)
			tui_job_cancel(j);
		else if (k->action == TA_DLG_BACKGROUND && !j->cancelled) {
			j->background = true;
			tui_model_status(ui->m, false,
			    "%s goes on in the background (the title bar shows "
			    "it; Esc in the list cancels it)",
			    title);
			return false;
		}
	}
	return true;
}
