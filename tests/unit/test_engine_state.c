/* test_engine_state.c: the state store, ID rules and signal names. */
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
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "state.h"
#include "util.h"

static const struct {
	const char *id;
	bool ok;
} ids[] = {
	{ "a", true },
	{ "A0_b.c+d-e", true },
	{ "9", true },
	{ "", false },
	{ "../x", false },
	{ "a/b", false },
	{ ".hidden", false },
	{ "-x", false },
	{ "a b", false },
	{ "a\nb", false },
	{ "é", false },
};

static void
id_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		struct rj_error *err = NULL;
		int rc = rj_id_check(ids[i].id, &err);
		if ((rc == 0) != ids[i].ok)
			fail_msg("ID \"%s\": got %d", ids[i].id, rc);
		rj_error_free(err);
	}
	char longid[RJ_ID_MAX + 2];
	memset(longid, 'a', sizeof(longid));
	longid[RJ_ID_MAX] = '\0';
	assert_int_equal(rj_id_check(longid, NULL), 0);
	longid[RJ_ID_MAX] = 'a';
	longid[RJ_ID_MAX + 1] = '\0';
	struct rj_error *err = NULL;
	assert_int_equal(rj_id_check(longid, &err), -1);
	assert_non_null(strstr(err->msg, "over the limit"));
	rj_error_free(err);
}

static void
signal_names(void **state)
{
	(void)state;
	static const char *const terms[] = { "TERM", "SIGTERM", "term", "15" };
	for (size_t i = 0; i < ARRAY_SIZE(terms); i++) {
		int sig = 0;
		assert_int_equal(rj_signal_parse(terms[i], &sig, NULL), 0);
		assert_int_equal(sig, SIGTERM);
	}
	int sig;
	assert_int_equal(rj_signal_parse("KILL", &sig, NULL), 0);
	assert_int_equal(sig, SIGKILL);
	assert_int_equal(rj_signal_parse("RTMIN+1", &sig, NULL), 0);
	assert_int_equal(sig, SIGRTMIN + 1);
	/* 0 only asks whether the process is there (runj kill ID 0) */
	assert_int_equal(rj_signal_parse("0", &sig, NULL), 0);
	assert_int_equal(sig, 0);
	static const char *const bad[] = { "FOO", "-1", "999", "", "SIG",
		"RTMIN+99", "15x" };
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct rj_error *err = NULL;
		assert_int_equal(rj_signal_parse(bad[i], &sig, &err), -1);
		rj_error_free(err);
	}
	assert_string_equal(rj_signal_name(SIGHUP), "HUP");
}

static char root[] = "/tmp/runj-unit-state.XXXXXX";

static void
make_container(struct rj_container *c, const char *id, pid_t pid,
    enum rj_status status)
{
	container_init(c);
	c->root = xstrdup(root);
	c->id = xstrdup(id);
	c->dir = rj_state_dir(root, id);
	c->bundle = xstrdup("/b");
	c->rootfs = xstrdup("/b/rootfs");
	c->pid = pid;
	c->start_time = pid > 0 ? proc_start_time(pid) : 0;
	c->status = status;
	c->created = 1700000000123456789;
	c->spec.annotations = xstrdup("{\"k\":\"v\"}");
	char *args[] = { "sh", "-c", "x", NULL };
	c->spec.process.args = strv_dup(args);
	c->driver_state = json_pack("{s:s}", "cgroup", "x");
}

