/* update.c: runj update: new resource limits from --resources or flags. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "util.h"

enum {
	O_RESOURCES,
	O_MEMORY,
	O_MEMORY_RESERVATION,
	O_MEMORY_SWAP,
	O_KERNEL_MEMORY,
	O_KERNEL_MEMORY_TCP,
	O_CPU_SHARES,
	O_CPU_QUOTA,
	O_CPU_PERIOD,
	O_CPU_RT_RUNTIME,
	O_CPU_RT_PERIOD,
	O_CPUSET_CPUS,
	O_CPUSET_MEMS,
	O_PIDS_LIMIT,
	O_BLKIO_WEIGHT,
};

static const struct cli_option options[] = {
	[O_RESOURCES] = { "resources", 'r', "FILE",
	    "linux.resources JSON (- for standard input)" },
	[O_MEMORY] = { "memory", 0, "N", "memory.limit: bytes, or 64m, 1g..." },
	[O_MEMORY_RESERVATION] = { "memory-reservation", 0, "N",
	    "memory.reservation in bytes" },
	[O_MEMORY_SWAP] = { "memory-swap", 0, "N",
	    "memory.swap (memory and swap) in bytes" },
	[O_KERNEL_MEMORY] = { "kernel-memory", 0, "N",
	    "memory.kernel (ignored by current kernels)" },
	[O_KERNEL_MEMORY_TCP] = { "kernel-memory-tcp", 0, "N",
	    "memory.kernelTCP" },
	[O_CPU_SHARES] = { "cpu-shares", 0, "N", "cpu.shares" },
	[O_CPU_QUOTA] = { "cpu-quota", 0, "N", "cpu.quota in microseconds" },
	[O_CPU_PERIOD] = { "cpu-period", 0, "N", "cpu.period in microseconds" },
	[O_CPU_RT_RUNTIME] = { "cpu-rt-runtime", 0, "N",
	    "cpu.realtimeRuntime in microseconds" },
	[O_CPU_RT_PERIOD] = { "cpu-rt-period", 0, "N",
	    "cpu.realtimePeriod in microseconds" },
	[O_CPUSET_CPUS] = { "cpuset-cpus", 0, "LIST", "cpu.cpus, such as 0-3" },
	[O_CPUSET_MEMS] = { "cpuset-mems", 0, "LIST", "cpu.mems" },
	[O_PIDS_LIMIT] = { "pids-limit", 0, "N", "pids.limit" },
	[O_BLKIO_WEIGHT] = { "blkio-weight", 0, "N", "blockIO.weight" },
	{ NULL },
};

/* Where each flag goes in linux.resources: section.key; a size takes
 * runc's units too. */
static const struct update_field {
	int option;
	const char *section, *key;
	bool is_string, is_size;
} fields[] = {
	{ O_MEMORY, "memory", "limit", false, true },
	{ O_MEMORY_RESERVATION, "memory", "reservation", false, true },
	{ O_MEMORY_SWAP, "memory", "swap", false, true },
	{ O_KERNEL_MEMORY, "memory", "kernel", false, true },
	{ O_KERNEL_MEMORY_TCP, "memory", "kernelTCP", false, true },
	{ O_CPU_SHARES, "cpu", "shares", false },
	{ O_CPU_QUOTA, "cpu", "quota", false },
	{ O_CPU_PERIOD, "cpu", "period", false },
	{ O_CPU_RT_RUNTIME, "cpu", "realtimeRuntime", false },
	{ O_CPU_RT_PERIOD, "cpu", "realtimePeriod", false },
	{ O_CPUSET_CPUS, "cpu", "cpus", true },
	{ O_CPUSET_MEMS, "cpu", "mems", true },
	{ O_PIDS_LIMIT, "pids", "limit", false },
	{ O_BLKIO_WEIGHT, "blockIO", "weight", false },
};

/* runc's sizes (Docker's RAMInBytes): a number, an optional fraction, an
 * optional space, a unit k, m, g, t or p (powers of 1024, any case),
 * then an optional "i" and "b": "64m", "1.5GiB", "512 kb".  -1 stays -1
 * (no limit). */
static int
parse_size(const char *s, long long *out)
{
	static const char units[] = "kmgtp";
	char *end;
	errno = 0;
	if (strcmp(s, "-1") == 0) {
		*out = -1;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	double v = strtod(s, &end);
	if (errno != 0 || end == s)
		return -1;
	if (*end == ' ')
		end++;
	double mult = 1;
	const char *u = *end ? strchr(units, tolower((unsigned char)*end))
			     : NULL;
	if (u != NULL) {
		for (const char *k = units; k <= u; k++)
			mult *= 1024;
		end++;
	}
	if (*end == 'i' || *end == 'I')
		end++;
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end != '\0' || v * mult > 9.2e18)
		return -1;
	*out = (long long)(v * mult);
	return 0;
}

static int
set_field(json_t *res, const struct update_field *f, const char *value,
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
	if (f->is_size ? parse_size(value, &v) < 0
		       : (*value == '\0' || *end != '\0' || errno != 0))
		return rj_error_set(err, EINVAL,
		    "update: --%s %s: expected a %s", options[f->option].name,
		    value, f->is_size ? "size, such as 64m or 1g" : "number");
	json_object_set_new(sec, f->key, json_integer(v));
	return 0;
}

static int
run_update(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	const char *file = a->value[O_RESOURCES];
	_cleanup_free_ char *text = NULL;
	json_t *res = json_object();
	int rc = -1;
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (a->value[fields[i].option] != NULL &&
		    set_field(res, &fields[i], a->value[fields[i].option],
			err) < 0)
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
	rc = rj_update(cli->root, a->argv[0], text, err) < 0 ? -1 : 0;
out:
	json_decref(res);
	return rc;
}

const struct cli_entry cmd_update = {
	.name = "update",
	.operands = "<container-id>",
	.summary = "change the resource limits of a container",
	.options = options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.run = run_update,
};
