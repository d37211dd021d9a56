/*
 * test_freebsd_badinput.c: every bad input of issue 6 is refused by the
 * translation (before any jail exists) with one line naming what is wrong.
 */
#include "test_freebsd_fixture.h"

struct bad {
	const char *name;
	const char *members;
	const char *want; /* part of the message */
};

static const struct bad bads[] = {
	{ "unknown_allow_name",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"rawSocket\":true}}}",
	    "freebsd.jail.allow.rawSocket: unknown jail permission" },
	{ "allow_jail8_spelling",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"raw_sockets\":true}}}",
	    "freebsd.jail.allow.raw_sockets: unknown jail permission" },
	{ "unknown_allow_mount_fs",
	    "\"freebsd\":{\"jail\":{\"allow\":{\"mount\":[\"tmpfs\",\"ext4\"]}}"
	    "}",
	    "freebsd.jail.allow.mount[1]: \"ext4\" is not a file system" },
	{ "ip4_not_an_address",
	    "\"freebsd\":{\"jail\":{\"ip4Addr\":[\"10.0.0.300\"]}}",
	    "freebsd.jail.ip4Addr[0]: \"10.0.0.300\" is not an IPv4 address" },
	{ "ip6_not_an_address",
	    "\"freebsd\":{\"jail\":{\"ip6Addr\":[\"fd00::1\",\"10.0.0.1\"]}}",
	    "freebsd.jail.ip6Addr[1]: \"10.0.0.1\" is not an IPv6 address" },
	{ "vnet_interfaces_without_vnet",
	    "\"freebsd\":{\"jail\":{\"vnetInterfaces\":[\"epair0b\"]}}",
	    "freebsd.jail.vnetInterfaces: needs freebsd.jail.vnet set to "
	    "\"new\"" },
	{ "vnet_interfaces_with_vnet_inherit",
	    "\"freebsd\":{\"jail\":{\"vnet\":\"inherit\","
	    "\"vnetInterfaces\":[\"epair0b\"]}}",
	    "needs freebsd.jail.vnet set to \"new\"" },
	{ "host_inherit_with_hostname",
	    "\"hostname\":\"web\",\"freebsd\":{\"jail\":{\"host\":\"inherit\"}"
	    "}",
	    "freebsd.jail.host: \"inherit\" cannot go with hostname" },
	{ "enforce_statfs_too_big",
	    "\"freebsd\":{\"jail\":{\"enforceStatfs\":3}}",
	    "freebsd.jail.enforceStatfs: 3 is out of range 0..2" },
	{ "enforce_statfs_negative",
	    "\"freebsd\":{\"jail\":{\"enforceStatfs\":-1}}",
	    "freebsd.jail.enforceStatfs: -1 is out of range 0..2" },
	{ "unknown_devfs_ruleset",
	    "\"mounts\":[{\"destination\":\"/dev\",\"type\":\"devfs\","
	    "\"source\":\"devfs\",\"options\":[\"ruleset=devfsrules_jial\"]}]",
	    "mounts[0].options: unknown devfs ruleset \"devfsrules_jial\"" },
	{ "rctl_unknown_resource",
	    "\"annotations\":{\"runj.rctl.memoryuze\":\"1g\"}",
	    "annotations.runj.rctl.memoryuze: rctl: unknown resource" },
	{ "rctl_bad_amount",
	    "\"annotations\":{\"runj.rctl.memoryuse\":\"deny=lots\"}",
	    "rctl: memoryuse: \"lots\" is not an amount" },
	{ "rctl_deny_undeniable",
	    "\"annotations\":{\"runj.rctl.cputime\":\"deny=60\"}",
	    "rctl: cputime: the deny action is not supported" },
	{ "rctl_throttle_memory",
	    "\"annotations\":{\"runj.rctl.memoryuse\":\"throttle=1g\"}",
	    "rctl: memoryuse: the throttle action works only on" },
	{ "rctl_unknown_action",
	    "\"annotations\":{\"runj.rctl.maxproc\":\"sigfoo=10\"}",
	    "rctl: maxproc: unknown action \"sigfoo\"" },
	{ "rctl_suffix_on_count",
	    "\"annotations\":{\"runj.rctl.openfiles\":\"1k\"}",
	    "rctl: openfiles: \"1k\" is not an amount" },
	{ "bad_sharing_mode", "\"freebsd\":{\"jail\":{\"vnet\":\"disable\"}}",
	    "freebsd.jail.vnet: \"disable\" is not one of new, inherit" },
	{ "ip4addr_with_ip4_inherit",
	    "\"freebsd\":{\"jail\":{\"ip4\":\"inherit\","
	    "\"ip4Addr\":[\"10.0.0.2\"]}}",
	    "freebsd.jail.ip4Addr: needs freebsd.jail.ip4 \"new\"" },
	{ "device_path_escapes",
	    "\"freebsd\":{\"devices\":[{\"path\":\"../etc\"}]}",
	    "freebsd.devices[0].path: \"../etc\" is not a path relative" },
	{ "device_mode_too_big",
	    "\"freebsd\":{\"devices\":[{\"path\":\"pf\",\"mode\":65536}]}",
	    "freebsd.devices[0].mode: 65536 is out of range" },
	{ "devices_without_devfs",
	    "\"freebsd\":{\"devices\":[{\"path\":\"pf\"}]}",
	    "freebsd.devices: needs a devfs mount on /dev" },
	{ "mount_type_unsupported",
	    "\"mounts\":[{\"destination\":\"/sys\",\"type\":\"sysfs\"}]",
	    "mounts[0].type: \"sysfs\" is not supported on FreeBSD" },
	{ "mount_option_unknown",
	    "\"mounts\":[{\"destination\":\"/tmp\",\"type\":\"tmpfs\","
	    "\"options\":[\"nosiud\"]}]",
	    "mounts[0].options: \"nosiud\" is not a mount option" },
	{ "mount_destination_escapes",
	    "\"mounts\":[{\"destination\":\"/../etc\",\"type\":\"tmpfs\"}]",
	    "mounts[0].destination: \"/../etc\" is not an absolute path" },
	{ "tmpfs_bad_mode",
	    "\"mounts\":[{\"destination\":\"/tmp\",\"type\":\"tmpfs\","
	    "\"options\":[\"mode=1799\"]}]",
	    "mounts[0].options: \"mode=1799\" is not a valid value" },
	{ "nullfs_without_source",
	    "\"mounts\":[{\"destination\":\"/data\",\"type\":\"nullfs\"}]",
	    "mounts[0].source: required for a nullfs mount" },
	{ "compat_annotation_bad_vnet",
	    "\"annotations\":{\"org.freebsd.jail.vnet\":\"shared\"}",
	    "annotations.org.freebsd.jail.vnet: bad value \"shared\"" },
	{ "compat_annotation_vnet_disable",
	    "\"annotations\":{\"org.freebsd.jail.vnet\":\"disable\"}",
	    "annotations.org.freebsd.jail.vnet: bad value \"disable\"" },
	{ "compat_annotation_bad_address",
	    "\"annotations\":{\"org.freebsd.jail.ip4.addr\":\"10.0.0.1,x\"}",
	    "annotations.org.freebsd.jail.ip4.addr: bad value \"x\"" },
	{ "devfs_rule_unknown_word",
	    "\"mounts\":[{\"destination\":\"/dev\",\"type\":\"devfs\","
	    "\"options\":[\"rule=path null user root\"]}]",
	    "mounts[0].options: devfs rule \"path null user root\": \"user\"" },
	{ "tmpcopyup_not_tmpfs",
	    "\"mounts\":[{\"destination\":\"/d\",\"type\":\"nullfs\","
	    "\"source\":\"/x\",\"options\":[\"tmpcopyup\"]}]",
	    "mounts[0].options: \"tmpcopyup\" is only for tmpfs" },
};

