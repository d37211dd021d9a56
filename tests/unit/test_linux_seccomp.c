/* test_linux_seccomp.c: linux.seccomp checks, features and real filters
 * loaded in child processes. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/caps.h"
#include "linux/seccomp_filter.h"
#include "util.h"

#define NAMES(...) ((char *[]){ __VA_ARGS__, NULL })

static void
expect_error(const struct rj_seccomp *s, const char *msg)
{
	struct rj_error *err = NULL;
	assert_int_equal(seccomp_check(s, &err), -1);
	assert_non_null(err);
	assert_string_equal(err->msg, msg);
	rj_error_free(err);
}

static void
test_check_good(void **state)
{
	(void)state;
	struct rj_seccomp_arg args[] = {
		{ .index = 0,
		    .value = 0700,
		    .value_two = 0700,
		    .op = RJ_SCMP_CMP_MASKED_EQ },
	};
	struct rj_seccomp_rule rules[] = {
		{ .names = NAMES("read", "write"), .action = RJ_SCMP_ALLOW },
		/* known to libseccomp, though not an x86_64 syscall */
		{ .names = NAMES("socketcall"),
		    .action = RJ_SCMP_ERRNO,
		    .has_errno_ret = true,
		    .errno_ret = 1 },
		{ .names = NAMES("umask"),
		    .action = RJ_SCMP_TRACE,
		    .args = args,
		    .n_args = 1 },
	};
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ERRNO,
		.has_default_errno_ret = true,
		.default_errno_ret = 38,
		.architectures = NAMES("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"),
		.flags = NAMES("SECCOMP_FILTER_FLAG_TSYNC"),
		.rules = rules,
		.n_rules = ARRAY_SIZE(rules) };
	struct rj_error *err = NULL;
	assert_int_equal(seccomp_check(&s, &err), 0);
	assert_null(err);
	struct rj_seccomp absent = { .present = false };
	assert_int_equal(seccomp_check(&absent, &err), 0);
}

static void
test_check_unknown_syscall(void **state)
{
	(void)state;
	struct rj_seccomp_rule rules[] = {
		{ .names = NAMES("read"), .action = RJ_SCMP_ALLOW },
		{ .names = NAMES("write", "fooo"), .action = RJ_SCMP_ALLOW },
	};
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_KILL,
		.rules = rules,
		.n_rules = 2 };
	expect_error(&s,
	    "linux.seccomp.syscalls[1].names[1]: unknown syscall \"fooo\"");
}

static void
test_check_bad_names(void **state)
{
	(void)state;
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ALLOW,
		.architectures = NAMES("SCMP_ARCH_X86_64", "SCMP_ARCH_VAX") };
	expect_error(&s,
	    "linux.seccomp.architectures[1]: unknown "
	    "architecture \"SCMP_ARCH_VAX\"");
	s.architectures = NULL;
	s.flags = NAMES("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_FAST");
	expect_error(&s,
	    "linux.seccomp.flags[1]: unknown flag "
	    "\"SECCOMP_FILTER_FLAG_FAST\"");
}

static void
test_check_listener_rules(void **state)
{
	(void)state;
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_NOTIFY,
		.listener_path = "/run/agent.sock" };
	expect_error(&s,
	    "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the "
	    "default action");
	struct rj_seccomp_rule rules[] = {
		{ .names = NAMES("mount"), .action = RJ_SCMP_NOTIFY },
		{ .names = NAMES("mknod", "sendmsg"),
		    .action = RJ_SCMP_NOTIFY },
	};
	s.default_action = RJ_SCMP_ALLOW;
	s.rules = rules;
	s.n_rules = 1;
	assert_int_equal(seccomp_check(&s, NULL), 0);
	s.n_rules = 2;
	expect_error(&s,
	    "linux.seccomp.syscalls[1].names[1]: SCMP_ACT_NOTIFY cannot "
	    "be used for sendmsg (runj passes the listener with it)");
	s.n_rules = 1;
	s.listener_path = NULL;
	expect_error(&s,
	    "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY needs "
	    "linux.seccomp.listenerPath");
	s.listener_path = "agent.sock";
	expect_error(&s,
	    "linux.seccomp.listenerPath: \"agent.sock\" is not an "
	    "absolute path");
}

