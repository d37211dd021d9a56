/*
 * test_engine_lifecycle.c: the lifecycle (container.c) against a recording
 * fake driver: what it asks the driver, in which order, and what it leaves
 * in the state store.  The fake's init is a real child process that waits
 * at the start gate, so status, start and kill work as with a real driver.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "driver.h"
#include "gate.h"
#include "msg.h"
#include "util.h"

/* ---- the fake driver ---- */

static char calls[1024];   /* "check create signal:15 destroy " */
static bool fail_create;   /* create fails, having made nothing */
static char warnings[256]; /* what reached the message sink */
static pid_t inits[16];	   /* every fake init, killed at teardown */
static size_t n_inits;

static void
record(const char *fmt, ...)
{
	char one[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(one, sizeof(one), fmt, ap);
	va_end(ap);
	strncat(calls, one, sizeof(calls) - strlen(calls) - 2);
	strcat(calls, " ");
}

static int
fake_check(const struct rj_spec *spec, struct rj_error **err)
{
	(void)spec;
	(void)err;
	record("check");
	return 0;
}

static int
fake_create(struct rj_container *c, struct rj_error **err)
{
	record("create");
	if (fail_create)
		return rj_error_set(err, EPERM, "fake: create refused");
	pid_t pid = fork();
	if (pid < 0)
		return rj_error_sys(err, "fork");
	if (pid == 0) {
		/* The init: past the gate it "execs" (closes the gate) and
		 * waits to be signalled. */
		container_child_cleanup(c);
		int fd = gate_open(c->dir, NULL);
		if (fd < 0 || gate_wait(fd, NULL) < 0)
			_exit(1);
		close(fd);
		for (;;)
			pause();
	}
	if (n_inits < sizeof(inits) / sizeof(inits[0]))
		inits[n_inits++] = pid;
	c->pid = pid;
	c->start_time = proc_start_time(pid);
	/* What a driver records so delete can undo it. */
	json_object_set_new(c->driver_state, "made", json_string("thing"));
	return container_save(c, err);
}

static int
fake_exec(struct rj_container *c, const struct rj_process *p,
    const struct rj_exec_opts *opts, pid_t *pid, struct rj_error **err)
{
	(void)c;
	(void)p;
	(void)opts;
	(void)pid;
	record("exec");
	return rj_error_set(err, ENOTSUP, "fake: no exec");
}

static int
fake_signal(struct rj_container *c, int sig, bool all, struct rj_error **err)
{
	record("signal:%d%s", sig, all ? ":all" : "");
	if (c->pid > 0 && kill(c->pid, sig) < 0 && errno != ESRCH)
		return rj_error_sys(err, "kill");
	return 0;
}

static int
fake_destroy(struct rj_container *c, struct rj_error **err)
{
	(void)err;
	const char *made = json_string_value(
	    json_object_get(c->driver_state, "made"));
	record("destroy:%s", made != NULL ? made : "-");
	if (c->pid > 0)
		waitpid(c->pid, NULL, WNOHANG);
	return 0;
}

static const struct rj_driver fake = {
	.name = "fake",
	.check = fake_check,
	.create = fake_create,
	.exec = fake_exec,
	.signal = fake_signal,
	.destroy = fake_destroy,
};

static void
sink(void *arg, enum rj_msg_level level, const char *msg)
{
	(void)arg;
	if (level == RJ_MSG_WARNING)
		snprintf(warnings, sizeof(warnings), "%s", msg);
}

/* ---- fixture: a bundle and a state root ---- */

struct fx {
	char dir[64];
	char *root, *bundle;
};

static int
setup(void **state)
{
	static struct fx fx;
	snprintf(fx.dir, sizeof(fx.dir), "/tmp/runj-lifecycle.XXXXXX");
	if (mkdtemp(fx.dir) == NULL)
		return -1;
	fx.root = xasprintf("%s/state", fx.dir);
	fx.bundle = xasprintf("%s/bundle", fx.dir);
	_cleanup_free_ char *rootfs = xasprintf("%s/rootfs", fx.bundle);
	if (mkdir_p(rootfs, 0755, NULL) < 0)
		return -1;
	char *args[] = { "/bin/true", NULL };
	_cleanup_free_ char *cfg = rj_spec_default_json(rj_host_os(), args);
	_cleanup_free_ char *path = xasprintf("%s/config.json", fx.bundle);
	if (rj_write_file_atomic(path, cfg, strlen(cfg), 0644, NULL) < 0)
		return -1;
	driver_bind(&fake);
	rj_set_msg_sink(sink, NULL, RJ_MSG_WARNING);
	calls[0] = warnings[0] = '\0';
	fail_create = false;
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;
	/* A test that failed half-way leaves no init behind. */
	for (size_t i = 0; i < n_inits; i++) {
		kill(inits[i], SIGKILL);
		waitpid(inits[i], NULL, 0);
	}
	n_inits = 0;
	rm_rf(fx->dir, NULL);
	free(fx->root);
	free(fx->bundle);
	return 0;
}

static enum rj_status
status_of(struct fx *fx, const char *id)
{
	struct rj_state st;
	if (rj_state_get(fx->root, id, &st, NULL) < 0)
		fail_msg("state of %s", id);
	enum rj_status s = st.status;
	rj_state_clear(&st);
	return s;
}

static bool
state_dir_exists(struct fx *fx, const char *id)
{
	_cleanup_free_ char *dir = rj_state_dir(fx->root, id);
	return access(dir, F_OK) == 0;
}

/* ---- tests ---- */

static void
create_start_kill_delete(void **state)
{
	struct fx *fx = *state;
	struct rj_error *err = NULL;
	struct rj_create_opts o = { .bundle = fx->bundle };
	if (rj_create(fx->root, "c1", &o, &err) < 0)
		fail_msg("create: %s", err->msg);
	assert_int_equal(status_of(fx, "c1"), RJ_STATUS_CREATED);
	if (rj_start(fx->root, "c1", &err) < 0)
		fail_msg("start: %s", err->msg);
	assert_int_equal(status_of(fx, "c1"), RJ_STATUS_RUNNING);
	/* A running container is not deleted without --force. */
	assert_int_equal(rj_delete(fx->root, "c1", false, &err), -1);
	assert_non_null(strstr(err->msg, "running"));
	rj_error_freep(&err);
	if (rj_kill(fx->root, "c1", SIGKILL, false, &err) < 0)
		fail_msg("kill: %s", err->msg);
	struct rj_state st;
	assert_int_equal(rj_state_get(fx->root, "c1", &st, NULL), 0);
	waitpid(st.pid, NULL, 0);
	rj_state_clear(&st);
	assert_int_equal(status_of(fx, "c1"), RJ_STATUS_STOPPED);
	if (rj_delete(fx->root, "c1", false, &err) < 0)
		fail_msg("delete: %s", err->msg);
	assert_false(state_dir_exists(fx, "c1"));
	assert_string_equal(calls, "check create signal:9 destroy:thing ");
}

static void
failed_create_leaves_nothing(void **state)
{
	struct fx *fx = *state;
	fail_create = true;
	struct rj_error *err = NULL;
	struct rj_create_opts o = { .bundle = fx->bundle };
	assert_int_equal(rj_create(fx->root, "c2", &o, &err), -1);
	assert_string_equal(err->msg, "fake: create refused");
	rj_error_free(err);
	assert_false(state_dir_exists(fx, "c2"));
	/* The driver cleaned its own part: the lifecycle does not destroy. */
	assert_string_equal(calls, "check create ");
}

static void
force_delete_of_a_running_container(void **state)
{
	struct fx *fx = *state;
	struct rj_error *err = NULL;
	struct rj_create_opts o = { .bundle = fx->bundle };
	if (rj_create(fx->root, "c3", &o, &err) < 0 ||
	    rj_start(fx->root, "c3", &err) < 0)
		fail_msg("%s", err->msg);
	if (rj_delete(fx->root, "c3", true, &err) < 0)
		fail_msg("delete --force: %s", err->msg);
	assert_false(state_dir_exists(fx, "c3"));
	assert_string_equal(calls, "check create signal:9:all destroy:thing ");
}

static void
optional_operations_say_unsupported(void **state)
{
	struct fx *fx = *state;
	struct rj_error *err = NULL;
	struct rj_create_opts o = { .bundle = fx->bundle };
	if (rj_create(fx->root, "c4", &o, &err) < 0 ||
	    rj_start(fx->root, "c4", &err) < 0)
		fail_msg("%s", err->msg);
	assert_int_equal(rj_pause(fx->root, "c4", true, &err), -1);
	assert_non_null(
	    strstr(err->msg, "pause is not supported by the fake driver"));
	rj_error_freep(&err);
	struct rj_stats st;
	assert_int_equal(rj_stats(fx->root, "c4", &st, &err), -1);
	assert_non_null(
	    strstr(err->msg, "stats is not supported by the fake driver"));
	rj_error_freep(&err);
	assert_int_equal(rj_delete(fx->root, "c4", true, NULL), 0);
}

static void
hook_failure_warns_through_the_sink(void **state)
{
	struct fx *fx = *state;
	/* A poststop hook that cannot run: delete warns, never prints. */
	_cleanup_free_ char *path = xasprintf("%s/config.json", fx->bundle);
	char *args[] = { "/bin/true", NULL };
	_cleanup_free_ char *cfg = rj_spec_default_json(rj_host_os(), args);
	json_t *o = json_loads(cfg, 0, NULL);
	json_object_set_new(o, "hooks",
	    json_pack("{s:[{s:s}]}", "poststop", "path", "/nonexistent/hook"));
	_cleanup_free_ char *text = json_dumps(o, 0);
	json_decref(o);
	assert_int_equal(rj_write_file_atomic(path, text, strlen(text), 0644,
			     NULL),
	    0);
	struct rj_error *err = NULL;
	struct rj_create_opts co = { .bundle = fx->bundle };
	if (rj_create(fx->root, "c5", &co, &err) < 0)
		fail_msg("create: %s", err->msg);
	assert_int_equal(rj_delete(fx->root, "c5", true, &err), 0);
	assert_non_null(strstr(warnings, "poststop hook"));
}

static void
start_that_cannot_record_opens_nothing(void **state)
{
	struct fx *fx = *state;
	struct rj_error *err = NULL;
	struct rj_create_opts o = { .bundle = fx->bundle };
	if (rj_create(fx->root, "c6", &o, &err) < 0)
		fail_msg("create: %s", err->msg);
	/* The state cannot be written (as with a full disk): no file may
	 * grow past a few bytes. */
	struct rlimit saved, tiny = { 16, 16 };
	getrlimit(RLIMIT_FSIZE, &saved);
	void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
	tiny.rlim_max = saved.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &tiny), 0);
	int rc = rj_start(fx->root, "c6", &err);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, old);
	assert_int_equal(rc, -1);
	rj_error_freep(&err);
	assert_int_equal(status_of(fx, "c6"), RJ_STATUS_CREATED);
	if (rj_start(fx->root, "c6", &err) < 0)
		fail_msg("start again: %s", err->msg);
	assert_int_equal(status_of(fx, "c6"), RJ_STATUS_RUNNING);
	assert_int_equal(rj_delete(fx->root, "c6", true, NULL), 0);
}

