/* test_engine_cli.c: option parsing from a command's entry (runjcli.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "runjcli.h"
#include "util.h"

enum {
	O_BUNDLE,
	O_DETACH,
	O_TTY,
	O_ENV
};

static const struct cli_option options[] = {
	[O_BUNDLE] = { "bundle", 'b', "DIR", "the bundle" },
	[O_DETACH] = { "detach", 'd', NULL, "detach" },
	[O_TTY] = { "tty", 't', NULL, "a terminal" },
	[O_ENV] = { "env", 'e', "KEY=VALUE", "environment", true },
	{ NULL },
};

static const struct cli_entry anywhere = {
	.name = "t",
	.operands = "<id> [x]",
	.summary = "a test",
	.options = options,
	.min_operands = 1,
	.max_operands = 2,
	.options_anywhere = true,
};

static const struct cli_entry first_operand_ends = {
	.name = "x",
	.operands = "<id> command...",
	.summary = "a test",
	.options = options,
	.min_operands = 1,
	.max_operands = -1,
};

static int
parse(const struct cli_entry *e, struct cli_args *a, struct rj_error **err, ...)
{
	char *argv[16] = { (char *)e->name };
	int argc = 1;
	va_list ap;
	va_start(ap, err);
	for (char *w; (w = va_arg(ap, char *)) != NULL;)
		argv[argc++] = w;
	va_end(ap);
	return cli_parse(e, "prog", argc, argv, a, err);
}

static void
long_short_and_combined(void **state)
{
	(void)state;
	struct cli_args a;
	assert_int_equal(parse(&anywhere, &a, NULL, "--bundle", "/b", "-dt",
			     "id", "-e", "A=1", "--env=B=2", "-eC=3", NULL),
	    0);
	assert_string_equal(a.value[O_BUNDLE], "/b");
	assert_int_equal(a.count[O_DETACH], 1);
	assert_int_equal(a.count[O_TTY], 1);
	assert_int_equal(a.count[O_ENV], 3);
	assert_string_equal(a.values[O_ENV][0], "A=1");
	assert_string_equal(a.values[O_ENV][1], "B=2");
	assert_string_equal(a.values[O_ENV][2], "C=3");
	assert_null(a.values[O_ENV][3]);
	assert_int_equal(a.argc, 1);
	assert_string_equal(a.argv[0], "id");
	cli_args_free(&a);
	/* runc's single-dash long names */
	assert_int_equal(parse(&anywhere, &a, NULL, "-bundle", "/c", "id",
			     NULL),
	    0);
	assert_string_equal(a.value[O_BUNDLE], "/c");
	cli_args_free(&a);
}

static void
options_after_operands(void **state)
{
	(void)state;
	struct cli_args a;
	assert_int_equal(parse(&anywhere, &a, NULL, "id", "-d", "KILL", NULL),
	    0);
	assert_int_equal(a.count[O_DETACH], 1);
	assert_int_equal(a.argc, 2);
	assert_string_equal(a.argv[1], "KILL");
	cli_args_free(&a);
	/* exec's command keeps its own options */
	assert_int_equal(parse(&first_operand_ends, &a, NULL, "-t", "id", "ls",
			     "-d", "--bundle", NULL),
	    0);
	assert_int_equal(a.count[O_TTY], 1);
	assert_int_equal(a.count[O_DETACH], 0);
	assert_int_equal(a.argc, 4);
	assert_string_equal(a.argv[2], "-d");
	cli_args_free(&a);
	/* Go's boolean values, as runc takes them */
	assert_int_equal(parse(&anywhere, &a, NULL, "--detach=true", "id",
			     "--tty=false", NULL),
	    0);
	assert_int_equal(a.count[O_DETACH], 1);
	assert_int_equal(a.count[O_TTY], 0);
	cli_args_free(&a);
	/* "--" ends the options */
	assert_int_equal(parse(&anywhere, &a, NULL, "--", "-d", NULL), 0);
	assert_int_equal(a.count[O_DETACH], 0);
	assert_string_equal(a.argv[0], "-d");
	cli_args_free(&a);
}

static void
mistakes_are_one_clear_line(void **state)
{
	(void)state;
	static const struct {
		const char *args[4];
		const char *msg;
	} cases[] = {
		{ { "--nope", "id" }, "t: unknown option --nope" },
		{ { "-x", "id" }, "t: unknown option -x" },
		{ { "id", "--bundle" }, "t: option --bundle needs a value" },
		{ { "id", "-b" }, "t: option -b needs a value" },
		{ { "--detach=yes", "id" },
		    "t: option --detach takes no value" },
		{ { "-d" }, "t: missing operand" },
		{ { "a", "b", "c" }, "t: unexpected argument \"c\"" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct cli_args a;
		struct rj_error *err = NULL;
		char *argv[5] = { "t" };
		int argc = 1;
		for (size_t k = 0; k < 4 && cases[i].args[k]; k++)
			argv[argc++] = (char *)cases[i].args[k];
		assert_int_equal(cli_parse(&anywhere, "prog", argc, argv, &a,
				     &err),
		    -1);
		if (strncmp(err->msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: \"%s\"", i, err->msg);
		assert_null(strchr(err->msg, '\n'));
		rj_error_free(err);
		cli_args_free(&a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_short_and_combined),
		cmocka_unit_test(options_after_operands),
		cmocka_unit_test(mistakes_are_one_clear_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
