/* test_demo_spec.c: the config.json runj-demo writes is one the engine
 * accepts, for both systems. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runjdemo.h"
#include "runjutil.h"

static void
spec_validates(const char *os)
{
	_cleanup_error_ struct rj_error *err = NULL;
	char dir[] = "/tmp/test_demo_spec.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *const args[] = { "/bin/sh", "-c", "echo ok", NULL };
	if (rjd_spec(dir, os, args, false, &err) < 0)
		fail_msg("%s: %s", os, err->msg);
	char *rootfs = xasprintf("%s/rootfs", dir);
	assert_int_equal(mkdir(rootfs, 0755), 0);
	free(rootfs);
	if (rj_spec_validate(dir, &err) < 0)
		fail_msg("%s: %s", os, err->msg);
	/* a second time: the file is there */
	assert_int_equal(rjd_spec(dir, os, args, false, &err), -1);
	assert_non_null(strstr(err->msg, "exists and is not empty"));
	assert_int_equal(rjd_spec(dir, os, NULL, true, &err), 0);
	assert_int_equal(rm_rf(dir, NULL), 0);
}

static void
test_linux(void **state)
{
	(void)state;
	spec_validates("linux");
}

static void
test_freebsd(void **state)
{
	(void)state;
	spec_validates("freebsd");
}

static void
test_bad_os_and_args(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	char *text = NULL;
	assert_int_equal(rjd_spec_text("hurd", NULL, &text, &err), -1);
	assert_string_equal(err->msg, "unknown OS \"hurd\" (linux or freebsd)");
	char *const none[] = { NULL };
	assert_int_equal(rjd_spec_text("linux", none, &text, &err), -1);
	assert_null(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux),
		cmocka_unit_test(test_freebsd),
		cmocka_unit_test(test_bad_os_and_args),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
