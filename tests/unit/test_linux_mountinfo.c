/* test_linux_mountinfo.c: lines of /proc/PID/mountinfo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "linux/mountinfo.h"

static void
entries_in_order(void **state)
{
	(void)state;
	const char *text =
	    "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
	    "31 22 0:27 / /proc/sys/fs/binfmt_misc rw - autofs systemd-1 rw\n"
	    "40 1 8:1 /srv /mnt/with\\040space\\134x rw - ext4 /dev/sda1 rw";
	struct mountinfo_entry e;
	assert_int_equal(mountinfo_next(&text, &e), 1);
	assert_int_equal(e.id, 22);
	assert_int_equal(e.parent, 1);
	assert_string_equal(e.mountpoint, "/proc");
	free(e.mountpoint);
	assert_int_equal(mountinfo_next(&text, &e), 1);
	assert_int_equal(e.parent, 22);
	assert_string_equal(e.mountpoint, "/proc/sys/fs/binfmt_misc");
	free(e.mountpoint);
	/* no final newline; escapes undone */
	assert_int_equal(mountinfo_next(&text, &e), 1);
	assert_int_equal(e.id, 40);
	assert_string_equal(e.mountpoint, "/mnt/with space\\x");
	free(e.mountpoint);
	assert_int_equal(mountinfo_next(&text, &e), 0);
}

static void
malformed_lines(void **state)
{
	(void)state;
	static const char *const bad[] = { "garbage\n", "1 2\n",
		"1 2 0:1 /\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *text = bad[i];
		struct mountinfo_entry e;
		assert_int_equal(mountinfo_next(&text, &e), -1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(entries_in_order),
		cmocka_unit_test(malformed_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
