/* test_linux_mount_opts.c: mount options -> flags, propagation, data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <sys/mount.h>

#include "linux/mount_opts.h"
#include "util.h"

static void
options_translate(void **state)
{
	(void)state;
	static const struct {
		const char *opts[6];
		unsigned long flags, clear, propagation;
		const char *data;
		bool bind;
	} cases[] = {
		{ { "nosuid", "noexec", "nodev", "ro", NULL },
		    MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, 0, 0, "",
		    false },
		{ { "rbind", "rprivate", NULL }, MS_BIND | MS_REC, 0,
		    MS_PRIVATE | MS_REC, "", true },
		{ { "bind", "rw", "rslave", NULL }, MS_BIND, MS_RDONLY,
		    MS_SLAVE | MS_REC, "", true },
		{ { "mode=755", "size=65536k", "strictatime", NULL },
		    MS_STRICTATIME, 0, 0, "mode=755,size=65536k", false },
		{ { "ro", "rw", NULL }, 0, MS_RDONLY, 0, "", false },
		{ { "tmpcopyup", "newinstance", NULL }, 0, 0, 0, "newinstance",
		    false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mount_opts mo;
		assert_int_equal(mount_opts_parse((char *const *)cases[i].opts,
				     &mo, NULL),
		    0);
		assert_int_equal(mo.flags, cases[i].flags);
		assert_int_equal(mo.clear, cases[i].clear);
		assert_int_equal(mo.propagation, cases[i].propagation);
		assert_string_equal(mo.data, cases[i].data);
		assert_int_equal(mo.bind, cases[i].bind);
		mount_opts_free(&mo);
	}
}

static void
recursive_attributes_and_refusals(void **state)
{
	(void)state;
	const char *opts[] = { "rro", "rnosuid", NULL };
	struct mount_opts mo;
	assert_int_equal(mount_opts_parse((char *const *)opts, &mo, NULL), 0);
	assert_int_equal(mo.attr_set, 0x1 | 0x2);
	mount_opts_free(&mo);
	const char *idmap[] = { "idmap", NULL };
	struct rj_error *err = NULL;
	assert_int_equal(mount_opts_parse((char *const *)idmap, &mo, &err), -1);
	assert_non_null(strstr(err->msg, "\"idmap\" is not supported"));
	rj_error_free(err);
	mount_opts_free(&mo);
	assert_int_equal(mount_propagation_flags("rshared"),
	    MS_SHARED | MS_REC);
	assert_int_equal(mount_propagation_flags("nope"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_translate),
		cmocka_unit_test(recursive_attributes_and_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
