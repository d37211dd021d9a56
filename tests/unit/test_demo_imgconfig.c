/* test_demo_imgconfig.c: an image config's process settings applied to a
 * config.json, and users looked up in the image. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "imgconfig.h"
#include "runjutil.h"

static char rootfs[64];

static int
setup(void **state)
{
	(void)state;
	strcpy(rootfs, "/tmp/test_imgconfig.XXXXXX");
	assert_non_null(mkdtemp(rootfs));
	char p[128];
	snprintf(p, sizeof(p), "%s/etc", rootfs);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/etc/passwd", rootfs);
	FILE *f = fopen(p, "w");
	fputs("root:x:0:0:root:/root:/bin/sh\n"
	      "daemon:x:1:1::/:/bin/false\n"
	      "app:x:1000:1001:app:/home/app:/bin/sh\n",
	    f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/etc/group", rootfs);
	f = fopen(p, "w");
	fputs("root:x:0:\nwheel:x:10:root\napps:x:1001:\n", f);
	fclose(f);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return rm_rf(rootfs, NULL);
}

static void
user_is(const char *user, uint32_t uid, uint32_t gid)
{
	_cleanup_error_ struct rj_error *err = NULL;
	uint32_t u = 99, g = 99;
	if (imgconfig_user(user, rootfs, &u, &g, &err) < 0)
		fail_msg("%s: %s", user, err->msg);
	assert_int_equal(u, uid);
	assert_int_equal(g, gid);
}

static void
test_user(void **state)
{
	(void)state;
	user_is(NULL, 0, 0);
	user_is("", 0, 0);
	user_is("0", 0, 0);
	user_is("42", 42, 0);
	user_is("42:7", 42, 7);
	user_is("app", 1000, 1001);
	user_is("app:wheel", 1000, 10);
	user_is("daemon:5", 1, 5);
	user_is("5:apps", 5, 1001);

	_cleanup_error_ struct rj_error *err = NULL;
	uint32_t u, g;
	assert_int_equal(imgconfig_user("nobody", rootfs, &u, &g, &err), -1);
	assert_non_null(strstr(err->msg, "no such user"));
	assert_int_equal(imgconfig_user("app:staff", rootfs, &u, &g, &err), -1);
	assert_non_null(strstr(err->msg, "no such group"));
	assert_int_equal(imgconfig_user("-1", rootfs, &u, &g, &err), -1);
}

static json_t *
load(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	if (j == NULL)
		fail_msg("%s", je.text);
	return j;
}

static void
test_apply(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	json_t *spec = load(
	    "{\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\","
	    " \"env\": [\"PATH=/bin\", \"TERM=xterm\"],"
	    " \"user\": {\"uid\": 0, \"gid\": 0, \"umask\": 18}}}");
	json_t *cfg = load(
	    "{\"Entrypoint\": [\"/entry\", \"-x\"],"
	    " \"Cmd\": [\"run\"], \"Env\": [\"A=1\"], \"WorkingDir\": \"/srv\","
	    " \"User\": \"app\"}");
	assert_int_equal(imgconfig_apply(spec, cfg, rootfs, &err), 0);
	char *out = json_dumps(json_object_get(spec, "process"),
	    JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(out,
	    "{\"args\":[\"/entry\",\"-x\",\"run\"],"
	    "\"cwd\":\"/srv\",\"env\":[\"A=1\",\"PATH=/bin\"],"
	    "\"user\":{\"gid\":1001,\"uid\":1000,\"umask\":18}}");
	free(out);
	json_decref(spec);
	json_decref(cfg);
}

static void
test_apply_defaults_and_errors(void **state)
{
	(void)state;
	_cleanup_error_ struct rj_error *err = NULL;
	json_t *spec = load("{\"process\": {\"args\": [\"sh\"],"
			    " \"env\": [\"PATH=/bin\"]}}");
	/* No config at all: args and env stay, cwd is /, user root. */
	assert_int_equal(imgconfig_apply(spec, NULL, rootfs, &err), 0);
	char *out = json_dumps(json_object_get(spec, "process"),
	    JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(out,
	    "{\"args\":[\"sh\"],\"cwd\":\"/\","
	    "\"env\":[\"PATH=/bin\"],\"user\":{\"gid\":0,\"uid\":0}}");
	free(out);

	json_t *bad = load("{\"Cmd\": [\"ok\", 3]}");
	assert_int_equal(imgconfig_apply(spec, bad, rootfs, &err), -1);
	assert_string_equal(err->msg,
	    "image config: Cmd[1]: expected a string");
	json_decref(bad);
	bad = load("{\"WorkingDir\": \"relative\"}");
	assert_int_equal(imgconfig_apply(spec, bad, rootfs, &err), -1);
	assert_non_null(strstr(err->msg, "not absolute"));
	json_decref(bad);
	json_decref(spec);
}

static void
test_workdir_check(void **state)
{
	(void)state;
	static const struct {
		const char *wd;
		const char *why; /* NULL: accepted */
	} cases[] = {
		{ "/", NULL },
		{ "/work", NULL },
		{ "/a/b.c/..d/.e", NULL },
		{ "/processes", NULL },
		{ "work", "is not absolute" },
		{ "", "is not absolute" },
		{ "/proc", "is in /proc" },
		{ "/proc/self/fd/7", "is in /proc" },
		{ "/a/../proc/self/fd/7", "is not a clean path" },
		{ "/..", "is not a clean path" },
		{ "/a/.", "is not a clean path" },
		{ "/a//b", "is not a clean path" },
		{ "//a", "is not a clean path" },
		{ "/a/", "is not a clean path" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		_cleanup_error_ struct rj_error *err = NULL;
		int rc = imgconfig_workdir_check(cases[i].wd, &err);
		if (cases[i].why == NULL) {
			assert_int_equal(rc, 0);
			continue;
		}
		assert_int_equal(rc, -1);
		char want[128];
		snprintf(want, sizeof(want),
		    "image config: WorkingDir \"%s\" %s", cases[i].wd,
		    cases[i].why);
		assert_string_equal(err->msg, want);
	}
	_cleanup_free_ char *longwd = xmalloc(PATH_MAX + 2);
	memset(longwd, 'a', PATH_MAX + 1);
	longwd[0] = '/';
	longwd[PATH_MAX + 1] = '\0';
	_cleanup_error_ struct rj_error *err = NULL;
	assert_int_equal(imgconfig_workdir_check(longwd, &err), -1);
	assert_non_null(strstr(err->msg, "is too long"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_apply_defaults_and_errors),
		cmocka_unit_test(test_workdir_check),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
