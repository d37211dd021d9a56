/* test_linux_caps.c: capability sets applied in child processes and read
 * back from /proc/self/status. */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <linux/capability.h>

#include "linux/caps.h"
#include "util.h"

#define BIT(c) (1ULL << (c))

/* The bounding set the tests start with (a container may lack some). */
static uint64_t bnd0;

/* The CapXxx: line of /proc/self/status. */
static uint64_t
status_caps(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	uint64_t v = UINT64_MAX;
	size_t len = strlen(field);
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, len) == 0 && line[len] == ':')
			v = strtoull(line + len + 1, NULL, 16);
	if (f != NULL)
		fclose(f);
	return v;
}

static int
run(int (*body)(void *), void *arg)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(body(arg));
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
skip_unless_root(void)
{
	if (geteuid() != 0)
		skip();
}

static void
test_last_cap(void **state)
{
	(void)state;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	int want = -1;
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%d", &want), 1);
	fclose(f);
	assert_int_equal(caps_last_cap(), want);
}

static void
test_features(void **state)
{
	(void)state;
	json_t *a = caps_features();
	assert_int_equal(json_array_size(a), (size_t)spec_cap_last() + 1);
	assert_string_equal(json_string_value(json_array_get(a, 0)),
	    "CAP_CHOWN");
	assert_string_equal(json_string_value(json_array_get(a, CAP_SYS_ADMIN)),
	    "CAP_SYS_ADMIN");
	json_decref(a);
}

/* Drops the bounding set, becomes nobody, applies the rest: what a
 * non-root container process gets. */
static int
body_nobody(void *arg)
{
	const struct rj_caps *c = arg;
	if (caps_drop_bounding(c, NULL) < 0)
		return 1;
	if (prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) != 1)
		return 2;
	if (setgid(65534) < 0 || setuid(65534) < 0)
		return 3;
	if (caps_apply(c, NULL) < 0)
		return 4;
	if (status_caps("CapBnd") != (c->bounding & bnd0))
		return 5;
	if (status_caps("CapPrm") != c->permitted)
		return 6;
	if (status_caps("CapEff") != c->effective)
		return 7;
	if (status_caps("CapInh") != c->inheritable)
		return 8;
	if (status_caps("CapAmb") != c->ambient)
		return 9;
	if (prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0) != 0)
		return 10;
	return 0;
}

static void
test_apply_as_nobody(void **state)
{
	(void)state;
	skip_unless_root();
	uint64_t bnd = BIT(CAP_CHOWN) | BIT(CAP_NET_BIND_SERVICE) |
	    BIT(CAP_KILL) | BIT(CAP_SETUID) | BIT(CAP_SETGID);
	struct rj_caps c = { .present = true,
		.bounding = bnd,
		.permitted = BIT(CAP_CHOWN) | BIT(CAP_NET_BIND_SERVICE) |
		    BIT(CAP_KILL),
		.effective = BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_KILL),
		.inheritable = BIT(CAP_NET_BIND_SERVICE),
		.ambient = BIT(CAP_NET_BIND_SERVICE) };
	assert_int_equal(run(body_nobody, &c), 0);
}

/* Root keeps its uid: only what the config lists stays, so even root
 * cannot change user without CAP_SETUID. */
static int
body_root(void *arg)
{
	const struct rj_caps *c = arg;
	if (caps_drop_bounding(c, NULL) < 0 || caps_apply(c, NULL) < 0)
		return 1;
	if (status_caps("CapBnd") != (c->bounding & bnd0) ||
	    status_caps("CapPrm") != c->permitted ||
	    status_caps("CapEff") != c->effective)
		return 2;
	if (setuid(65534) == 0 || errno != EPERM)
		return 3;
	return 0;
}

static void
test_apply_as_root(void **state)
{
	(void)state;
	skip_unless_root();
	struct rj_caps c = { .present = true,
		.bounding = BIT(CAP_SYS_ADMIN) | BIT(CAP_CHOWN),
		.permitted = BIT(CAP_CHOWN),
		.effective = BIT(CAP_CHOWN) };
	assert_int_equal(run(body_root, &c), 0);
}

/* Caps above the kernel's last one are skipped, not an error. */
static int
body_beyond(void *arg)
{
	(void)arg;
	uint64_t high = BIT(63);
	struct rj_caps c = { .present = true,
		.bounding = BIT(CAP_CHOWN) | high,
		.permitted = BIT(CAP_CHOWN) | high,
		.effective = BIT(CAP_CHOWN) | high,
		.inheritable = high,
		.ambient = high };
	if (caps_drop_bounding(&c, NULL) < 0 || caps_apply(&c, NULL) < 0)
		return 1;
	if (status_caps("CapEff") != BIT(CAP_CHOWN) ||
	    status_caps("CapBnd") != BIT(CAP_CHOWN))
		return 2;
	return 0;
}

static void
test_beyond_last_cap(void **state)
{
	(void)state;
	skip_unless_root();
	assert_int_equal(run(body_beyond, NULL), 0);
}

/* An ambient cap that is not inheritable: a clear error. */
/* An ambient capability that is not inheritable cannot be raised: as
 * runc and crun, the rest are applied and it is left out (runj warned
 * before the process started). */
static int
body_bad_ambient(void *arg)
{
	(void)arg;
	struct rj_caps c = { .present = true,
		.bounding = BIT(CAP_CHOWN) | BIT(CAP_KILL),
		.permitted = BIT(CAP_CHOWN) | BIT(CAP_KILL),
		.effective = BIT(CAP_CHOWN),
		.inheritable = BIT(CAP_CHOWN),
		.ambient = BIT(CAP_KILL) | BIT(CAP_CHOWN) };
	if (caps_ambient_unraisable(&c) != BIT(CAP_KILL))
		return 1;
	if (caps_drop_bounding(&c, NULL) < 0)
		return 2;
	if (caps_apply(&c, NULL) < 0)
		return 3;
	if (status_caps("CapAmb") != BIT(CAP_CHOWN) ||
	    status_caps("CapPrm") != (BIT(CAP_CHOWN) | BIT(CAP_KILL)))
		return 4;
	return 0;
}

static void
test_bad_ambient(void **state)
{
	(void)state;
	skip_unless_root();
	assert_int_equal(run(body_bad_ambient, NULL), 0);
}

static int
body_absent(void *arg)
{
	(void)arg;
	struct rj_caps c = { .present = false };
	if (caps_drop_bounding(&c, NULL) < 0 || caps_apply(&c, NULL) < 0)
		return 1;
	/* No capabilities object: none at all, as runc gives. */
	if (status_caps("CapBnd") != 0 || status_caps("CapEff") != 0 ||
	    status_caps("CapPrm") != 0)
		return 2;
	return 0;
}

static void
test_absent_means_none(void **state)
{
	(void)state;
	assert_int_equal(run(body_absent, NULL), 0);
}

int
main(void)
{
	bnd0 = status_caps("CapBnd");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_last_cap),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_apply_as_nobody),
		cmocka_unit_test(test_apply_as_root),
		cmocka_unit_test(test_beyond_last_cap),
		cmocka_unit_test(test_bad_ambient),
		cmocka_unit_test(test_absent_means_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
