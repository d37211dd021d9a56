/* cli_util.c: option parsing, usage and logging shared by the commands. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "util.h"

int
cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const struct cli_command *cmd,
    struct rj_error **err)
{
	opterr = 0;
	int c = getopt_long_only(argc, argv, shortopts, longopts, NULL);
	if (c == '?' || c == ':') {
		const char *bad = argv[optind - 1];
		if (optopt != 0 && (c == ':' || strchr(shortopts, optopt)))
			rj_error_set(err, EINVAL,
			    "%s: option -%c needs a value", cmd->name, optopt);
		else
			rj_error_set(err, EINVAL,
			    "%s: unknown or incomplete option %s (see runj %s "
			    "--help)",
			    cmd->name, bad, cmd->name);
		return '?';
	}
	return c;
}

int
cli_usage(const struct cli_command *cmd)
{
	printf("usage: runj %s %s\n\n%s.\n", cmd->name, cmd->args,
	    cmd->summary);
	if (cmd->help[0] != '\0')
		printf("\noptions:\n%s", cmd->help);
	return 0;
}

int
cli_operands(const struct cli_command *cmd, int argc, char **argv, int min,
    int max, struct rj_error **err)
{
	int n = argc - optind;
	if (n < min)
		return rj_error_set(err, EINVAL,
		    "%s: missing operand (usage: runj %s %s)", cmd->name,
		    cmd->name, cmd->args);
	if (max >= 0 && n > max)
		return rj_error_set(err, EINVAL,
		    "%s: unexpected argument \"%s\" (usage: runj %s %s)",
		    cmd->name, argv[optind + max], cmd->name, cmd->args);
	return 0;
}

int
cli_uint(const char *opt, const char *value, int *out, struct rj_error **err)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || v < 0 || v > 1 << 20 || errno)
		return rj_error_set(err, EINVAL,
		    "%s %s: expected a non-negative number", opt, value);
	*out = (int)v;
	return 0;
}

void
cli_log(const struct cli *cli, const char *level, const char *msg)
{
	if (cli->log_path == NULL)
		return;
	int fd = open(cli->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644);
	if (fd < 0)
		return;
	char when[64];
	format_rfc3339(now_ns(), when, sizeof(when));
	char *line;
	if (cli->log_json) {
		json_t *o = json_pack("{s:s, s:s, s:s}", "level", level, "msg",
		    msg, "time", when);
		char *text = json_dumps(o, JSON_COMPACT);
		line = xasprintf("%s\n", text);
		free(text);
		json_decref(o);
	} else {
		line = xasprintf("time=\"%s\" level=%s msg=\"%s\"\n", when,
		    level, msg);
	}
	write_all(fd, line, strlen(line));
	free(line);
	close(fd);
}

void
cli_log_touch(const struct cli *cli)
{
	int fd = open(cli->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644);
	if (fd >= 0)
		close(fd);
}
