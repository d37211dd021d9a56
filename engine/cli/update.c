/* update.c: runj update: new resource limits from --resources or flags. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/create_opts.h"
#include "util.h"

/* Each flag sets one field of linux.resources: section.key. */
struct update_flag {
	const char *name, *section, *key;
	bool is_string;
};

static const struct update_flag flags[] = {
	{ "memory", "memory", "limit", false },
	{ "memory-reservation", "memory", "reservation", false },
	{ "memory-swap", "memory", "swap", false },
	{ "kernel-memory", "memory", "kernel", false },
	{ "kernel-memory-tcp", "memory", "kernelTCP", false },
	{ "cpu-shares", "cpu", "shares", false },
	{ "cpu-quota", "cpu", "quota", false },
	{ "cpu-period", "cpu", "period", false },
	{ "cpu-rt-runtime", "cpu", "realtimeRuntime", false },
	{ "cpu-rt-period", "cpu", "realtimePeriod", false },
	{ "cpuset-cpus", "cpu", "cpus", true },
	{ "cpuset-mems", "cpu", "mems", true },
	{ "pids-limit", "pids", "limit", false },
	{ "blkio-weight", "blockIO", "weight", false },
};

static int
set_flag(json_t *res, const struct update_flag *f, const char *value,
    struct rj_error **err)
{
	json_t *sec = json_object_get(res, f->section);
	if (sec == NULL) {
		sec = json_object();
		json_object_set_new(res, f->section, sec);
	}
	if (f->is_string) {
		json_object_set_new(sec, f->key, json_string(value));
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0)
		return rj_error_set(err, EINVAL,
		    "update: --%s %s: expected a "
		    "number",
		    f->name, value);
	json_object_set_new(sec, f->key, json_integer(v));
	return 0;
}

int
cmd_update(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	struct option opts[ARRAY_SIZE(flags) + 3];
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		opts[i] = (struct option){ flags[i].name, required_argument,
			NULL, 256 + (int)i };
	opts[ARRAY_SIZE(flags)] = (struct option){ "resources",
		required_argument, NULL, 'r' };
	opts[ARRAY_SIZE(flags) + 1] = (struct option)CLI_HELP_OPTION;
	opts[ARRAY_SIZE(flags) + 2] = (struct option){ NULL, 0, NULL, 0 };
	const struct cli_command *cmd = cli_command("update");
	const char *file = NULL;
	_cleanup_free_ char *text = NULL;
	json_t *res = json_object();
	int c, rc = -1;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+r:h", opts, cmd, err)) != -1) {
		if (c == 'r') {
			file = optarg;
		} else if (c == 'h') {
			rc = cli_usage(cmd);
			goto out;
		} else if (c >= 256 && c < 256 + (int)ARRAY_SIZE(flags)) {
			if (set_flag(res, &flags[c - 256], optarg, err) < 0)
				goto out;
		} else {
			goto out;
		}
	}
	if (cli_operands(cmd, argc, argv, 1, 1, err) < 0)
		goto out;
	if (file != NULL) {
		if (json_object_size(res) > 0) {
			rj_error_set(err, EINVAL,
			    "update: --resources and the other flags do not "
			    "mix");
			goto out;
		}
		if (read_file(strcmp(file, "-") == 0 ? "/dev/stdin" : file,
			&text, NULL, err) < 0) {
			rj_error_wrap(err, "update: --resources");
			goto out;
		}
	} else {
		text = json_dumps(res, JSON_COMPACT);
	}
	rc = rj_update(cli->root, argv[optind], text, err) < 0 ? -1 : 0;
out:
	json_decref(res);
	return rc;
}