static void
test_check_errno_needs_errno_action(void **state)
{
	(void)state;
	struct rj_seccomp_rule rules[] = {
		{ .names = NAMES("mount"),
		    .action = RJ_SCMP_KILL_PROCESS,
		    .has_errno_ret = true,
		    .errno_ret = 1 },
	};
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ALLOW,
		.rules = rules,
		.n_rules = 1 };
	expect_error(&s,
	    "linux.seccomp.syscalls[0].action: errnoRet needs "
	    "SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not "
	    "SCMP_ACT_KILL_PROCESS");
	struct rj_seccomp d = { .present = true,
		.default_action = RJ_SCMP_ALLOW,
		.has_default_errno_ret = true,
		.default_errno_ret = 1 };
	expect_error(&d,
	    "linux.seccomp.defaultAction: errnoRet needs "
	    "SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not "
	    "SCMP_ACT_ALLOW");
}

static bool
array_has(json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i,
	    v) if (strcmp(json_string_value(v), s) == 0) return true;
	return false;
}

static void
test_features(void **state)
{
	(void)state;
	json_t *f = seccomp_features();
	assert_true(json_is_true(json_object_get(f, "enabled")));
	json_t *actions = json_object_get(f, "actions");
	assert_int_equal(json_array_size(actions), 9);
	assert_true(array_has(actions, "SCMP_ACT_KILL_PROCESS"));
	assert_true(array_has(actions, "SCMP_ACT_ERRNO"));
	assert_true(array_has(actions, "SCMP_ACT_NOTIFY"));
	json_t *ops = json_object_get(f, "operators");
	assert_int_equal(json_array_size(ops), 7);
	assert_true(array_has(ops, "SCMP_CMP_MASKED_EQ"));
	assert_true(array_has(json_object_get(f, "archs"), "SCMP_ARCH_X86_64"));
	assert_true(
	    array_has(json_object_get(f, "archs"), "SCMP_ARCH_AARCH64"));
	json_t *known = json_object_get(f, "knownFlags");
	json_t *sup = json_object_get(f, "supportedFlags");
	assert_int_equal(json_array_size(known), 4);
	assert_true(array_has(sup, "SECCOMP_FILTER_FLAG_TSYNC"));
	size_t i;
	json_t *v;
	json_array_foreach(sup, i, v)
	    assert_true(array_has(known, json_string_value(v)));
	json_decref(f);
}

/* Runs body in a child after loading s; returns the wait status.  The
 * child reports a failing step as its exit status. */
static int
in_child(const struct rj_seccomp *s, int (*body)(void))
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* cmocka catches SIGSYS; SCMP_ACT_TRAP must kill here */
		signal(SIGSYS, SIG_DFL);
		if (seccomp_apply(s, NULL) < 0)
			_exit(100);
		_exit(body());
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static int
body_rules(void)
{
	/* errnoRet */
	if (syscall(SYS_getppid) != -1 || errno != 42)
		return 1;
	/* SCMP_CMP_EQ, and the default errno EPERM */
	if (dup(1000) != -1 || errno != EPERM)
		return 2;
	int fd = dup(0);
	if (fd < 0)
		return 3;
	close(fd);
	/* SCMP_CMP_MASKED_EQ: 0777 & 0700 == 0700 */
	if (syscall(SYS_umask, 0777) != -1 || errno != E2BIG)
		return 4;
	if (syscall(SYS_umask, 022) < 0)
		return 5;
	/* two comparisons on one argument: either matches */
	if (syscall(SYS_getpriority, 0, 1001) != -1 || errno != EDOM)
		return 6;
	if (syscall(SYS_getpriority, 0, 1002) != -1 || errno != EDOM)
		return 7;
	errno = 0;
	if (syscall(SYS_getpriority, 0, 0) == -1 && errno != 0)
		return 8;
	/* SCMP_ACT_LOG lets the call through */
	if (syscall(SYS_getuid) < 0)
		return 9;
	return 0;
}

