/* shell.c: a shell in a running container, outside curses for a while. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ui.h"
#include "runjutil.h"

char *
ui_runj_path(struct tui_ui *ui)
{
	char *p = xasprintf("%s/runj", ui->exe_dir ? ui->exe_dir : ".");

	if (access(p, X_OK) == 0)
		return p;
	free(p);
	return xstrdup("runj");
}

void
ui_shell(struct tui_ui *ui, const char *id)
{
	_cleanup_free_ char *runj = ui_runj_path(ui);
	struct sigaction ign = { .sa_handler = SIG_IGN }, oint, oquit;
	int status = 0;
	pid_t pid;

	def_prog_mode();
	endwin();
	fputs("\033[?2004l", stdout);
	printf("runj-tui: shell in %s (exit the shell to come back)\n", id);
	fflush(stdout);
	/* Ctrl-C belongs to the shell while it runs, not to us. */
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execlp(runj, runj, "--root", ui->m->root, "exec", "-t", id,
		    "/bin/sh", (char *)NULL);
		fprintf(stderr, "runj-tui: %s: %s\n", runj, strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	reset_prog_mode();
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	clearok(curscr, TRUE);
	if (pid < 0)
		tui_model_status(ui->m, true, "shell in %s: fork: %s", id,
		    strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		tui_model_status(ui->m, false, "shell in %s ended", id);
	else if (WIFEXITED(status))
		tui_model_status(ui->m, true,
		    "shell in %s: runj exec exited "
		    "with status %d",
		    id, WEXITSTATUS(status));
	else
		tui_model_status(ui->m, true,
		    "shell in %s: killed by signal %d", id, WTERMSIG(status));
	tui_model_poll(ui->m);
	ui_redraw(ui);
}
