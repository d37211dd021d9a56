/* test_freebsd_rctl.c: resource limits -> rctl rules, and usage parsing. */
#include "driver.h"
#include "test_freebsd_fixture.h"

static bool
has_rule(const char *want)
{
	for (size_t i = 0; fx.plan.rctl_rules && fx.plan.rctl_rules[i]; i++)
		if (strcmp(fx.plan.rctl_rules[i], want) == 0)
			return true;
	return false;
}

#define assert_rule(r)                                                         \
	do {                                                                   \
		if (!has_rule(r))                                              \
			fail_msg("no rule %s", r);                             \
	} while (0)

static void
test_linux_resources_mapped(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"linux\":{\"resources\":{\"memory\":{"
				 "\"limit\":536870912,\"swap\":1073741824},"
				 "\"pids\":{\"limit\":64},\"cpu\":{\"quota\":"
				 "50000,\"period\":100000}}}"),
	    0);
	assert_rule("jail:c1:memoryuse:deny=536870912");
	assert_rule("jail:c1:swapuse:deny=536870912");
	assert_rule("jail:c1:maxproc:deny=64");
	assert_rule("jail:c1:pcpu:deny=50");
	assert_int_equal(strv_len(fx.plan.rctl_rules), 4);
	assert_int_equal(rctl_memory_limit(fx.plan.rctl_rules), 536870912);
}

static void
test_annotations_every_kind(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"annotations\":{"
				 "\"runj.rctl.openfiles\":\"1024\","
				 "\"runj.rctl.vmemoryuse\":\"deny=2g\","
				 "\"runj.rctl.cputime\":\"3600\","
				 "\"runj.rctl.wallclock\":\"sigterm=60\","
				 "\"runj.rctl.readbps\":\"10m\","
				 "\"runj.rctl.nthr\":\"log=100\","
				 "\"other\":\"ignored\"}"),
	    0);
	assert_rule("jail:c1:openfiles:deny=1024");
	assert_rule("jail:c1:vmemoryuse:deny=2147483648");
	assert_rule("jail:c1:cputime:sigkill=3600");
	assert_rule("jail:c1:wallclock:sigterm=60");
	assert_rule("jail:c1:readbps:throttle=10485760");
	assert_rule("jail:c1:nthr:log=100");
	assert_int_equal(strv_len(fx.plan.rctl_rules), 6);
}

static void
test_annotation_wins_over_linux(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"linux\":{\"resources\":{\"memory\":{"
				 "\"limit\":1000}}},\"annotations\":{"
				 "\"runj.rctl.memoryuse\":\"devctl=1k\"}"),
	    0);
	assert_rule("jail:c1:memoryuse:devctl=1024");
	assert_int_equal(strv_len(fx.plan.rctl_rules), 1);
}

static void
test_subject_is_full_name(void **state)
{
	(void)state;
	assert_int_equal(plan_of_id("\"freebsd\":{\"jail\":{\"parent\":\"pj\"}}"
				    ","
				    "\"annotations\":{\"runj.rctl.maxproc\":"
				    "\"10\"}",
			     "a.b", NULL),
	    0);
	assert_rule("jail:pj.a_2eb:maxproc:deny=10");
}

static void
test_unlimited_is_no_rule(void **state)
{
	(void)state;
	assert_int_equal(plan_of("\"linux\":{\"resources\":{\"memory\":{"
				 "\"limit\":-1},\"pids\":{\"limit\":0}}}"),
	    0);
	assert_null(fx.plan.rctl_rules);
}

static void
test_amount_overflow(void **state)
{
	(void)state;
	char *rule = NULL;
	struct rj_error *err = NULL;
	assert_int_equal(rctl_rule_make("j", "memoryuse", "9999999999e", &rule,
			     &err),
	    -1);
	assert_null(rule);
	rj_error_free(err);
}

static void
test_usage_parse(void **state)
{
	(void)state;
	struct rj_stats st;
	rctl_usage_parse("cputime=3,datasize=0,memoryuse=1048576,maxproc=4,"
			 "openfiles=12",
	    &st);
	assert_int_equal(st.cpu.total, 3000000000ULL);
	assert_int_equal(st.memory.usage, 1048576);
	assert_int_equal(st.pids.current, 4);
	assert_int_equal(st.have,
	    RJ_STATS_CPU | RJ_STATS_MEMORY | RJ_STATS_PIDS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_linux_resources_mapped,
		    fx_teardown),
		cmocka_unit_test_teardown(test_annotations_every_kind,
		    fx_teardown),
		cmocka_unit_test_teardown(test_annotation_wins_over_linux,
		    fx_teardown),
		cmocka_unit_test_teardown(test_subject_is_full_name,
		    fx_teardown),
		cmocka_unit_test_teardown(test_unlimited_is_no_rule,
		    fx_teardown),
		cmocka_unit_test(test_amount_overflow),
		cmocka_unit_test(test_usage_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
