/* list.c: runj list [--format table|json] [-q]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "util.h"

/* Columns as wide as their widest cell (runc pads with tabwriter), so a
 * 64-character containerd ID keeps the table aligned. */
static void
print_table(const struct rj_state *v, size_t n)
{
	int idw = (int)strlen("ID"), pidw = (int)strlen("PID");
	for (size_t i = 0; i < n; i++) {
		int l = (int)strlen(v[i].id);
		int p = snprintf(NULL, 0, "%d", (int)v[i].pid);
		idw = l > idw ? l : idw;
		pidw = p > pidw ? p : pidw;
	}
	printf("%-*s  %-*s  %-9s  %-30s  %s\n", idw, "ID", pidw, "PID",
	    "STATUS", "CREATED", "BUNDLE");
	for (size_t i = 0; i < n; i++) {
		char created[64];
		format_rfc3339(v[i].created, created, sizeof(created));
		printf("%-*s  %-*d  %-9s  %-30s  %s\n", idw, v[i].id, pidw,
		    (int)v[i].pid, rj_status_name(v[i].status), created,
		    v[i].bundle);
	}
}

static void
print_json(const struct rj_state *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char *text = rj_state_to_json(&v[i]);
		json_error_t jerr;
		json_array_append_new(a, json_loads(text, 0, &jerr));
		free(text);
	}
	char *out = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	printf("%s\n", out);
	free(out);
	json_decref(a);
}

enum {
	O_FORMAT,
	O_QUIET
};

static const struct cli_option options[] = {
	[O_FORMAT] = { "format", 'f', "table|json",
	    "output format (default table)" },
	[O_QUIET] = { "quiet", 'q', NULL, "print the IDs only" },
	{ NULL },
};

static int
run_list(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	const char *format = a->value[O_FORMAT] ? a->value[O_FORMAT] : "table";
	if (strcmp(format, "json") != 0 && strcmp(format, "table") != 0)
		return rj_error_set(err, EINVAL,
		    "list: --format %s: expected table or json", format);
	struct rj_state *v;
	size_t n;
	if (rj_list(cli->root, &v, &n, err) < 0)
		return -1;
	if (a->count[O_QUIET] > 0)
		for (size_t i = 0; i < n; i++)
			printf("%s\n", v[i].id);
	else if (strcmp(format, "json") == 0)
		print_json(v, n);
	else
		print_table(v, n);
	rj_list_free(v, n);
	return 0;
}

const struct cli_entry cmd_list = {
	.name = "list",
	.operands = "",
	.summary = "list containers",
	.options = options,
	.options_anywhere = true,
	.run = run_list,
};