static void
start_after_a_killed_start(void **state)
{
	struct fx *fx = *state;
	struct rj_error *err = NULL;
	struct rj_create_opts o = { .bundle = fx->bundle };
	if (rj_create(fx->root, "c7", &o, &err) < 0)
		fail_msg("create: %s", err->msg);
	/* A start killed after it wrote the gate's byte, before it could
	 * unlink the gate: the init went on, the gate is still there. */
	_cleanup_free_ char *dir = rj_state_dir(fx->root, "c7");
	_cleanup_free_ char *fifo = xasprintf("%s/exec.fifo", dir);
	int fd = open(fifo, O_WRONLY | O_NONBLOCK);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0", 1), 1);
	close(fd);
	/* The init took the byte and went on: running, whatever the gate
	 * file and the record say, and a second start is refused (the
	 * process never runs twice). */
	for (int i = 0; i < 200 && status_of(fx, "c7") != RJ_STATUS_RUNNING;
	     i++)
		usleep(10000);
	assert_int_equal(status_of(fx, "c7"), RJ_STATUS_RUNNING);
	assert_int_equal(rj_start(fx->root, "c7", &err), -1);
	assert_non_null(strstr(err->msg, "running"));
	rj_error_freep(&err);
	assert_int_equal(rj_delete(fx->root, "c7", true, NULL), 0);
}

