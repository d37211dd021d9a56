/*
 * test_freebsd_mounts.c: mounts -> nmount(2) plans, root.readonly, and
 * freebsd.devices -> devfs rules.
 */
#include "test_freebsd_fixture.h"

/* The value of nmount option name in step m, or NULL. */
static const char *
opt(const struct mount_step *m, const char *name)
{
	for (size_t i = 0; m->opts != NULL && m->opts[i] != NULL; i += 2)
		if (strcmp(m->opts[i], name) == 0)
			return m->opts[i + 1];
	return NULL;
}

static void
test_nullfs_volume(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"mounts\":[{\"destination\":\"/data\","
				 "\"type\":\"nullfs\",\"source\":\"/srv/d\","
				 "\"options\":[\"ro\",\"nosuid\"]}]"),
	    0);
	assert_int_equal(fx.plan.n_mounts, 1);
	const struct mount_step *m = &fx.plan.mounts[0];
	assert_string_equal(m->fstype, "nullfs");
	assert_string_equal(m->fspath, T_ROOTFS "/data");
	assert_string_equal(m->dest, "/data");
	assert_string_equal(opt(m, "target"), "/srv/d");
	assert_int_equal(m->flags, MP_RDONLY | MP_NOSUID);
}

static void
test_bind_is_nullfs_relative_to_bundle(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"mounts\":[{\"destination\":\"/etc/hosts\","
				 "\"type\":\"bind\",\"source\":\"hosts\","
				 "\"options\":[\"rbind\",\"rprivate\"]}]"),
	    0);
	assert_string_equal(fx.plan.mounts[0].fstype, "nullfs");
	assert_string_equal(fx.plan.mounts[0].source, T_BUNDLE "/hosts");
	assert_int_equal(fx.plan.mounts[0].flags, 0);
}

static void
test_devfs_ruleset_by_name(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"mounts\":[{\"destination\":\"/dev\","
				 "\"type\":\"devfs\",\"source\":\"devfs\","
				 "\"options\":[\"ruleset=devfsrules_jail\"]}]"),
	    0);
	const struct mount_step *m = &fx.plan.mounts[0];
	assert_string_equal(opt(m, "from"), "devfs");
	assert_string_equal(opt(m, "ruleset"), "4");
	assert_false(m->own_ruleset);
	assert_false(fx.plan.devfs_own);
}

static void
test_tmpfs_size_mode(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"mounts\":[{\"destination\":\"/tmp\","
				 "\"type\":\"tmpfs\",\"source\":\"tmpfs\","
				 "\"options\":[\"size=64m\",\"mode=1777\","
				 "\"nr_inodes=1000\",\"noexec\"]}]"),
	    0);
	const struct mount_step *m = &fx.plan.mounts[0];
	assert_string_equal(m->fstype, "tmpfs");
	assert_string_equal(opt(m, "size"), "64m");
	assert_string_equal(opt(m, "mode"), "1777");
	assert_string_equal(opt(m, "inodes"), "1000");
	assert_int_equal(m->flags, MP_NOEXEC);
}

static void
test_fdescfs_procfs(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"mounts\":[{\"destination\":\"/dev/fd\","
				 "\"type\":\"fdescfs\"},{\"destination\":"
				 "\"/proc\",\"type\":\"proc\"}]"),
	    0);
	assert_int_equal(fx.plan.n_mounts, 2);
	assert_string_equal(fx.plan.mounts[0].fstype, "fdescfs");
	assert_string_equal(fx.plan.mounts[1].fstype, "procfs");
	assert_string_equal(opt(&fx.plan.mounts[1], "from"), "procfs");
}

static void
test_readonly_root(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"root\":{\"path\":\"rootfs\",\"readonly\":"
				 "true},\"mounts\":[{\"destination\":\"/tmp\","
				 "\"type\":\"tmpfs\"}]"),
	    0);
	assert_int_equal(fx.plan.n_mounts, 2);
	const struct mount_step *r = &fx.plan.mounts[0];
	assert_true(r->is_root);
	assert_string_equal(r->fstype, "nullfs");
	assert_string_equal(r->fspath, T_STATE "/root");
	assert_string_equal(opt(r, "target"), T_ROOTFS);
	assert_int_equal(r->flags, MP_RDONLY);
	/* The jail's root is the alias; later mounts go inside it. */
	assert_string_equal(param("path"), T_STATE "/root");
	assert_string_equal(fx.plan.mounts[1].fspath, T_STATE "/root/tmp");
	assert_string_equal(fx.plan.mounts[1].dest, "/tmp");
}

static void
test_devices_make_own_ruleset(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"mounts\":[{\"destination\":\"/dev\","
				 "\"type\":\"devfs\",\"options\":["
				 "\"ruleset=4\"]}],\"freebsd\":{\"devices\":["
				 "{\"path\":\"pf\",\"mode\":448},{\"path\":"
				 "\"bpf*\"}]}"),
	    0);
	assert_true(fx.plan.devfs_own);
	assert_true(fx.plan.mounts[0].own_ruleset);
	assert_null(opt(&fx.plan.mounts[0], "ruleset"));
	assert_int_equal(fx.plan.n_devfs, 3);
	assert_true(fx.plan.devfs[0].include);
	assert_int_equal(fx.plan.devfs[0].incset, 4);
	assert_string_equal(fx.plan.devfs[1].path, "pf");
	assert_true(fx.plan.devfs[1].has_mode);
	assert_int_equal(fx.plan.devfs[1].mode, 0700);
	assert_string_equal(fx.plan.devfs[2].path, "bpf*");
	assert_false(fx.plan.devfs[2].has_mode);
	assert_int_equal(fx.plan.devfs[2].rulenum, 3);
}

static void
test_ruleset_parse(void **state)
{
	(void)state;
	unsigned n;
	struct rj_error *err = NULL;
	assert_int_equal(devfs_ruleset_parse("devfsrules_jail_vnet", &n, &err),
	    0);
	assert_int_equal(n, 5);
	assert_int_equal(devfs_ruleset_parse("65535", &n, &err), 0);
	assert_int_equal(n, 65535);
	assert_int_equal(devfs_ruleset_parse("65536", &n, &err), -1);
	rj_error_free(err);
	err = NULL;
	assert_int_equal(devfs_ruleset_parse("-1", &n, &err), -1);
	rj_error_free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_nullfs_volume, fx_teardown),
		cmocka_unit_test_teardown(
		    test_bind_is_nullfs_relative_to_bundle, fx_teardown),
		cmocka_unit_test_teardown(test_devfs_ruleset_by_name,
		    fx_teardown),
		cmocka_unit_test_teardown(test_tmpfs_size_mode, fx_teardown),
		cmocka_unit_test_teardown(test_fdescfs_procfs, fx_teardown),
		cmocka_unit_test_teardown(test_readonly_root, fx_teardown),
		cmocka_unit_test_teardown(test_devices_make_own_ruleset,
		    fx_teardown),
		cmocka_unit_test(test_ruleset_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
