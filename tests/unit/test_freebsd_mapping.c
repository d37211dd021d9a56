/*
 * test_freebsd_mapping.c: one case per row of the jail(8) parameter
 * mapping table in runtime-spec 1.3.0's config-freebsd.md.  A row with a
 * JSON equivalent must reach that jail parameter with the config's value;
 * a row marked "-" must not be set from the config.
 */
#include "test_freebsd_fixture.h"

struct row {
	const char *param;   /* the table's jail parameter */
	const char *members; /* the config */
	const char *want;    /* its value in the plan; NULL: not set */
};

static const struct row rows[] = {
	{ "jid", "\"freebsd\":{\"jail\":{}}", NULL },
	{ "name", "", T_ID },
	{ "path", "", T_ROOTFS },
	{ "ip4.addr",
	    "\"freebsd\":{\"jail\":{\"ip4Addr\":[\"10.0.0.2\",\"10.0.0.3\"]}}",
	    "10.0.0.2,10.0.0.3" },
	{ "ip4.saddrsel", "\"freebsd\":{\"jail\":{\"ip4\":\"new\"}}", NULL },
	{ "ip4", "\"freebsd\":{\"jail\":{\"ip4\":\"inherit\"}}", "inherit" },
	{ "ip6.addr",
	    "\"freebsd\":{\"jail\":{\"ip6Addr\":[\"fd10::11:12:13\"]}}",
	    "fd10::11:12:13" },
	{ "ip6.saddrsel", "\"freebsd\":{\"jail\":{\"ip6\":\"new\"}}", NULL },
	{ "ip6", "\"freebsd\":{\"jail\":{\"ip6\":\"disable\"}}", "disable" },
	{ "vnet", "\"freebsd\":{\"jail\":{\"vnet\":\"new\"}}", "new" },
	/* interface and vnet.interface are jail(8) pseudo-parameters: done
	 * in user space, checked in their own cases below. */
	{ "host.hostname", "\"hostname\":\"web1\"", "web1" },
	{ "host", "\"freebsd\":{\"jail\":{\"host\":\"inherit\"}}", "inherit" },
	{ "sysvmsg", "\"freebsd\":{\"jail\":{\"sysvmsg\":\"new\"}}", "new" },
	{ "sysvsem", "\"freebsd\":{\"jail\":{\"sysvsem\":\"inherit\"}}",
	    "inherit" },
	{ "sysvshm", "\"freebsd\":{\"jail\":{\"sysvshm\":\"disable\"}}",
	    "disable" },
	{ "securelevel", "\"freebsd\":{\"jail\":{}}", NULL },
	/* devfs_ruleset: the runtime mounts devfs on the host; the jail
	 * itself gets none unless it may mount devfs (own case below). */
	{ "devfs_ruleset", "\"freebsd\":{\"jail\":{}}", NULL },
	/* children.max is the runtime's, set on the parent (driver). */
	{ "children.max", "\"freebsd\":{\"jail\":{\"parent\":\"pj\"}}", NULL },
	{ "enforce_statfs", "\"freebsd\":{\"jail\":{\"enforceStatfs\":1}}",
	    "1" },
	/* persist: the runtime's own, always set so the jail outlives its
	 * init until delete. */
	{ "persist", "", "true" },
	{ "parent", "\"freebsd\":{\"jail\":{\"parent\":\"pj\"}}", NULL },
	{ "osrelease", "\"freebsd\":{\"jail\":{}}", NULL },
	{ "osreldate", "\"freebsd\":{\"jail\":{}}", NULL },
	{ "allow.set_hostname",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"setHostname\":true}}}",
	    "true" },
	{ "allow.sysvipc",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"sysvipc\":true}}}", "true" },
	{ "allow.raw_sockets",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"rawSockets\":true}}}",
	    "true" },
	{ "allow.chflags",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"chflags\":false}}}", "false" },
	{ "allow.mount",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"mount\":[\"tmpfs\"]}}}",
	    "true" },
	{ "allow.quotas",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"quotas\":true}}}", "true" },
	{ "allow.read_msgbuf", "\"freebsd\":{\"jail\":{\"allow\":{}}}", NULL },
	{ "allow.socket_af",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"socketAf\":true}}}", "true" },
	{ "allow.mlock", "\"freebsd\":{\"jail\":{\"allow\":{\"mlock\":true}}}",
	    "true" },
	{ "allow.nfsd", "\"freebsd\":{\"jail\":{\"allow\":{}}}", NULL },
	{ "allow.reserved_ports",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"reservedPorts\":true}}}",
	    "true" },
	{ "allow.unprivileged_proc_debug",
	    "\"freebsd\":{\"jail\":{\"allow\":{}}}", NULL },
	{ "allow.suser", "\"freebsd\":{\"jail\":{\"allow\":{\"suser\":false}}}",
	    "false" },
	{ "allow.mount.tmpfs",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"mount\":[\"tmpfs\",\"nullfs\"]"
	    "}}}",
	    "true" },
};

