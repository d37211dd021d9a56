/*
 * test_freebsd_fixture.h: shared by the FreeBSD translation tests: builds
 * the plan of a config given as the JSON members after "root", and looks
 * things up in it.  Static, included by each test file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "freebsd/jail_plan.h"
#include "spec.h"
#include "util.h"

#define T_ID	 "c1"
#define T_BUNDLE "/b"
#define T_ROOTFS "/b/rootfs"
#define T_STATE	 "/run/runj/c1"

struct fixture {
	struct rj_spec spec;
	struct jail_plan plan;
	struct rj_error *err;
	bool spec_ok;
};

static struct fixture fx;

/* Parses {"ociVersion":..., "root":..., members} and builds the plan with
 * id and ext (runj.ext.json text or NULL).  Returns the plan's result;
 * fx.err holds the message of either step. */
static int
plan_of_id(const char *members, const char *id, const char *ext)
{
	/* A config with its own "root" member replaces the default one. */
	bool own_root = members != NULL && strstr(members, "\"root\":") != NULL;
	char *text = xasprintf("{\"ociVersion\":\"1.3.0\"%s%s%s}",
	    own_root ? "" : ",\"root\":{\"path\":\"rootfs\"}",
	    members && *members ? "," : "", members ? members : "");
	rj_error_free(fx.err);
	fx.err = NULL;
	int rc = spec_parse(text, &fx.spec, &fx.err);
	free(text);
	fx.spec_ok = rc == 0;
	if (rc < 0)
		return -1;
	struct jail_plan_input in = {
		.spec = &fx.spec,
		.id = id,
		.bundle = T_BUNDLE,
		.rootfs = T_ROOTFS,
		.state_dir = T_STATE,
		.ext_json = ext,
	};
	return jail_plan_build(&in, &fx.plan, &fx.err);
}

__attribute__((unused)) static int
plan_of(const char *members)
{
	return plan_of_id(members, T_ID, NULL);
}

static int
fx_teardown(void **state)
{
	(void)state;
	jail_plan_free(&fx.plan);
	if (fx.spec_ok)
		spec_free(&fx.spec);
	fx.spec_ok = false;
	rj_error_free(fx.err);
	fx.err = NULL;
	return 0;
}

/* The value of jail parameter name, or NULL when the plan does not set it. */
__attribute__((unused)) static const char *
param(const char *name)
{
	for (size_t i = 0; i < fx.plan.n_params; i++)
		if (strcmp(fx.plan.params[i].name, name) == 0)
			return fx.plan.params[i].value;
	return NULL;
}

__attribute__((unused)) static const char *
err_msg(void)
{
	return fx.err != NULL ? fx.err->msg : "(no error)";
}

/* The plan must fail with a message containing want. */
#define assert_plan_fails(members, want)                                       \
	do {                                                                   \
		assert_int_equal(plan_of(members), -1);                        \
		if (strstr(err_msg(), (want)) == NULL)                         \
			fail_msg("error \"%s\" lacks \"%s\"", err_msg(),       \
			    (want));                                           \
		assert_null(strchr(err_msg(), '\n'));                          \
	} while (0)
