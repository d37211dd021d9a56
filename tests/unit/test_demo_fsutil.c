/* test_demo_fsutil.c: reading only regular files, removing trees of any
 * depth with one descriptor, sizes in words, and the size budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "budget.h"
#include "fsutil.h"
#include "runjdemo.h"
#include "runjutil.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_fsutil.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	assert_int_equal(tree_remove(dir, &err), 0);
	return 0;
}

static void
test_size_text(void **state)
{
	(void)state;
	static const struct {
		uint64_t n;
		const char *text;
	} cases[] = {
		{ 0, "0 bytes" },
		{ 1023, "1023 bytes" },
		{ 1024, "1 KiB" },
		{ 1536, "1.5 KiB" },
		{ 4 << 20, "4 MiB" },
		{ 256ULL << 20, "256 MiB" },
		{ (1ULL << 30) + (1ULL << 29), "1.5 GiB" },
		{ 3ULL << 40, "3 TiB" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char buf[32];
		size_text(cases[i].n, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
}

static void
test_read_regular(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	_cleanup_free_ char *f = xasprintf("%s/f", dir);
	_cleanup_free_ char *fifo = xasprintf("%s/fifo", dir);
	_cleanup_free_ char *zero = xasprintf("%s/zero", dir);
	FILE *fp = fopen(f, "w");
	fputs("hello", fp);
	fclose(fp);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("/dev/zero", zero), 0);

	char *text = NULL;
	size_t len;
	assert_int_equal(read_regular(f, "f", 5, &text, &len, &err), 0);
	assert_string_equal(text, "hello");
	assert_int_equal(len, 5);
	free(text);

	assert_int_equal(read_regular(f, "f", 4, &text, &len, &err), -1);
	assert_string_equal(err->msg, "f: larger than 4 bytes");
	/* Neither blocks nor reads forever. */
	assert_int_equal(read_regular(fifo, "the fifo", 4, &text, &len, &err),
	    -1);
	assert_string_equal(err->msg, "the fifo: not a regular file");
	assert_int_equal(read_regular(zero, "zero", 4, &text, &len, &err), -1);
	assert_string_equal(err->msg, "zero: not a regular file");
	assert_int_equal(open_regular(dir, "dir", 0, NULL, &err), -1);
	assert_string_equal(err->msg, "dir: not a regular file");
}

static void
test_tree_remove_deep(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	_cleanup_free_ char *top = xasprintf("%s/deep", dir);
	assert_int_equal(mkdir(top, 0755), 0);
	/* 300 levels, each with a file and a read-only directory mode, under
	 * a descriptor limit of 32. */
	int fd = open(top, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	for (int i = 0; i < 300; i++) {
		assert_int_equal(mkdirat(fd, "d", 0755), 0);
		int f = openat(fd, "file", O_WRONLY | O_CREAT, 0444);
		assert_true(f >= 0);
		close(f);
		assert_int_equal(symlinkat("/", fd, "root"), 0);
		int sub = openat(fd, "d", O_RDONLY | O_DIRECTORY);
		assert_true(sub >= 0);
		assert_int_equal(fchmod(fd, 0555), 0);
		close(fd);
		fd = sub;
	}
	close(fd);
	struct rlimit old, low = { 32, 32 };
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
	low.rlim_max = old.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	int rc = tree_remove(top, &err);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
	assert_int_equal(rc, 0);
	struct stat st;
	assert_int_equal(lstat(top, &st), -1);
	/* The symlinks were removed, not followed. */
	assert_int_equal(lstat("/", &st), 0);
	/* A missing path and a file. */
	assert_int_equal(tree_remove(top, &err), 0);
	_cleanup_free_ char *f = xasprintf("%s/plain", dir);
	close(open(f, O_WRONLY | O_CREAT, 0600));
	assert_int_equal(tree_remove(f, &err), 0);
	assert_int_equal(lstat(f, &st), -1);
}

static void
test_budget(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	struct budget b;
	/* Explicit. */
	assert_int_equal(budget_init(&b, 1000, 1, NULL, &err), 0);
	assert_int_equal(budget_charge(&b, "x", 1000, &err), 0);
	assert_int_equal(budget_charge(&b, "y", 1, &err), -1);
	assert_string_equal(err->msg,
	    "y: over the size budget of 1000 bytes (--max-size)");
	/* None. */
	assert_int_equal(budget_init(&b, RJD_NO_BUDGET, 1, dir, &err), 0);
	assert_int_equal(budget_charge(&b, "x", UINT64_MAX, &err), 0);
	assert_int_equal(budget_charge(&b, "x", UINT64_MAX, &err), 0);
	/* The default: the floor, the ratio, nothing for a directory. */
	assert_int_equal(budget_init(&b, 0, 1000, NULL, &err), 0);
	assert_int_equal(b.limit, BUDGET_FLOOR);
	assert_int_equal(budget_init(&b, 0, 100ULL << 20, NULL, &err), 0);
	assert_int_equal(b.limit, (100ULL << 20) * BUDGET_RATIO);
	assert_int_equal(budget_init(&b, 0, 0, NULL, &err), 0);
	assert_true(b.limit == UINT64_MAX);
	assert_int_equal(budget_init(&b, 0, UINT64_MAX / 2, NULL, &err), 0);
	assert_true(b.limit == UINT64_MAX);
	/* On disk, never more than the space free. */
	assert_int_equal(budget_init(&b, 0, 0, dir, &err), 0);
	assert_true(b.limit < UINT64_MAX && b.by_disk);
	/* NULL: not counted. */
	assert_int_equal(budget_charge(NULL, "x", UINT64_MAX, &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_text),
		cmocka_unit_test(test_read_regular),
		cmocka_unit_test(test_tree_remove_deep),
		cmocka_unit_test(test_budget),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
