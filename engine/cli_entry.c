/* cli_entry.c: option parsing and help from a command's entry
 * (runjcli.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runjcli.h"
#include "util.h"

static size_t
n_options(const struct cli_entry *e)
{
	size_t n = 0;
	while (e->options != NULL && e->options[n].name != NULL)
		n++;
	return n;
}

static int
unknown(const struct cli_entry *e, const char *prog, const char *word,
    struct rj_error **err)
{
	return rj_error_set(err, EINVAL,
	    "%s: unknown option %s (see %s %s --help)", e->name, word, prog,
	    e->name);
}

static void
record(struct cli_args *a, size_t i, const struct cli_option *o,
    const char *value)
{
	a->count[i]++;
	a->value[i] = value != NULL ? value : "";
	if (o->repeat && value != NULL) {
		size_t n = strv_len(a->values[i]);
		a->values[i] = xrealloc(a->values[i], (n + 2) * sizeof(char *));
		a->values[i][n] = (char *)value;
		a->values[i][n + 1] = NULL;
	}
}

/* One option word at argv[*k]: a long name (one or two dashes), or short
 * letters.  Advances *k past a value taken from the next word. */
static int
parse_word(const struct cli_entry *e, const char *prog, int argc, char **argv,
    int *k, struct cli_args *a, bool *help, struct rj_error **err)
{
	const char *word = argv[*k];
	const char *body = word + (word[1] == '-' ? 2 : 1);
	size_t n = n_options(e);
	size_t len = strcspn(body, "=");
	if (strncmp(body, "help", len) == 0 && len == 4) {
		*help = true;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct cli_option *o = &e->options[i];
		if (strlen(o->name) != len || strncmp(body, o->name, len) != 0)
			continue;
		const char *value = NULL;
		if (body[len] == '=' && o->arg == NULL) {
			/* Go's flags (runc's) take --flag=true and =false. */
			const char *b = body + len + 1;
			if (strcmp(b, "true") == 0 || strcmp(b, "1") == 0) {
				record(a, i, o, NULL);
				return 0;
			}
			if (strcmp(b, "false") == 0 || strcmp(b, "0") == 0) {
				a->count[i] = 0;
				return 0;
			}
			return rj_error_set(err, EINVAL,
			    "%s: option --%s takes no value (or true, false)",
			    e->name, o->name);
		}
		if (body[len] == '=') {
			value = body + len + 1;
		} else if (o->arg != NULL) {
			if (*k + 1 >= argc)
				return rj_error_set(err, EINVAL,
				    "%s: option --%s needs a value (%s)",
				    e->name, o->name, o->arg);
			value = argv[++*k];
		}
		record(a, i, o, value);
		return 0;
	}
	if (word[1] == '-')
		return unknown(e, prog, word, err);
	/* Short letters: -d, -dt, -bDIR, -b DIR. */
	for (const char *p = body; *p != '\0'; p++) {
		size_t i;
		for (i = 0; i < n && e->options[i].letter != *p; i++)
			;
		if (i == n) {
			if (*p == 'h') {
				*help = true;
				continue;
			}
			return unknown(e, prog, word, err);
		}
		const struct cli_option *o = &e->options[i];
		if (o->arg == NULL) {
			record(a, i, o, NULL);
			continue;
		}
		const char *value = p[1] != '\0' ? p + 1 : NULL;
		if (value == NULL) {
			if (*k + 1 >= argc)
				return rj_error_set(err, EINVAL,
				    "%s: option -%c needs a value (%s)",
				    e->name, *p, o->arg);
			value = argv[++*k];
		}
		record(a, i, o, value);
		break;
	}
	return 0;
}

int
cli_parse(const struct cli_entry *e, const char *prog, int argc, char **argv,
    struct cli_args *a, struct rj_error **err)
{
	memset(a, 0, sizeof(*a));
	/* An entry with more options than cli_args holds is a build error. */
	if (n_options(e) > CLI_MAX_OPTIONS)
		abort();
	a->argv = xcalloc((size_t)argc + 1, sizeof(char *));
	bool help = false, ended = false;
	for (int k = 1; k < argc; k++) {
		const char *w = argv[k];
		bool option = !ended && w[0] == '-' && w[1] != '\0' &&
		    (a->argc == 0 || e->options_anywhere);
		if (option && strcmp(w, "--") == 0) {
			ended = true;
			continue;
		}
		if (!option) {
			a->argv[a->argc++] = argv[k];
			continue;
		}
		if (parse_word(e, prog, argc, argv, &k, a, &help, err) < 0)
			return -1;
	}
	if (help) {
		cli_help(e, prog, stdout);
		return 1;
	}
	if (a->argc < e->min_operands)
		return rj_error_set(err, EINVAL,
		    "%s: missing operand (usage: %s %s %s)", e->name, prog,
		    e->name, e->operands);
	if (e->max_operands >= 0 && a->argc > e->max_operands)
		return rj_error_set(err, EINVAL,
		    "%s: unexpected argument \"%s\" (usage: %s %s %s)", e->name,
		    a->argv[e->max_operands], prog, e->name, e->operands);
	return 0;
}

void
cli_args_free(struct cli_args *a)
{
	for (size_t i = 0; i < CLI_MAX_OPTIONS; i++)
		free(a->values[i]);
	free(a->argv);
	memset(a, 0, sizeof(*a));
}

void
cli_help(const struct cli_entry *e, const char *prog, FILE *f)
{
	size_t n = n_options(e);
	fprintf(f, "usage: %s %s%s%s%s\n\n%s.\n", prog, e->name,
	    n > 0 ? " [options]" : "", e->operands[0] ? " " : "", e->operands,
	    e->summary);
	if (n == 0)
		return;
	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < n; i++) {
		const struct cli_option *o = &e->options[i];
		char left[64];
		snprintf(left, sizeof(left), "%c%c%c --%s%s%s",
		    o->letter ? '-' : ' ', o->letter ? o->letter : ' ',
		    o->letter ? ',' : ' ', o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "");
		if (strlen(left) > 24 || strlen(left) + strlen(o->help) > 76)
			fprintf(f, "  %s\n  %-24s %s\n", left, "", o->help);
		else
			fprintf(f, "  %-24s %s\n", left, o->help);
	}
}

const struct cli_entry *
cli_find(const struct cli_entry *const *table, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}

void
cli_list(const struct cli_entry *const *table, size_t n, FILE *f)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-10s %s\n", table[i]->name, table[i]->summary);
}

int
cli_number(const char *opt, const char *value, long long min, long long max,
    long long *out, struct rj_error **err)
{
	char *end;
	errno = 0;
	long long v = strtoll(value, &end, 10);
	if (*value == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
		return rj_error_set(err, EINVAL,
		    "%s %s: expected a whole number from %lld to %lld", opt,
		    value, min, max);
	*out = v;
	return 0;
}