static void
broken_container_only_force_deletes(void **state)
{
	struct fx *fx = *state;
	struct rj_error *err = NULL;
	struct rj_create_opts o = { .bundle = fx->bundle };
	if (rj_create(fx->root, "c8", &o, &err) < 0 ||
	    rj_start(fx->root, "c8", &err) < 0)
		fail_msg("%s", err->msg);
	struct rj_state st;
	assert_int_equal(rj_state_get(fx->root, "c8", &st, NULL), 0);
	pid_t init = st.pid;
	rj_state_clear(&st);
	_cleanup_free_ char *dir = rj_state_dir(fx->root, "c8");
	_cleanup_free_ char *path = xasprintf("%s/state.json", dir);
	assert_int_equal(rj_write_file_atomic(path, "{", 1, 0600, NULL), 0);
	assert_int_equal(status_of(fx, "c8"), RJ_STATUS_BROKEN);
	calls[0] = '\0';
	assert_int_equal(rj_kill(fx->root, "c8", SIGKILL, false, &err), -1);
	assert_non_null(strstr(err->msg, "broken"));
	rj_error_freep(&err);
	assert_int_equal(rj_delete(fx->root, "c8", false, &err), -1);
	assert_non_null(strstr(err->msg, "delete --force"));
	rj_error_freep(&err);
	/* Nothing recorded is trusted: no signal to the recorded pid. */
	if (rj_delete(fx->root, "c8", true, &err) < 0)
		fail_msg("delete --force: %s", err->msg);
	assert_false(state_dir_exists(fx, "c8"));
	assert_string_equal(calls, "destroy:- ");
	kill(init, SIGKILL);
	waitpid(init, NULL, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create_start_kill_delete, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(failed_create_leaves_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    force_delete_of_a_running_container, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    optional_operations_say_unsupported, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    hook_failure_warns_through_the_sink, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    start_that_cannot_record_opens_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(start_after_a_killed_start,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    broken_container_only_force_deletes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
