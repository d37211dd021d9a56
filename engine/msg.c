/* msg.c: the message sink.  One per process, installed by main. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "msg.h"

static rj_msg_fn sink;
static void *sink_arg;
static enum rj_msg_level sink_min;

void
rj_set_msg_sink(rj_msg_fn fn, void *arg, enum rj_msg_level min)
{
	sink = fn;
	sink_arg = arg;
	sink_min = min;
}

bool
msg_wanted(enum rj_msg_level level)
{
	return sink != NULL && level >= sink_min;
}

void
msg_emit(enum rj_msg_level level, const char *fmt, ...)
{
	if (!msg_wanted(level))
		return;
	char *text = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sink(sink_arg, level, text);
	free(text);
}
