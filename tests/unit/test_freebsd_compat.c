/*
 * test_freebsd_compat.c: jail names from IDs and back, the Go runj's
 * runj.ext.json and ocijail's org.freebsd.* annotations.
 */
#include "freebsd/jail_name.h"
#include "test_freebsd_fixture.h"

static void
test_names_round_trip(void **state)
{
	(void)state;
	static const struct {
		const char *id, *name;
	} cases[] = {
		{ "web", "web" },
		{ "my-app+1", "my-app+1" },
		{ "a.b", "a_2eb" },
		{ "a_b", "a_5fb" },
		{ "a_2eb", "a_5f2eb" },
		{ "123", "_n123" },
		{ "1.2", "1_2e2" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *name = NULL, *id = NULL;
		struct rj_error *err = NULL;
		assert_int_equal(jail_name_from_id(cases[i].id, &name, &err),
		    0);
		assert_string_equal(name, cases[i].name);
		assert_null(strchr(name, '.'));
		assert_int_equal(jail_name_to_id(name, &id, &err), 0);
		assert_string_equal(id, cases[i].id);
		free(name);
		free(id);
	}
}

static void
test_name_errors(void **state)
{
	(void)state;
	char *out = NULL;
	struct rj_error *err = NULL;
	char *longid = xmalloc(300);
	memset(longid, 'a', 299);
	longid[299] = '\0';
	assert_int_equal(jail_name_from_id(longid, &out, &err), -1);
	assert_non_null(strstr(err->msg, "too long for a jail name"));
	rj_error_free(err);
	err = NULL;
	free(longid);
	assert_int_equal(jail_name_to_id("a_zz", &out, &err), -1);
	assert_non_null(strstr(err->msg, "not a name runj made"));
	rj_error_free(err);
	assert_null(out);
}

static void
test_runj_ext_network(void **state)
{
	(void)state;
	assert_int_equal(plan_of_id("", T_ID,
			     "{\"network\":{\"ipv4\":{\"mode\":\"new\","
			     "\"addr\":[\"172.16.0.5\"]},\"vnet\":{\"mode\":"
			     "\"new\",\"interfaces\":[\"epair3b\"]}}}"),
	    -1);
	/* ipv4 addresses and a new vnet cannot go together: */
	assert_non_null(strstr(err_msg(), "own vnet"));
	fx_teardown(NULL);
	assert_int_equal(plan_of_id("", T_ID,
			     "{\"network\":{\"vnet\":{\"mode\":\"new\","
			     "\"interfaces\":[\"epair3b\"]}}}"),
	    0);
	assert_string_equal(param("vnet"), "new");
	assert_string_equal(fx.plan.vnet_interfaces[0], "epair3b");
	fx_teardown(NULL);
	assert_int_equal(plan_of_id("", T_ID,
			     "{\"network\":{\"ipv4\":{\"mode\":\"inherit\"}}}"),
	    0);
	assert_string_equal(param("ip4"), "inherit");
}

/* As the Go runj's merge(): the ext file's modes override the config's,
 * its lists are appended. */
static void
test_ext_overrides_config(void **state)
{
	(void)state;
	assert_int_equal(plan_of_id("\"freebsd\":{\"jail\":{\"ip4\":"
				    "\"disable\"}}",
			     T_ID,
			     "{\"network\":{\"ipv4\":{\"mode\":"
			     "\"inherit\"}}}"),
	    0);
	assert_string_equal(param("ip4"), "inherit");
	fx_teardown(NULL);
	assert_int_equal(plan_of_id("\"freebsd\":{\"jail\":{\"vnet\":\"new\","
				    "\"vnetInterfaces\":[\"epair1b\"]}}",
			     T_ID,
			     "{\"network\":{\"vnet\":{\"interfaces\":"
			     "[\"epair2b\"]}}}"),
	    0);
	assert_string_equal(fx.plan.vnet_interfaces[0], "epair1b");
	assert_string_equal(fx.plan.vnet_interfaces[1], "epair2b");
}

static void
test_ocijail_annotations(void **state)
{
	(void)state;
	assert_int_equal(plan_of(
			     "\"annotations\":{"
			     "\"org.freebsd.parentJail\":\"pods\","
			     "\"org.freebsd.jail.vnet\":\"new\","
			     "\"org.freebsd.jail.allow.mlock\":\"true\","
			     "\"org.freebsd.jail.allow.sysvipc\":\"1\","
			     "\"org.freebsd.jail.allow.raw_sockets\":\"false\","
			     "\"org.freebsd.jail.allow.mount.tmpfs\":\"true\","
			     "\"org.freebsd.jail.sysvshm\":\"new\","
			     "\"org.freebsd.jail.enforce_statfs\":\"1\"}"),
	    0);
	assert_string_equal(param("name"), "pods." T_ID);
	assert_string_equal(param("vnet"), "new");
	assert_string_equal(param("allow.mlock"), "true");
	assert_string_equal(param("allow.sysvipc"), "true");
	/* ocijail sets what is "true" or "1", and its own default: */
	assert_string_equal(param("allow.raw_sockets"), "true");
	assert_null(param("allow.mount"));
	assert_string_equal(param("allow.mount.tmpfs"), "true");
	assert_string_equal(param("sysvshm"), "new");
	/* ocijail has no enforce_statfs annotation: its default stays. */
	assert_string_equal(param("enforce_statfs"), "1");
	assert_null(param("ip4"));
}

static void
test_ocijail_unknown_allow_warns(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"annotations\":{"
				 "\"org.freebsd.jail.allow.mlok\":\"true\"}"),
	    0);
	assert_non_null(fx.plan.warnings);
	assert_non_null(strstr(fx.plan.warnings[0],
	    "org.freebsd.jail.allow.mlok: unknown jail allow annotation"));
	assert_null(param("allow.mlok"));
}

static void
test_ocijail_addresses(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"annotations\":{"
				 "\"org.freebsd.jail.ip4.addr\":\"10.0.0.1,,10."
				 "0.0.2\","
				 "\"org.freebsd.jail.ip6.add\":\"fd00::1\"}"),
	    0);
	assert_string_equal(param("ip4.addr"), "10.0.0.1,10.0.0.2");
	assert_string_equal(param("ip4"), "inherit");
	assert_string_equal(param("ip6.addr"), "fd00::1");
}

static void
test_bad_ext_json(void **state)
{
	(void)state;
	assert_int_equal(plan_of_id("", T_ID, "{\"network\":"), -1);
	assert_true(has_prefix(err_msg(), "runj.ext.json: line 1"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test_teardown(test_runj_ext_network, fx_teardown),
		cmocka_unit_test_teardown(test_ext_overrides_config,
		    fx_teardown),
		cmocka_unit_test_teardown(test_ocijail_unknown_allow_warns,
		    fx_teardown),
		cmocka_unit_test_teardown(test_ocijail_addresses, fx_teardown),
		cmocka_unit_test_teardown(test_ocijail_annotations,
		    fx_teardown),
		cmocka_unit_test_teardown(test_bad_ext_json, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
