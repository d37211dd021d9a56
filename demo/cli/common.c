/* common.c: help, usage errors and argument helpers for the commands. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "runjutil.h"

int
cli_usage(struct rj_error **err, const char *name, const char *what)
{
	return rj_error_set(err, EINVAL, "%s: %s (see runj-demo %s --help)",
	    name, what, name);
}

int
cli_split_args(int *argc, char **argv, char ***args, const char *name,
    struct rj_error **err)
{
	*args = NULL;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--args") != 0 &&
		    strcmp(argv[i], "--") != 0)
			continue;
		if (i + 1 >= *argc)
			return cli_usage(err, name, "--args needs a command");
		*args = argv + i + 1; /* argv[argc] is NULL */
		argv[i] = NULL;
		*argc = i;
		return 0;
	}
	return 0;
}

int
cli_seconds(const char *s, long *out, const char *name, struct rj_error **err)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v <= 0 || v > 86400)
		return rj_error_set(err, EINVAL,
		    "%s: \"%s\" is not a number of seconds (1 to 86400)", name,
		    s);
	*out = v;
	return 0;
}

int
cli_size(const char *s, uint64_t *out, const char *name, struct rj_error **err)
{
	static const char units[] = "KMGT";
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned shift = 0;
	if (*end != '\0' && end[1] == '\0' && strchr(units, toupper(*end))) {
		shift = 10 *
		    (unsigned)(strchr(units, toupper(*end)) - units + 1);
		end++;
	}
	if (errno != 0 || *s < '0' || *s > '9' || *end != '\0' ||
	    (shift > 0 && v > (UINT64_MAX >> shift)))
		return rj_error_set(err, EINVAL,
		    "%s: \"%s\" is not a size (bytes, or a number with K, M, "
		    "G or T)",
		    name, s);
	*out = v == 0 ? RJD_NO_BUDGET : (uint64_t)v << shift;
	return 0;
}
