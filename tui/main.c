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
#include <time.h>
#include <unistd.h>

#include "ui.h"
#include "runjutil.h"

static const struct option opts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "theme", required_argument, NULL, 't' },
	{ "create", required_argument, NULL, 'c' },
	{ "bundle", required_argument, NULL, 'b' },
	{ "kill-wait", required_argument, NULL, 'k' },
	{ "log-max", required_argument, NULL, 'L' },
	{ "bench", required_argument, NULL, 'B' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: runj-tui [--root DIR] [--theme NAME] [--kill-wait SEC]\n"
	    "                [--log-max SIZE] [--create ID --bundle DIR]\n"
	    "       runj-tui --help | --version\n");
}

static void
help(void)
{
	const struct tui_keytable *t = &tui_keys_list;

	usage(stdout);
	printf("\nThe terminal manager of runj: lists the containers under a "
	       "state root live,\nand makes bundles and creates, starts, "
	       "pauses, signals, inspects, attaches to\nand deletes "
	       "containers.\n\n"
	       "options:\n"
	       "  --root DIR          the state root (default %s)\n"
	       "  --theme NAME        a theme by name, or a theme file (see "
	       "runj-theme(5));\n"
	       "                      default: the last one chosen with t\n"
	       "  --kill-wait SEC     after a SIGTERM, offer SIGKILL when "
	       "the container is\n"
	       "                      still up after SEC seconds (default "
	       "10; 0: never)\n"
	       "  --log-max SIZE      the log of a container made here "
	       "rotates at SIZE bytes\n"
	       "                      (K and M suffixes; default 1M): "
	       "console.log and\n"
	       "                      console.log.1 hold at most twice "
	       "that\n"
	       "  --create ID --bundle DIR\n"
	       "                      create container ID from bundle DIR "
	       "first\n"
	       "  --help              this help\n"
	       "  --version           the version\n\n"
	       "keys (? inside shows them all, m lists every action):\n",
	    rj_default_root());
	for (size_t i = 0; i < t->n; i++)
		if (t->keys[i].hint)
			printf("  %-8s %s\n", t->keys[i].keyname,
			    t->keys[i].help);
	printf("\nSee runj-tui(1).\n");
}

static void
restore_terminal(void)
{
	if (stdscr && !isendwin()) {
		fputs("\033[?2004l", stdout);
		fflush(stdout);
		endwin();
	}
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

/* Quitting costs something only when terminals are held here (their
 * containers lose them) or work is under way. */
static bool
quit_ok(struct tui_ui *ui)
{
	size_t cons = ui_console_count(), jobs = 0;

	for (struct tui_job *j = tui_jobs_first(); j; j = j->next)
		jobs += j->cancellable;
	if (!cons && !jobs)
		return true;
	_cleanup_free_ char *q = xasprintf("Quit?%s%s%s%s",
	    cons ? " runj-tui holds the terminal of " : "",
	    cons ? (cons == 1 ? "a container" : "containers") : "",
	    cons ? ": quitting hangs it up (its shell ends)." : "",
	    jobs ? " Work in the background is cancelled." : "");
	return ui_confirm(ui, "Quit", q, NULL, NULL);
}

static int
loop(struct tui_ui *ui)
{
	tui_model_refresh(ui->m);
	ui_redraw(ui);
	for (;;) {
		int key = ui_key(-1);

		if (ui_quit_signal)
			return 0;
		if (key == TK_FN(KEY_MOUSE)) {
			mouse(ui);
		} else if (key == TK_FN(KEY_RESIZE)) {
			ui->m->generation++;
		} else if (key >= 0) {
			enum tui_action a;

			if (ui_too_small() && key != 'q')
				continue;
			a = tui_model_key(ui->m, key);
			if (a == TA_QUIT && quit_ok(ui))
				return 0;
			if (a != TA_NONE && a != TA_QUIT)
				ui_run_action(ui, a);
			if (ui_quit_signal)
				return 0;
		}
		/* A question that came due (SIGKILL?), asked from the list. */
		if (ui_pump_question_due() && ui->m->pending.action != TA_NONE)
			ui_ask_pending(ui);
		if (ui->m->attach_id) {
			_cleanup_free_ char *id = steal_ptr(ui->m->attach_id);

			ui_attach(ui, id);
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
	ui->curses = true;
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

/* Engine warnings (from this process: the list, stats) go to the status
 * line and the history; the jobs send theirs through their pipe. */
static void
engine_sink(void *arg, enum rj_msg_level level, const char *msg)
{
	struct tui_model *m = arg;

	tui_model_status(m, level == RJ_MSG_WARNING, "%s", msg);
}

/* "64K", "1M", "4096". */
static int
size_arg(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	if (errno || !*s || *end || v < 4096 || v > (1ULL << 30)) {
		fprintf(stderr,
		    "runj-tui: --log-max: expected a size from 4K to 1024M, "
		    "got '%s'\n",
		    s);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

static int
positive(const char *opt, const char *s, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || !*s || *end || *out < 0 || *out > max) {
		fprintf(stderr,
		    "runj-tui: %s: expected a number from 0 to %ld, got "
		    "'%s'\n",
		    opt, max, s);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *root = NULL, *create = NULL, *bundle = NULL;
	/* The TUI creates containers from its own jobs: like runj, it runs
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
	long nbench = 0, kill_wait = 10;
	size_t log_max = 0;
	int c;

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
		case 'k':
			if (positive("--kill-wait", optarg, 3600, &kill_wait) <
			    0)
				return 1;
			break;
		case 'L':
			if (size_arg(optarg, &log_max) < 0)
				return 1;
			break;
		case 'B':
			if (positive("--bench", optarg, 100000, &nbench) < 0 ||
			    nbench == 0) {
				if (nbench == 0)
					fprintf(stderr,
					    "runj-tui: --bench: expected a "
					    "positive count\n");
				return 1;
			}
			break;
		case 'h':
			help();
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
	tui_model_init(&m, root, &tui_engine_real, &tui_runner_jobs);
	m.kill_wait_s = (int)kill_wait;
	m.log_max = log_max;
	m.has_console = ui_console_has;
	m.console_for = ui_console_for;
	m.console_arg = &ui;
	ui.m = &m;
	ui_main = &ui;
	rj_set_msg_sink(engine_sink, &m, RJ_MSG_WARNING);
	if (nbench)
		return bench(&ui, (int)nbench);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "runj-tui: needs a terminal\n");
		return 1;
	}
	/* Containers made by our jobs are orphaned when a job ends: they
	 * come to us, so we learn how they end. */
	if (rj_reaper_acquire(&err) < 0) {
		tui_model_status(&m, true, "%s (exit statuses unknown)",
		    err->msg);
		rj_error_free(err);
		err = NULL;
	}
	install_signals();
	curses_start(&ui);
	ui_pump_init(&ui);
	ui_theme_use(&ui, theme ? theme : "default");
	if (ui.no_color && getenv("NO_COLOR"))
		tui_model_status(&m, false, "NO_COLOR is set: no colours");
	/* Wide enough: the detail pane is there from the start. */
	m.detail = COLS >= 150;
	if (!m.status[0])
		tui_model_status(&m, false,
		    "? for help, Enter for the actions of the selected "
		    "container, m for every action");
	if (create) {
		tui_model_refresh(&m);
		tui_model_create(&m, create, bundle);
	}
	loop(&ui);
	tui_jobs_shutdown(5000);
	restore_terminal();
	ui_console_shutdown();
	tui_model_free(&m);
	free(ui.exe_dir);
	free(ui.last_bundle);
	return 0;
}
