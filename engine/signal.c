/* signal.c: signal names both ways, from one table. */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "runj.h"
#include "util.h"

struct signal_name {
	const char *name;
	int sig;
};

static const struct signal_name signals[] = {
	{ "HUP", SIGHUP },
	{ "INT", SIGINT },
	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },
	{ "TRAP", SIGTRAP },
	{ "ABRT", SIGABRT },
	{ "BUS", SIGBUS },
	{ "FPE", SIGFPE },
	{ "KILL", SIGKILL },
	{ "USR1", SIGUSR1 },
	{ "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM },
	{ "TERM", SIGTERM },
	{ "CHLD", SIGCHLD },
	{ "CONT", SIGCONT },
	{ "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU },
	{ "URG", SIGURG },
	{ "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF },
	{ "WINCH", SIGWINCH },
	{ "IO", SIGIO },
	{ "SYS", SIGSYS },
#ifdef SIGPWR
	{ "PWR", SIGPWR },
#endif
#ifdef SIGSTKFLT
	{ "STKFLT", SIGSTKFLT },
#endif
#ifdef SIGINFO
	{ "INFO", SIGINFO },
#endif
#ifdef SIGEMT
	{ "EMT", SIGEMT },
#endif
};

bool
rj_signal_at(size_t i, const char **name, int *sig)
{
	if (i >= ARRAY_SIZE(signals))
		return false;
	*name = signals[i].name;
	*sig = signals[i].sig;
	return true;
}

const char *
rj_signal_name(int sig)
{
	for (size_t i = 0; i < ARRAY_SIZE(signals); i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

int
rj_signal_parse(const char *text, int *sig, struct rj_error **err)
{
	if (text == NULL || *text == '\0')
		return rj_error_set(err, EINVAL, "empty signal");
	if (isdigit((unsigned char)text[0])) {
		char *end;
		long n = strtol(text, &end, 10);
#ifdef SIGRTMAX
		long max = SIGRTMAX;
#else
		long max = NSIG - 1;
#endif
		/* 0 only asks whether the process is there (kill(2)) */
		if (*end != '\0' || n < 0 || n > max)
			return rj_error_set(err, EINVAL,
			    "unknown signal \"%s\"", text);
		*sig = (int)n;
		return 0;
	}
	const char *name = strncasecmp(text, "SIG", 3) == 0 ? text + 3 : text;
	for (size_t i = 0; i < ARRAY_SIZE(signals); i++)
		if (strcasecmp(signals[i].name, name) == 0) {
			*sig = signals[i].sig;
			return 0;
		}
#ifdef SIGRTMIN
	/* RTMIN+N and RTMAX-N, as kill(1) takes them. */
	if (strncasecmp(name, "RTMIN", 5) == 0 ||
	    strncasecmp(name, "RTMAX", 5) == 0) {
		bool min = strncasecmp(name, "RTMIN", 5) == 0;
		long off = 0;
		if (name[5] != '\0') {
			char *end;
			if (name[5] != (min ? '+' : '-'))
				goto unknown;
			off = strtol(name + 6, &end, 10);
			if (*end != '\0' || name[6] == '\0')
				goto unknown;
		}
		long s = min ? SIGRTMIN + off : SIGRTMAX - off;
		if (s < SIGRTMIN || s > SIGRTMAX)
			goto unknown;
		*sig = (int)s;
		return 0;
	}
unknown:
#endif
	return rj_error_set(err, EINVAL, "unknown signal \"%s\"", text);
}
