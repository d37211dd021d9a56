/* list.c: runj list [--format table|json] [-q]. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "util.h"

/* The owner of a container, as runc shows it: the user name of its state
 * directory's uid on this host, or "#UID".  One look in /etc/passwd per
 * uid: a list of a thousand containers has one or two owners. */
struct owners {
	uid_t uid;
	char *name;
};

static const char *
owner_of(struct owners *o, uid_t uid)
{
	if (o->name != NULL && o->uid == uid)
		return o->name;
	free(o->name);
	o->uid = uid;
	o->name = NULL;
	_cleanup_fclose_ FILE *f = fopen("/etc/passwd", "re");
	char line[1024];
	while (o->name == NULL && f != NULL &&
	    fgets(line, sizeof(line), f) != NULL) {
		char *name = line, *rest = line;
		strsep(&rest, ":");
		if (rest == NULL || strsep(&rest, ":") == NULL || rest == NULL)
			continue;
		char *end;
		unsigned long u = strtoul(rest, &end, 10);
		if (end != rest && *end == ':' && u == (unsigned long)uid)
			o->name = xstrdup(name);
	}
	if (o->name == NULL)
		o->name = xasprintf("#%lu", (unsigned long)uid);
	return o->name;
}

/* runc's columns, each as wide as its widest cell (runc pads with
 * tabwriter), so a 64-character containerd ID keeps the table aligned. */
static void
print_table(const struct rj_state *v, size_t n)
{
	struct owners owners = { 0 };
	int idw = (int)strlen("ID"), pidw = (int)strlen("PID");
	int bw = (int)strlen("BUNDLE");
	for (size_t i = 0; i < n; i++) {
		int l = (int)strlen(v[i].id);
		int p = snprintf(NULL, 0, "%d", (int)v[i].pid);
		int b = (int)strlen(v[i].bundle);
		idw = l > idw ? l : idw;
		pidw = p > pidw ? p : pidw;
		bw = b > bw ? b : bw;
	}
	printf("%-*s  %-*s  %-9s  %-*s  %-30s  %s\n", idw, "ID", pidw, "PID",
	    "STATUS", bw, "BUNDLE", "CREATED", "OWNER");
	for (size_t i = 0; i < n; i++) {
		char created[64];
		format_rfc3339(v[i].created, created, sizeof(created));
		printf("%-*s  %-*d  %-9s  %-*s  %-30s  %s\n", idw, v[i].id,
		    pidw, (int)v[i].pid, rj_status_name(v[i].status), bw,
		    v[i].bundle, created, owner_of(&owners, v[i].owner));
	}
	free(owners.name);
}

/* The OCI state of each, with what runc's list adds: rootfs, created
 * and owner. */
static void
print_json(const struct rj_state *v, size_t n)
{
	struct owners owners = { 0 };
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		char *text = rj_state_to_json(&v[i]);
		json_error_t jerr;
		json_t *o = json_loads(text, 0, &jerr);
		free(text);
		if (o == NULL)
			continue;
		char created[64];
		format_rfc3339(v[i].created, created, sizeof(created));
		json_object_set_new(o, "rootfs",
		    json_string(v[i].rootfs ? v[i].rootfs : ""));
		json_object_set_new(o, "created", json_string(created));
		json_object_set_new(o, "owner",
		    json_string(owner_of(&owners, v[i].owner)));
		json_array_append_new(a, o);
	}
	char *out = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
	printf("%s\n", out);
	free(out);
	json_decref(a);
	free(owners.name);
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
