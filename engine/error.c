/* error.c: the one error convention: fill, wrap, print once in main. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runj.h"
#include "util.h"

static int
error_vset(struct rj_error **err, int errnum, bool with_strerror,
    const char *fmt, va_list ap)
{
	if (err == NULL)
		return -1;
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	if (with_strerror) {
		char *full = xasprintf("%s: %s", msg, strerror(errnum));
		free(msg);
		msg = full;
	}
	if (*err != NULL)
		rj_error_free(*err);
	*err = xmalloc(sizeof(**err));
	(*err)->errnum = errnum;
	(*err)->msg = msg;
	return -1;
}

int
rj_error_set(struct rj_error **err, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, errnum, false, fmt, ap);
	va_end(ap);
	return -1;
}

int
rj_error_sys(struct rj_error **err, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, saved, true, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int
rj_error_wrap(struct rj_error **err, const char *fmt, ...)
{
	if (err == NULL || *err == NULL)
		return -1;
	char *ctx = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&ctx, fmt, ap) < 0)
		abort();
	va_end(ap);
	char *msg = xasprintf("%s: %s", ctx, (*err)->msg);
	free(ctx);
	free((*err)->msg);
	(*err)->msg = msg;
	return -1;
}

void
rj_error_free(struct rj_error *err)
{
	if (err == NULL)
		return;
	free(err->msg);
	free(err);
}

void
rj_error_freep(struct rj_error **err)
{
	rj_error_free(*err);
	*err = NULL;
}
