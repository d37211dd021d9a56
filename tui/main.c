/* main.c: runj-tui: options, the terminal, and the main loop. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ui.h"
#include "runjutil.h"

#define POLL_MS 500
#define FULL_MS 30000

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: runj-tui [--root DIR] [--theme NAME] "
	    "[--create ID --bundle DIR] [--help] [--version]\n");
}

static void
restore_terminal(void)
{
	if (stdscr && !isendwin())
		endwin();
}

/* A fatal signal: give the terminal back, then die of it as usual. */
static void
on_fatal(int sig)
{
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_quit(int sig)
{
	(void)sig;
	ui_quit_signal = 1;
}

static void
install_signals(void)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	static const int quit[] = { SIGTERM, SIGHUP, SIGINT };
	struct sigaction sa = { 0 };

	sa.sa_handler = on_fatal;
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		sigaction(fatal[i], &sa, NULL);
	sa.sa_handler = on_quit;
	for (size_t i = 0; i < ARRAY_SIZE(quit); i++)
		sigaction(quit[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static char *
exe_dir(const char *argv0)
{
	/* Not /proc/self/exe: that is the sealed copy, a memfd. */
	const char *exe = rj_exe_path();
	char *p, *slash;

	if (exe != NULL) {
		p = xstrdup(exe);
	} else {
		p = realpath(argv0, NULL);
		if (!p)
			return NULL;
	}
	slash = strrchr(p, '/');
	if (slash)
		*slash = '\0';
	return p;
}

/* Containers this process created are its children: reap them when they
 * exit, or they would stay zombies and look alive. */
static void
reap(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
mouse(struct tui_ui *ui)
{
	MEVENT ev;
	long row;
	int col;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		tui_model_move(ui->m, -3);
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		tui_model_move(ui->m, 3);
		return;
	}
#endif
	if (ev.y == 1 && (ev.bstate & BUTTON1_CLICKED) &&
	    (col = ui_col_at(ui, ev.x)) >= 0) {
		tui_model_set_sort(ui->m, (enum tui_col)col,
		    ui->m->sort_col == (enum tui_col)col &&
			!ui->m->sort_reverse);
		return;
	}
	row = ui_row_at(ui, ev.y);
	if (row < 0)
		return;
	tui_model_move(ui->m, row - (long)ui->m->sel);
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		ui_run_action(ui, tui_model_action(ui->m, TA_MENU));
}

static int
loop(struct tui_ui *ui)
{
	long long last, last_full;
	wint_t k;
	int r;

	tui_model_refresh(ui->m);
	last = last_full = now_ms();
	ui_redraw(ui);
	for (;;) {
		r = ui_read_key(&k, POLL_MS);
		if (ui_quit_signal)
			return 0;
		reap();
		if (r == KEY_CODE_YES && k == KEY_MOUSE) {
			mouse(ui);
		} else if (r == KEY_CODE_YES && k == KEY_RESIZE) {
			ui->m->generation++;
		} else if (r != ERR) {
			int key = (int)k;
			enum tui_action a;

			if (ui_too_small() && !(r == OK && k == 'q'))
				continue;
			a = tui_model_key(ui->m, key);
			if (a == TA_QUIT)
				return 0;
			if (a != TA_NONE)
				ui_run_action(ui, a);
			if (ui_quit_signal)
				return 0;
		}
		/* Poll at most every POLL_MS: only what changed is read
		 * again.  Now and then a full list, for what a fingerprint
		 * cannot see (a container paused by runj pause). */
		if (now_ms() - last_full >= FULL_MS) {
			tui_model_refresh(ui->m);
			last = last_full = now_ms();
		} else if (now_ms() - last >= POLL_MS) {
			tui_model_poll(ui->m);
			last = now_ms();
		}
		if (ui->m->generation != ui->drawn)
			ui_redraw(ui);
	}
}

static void
curses_start(struct tui_ui *ui)
{
	const char *nc = getenv("NO_COLOR");

	initscr();
	atexit(restore_terminal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		| BUTTON5_PRESSED
#endif
	    ,
	    NULL);
	mouseinterval(200);
	ui->no_color = (nc && *nc) || !has_colors();
}

static double
cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* --bench N: the CPU time of a refresh as the main loop does it (poll the
 * root, read again what changed, draw) and of a full one (list every
 * container, draw), N of each, on a screen that writes to /dev/null. */
static int
bench(struct tui_ui *ui, int n)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	double t0, poll_ms, full_ms;

	if (!out || !in || !newterm("xterm-256color", out, in)) {
		fprintf(stderr, "runj-tui: --bench: cannot open a screen\n");
		return 1;
	}
	resizeterm(50, 200);
	ui_theme_use(ui, "default");
	tui_model_refresh(ui->m);
	t0 = cpu_ms();
	for (int i = 0; i < n; i++) {
		tui_model_poll(ui->m);
		ui->m->generation++; /* draw as if something changed */
		ui_redraw(ui);
	}
	poll_ms = (cpu_ms() - t0) / n;
	t0 = cpu_ms();
	for (int i = 0; i < n; i++) {
		tui_model_refresh(ui->m);
		ui_redraw(ui);
	}
	full_ms = (cpu_ms() - t0) / n;
	endwin();
	printf("containers %zu refreshes %d cpu_ms_per_refresh %.3f "
	       "cpu_ms_per_full_list %.3f\n",
	    ui->m->nall, n, poll_ms, full_ms);
	if (ui->m->status_error)
		fprintf(stderr, "runj-tui: %s\n", ui->m->status);
	return ui->m->status_error ? 1 : 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "theme", required_argument, NULL, 't' },
		{ "create", required_argument, NULL, 'c' },
		{ "bundle", required_argument, NULL, 'b' },
		{ "bench", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *create = NULL, *bundle = NULL;
	/* The TUI creates containers in its own process: like runj, it runs
	 * from a sealed copy of itself (CVE-2019-5736). */
	struct rj_error *seal_err = NULL;
	if (rj_exe_seal(argv, &seal_err) < 0) {
		fprintf(stderr, "runj-tui: %s\n", seal_err->msg);
		return 1;
	}
	_cleanup_free_ char *theme = NULL;
	struct tui_model m;
	struct tui_ui ui = { 0 };
	struct rj_error *err = NULL;
	int c, nbench = 0;

	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 't':
			free(theme);
			theme = xstrdup(optarg);
			break;
		case 'c':
			create = optarg;
			break;
		case 'b':
			bundle = optarg;
			break;
		case 'B':
			nbench = atoi(optarg);
			if (nbench <= 0) {
				fprintf(stderr,
				    "runj-tui: --bench: expected a "
				    "positive count, got '%s'\n",
				    optarg);
				return 1;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("runj-tui %s\n", RJ_VERSION);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "runj-tui: unexpected argument '%s'\n",
		    argv[optind]);
		return 1;
	}
	if (!!create != !!bundle) {
		fprintf(stderr,
		    "runj-tui: --create and --bundle go together\n");
		return 1;
	}
	if (create && rj_id_check(create, &err) < 0) {
		fprintf(stderr, "runj-tui: --create: %s\n", err->msg);
		return 1;
	}
	if (!root)
		root = rj_default_root();
	ui.exe_dir = exe_dir(argv[0]);
	tui_theme_dirs_init(ui.exe_dir);
	if (!theme)
		theme = tui_config_theme();
	tui_model_init(&m, root, &tui_engine_real);
	ui.m = &m;
	if (nbench)
		return bench(&ui, nbench);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "runj-tui: needs a terminal\n");
		return 1;
	}
	install_signals();
	curses_start(&ui);
	ui_theme_use(&ui, theme ? theme : "default");
	if (ui.no_color && getenv("NO_COLOR"))
		tui_model_status(&m, false, "NO_COLOR is set: no colours");
	if (create) {
		tui_model_refresh(&m);
		tui_model_create(&m, create, bundle);
	}
	if (!m.status[0])
		tui_model_status(&m, false,
		    "? for help, Enter for the actions "
		    "of the selected container");
	loop(&ui);
	restore_terminal();
	tui_model_free(&m);
	free(ui.exe_dir);
	free(ui.last_bundle);
	return 0;
}
