/* test_engine_spec.c: config.json parsing: valid configs, and one bad
 * input per row, each with the JSON path its error must name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "spec.h"
#include "util.h"

static void
default_linux_spec_parses(void **state)
{
	(void)state;
	char *text = rj_spec_default_json("linux", NULL);
	struct rj_spec s;
	struct rj_error *err = NULL;
	assert_int_equal(spec_parse(text, &s, &err), 0);
	assert_string_equal(s.oci_version, RJ_OCI_VERSION);
	assert_string_equal(s.process.args[0], "sh");
	assert_true(s.process.terminal);
	assert_true(s.root_readonly);
	assert_true(s.linux_.namespaces[RJ_NS_MOUNT].present);
	assert_true(s.linux_.namespaces[RJ_NS_PID].present);
	assert_false(s.linux_.namespaces[RJ_NS_USER].present);
	assert_int_equal(s.n_mounts, 7);
	assert_string_equal(s.mounts[2].destination, "/dev/pts");
	assert_int_equal(s.process.n_rlimits, 1);
	assert_true(s.process.caps.present);
	assert_true(s.process.caps.bounding &
	    (UINT64_C(1) << spec_cap_from_name("CAP_KILL")));
	spec_free(&s);
	free(text);
}

static void
default_freebsd_spec_parses(void **state)
{
	(void)state;
	char *args[] = { "/bin/echo", "hi", NULL };
	char *text = rj_spec_default_json("freebsd", args);
	struct rj_spec s;
	struct rj_error *err = NULL;
	assert_int_equal(spec_parse(text, &s, &err), 0);
	assert_true(s.has_freebsd);
	assert_false(s.has_linux);
	assert_false(s.process.terminal);
	assert_string_equal(s.mounts[0].type, "devfs");
	assert_string_equal(s.mounts[0].options[0], "ruleset=4");
	spec_free(&s);
	free(text);
}

static const char full_config[] =
    "{\"ociVersion\":\"1.3.0\",\"hostname\":\"h\",\"domainname\":\"d\","
    "\"unknownTop\":{\"x\":1},"
    "\"root\":{\"path\":\"r\",\"readonly\":true},"
    "\"process\":{\"terminal\":true,\"consoleSize\":{\"height\":24,"
    "\"width\":80},\"args\":[\"a\",\"b\"],\"commandLine\":\"ignored\","
    "\"env\":[\"A=1\"],\"cwd\":\"/w\",\"user\":{\"uid\":5,\"gid\":6,"
    "\"umask\":18,\"additionalGids\":[7,8]},\"rlimits\":[{\"type\":"
    "\"RLIMIT_NOFILE\",\"soft\":10,\"hard\":20}],\"noNewPrivileges\":true,"
    "\"oomScoreAdj\":100,\"capabilities\":{\"ambient\":[\"CAP_CHOWN\"]}},"
    "\"mounts\":[{\"destination\":\"/m\",\"type\":\"bind\",\"source\":"
    "\"/s\",\"options\":[\"rbind\",\"ro\"]}],"
    "\"hooks\":{\"poststop\":[{\"path\":\"/h\",\"args\":[\"h\",\"x\"],"
    "\"env\":[\"E=1\"],\"timeout\":3}]},"
    "\"annotations\":{\"k\":\"v\"},"
    "\"linux\":{\"namespaces\":[{\"type\":\"mount\"},{\"type\":\"user\"},"
    "{\"type\":\"network\",\"path\":\"/proc/1/ns/net\"}],"
    "\"uidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":10}],"
    "\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":10}],"
    "\"devices\":[{\"type\":\"c\",\"path\":\"/dev/x\",\"major\":1,"
    "\"minor\":3,\"fileMode\":438}],\"cgroupsPath\":\"/a/b\","
    "\"resources\":{\"memory\":{\"limit\":1048576,\"swappiness\":10},"
    "\"cpu\":{\"shares\":512,\"cpus\":\"0\"},\"pids\":{\"limit\":9},"
    "\"devices\":[{\"allow\":false,\"access\":\"rwm\"}],"
    "\"blockIO\":{\"weight\":100,\"throttleReadBpsDevice\":[{\"major\":8,"
    "\"minor\":0,\"rate\":1000}]},\"hugepageLimits\":[{\"pageSize\":"
    "\"2MB\",\"limit\":0}],\"unified\":{\"io.weight\":\"50\"}},"
    "\"maskedPaths\":[\"/proc/kcore\"],\"readonlyPaths\":[\"/proc/sys\"],"
    "\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"},"
    "\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":"
    "[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,"
    "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]},"
    "\"personality\":{\"domain\":\"LINUX\"},"
    "\"timeOffsets\":{\"monotonic\":{\"secs\":5,\"nanosecs\":6}}}}";

static void
full_config_parses_every_field(void **state)
{
	(void)state;
	struct rj_spec s;
	struct rj_error *err = NULL;
	int rc = spec_parse(full_config, &s, &err);
	if (rc < 0)
		fail_msg("%s", err->msg);
	assert_string_equal(s.hostname, "h");
	assert_string_equal(s.domainname, "d");
	assert_string_equal(s.root_path, "r");
	assert_int_equal(s.process.console_height, 24);
	assert_int_equal(s.process.uid, 5);
	assert_int_equal(s.process.gid, 6);
	assert_int_equal(s.process.umask, 18);
	assert_int_equal(s.process.n_additional_gids, 2);
	assert_int_equal(s.process.rlimits[0].hard, 20);
	assert_true(s.process.no_new_privileges);
	assert_int_equal(s.process.oom_score_adj, 100);
	assert_int_equal(s.process.caps.ambient, 1);
	assert_string_equal(s.mounts[0].options[1], "ro");
	assert_int_equal(s.hooks[RJ_HOOK_POSTSTOP].v[0].timeout, 3);
	assert_string_equal(s.annotations, "{\"k\":\"v\"}");
	assert_string_equal(s.linux_.namespaces[RJ_NS_NETWORK].path,
	    "/proc/1/ns/net");
	assert_int_equal(s.linux_.uid_mappings[0].host_id, 1000);
	assert_int_equal(s.linux_.devices[0].file_mode, 0666);
	assert_int_equal(s.linux_.resources.memory.limit, 1048576);
	assert_int_equal(s.linux_.resources.cpu.shares, 512);
	assert_int_equal(s.linux_.resources.pids.limit, 9);
	assert_int_equal(s.linux_.resources.block_io.throttle[0][0].rate, 1000);
	assert_string_equal(s.linux_.resources.unified_keys[0], "io.weight");
	assert_int_equal(s.linux_.seccomp.rules[0].args[0].op, RJ_SCMP_CMP_EQ);
	assert_int_equal(s.linux_.monotonic_secs, 5);
	assert_string_equal(s.linux_.sysctl_values[0], "1");
	spec_free(&s);
}

struct bad_case {
	const char *json;
	const char *message;
};

#define P(x)	"{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"a\"]}," x "}"
#define PROC(x) "{\"ociVersion\":\"1.0.2\",\"process\":" x "}"

static const struct bad_case bad_cases[] = {
	{ "[1]", "expected a JSON object" },
	{ "{", "line 1" },
	{ "{\"process\":{}}", "ociVersion: required but missing" },
	{ "{\"ociVersion\":\"2.0.0\"}", "ociVersion: \"2.0.0\" is not a 1.x" },
	{ "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"a\"]}}",
	    "root: required but missing" },
	{ PROC("{\"args\":[\"a\",1]}"), "process.args[1]: expected a string" },
	{ PROC("{\"args\":[]}"), "process.args: needs at least one" },
	{ PROC("{\"args\":\"a\"}"), "process.args: expected an array" },
	{ PROC("{\"args\":[\"a\"],\"env\":[\"NOEQUALS\"]}"),
	    "process.env[0]: \"NOEQUALS\" is not KEY=VALUE" },
	{ PROC("{\"args\":[\"a\"],\"cwd\":\"rel\"}"),
	    "process.cwd: must be an absolute path" },
	{ PROC("{\"args\":[\"a\"],\"user\":{\"uid\":-1}}"),
	    "process.user.uid: -1 is out of range" },
	{ PROC("{\"args\":[\"a\"],\"user\":{\"additionalGids\":[\"x\"]}}"),
	    "process.user.additionalGids[0]: expected a group ID" },
	{ PROC("{\"args\":[\"a\"],\"rlimits\":[{\"type\":\"RLIMIT_FOO\","
	       "\"soft\":1,\"hard\":1}]}"),
	    "process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\"" },
	{ PROC("{\"args\":[\"a\"],\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\","
	       "\"soft\":2,\"hard\":1}]}"),
	    "process.rlimits[0].soft: larger than hard" },
	{ PROC("{\"args\":[\"a\"],\"capabilities\":{\"bounding\":"
	       "[\"CAP_FOO\"]}}"),
	    "process.capabilities.bounding[0]: unknown capability" },
	{ PROC("{\"args\":[\"a\"],\"oomScoreAdj\":5000}"),
	    "process.oomScoreAdj: 5000 is out of range" },
	{ PROC("{\"args\":[\"a\"],\"terminal\":\"yes\"}"),
	    "process.terminal: expected true or false" },
	{ P("\"root\":{\"path\":\"\"}"), "root.path: must not be empty" },
	{ P("\"mounts\":[{\"destination\":\"rel\"}]"),
	    "mounts[0].destination: must be an absolute path" },
	{ P("\"mounts\":[{\"type\":\"tmpfs\"}]"),
	    "mounts[0].destination: required but missing" },
	{ P("\"hooks\":{\"prestart\":[{\"path\":\"x\"}]}"),
	    "hooks.prestart[0].path: must be an absolute path" },
	{ P("\"hooks\":{\"poststop\":[{\"path\":\"/x\",\"timeout\":0}]}"),
	    "hooks.poststop[0].timeout: 0 is out of range" },
	{ P("\"annotations\":{\"a\":1}"), "annotations.a: expected a string" },
	{ P("\"linux\":{\"namespaces\":[{\"type\":\"foo\"}]}"),
	    "linux.namespaces[0].type: unknown namespace \"foo\"" },
	{ P("\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"pid\"}]"
	    "}"),
	    "linux.namespaces[1].type: namespace \"pid\" given twice" },
	{ P("\"linux\":{\"namespaces\":[{\"type\":\"user\"}],\"uidMappings\":"
	    "[{\"containerID\":0,\"hostID\":0,\"size\":10},{\"containerID\":5,"
	    "\"hostID\":100,\"size\":10}]}"),
	    "linux.uidMappings[1]: overlaps linux.uidMappings[0] in the "
	    "container" },
	{ P("\"linux\":{\"uidMappings\":[{\"containerID\":0,\"hostID\":0,"
	    "\"size\":1}]}"),
	    "linux.uidMappings: needs a user namespace" },
	{ P("\"linux\":{\"devices\":[{\"type\":\"x\",\"path\":\"/dev/x\"}]}"),
	    "linux.devices[0].type: unknown device type \"x\"" },
	{ P("\"linux\":{\"devices\":[{\"type\":\"c\",\"path\":\"/dev/x\"}]}"),
	    "linux.devices[0]: major and minor are required" },
	{ P("\"linux\":{\"resources\":{\"memory\":{\"swappiness\":200}}}"),
	    "linux.resources.memory.swappiness: 200 is out of range" },
	{ P("\"linux\":{\"resources\":{\"devices\":[{\"access\":\"rwm\"}]}}"),
	    "linux.resources.devices[0].allow: required" },
	{ P("\"linux\":{\"resources\":{\"devices\":[{\"allow\":true,"
	    "\"access\":\"rwz\"}]}}"),
	    "linux.resources.devices[0].access: \"rwz\" is not a subset" },
	{ P("\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_FOO\"}}"),
	    "linux.seccomp.defaultAction: unknown seccomp action" },
	{ P("\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\","
	    "\"syscalls\":[{\"names\":[\"x\"],\"action\":\"SCMP_ACT_ERRNO\","
	    "\"args\":[{\"index\":9,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}}"),
	    "linux.seccomp.syscalls[0].args[0].index: 9 is out of range" },
	{ P("\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\","
	    "\"syscalls\":[{\"names\":[\"x\"],\"action\":\"SCMP_ACT_ERRNO\","
	    "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_XX\"}]}]}}"),
	    "linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator" },
	{ P("\"linux\":{\"rootfsPropagation\":\"weird\"}"),
	    "linux.rootfsPropagation: unknown propagation \"weird\"" },
	{ P("\"linux\":{\"personality\":{\"domain\":\"BSD\"}}"),
	    "linux.personality.domain: unknown domain \"BSD\"" },
	{ P("\"linux\":{\"maskedPaths\":[\"rel\"]}"),
	    "linux.maskedPaths[0]: must be an absolute path" },
	{ P("\"linux\":{\"timeOffsets\":{\"boottime\":{\"nanosecs\":"
	    "2000000000}}}"),
	    "linux.timeOffsets.boottime.nanosecs: 2000000000 is out of range" },
	{ P("\"freebsd\":{\"jail\":{\"enforceStatfs\":3}}"),
	    "freebsd.jail.enforceStatfs: 3 is out of range 0..2" },
};

static void
bad_inputs_name_their_path(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		struct rj_spec s;
		struct rj_error *err = NULL;
		if (spec_parse(bad_cases[i].json, &s, &err) == 0)
			fail_msg("case %zu parsed: %s", i, bad_cases[i].json);
		if (strstr(err->msg, bad_cases[i].message) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i,
			    err->msg, bad_cases[i].message);
		assert_null(strchr(err->msg, '\n'));
		rj_error_free(err);
	}
}

static void
duplicate_keys_are_rejected(void **state)
{
	(void)state;
	struct rj_spec s;
	struct rj_error *err = NULL;
	assert_int_equal(spec_parse("{\"ociVersion\":\"1.0.0\","
				    "\"ociVersion\":\"1.0.0\"}",
			     &s, &err),
	    -1);
	assert_non_null(strstr(err->msg, "duplicate"));
	rj_error_free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_linux_spec_parses),
		cmocka_unit_test(default_freebsd_spec_parses),
		cmocka_unit_test(full_config_parses_every_field),
		cmocka_unit_test(bad_inputs_name_their_path),
		cmocka_unit_test(duplicate_keys_are_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
