/* log.c: --log, which every command writes to. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "util.h"

void
cli_log(const struct cli_ctx *cli, const char *level, const char *msg)
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
cli_log_touch(const struct cli_ctx *cli)
{
	int fd = open(cli->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644);
	if (fd >= 0)
		close(fd);
}