static void
save_load_roundtrip(void **state)
{
	(void)state;
	struct rj_container c, d;
	struct rj_error *err = NULL;
	make_container(&c, "rt", getpid(), RJ_STATUS_CREATED);
	int lock = state_dir_create(&c, &err);
	assert_true(lock >= 0);
	close(lock);
	assert_int_equal(state_dir_create(&c, &err), -1);
	assert_non_null(strstr(err->msg, "already exists"));
	rj_error_freep(&err);
	assert_int_equal(state_save(&c, &err), 0);
	assert_int_equal(state_load(root, "rt", &d, false, &err), 0);
	assert_int_equal(d.pid, getpid());
	assert_string_equal(d.bundle, "/b");
	assert_string_equal(d.spec.process.args[2], "x");
	assert_string_equal(json_string_value(
				json_object_get(d.driver_state, "cgroup")),
	    "x");
	/* Our own pid, the gate still closed: created, whatever the
	 * recorded flag says (start records it before opening the gate). */
	_cleanup_free_ char *fifo = state_path(c.dir, STATE_FILE_FIFO);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* the init holds the gate until it execs */
	int init_end = open(fifo, O_RDONLY | O_NONBLOCK);
	assert_true(init_end >= 0);
	d.started = true;
	assert_int_equal(container_status(&d), RJ_STATUS_CREATED);
	struct rj_state st;
	assert_int_equal(rj_state_get(root, "rt", &st, &err), 0);
	char *json = rj_state_to_json(&st);
	assert_non_null(strstr(json, "\"status\": \"created\""));
	assert_non_null(strstr(json,
	    "\"created\": \"2023-11-14T22:13:20."
	    "123456789Z\""));
	assert_non_null(strstr(json, "\"k\": \"v\""));
	free(json);
	rj_state_clear(&st);
	/* The init went past the gate (a start killed before it could
	 * unlink it): running. */
	close(init_end);
	assert_int_equal(container_status(&d), RJ_STATUS_RUNNING);
	/* The gate gone: running. */
	unlink(fifo);
	assert_int_equal(container_status(&d), RJ_STATUS_RUNNING);
	d.start_time += 1; /* the same pid, another process: stopped */
	assert_int_equal(container_status(&d), RJ_STATUS_STOPPED);
	assert_int_equal(state_remove(&c, &err), 0);
	assert_int_equal(access(c.dir, F_OK), -1);
	container_free(&c);
	container_free(&d);
}

static void
dead_pid_reads_stopped(void **state)
{
	(void)state;
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, NULL, 0);
	struct rj_container c;
	struct rj_error *err = NULL;
	make_container(&c, "dead", child, RJ_STATUS_RUNNING);
	c.start_time = 12345;
	close(state_dir_create(&c, &err));
	assert_int_equal(state_save(&c, &err), 0);
	struct rj_state st;
	assert_int_equal(rj_state_get(root, "dead", &st, &err), 0);
	assert_int_equal(st.status, RJ_STATUS_STOPPED);
	assert_int_equal(st.pid, 0);
	rj_state_clear(&st);
	state_remove(&c, NULL);
	container_free(&c);
}

static void
creating_without_lock_holder_is_stopped(void **state)
{
	(void)state;
	struct rj_container c;
	struct rj_error *err = NULL;
	make_container(&c, "half", 0, RJ_STATUS_CREATING);
	close(state_dir_create(&c, &err));
	/* A directory without state.json: a create that died at once. */
	struct rj_state st;
	assert_int_equal(rj_state_get(root, "half", &st, &err), 0);
	assert_int_equal(st.status, RJ_STATUS_STOPPED);
	rj_state_clear(&st);
	/* The same while a create holds the lock: creating. */
	int lock = state_lock(root, "half", &err);
	assert_true(lock >= 0);
	pid_t child = fork();
	if (child == 0) {
		struct rj_state s2;
		rj_state_get(root, "half", &s2, NULL);
		_exit(s2.status == RJ_STATUS_CREATING ? 0 : 1);
	}
	int ws;
	waitpid(child, &ws, 0);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	close(lock);
	state_remove(&c, NULL);
	container_free(&c);
}

static void
list_is_sorted_and_skips_junk(void **state)
{
	(void)state;
	static const char *const names[] = { "b", "a", "c" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		struct rj_container c;
		make_container(&c, names[i], 0, RJ_STATUS_STOPPED);
		int lock = state_dir_create(&c, NULL);
		assert_true(lock >= 0);
		close(lock);
		assert_int_equal(state_save(&c, NULL), 0);
		container_free(&c);
	}
	char junk[256];
	snprintf(junk, sizeof(junk), "%s/.tmp", root);
	mkdir(junk, 0700);
	struct rj_state *v;
	size_t n;
	assert_int_equal(rj_list(root, &v, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].id, "a");
	assert_string_equal(v[2].id, "c");
	rj_list_free(v, n);
	assert_int_equal(rj_list("/nonexistent/runj", &v, &n, NULL), 0);
	assert_int_equal(n, 0);
}

