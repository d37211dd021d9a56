/* test_demo_safepath.c: archive names cleaned and resolved in a root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safepath.h"
#include "runjutil.h"

static void
clean_ok(const char *in, const char *want)
{
	_cleanup_error_ struct rj_error *err = NULL;
	char *out = NULL;
	assert_int_equal(safepath_clean(in, &out, &err), 0);
	assert_string_equal(out, want);
	free(out);
}

static void
clean_bad(const char *in, const char *msg)
{
	_cleanup_error_ struct rj_error *err = NULL;
	char *out = NULL;
	assert_int_equal(safepath_clean(in, &out, &err), -1);
	assert_null(out);
	assert_non_null(strstr(err->msg, msg));
}

static void
test_clean(void **state)
{
	(void)state;
	clean_ok("./bin/sh", "bin/sh");
	clean_ok("bin//sh/", "bin/sh");
	clean_ok("./", "");
	clean_ok(".", "");
	clean_ok("a/./b/.", "a/b");
	clean_ok("..foo/bar..", "..foo/bar..");
	clean_bad("/etc/passwd", "absolute path");
	clean_bad("../x", "\"..\"");
	clean_bad("a/../../x", "\"..\"");
	clean_bad("a/..", "\"..\"");
	clean_bad("", "empty name");
}

struct root {
	char dir[64];
};

static int
root_setup(void **state)
{
	struct root *r = calloc(1, sizeof(*r));
	strcpy(r->dir, "/tmp/test_safepath.XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	char p[128];
	snprintf(p, sizeof(p), "%s/usr/bin", r->dir);
	assert_int_equal(mkdir_p(p, 0755, NULL), 0);
	/* bin -> usr/bin, up -> .., abs -> /etc, loop -> loop */
	snprintf(p, sizeof(p), "%s/bin", r->dir);
	assert_int_equal(symlink("usr/bin", p), 0);
	snprintf(p, sizeof(p), "%s/usr/up", r->dir);
	assert_int_equal(symlink("..", p), 0);
	snprintf(p, sizeof(p), "%s/usr/out", r->dir);
	assert_int_equal(symlink("../..", p), 0);
	snprintf(p, sizeof(p), "%s/abs", r->dir);
	assert_int_equal(symlink("/etc", p), 0);
	snprintf(p, sizeof(p), "%s/loop", r->dir);
	assert_int_equal(symlink("loop", p), 0);
	*state = r;
	return 0;
}

static int
root_teardown(void **state)
{
	struct root *r = *state;
	assert_int_equal(rm_rf(r->dir, NULL), 0);
	free(r);
	return 0;
}

static void
resolve_ok(const struct root *r, const char *in, bool follow, const char *want)
{
	_cleanup_error_ struct rj_error *err = NULL;
	char *out = NULL;
	int rc = safepath_resolve(r->dir, in, follow, &out, &err);
	if (rc < 0)
		fail_msg("%s: %s", in, err->msg);
	assert_string_equal(out, want);
	free(out);
}

static void
resolve_bad(const struct root *r, const char *in, const char *msg)
{
	_cleanup_error_ struct rj_error *err = NULL;
	char *out = NULL;
	assert_int_equal(safepath_resolve(r->dir, in, false, &out, &err), -1);
	assert_non_null(strstr(err->msg, msg));
}

static void
test_resolve(void **state)
{
	const struct root *r = *state;
	resolve_ok(r, "bin/sh", false, "usr/bin/sh");
	resolve_ok(r, "bin", false, "bin"); /* the last is not followed */
	resolve_ok(r, "bin", true, "usr/bin");
	resolve_ok(r, "usr/up/bin/x", false, "usr/bin/x");
	resolve_ok(r, "new/dir/file", false, "new/dir/file");
	resolve_ok(r, "abs", false, "abs"); /* replacing it is fine */
	resolve_bad(r, "usr/out/x", "points out of the root");
	resolve_bad(r, "abs/passwd", "points out of the root (to /etc)");
	resolve_bad(r, "loop/x", "too many levels of symlinks");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test_setup_teardown(test_resolve, root_setup,
		    root_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
