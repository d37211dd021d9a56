/* test_demo_progress.c: the progress line runj-demo draws. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cli.h"
#include "runjutil.h"

static void
test_human_bytes(void **state)
{
	(void)state;
	char b[32];
	format_bytes(b, sizeof(b), 512);
	assert_string_equal(b, "512 B");
	format_bytes(b, sizeof(b), 1536);
	assert_string_equal(b, "1.5 KiB");
	format_bytes(b, sizeof(b), 3.0 * 1024 * 1024 * 1024);
	assert_string_equal(b, "3.0 GiB");
}

static void
test_bar_with_total(void **state)
{
	(void)state;
	char line[256];
	struct rjd_progress p = { .phase = "download",
		.done = 50 << 20,
		.total = 100 << 20,
		.rate = 10 << 20 };
	cli_progress_format(line, sizeof(line), &p, 100);
	assert_non_null(strstr(line, "download"));
	assert_non_null(strstr(line, " 50%"));
	assert_non_null(strstr(line, "50.0 MiB / 100.0 MiB"));
	assert_non_null(strstr(line, "10.0 MiB/s"));
	assert_non_null(strstr(line, "ETA 0:05"));
	assert_non_null(strstr(line, "[===="));
	assert_true(strlen(line) <= 100);
	/* a narrow terminal drops the bar, not the numbers */
	cli_progress_format(line, sizeof(line), &p, 40);
	assert_null(strchr(line, '['));
	assert_non_null(strstr(line, "50%"));
}

static void
test_bar_without_total(void **state)
{
	(void)state;
	char line[256];
	struct rjd_progress p = { .phase = "extract", .done = 2048 };
	cli_progress_format(line, sizeof(line), &p, 80);
	assert_non_null(strstr(line, "extract"));
	assert_non_null(strstr(line, "2.0 KiB"));
	assert_null(strstr(line, "ETA"));
	assert_null(strchr(line, '%'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_human_bytes),
		cmocka_unit_test(test_bar_with_total),
		cmocka_unit_test(test_bar_without_total),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
