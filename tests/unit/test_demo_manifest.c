/* test_demo_manifest.c: checksums found in a FreeBSD MANIFEST; the
 * download URL layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "runjdemo.h"
#include "runjutil.h"

#define H1 "5d2c6a3e0a1f4b8c9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
#define H2 "0000000000000000000000000000000000000000000000000000000000000001"

static const char manifest[] =
    "base-dbg.txz\t" H2 "\t1\tbase_dbg\t\"Base debug\"\toff\n"
    "base.txz\t" H1 "\t26371\tbase\t\"Base system (MANDATORY)\"\ton\n"
    "kernel.txz\t" H2 "\t1\tkernel\t\"Kernel\"\ton\n";

static void
test_lookup(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	char hex[65];
	assert_int_equal(manifest_lookup(manifest, "base.txz", hex, &err), 0);
	assert_string_equal(hex, H1);
	assert_int_equal(manifest_lookup(manifest, "kernel.txz", hex, &err), 0);
	assert_string_equal(hex, H2);
}

static void
test_lookup_missing_and_bad(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	char hex[65];
	/* "base" is a prefix of entries but not an entry */
	assert_int_equal(manifest_lookup(manifest, "base", hex, &err), -1);
	assert_string_equal(err->msg, "MANIFEST has no entry for base");
	assert_int_equal(manifest_lookup("", "base.txz", hex, &err), -1);
	assert_int_equal(manifest_lookup("base.txz\tnothex\t1\n", "base.txz",
			     hex, &err),
	    -1);
	assert_non_null(strstr(err->msg, "bad checksum"));
	/* upper case digits are accepted and lowered */
	assert_int_equal(manifest_lookup("base.txz\t"
					 "ABCDEF0000000000000000"
					 "0000000000000000000000000000000000000"
					 "00000\t1\n",
			     "base.txz", hex, &err),
	    0);
	assert_memory_equal(hex, "abcdef", 6);
}

static void
url_is(const char *arch, const char *version, const char *want)
{
	_cleanup_error_ struct rj_error *err = NULL;
	struct rjd_download_opts o = { .arch = arch, .version = version };
	char *url = NULL;
	if (rjd_download_url(&o, &url, &err) < 0)
		fail_msg("%s", err->msg);
	assert_string_equal(url, want);
	free(url);
}

static void
test_url_layout(void **state)
{
	(void)state;
	url_is("amd64", "14.3-RELEASE",
	    "https://download.freebsd.org/releases/amd64/14.3-RELEASE/"
	    "base.txz");
	url_is("x86_64", "14.1-RELEASE",
	    "https://download.freebsd.org/releases/amd64/14.1-RELEASE/"
	    "base.txz");
	url_is("aarch64", "14.3-RELEASE",
	    "https://download.freebsd.org/releases/arm64/aarch64/14.3-RELEASE/"
	    "base.txz");
	url_is("riscv64", "15.0-RELEASE",
	    "https://download.freebsd.org/releases/riscv/riscv64/15.0-RELEASE/"
	    "base.txz");
#ifndef __FreeBSD__
	url_is("amd64", NULL,
	    "https://download.freebsd.org/releases/amd64/14.3-RELEASE/"
	    "base.txz");
#endif
	_cleanup_error_ struct rj_error *err = NULL;
	char *url = NULL;
	struct rjd_download_opts bad = { .arch = "vax", .version = "1.0" };
	assert_int_equal(rjd_download_url(&bad, &url, &err), -1);
	assert_string_equal(err->msg, "unknown architecture \"vax\"");
	struct rjd_download_opts slash = { .arch = "amd64", .version = "../x" };
	assert_int_equal(rjd_download_url(&slash, &url, &err), -1);
	struct rjd_download_opts given = { .url = "file:///tmp/base.txz" };
	assert_int_equal(rjd_download_url(&given, &url, &err), 0);
	assert_string_equal(url, "file:///tmp/base.txz");
	free(url);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_missing_and_bad),
		cmocka_unit_test(test_url_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
