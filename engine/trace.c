/* trace.c: the phase trace of --debug (trace.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "trace.h"
#include "util.h"

#define TRACE_MAX 32

static struct {
	int64_t t0, last;
	size_t n;
	char text[TRACE_MAX][48]; /* "phase 0.123 ms" */
} tr;

void
trace_begin(void)
{
	if (!msg_wanted(RJ_MSG_DEBUG))
		return;
	tr.t0 = tr.last = mono_ns();
	tr.n = 0;
}

static void
add(const char *from, const char *phase, double ms)
{
	if (tr.n < TRACE_MAX)
		snprintf(tr.text[tr.n++], sizeof(tr.text[0]), "%s%s %.3f ms",
		    from, phase, ms);
}

void
trace_mark(const char *phase)
{
	if (!msg_wanted(RJ_MSG_DEBUG) || tr.t0 == 0)
		return;
	int64_t now = mono_ns();
	add("", phase, (double)(now - tr.last) / 1e6);
	tr.last = now;
}

char *
trace_take(void)
{
	if (!msg_wanted(RJ_MSG_DEBUG) || tr.n == 0)
		return NULL;
	/* "phase 0.123 ms" becomes "phase=0.123" */
	size_t len = 1;
	for (size_t i = 0; i < tr.n; i++)
		len += strlen(tr.text[i]) + 1;
	char *out = xcalloc(1, len), *p = out;
	for (size_t i = 0; i < tr.n; i++) {
		char name[40];
		double ms;
		if (sscanf(tr.text[i], "%39s %lf", name, &ms) == 2)
			p += sprintf(p, "%s%s=%.3f", p == out ? "" : ",", name,
			    ms);
	}
	return out;
}

void
trace_merge(const char *from, const char *marks)
{
	if (!msg_wanted(RJ_MSG_DEBUG) || marks == NULL)
		return;
	_cleanup_free_ char *copy = xstrdup(marks);
	_cleanup_free_ char *prefix = xasprintf("%s: ", from);
	for (char *m = strtok(copy, ","); m != NULL; m = strtok(NULL, ",")) {
		char *eq = strchr(m, '=');
		if (eq == NULL)
			continue;
		*eq = '\0';
		add(prefix, m, strtod(eq + 1, NULL));
	}
	/* The parent waited meanwhile: its next phase starts now. */
	tr.last = mono_ns();
}

void
trace_end(const char *command)
{
	if (!msg_wanted(RJ_MSG_DEBUG) || tr.t0 == 0)
		return;
	char line[TRACE_MAX * 50 + 64];
	size_t off = (size_t)snprintf(line, sizeof(line), "%s:", command);
	for (size_t i = 0; i < tr.n && off < sizeof(line); i++)
		off += (size_t)snprintf(line + off, sizeof(line) - off, "%s %s",
		    i ? "," : "", tr.text[i]);
	if (off < sizeof(line))
		snprintf(line + off, sizeof(line) - off, "; total %.3f ms",
		    (double)(mono_ns() - tr.t0) / 1e6);
	msg_debug("%s", line);
	tr.t0 = 0;
}
