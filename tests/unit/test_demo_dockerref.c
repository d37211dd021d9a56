/* test_demo_dockerref.c: which image names go into manifest.json's
 * RepoTags (the ones Docker's reference grammar takes as name:tag). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dockerref.h"
#include "runjutil.h"

static void
test_repo_tags(void **state)
{
	(void)state;
	static const struct {
		const char *ref;
		const char *tag; /* NULL: left out */
	} cases[] = {
		{ "demo", "demo:latest" },
		{ "demo:1.0", "demo:1.0" },
		{ "runj-demo:latest", "runj-demo:latest" },
		{ "library/demo:v1_2-3", "library/demo:v1_2-3" },
		{ "docker.io/library/demo:4", "docker.io/library/demo:4" },
		{ "localhost/demo", "localhost/demo:latest" },
		{ "localhost:5000/a/b:c", "localhost:5000/a/b:c" },
		{ "Registry.Example/x", "Registry.Example/x:latest" },
		{ "a__b/c.d/e---f:_t", "a__b/c.d/e---f:_t" },
		{ "Demo", NULL },
		{ "demo:", NULL },
		{ "demo:-x", NULL },
		{ "demo:.x", NULL },
		{ "demo@sha256:0123", NULL },
		{ "a//b", NULL },
		{ "/a", NULL },
		{ "a/", NULL },
		{ "-a", NULL },
		{ "a-", NULL },
		{ "a___b", NULL },
		{ "a..b", NULL },
		{ "a._b", NULL },
		{ "host:port/a", NULL },
		{ "-host.x/a", NULL },
		{ "host./a", NULL },
		{ "", NULL },
		{ ":tag", NULL },
		{ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
		  "cdef",
		    NULL },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = docker_repo_tag(cases[i].ref);
		if (cases[i].tag == NULL) {
			if (got != NULL)
				fail_msg("%s: got %s", cases[i].ref, got);
		} else {
			if (got == NULL)
				fail_msg("%s: left out", cases[i].ref);
			assert_string_equal(got, cases[i].tag);
		}
		free(got);
	}
	/* Lengths: a tag of 128, a name of 255. */
	char tag[160], name[300];
	memset(tag, 't', 128);
	tag[128] = '\0';
	_cleanup_free_ char *r = xasprintf("demo:%s", tag);
	_cleanup_free_ char *got = docker_repo_tag(r);
	assert_non_null(got);
	free(r);
	r = xasprintf("demo:%st", tag);
	assert_null(docker_repo_tag(r));
	memset(name, 'n', 256);
	name[256] = '\0';
	assert_null(docker_repo_tag(name));
	name[255] = '\0';
	free(got);
	got = docker_repo_tag(name);
	assert_non_null(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repo_tags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