static void
broken_state_is_listed_not_trusted(void **state)
{
	(void)state;
	static const char *const junk[] = { "", "{", "[]",
		"{\"status\":\"running\",\"pid\":1}" };
	for (size_t i = 0; i < ARRAY_SIZE(junk); i++) {
		struct rj_container c;
		make_container(&c, "bad", 0, RJ_STATUS_RUNNING);
		close(state_dir_create(&c, NULL));
		_cleanup_free_ char *path = state_path(c.dir, STATE_FILE_STATE);
		assert_int_equal(rj_write_file_atomic(path, junk[i],
				     strlen(junk[i]), 0600, NULL),
		    0);
		struct rj_state st;
		assert_int_equal(rj_state_get(root, "bad", &st, NULL), 0);
		assert_int_equal(st.status, RJ_STATUS_BROKEN);
		assert_int_equal(st.pid, 0);
		assert_non_null(st.problem);
		rj_state_clear(&st);
		state_remove(&c, NULL);
		container_free(&c);
	}
}

static void
hostile_roots_are_refused(void **state)
{
	(void)state;
	char dir[] = "/tmp/runj-unit-root.XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct rj_error *err = NULL;
	/* Writable by others: anyone could plant a state. */
	chmod(dir, 0777);
	assert_int_equal(state_root_check(dir, false, &err), -1);
	assert_non_null(strstr(err->msg, "writable by others"));
	rj_error_freep(&err);
	struct rj_state *v;
	size_t n;
	assert_int_equal(rj_list(dir, &v, &n, &err), -1);
	rj_error_freep(&err);
	/* Owned by someone else. */
	chmod(dir, 0700);
	if (geteuid() == 0) {
		assert_int_equal(chown(dir, 65534, 65534), 0);
		assert_int_equal(state_root_check(dir, false, &err), -1);
		assert_non_null(strstr(err->msg, "owned by uid 65534"));
		rj_error_freep(&err);
		assert_int_equal(chown(dir, 0, 0), 0);
	}
	/* A symlink, as the root or as a container's directory. */
	char link[64];
	snprintf(link, sizeof(link), "%s.link", dir);
	assert_int_equal(symlink(dir, link), 0);
	assert_int_equal(state_root_check(link, true, &err), -1);
	assert_non_null(strstr(err->msg, "symlink"));
	rj_error_freep(&err);
	unlink(link);
	char ctr[128];
	snprintf(ctr, sizeof(ctr), "%s/c", dir);
	assert_int_equal(symlink("/etc", ctr), 0);
	assert_int_equal(state_lock(dir, "c", &err), -1);
	assert_non_null(strstr(err->msg, "not a directory runj made"));
	rj_error_freep(&err);
	struct rj_container c;
	assert_int_equal(state_load(dir, "c", &c, false, &err), -1);
	rj_error_freep(&err);
	container_free(&c);
	rm_rf(dir, NULL);
}

static void
no_lock_for_a_missing_container(void **state)
{
	(void)state;
	struct rj_error *err = NULL;
	assert_int_equal(state_lock(root, "ghost", &err), -1);
	assert_int_equal(err->errnum, ENOENT);
	assert_string_equal(err->msg, "container ghost does not exist");
	rj_error_free(err);
	_cleanup_free_ char *dir = rj_state_dir(root, "ghost");
	assert_int_equal(access(dir, F_OK), -1);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(root) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return rm_rf(root, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_rules),
		cmocka_unit_test(signal_names),
		cmocka_unit_test(save_load_roundtrip),
		cmocka_unit_test(dead_pid_reads_stopped),
		cmocka_unit_test(creating_without_lock_holder_is_stopped),
		cmocka_unit_test(list_is_sorted_and_skips_junk),
		cmocka_unit_test(broken_state_is_listed_not_trusted),
		cmocka_unit_test(hostile_roots_are_refused),
		cmocka_unit_test(no_lock_for_a_missing_container),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