static void
run_bad(void **state)
{
	const struct bad *b = *state;
	assert_plan_fails(b->members, b->want);
}

static void
test_runj_ext_vnet_interfaces_without_vnet(void **state)
{
	(void)state;
	assert_int_equal(plan_of_id("", T_ID,
			     "{\"network\":{\"vnet\":{\"interfaces\":[\"e0b\"]}"
			     "}}"),
	    -1);
	assert_non_null(strstr(err_msg(), "vnetInterfaces: needs"));
}

static void
test_runj_ext_bad_address(void **state)
{
	(void)state;
	assert_int_equal(plan_of_id("", T_ID,
			     "{\"network\":{\"ipv4\":{\"addr\":[\"x\"]}}}"),
	    -1);
	assert_string_equal(err_msg(),
	    "runj.ext.json: network.ipv4.addr[0]: \"x\" is not an IPv4 "
	    "address");
}

static void
test_nothing_half_made(void **state)
{
	(void)state;
	/* A failure late in the plan (rctl) leaves an empty plan. */
	assert_plan_fails("\"hostname\":\"h\",\"mounts\":[{\"destination\":"
			  "\"/tmp\",\"type\":\"tmpfs\"}],\"annotations\":{"
			  "\"runj.rctl.nope\":\"1\"}",
	    "unknown resource");
	assert_null(fx.plan.params);
	assert_null(fx.plan.mounts);
	assert_null(fx.plan.name);
}

int
main(void)
{
	size_t n = ARRAY_SIZE(bads);
	struct CMUnitTest extra[] = {
		cmocka_unit_test_teardown(
		    test_runj_ext_vnet_interfaces_without_vnet, fx_teardown),
		cmocka_unit_test_teardown(test_runj_ext_bad_address,
		    fx_teardown),
		cmocka_unit_test_teardown(test_nothing_half_made, fx_teardown),
	};
	struct CMUnitTest *tests = xcalloc(n + ARRAY_SIZE(extra),
	    sizeof(*tests));
	for (size_t i = 0; i < n; i++) {
		tests[i].name = bads[i].name;
		tests[i].test_func = run_bad;
		tests[i].teardown_func = fx_teardown;
		tests[i].initial_state = (void *)&bads[i];
	}
	memcpy(tests + n, extra, sizeof(extra));
	int rc = _cmocka_run_group_tests("freebsd_badinput", tests,
	    n + ARRAY_SIZE(extra), NULL, NULL);
	free(tests);
	return rc;
}
