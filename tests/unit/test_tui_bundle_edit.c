/* test_tui_bundle_edit.c: process args as text, and editing config.json
 * without losing any other field. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "argv.h"
#include "bundle_edit.h"
#include "runjutil.h"

static void
expect_split(const char *line, const char *const *want)
{
	struct rj_error *err = NULL;
	char **v = NULL;
	size_t i;

	if (tui_argv_split(line, &v, &err) < 0)
		fail_msg("%s: %s", line, err->msg);
	for (i = 0; want[i]; i++) {
		assert_non_null(v[i]);
		assert_string_equal(v[i], want[i]);
	}
	assert_null(v[i]);
	/* Joining and splitting again gives the same words. */
	_cleanup_free_ char *j = tui_argv_join(v);
	char **w = NULL;
	assert_int_equal(tui_argv_split(j, &w, &err), 0);
	for (i = 0; want[i]; i++)
		assert_string_equal(w[i], want[i]);
	strv_free(v);
	strv_free(w);
}

static void
test_argv(void **state)
{
	struct rj_error *err = NULL;
	char **v = NULL;

	(void)state;
	expect_split("sh", (const char *[]){ "sh", NULL });
	expect_split("  sh  -c   'echo hi; sleep 1' ",
	    (const char *[]){ "sh", "-c", "echo hi; sleep 1", NULL });
	expect_split("echo \"a \\\"b\\\"\" c\\ d ''",
	    (const char *[]){ "echo", "a \"b\"", "c d", "", NULL });
	expect_split("echo it\\'s", (const char *[]){ "echo", "it's", NULL });
	assert_int_equal(tui_argv_split("   ", &v, &err), -1);
	assert_non_null(strstr(err->msg, "at least one word"));
	rj_error_free(err);
	err = NULL;
	assert_int_equal(tui_argv_split("sh -c 'oops", &v, &err), -1);
	assert_non_null(strstr(err->msg, "unclosed ' quote"));
	rj_error_free(err);
}

static char dir[64];

static const char config[] =
    "{\"ociVersion\":\"1.0.2\",\"x-unknown\":{\"keep\":[1,2,3]},"
    "\"process\":{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0},"
    "\"args\":[\"sh\"],\"env\":[\"PATH=/bin\"],\"cwd\":\"/\","
    "\"x-proc-extra\":true},"
    "\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
    "\"hostname\":\"h\",\"linux\":{\"namespaces\":[{\"type\":\"pid\"},"
    "{\"type\":\"mount\"}]}}";

static int
setup(void **state)
{
	_cleanup_free_ char *p = NULL, *r = NULL, *r2 = NULL;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/runj-edit-test.XXXXXX");
	assert_non_null(mkdtemp(dir));
	r = xasprintf("%s/rootfs", dir);
	r2 = xasprintf("%s/other", dir);
	mkdir(r, 0755);
	mkdir(r2, 0755);
	p = xasprintf("%s/config.json", dir);
	f = fopen(p, "w");
	fputs(config, f);
	fclose(f);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rm_rf(dir, NULL);
	return 0;
}

static json_t *
load(void)
{
	_cleanup_free_ char *p = xasprintf("%s/config.json", dir);

	return json_load_file(p, 0, NULL);
}

static void
test_read(void **state)
{
	struct rj_error *err = NULL;
	char **args = NULL, *root = NULL;

	(void)state;
	assert_int_equal(tui_bundle_read(dir, &args, &root, NULL, &err), 0);
	assert_string_equal(args[0], "sh");
	assert_null(args[1]);
	assert_string_equal(root, "rootfs");
	strv_free(args);
	free(root);
}

static void
test_write_keeps_everything_else(void **state)
{
	char *args[] = { "sh", "-c", "echo hello", NULL };
	struct rj_error *err = NULL;
	json_t *before = json_loads(config, 0, NULL), *after;

	(void)state;
	if (tui_bundle_write(dir, args, "other", -1, &err) < 0)
		fail_msg("%s", err->msg);
	after = load();
	assert_non_null(after);
	assert_string_equal(json_string_value(json_array_get(
				json_object_get(json_object_get(after,
						    "process"),
				    "args"),
				2)),
	    "echo hello");
	assert_string_equal(json_string_value(
				json_object_get(json_object_get(after, "root"),
				    "path")),
	    "other");
	/* Put the two edited values back: the rest must be identical. */
	json_object_set(json_object_get(after, "process"), "args",
	    json_object_get(json_object_get(before, "process"), "args"));
	json_object_set_new(json_object_get(after, "root"), "path",
	    json_string("rootfs"));
	assert_true(json_equal(before, after));
	json_decref(before);
	json_decref(after);
}

static void
expect_refused(char **args, const char *root, const char *want)
{
	_cleanup_free_ char *p = xasprintf("%s/config.json", dir);
	_cleanup_free_ char *text = NULL;
	struct rj_error *err = NULL;

	assert_int_equal(tui_bundle_write(dir, args, root, -1, &err), -1);
	if (!strstr(err->msg, want))
		fail_msg("'%s' does not say '%s'", err->msg, want);
	rj_error_free(err);
	/* Untouched. */
	assert_int_equal(read_file(p, &text, NULL, NULL), 0);
	assert_string_equal(text, config);
}

static void
test_write_refuses_bad_values(void **state)
{
	char *none[] = { NULL };
	char *empty[] = { "", NULL };
	char *ok[] = { "sh", NULL };

	(void)state;
	expect_refused(none, "rootfs", "at least one word");
	expect_refused(empty, "rootfs", "program is empty");
	expect_refused(ok, "", "root path: empty");
	expect_refused(ok, "missing", "root path");
	expect_refused(ok, "config.json", "not a directory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv),
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_write_keeps_everything_else, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_refuses_bad_values,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