static void
run_row(void **state)
{
	const struct row *r = *state;
	if (plan_of(r->members) < 0)
		fail_msg("%s: %s", r->param, err_msg());
	const char *got = param(r->param);
	if (r->want == NULL) {
		if (got != NULL)
			fail_msg("%s: set to \"%s\", expected unset", r->param,
			    got);
		return;
	}
	if (got == NULL)
		fail_msg("%s: not set, expected \"%s\"", r->param, r->want);
	assert_string_equal(got, r->want);
}

static void
test_parent_names_child(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"freebsd\":{\"jail\":{\"parent\":\"pj\"}}"),
	    0);
	assert_string_equal(param("name"), "pj." T_ID);
	assert_string_equal(fx.plan.parent, "pj");
}

static void
test_interface_pseudo_param(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"freebsd\":{\"jail\":{\"interface\":\"lo1\","
				 "\"ip4Addr\":[\"127.0.1.5\"]}}"),
	    0);
	assert_string_equal(fx.plan.interface, "lo1");
	assert_string_equal(fx.plan.ip4_addr[0], "127.0.1.5");
	assert_null(param("interface"));
}

static void
test_vnet_interface_pseudo_param(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"freebsd\":{\"jail\":{\"vnet\":\"new\","
				 "\"vnetInterfaces\":[\"epair0b\",\"tap1\"]}}"),
	    0);
	assert_true(fx.plan.vnet);
	assert_string_equal(fx.plan.vnet_interfaces[0], "epair0b");
	assert_string_equal(fx.plan.vnet_interfaces[1], "tap1");
	assert_null(fx.plan.vnet_interfaces[2]);
	assert_null(param("vnet.interface"));
}

static void
test_hostname_makes_host_new(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"hostname\":\"h\",\"domainname\":\"d.org\""),
	    0);
	assert_string_equal(param("host"), "new");
	assert_string_equal(param("host.domainname"), "d.org");
}

static void
test_unset_fields_keep_kernel_defaults(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"freebsd\":{\"jail\":{}}"), 0);
	assert_int_equal(fx.plan.n_params, 3); /* name, path, persist */
}

/* No freebsd.jail: a bundle for ocijail, with ocijail's defaults. */
static void
test_ocijail_defaults(void **state)
{
	(void)state;
	assert_int_equal(plan_of(""), 0);
	assert_string_equal(param("enforce_statfs"), "1");
	assert_string_equal(param("allow.raw_sockets"), "true");
	assert_string_equal(param("allow.chflags"), "true");
	assert_true(fx.plan.chflags_default);
	assert_string_equal(param("ip4"), "inherit");
	assert_string_equal(param("ip6"), "inherit");
	assert_string_equal(param("host"), "inherit");
}

/* A vnet of its own takes no ip parameter, even "inherit"; vnet
 * "inherit" is the kernel's default and is not passed. */
static void
test_vnet_drops_ip_modes(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"freebsd\":{\"jail\":{\"vnet\":\"new\","
				 "\"ip4\":\"inherit\",\"ip6\":\"disable\"}}"),
	    0);
	assert_string_equal(param("vnet"), "new");
	assert_null(param("ip4"));
	assert_null(param("ip6"));
	fx_teardown(NULL);
	assert_int_equal(plan_of("\"freebsd\":{\"jail\":{\"vnet\":"
				 "\"inherit\",\"ip4\":\"inherit\"}}"),
	    0);
	assert_null(param("vnet"));
	assert_string_equal(param("ip4"), "inherit");
}

int
main(void)
{
	size_t n = ARRAY_SIZE(rows);
	struct CMUnitTest extra[] = {
		cmocka_unit_test_teardown(test_parent_names_child, fx_teardown),
		cmocka_unit_test_teardown(test_interface_pseudo_param,
		    fx_teardown),
		cmocka_unit_test_teardown(test_vnet_interface_pseudo_param,
		    fx_teardown),
		cmocka_unit_test_teardown(test_hostname_makes_host_new,
		    fx_teardown),
		cmocka_unit_test_teardown(test_ocijail_defaults, fx_teardown),
		cmocka_unit_test_teardown(test_vnet_drops_ip_modes,
		    fx_teardown),
		cmocka_unit_test_teardown(
		    test_unset_fields_keep_kernel_defaults, fx_teardown),
	};
	struct CMUnitTest *tests = xcalloc(n + ARRAY_SIZE(extra),
	    sizeof(*tests));
	for (size_t i = 0; i < n; i++) {
		tests[i].name = rows[i].param;
		tests[i].test_func = run_row;
		tests[i].teardown_func = fx_teardown;
		tests[i].initial_state = (void *)&rows[i];
	}
	memcpy(tests + n, extra, sizeof(extra));
	int rc = _cmocka_run_group_tests("freebsd_mapping", tests,
	    n + ARRAY_SIZE(extra), NULL, NULL);
	free(tests);
	return rc;
}