static void
test_apply_rules(void **state)
{
	(void)state;
	struct rj_seccomp_arg dup_args[] = {
		{ .index = 0, .value = 1000, .op = RJ_SCMP_CMP_EQ },
	};
	struct rj_seccomp_arg umask_args[] = {
		{ .index = 0,
		    .value = 0700,
		    .value_two = 0700,
		    .op = RJ_SCMP_CMP_MASKED_EQ },
	};
	struct rj_seccomp_arg prio_args[] = {
		{ .index = 1, .value = 1001, .op = RJ_SCMP_CMP_EQ },
		{ .index = 1, .value = 1002, .op = RJ_SCMP_CMP_EQ },
	};
	struct rj_seccomp_rule rules[] = {
		{ .names = NAMES("getppid"),
		    .action = RJ_SCMP_ERRNO,
		    .has_errno_ret = true,
		    .errno_ret = 42 },
		{ .names = NAMES("dup"),
		    .action = RJ_SCMP_ERRNO,
		    .args = dup_args,
		    .n_args = 1 },
		{ .names = NAMES("umask"),
		    .action = RJ_SCMP_ERRNO,
		    .has_errno_ret = true,
		    .errno_ret = E2BIG,
		    .args = umask_args,
		    .n_args = 1 },
		{ .names = NAMES("getpriority"),
		    .action = RJ_SCMP_ERRNO,
		    .has_errno_ret = true,
		    .errno_ret = EDOM,
		    .args = prio_args,
		    .n_args = 2 },
		{ .names = NAMES("getuid"), .action = RJ_SCMP_LOG },
		/* the default repeated: skipped, not an error */
		{ .names = NAMES("getpid"), .action = RJ_SCMP_ALLOW },
	};
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ALLOW,
		.architectures = NAMES("SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
		    "SCMP_ARCH_X32"),
		.flags = NAMES("SECCOMP_FILTER_FLAG_TSYNC",
		    "SECCOMP_FILTER_FLAG_LOG",
		    "SECCOMP_FILTER_FLAG_SPEC_ALLOW"),
		.rules = rules,
		.n_rules = ARRAY_SIZE(rules) };
	assert_int_equal(seccomp_check(&s, NULL), 0);
	int st = in_child(&s, body_rules);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static int
body_getppid(void)
{
	syscall(SYS_getppid);
	return 0;
}

static void
test_apply_kill_and_trap(void **state)
{
	(void)state;
	static const enum rj_seccomp_action deadly[] = { RJ_SCMP_KILL_PROCESS,
		RJ_SCMP_KILL, RJ_SCMP_KILL_THREAD, RJ_SCMP_TRAP };
	for (size_t i = 0; i < ARRAY_SIZE(deadly); i++) {
		struct rj_seccomp_rule rules[] = {
			{ .names = NAMES("getppid"), .action = deadly[i] },
		};
		struct rj_seccomp s = { .present = true,
			.default_action = RJ_SCMP_ALLOW,
			.rules = rules,
			.n_rules = 1 };
		int st = in_child(&s, body_getppid);
		assert_true(WIFSIGNALED(st));
		assert_int_equal(WTERMSIG(st), SIGSYS);
	}
}

static int
body_default_errno(void)
{
	if (syscall(SYS_getppid) != -1 || errno != 38)
		return 1;
	if (syscall(SYS_getpid) < 0)
		return 2;
	return 0;
}

static void
test_apply_default_errno(void **state)
{
	(void)state;
	struct rj_seccomp_rule rules[] = {
		/* what the sanitizers' exit path needs too */
		{ .names = NAMES("exit_group", "exit", "getpid", "sigaltstack",
		      "mmap", "munmap", "write"),
		    .action = RJ_SCMP_ALLOW },
	};
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ERRNO,
		.has_default_errno_ret = true,
		.default_errno_ret = 38,
		.rules = rules,
		.n_rules = 1 };
	int st = in_child(&s, body_default_errno);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* A syscall newer than every one the profile names: ENOSYS, not the
 * default; an older one it does not name: the default. */
