/* list.c: runj list [--format table|json] [-q]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/create_opts.h"
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

int
cmd_list(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd = cli_command("list");
	bool json = false, quiet = false;
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+f:qh", opts, cmd, err)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "table") != 0)
				return rj_error_set(err, EINVAL,
				    "list: --format %s: expected table or json",
				    optarg);
			json = strcmp(optarg, "json") == 0;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			return cli_usage(cmd);
		default:
			return -1;
		}
	}
	if (cli_operands(cmd, argc, argv, 0, 0, err) < 0)
		return -1;
	struct rj_state *v;
	size_t n;
	if (rj_list(cli->root, &v, &n, err) < 0)
		return -1;
	if (quiet)
		for (size_t i = 0; i < n; i++)
			printf("%s\n", v[i].id);
	else if (json)
		print_json(v, n);
	else
		print_table(v, n);
	rj_list_free(v, n);
	return 0;
}