static int
body_enosys(void)
{
	/* getppid (110) is below exit_group (231), the highest named */
	if (syscall(SYS_getppid) != -1 || errno != EPERM)
		return 1;
	if (syscall(SYS_pidfd_open, getpid(), 0) != -1 || errno != ENOSYS)
		return 2;
	if (syscall(1000) != -1 || errno != ENOSYS)
		return 3;
	/* an x32 number (bit 30) past x32's exit_group: the stub answers
	 * before the kernel would look at the ABI */
	if (syscall(0x40000000 | 1000) != -1 || errno != ENOSYS)
		return 4;
	if (syscall(SYS_getpid) < 0)
		return 5;
	return 0;
}

static int
body_enosys_native(void)
{
	if (syscall(SYS_getppid) != -1 || errno != EPERM)
		return 1;
	if (syscall(1000) != -1 || errno != ENOSYS)
		return 2;
	return 0;
}

static void
test_apply_enosys_for_unknown(void **state)
{
	(void)state;
	struct rj_seccomp_rule rules[] = {
		{ .names = NAMES("exit_group", "exit", "getpid", "sigaltstack",
		      "mmap", "munmap", "write"),
		    .action = RJ_SCMP_ALLOW },
	};
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ERRNO,
		.architectures = NAMES("SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
		    "SCMP_ARCH_X32"),
		.rules = rules,
		.n_rules = 1 };
	int st = in_child(&s, body_enosys);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	/* the native architecture only: the same for native calls */
	s.architectures = NULL;
	st = in_child(&s, body_enosys_native);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* A NOTIFY rule: the listener comes back, TSYNC or not, and answers. */
static int
body_listener(void)
{
	struct rj_seccomp_rule rules[] = {
		{ .names = NAMES("getppid"), .action = RJ_SCMP_NOTIFY },
	};
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ALLOW,
		.listener_path = "/run/agent.sock",
		.flags = NAMES("SECCOMP_FILTER_FLAG_TSYNC"),
		.rules = rules,
		.n_rules = 1 };
	int listener = -1;
	if (seccomp_load_filter(&s, &listener, NULL) < 0)
		return 1;
	if (listener < 0)
		return 2;
	/* no getppid has been notified: nothing to receive yet */
	struct pollfd p = { .fd = listener, .events = POLLIN };
	if (poll(&p, 1, 0) != 0)
		return 3;
	return 0;
}

static void
test_apply_listener(void **state)
{
	(void)state;
	struct rj_seccomp none = { .present = false };
	int st = in_child(&none, body_listener);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_apply_absent(void **state)
{
	(void)state;
	struct rj_seccomp s = { .present = false };
	int st = in_child(&s, body_getppid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* Without CAP_SYS_ADMIN a filter loads only under no_new_privs: the error
 * says so, and the filter itself never sets it. */
static int
body_no_admin(void)
{
	struct rj_caps c = { .present = true,
		.bounding = 1,
		.effective = 1,
		.permitted = 1 };
	struct rj_seccomp s = { .present = true,
		.default_action = RJ_SCMP_ALLOW };
	struct rj_error *err = NULL;
	if (caps_apply(&c, NULL) < 0)
		return 1;
	if (seccomp_apply(&s, &err) == 0)
		return 2;
	if (strcmp(err->msg,
		"seccomp: load the filter: Permission denied "
		"(without noNewPrivileges loading needs "
		"CAP_SYS_ADMIN)") != 0)
		return 3;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		return 4;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    seccomp_apply(&s, NULL) < 0)
		return 5;
	return 0;
}

static void
test_apply_needs_admin_or_nnp(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	struct rj_seccomp none = { .present = false };
	int st = in_child(&none, body_no_admin);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_good),
		cmocka_unit_test(test_check_unknown_syscall),
		cmocka_unit_test(test_check_bad_names),
		cmocka_unit_test(test_check_listener_rules),
		cmocka_unit_test(test_check_errno_needs_errno_action),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_apply_rules),
		cmocka_unit_test(test_apply_kill_and_trap),
		cmocka_unit_test(test_apply_default_errno),
		cmocka_unit_test(test_apply_enosys_for_unknown),
		cmocka_unit_test(test_apply_listener),
		cmocka_unit_test(test_apply_absent),
		cmocka_unit_test(test_apply_needs_admin_or_nnp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
