/* test_tui_model.c: keys -> actions -> requests -> engine calls, with a
 * fake engine that records what it is asked and changes its containers as
 * a real one would, and the inline runner (requests run at once). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "keys.h"
#include "model.h"
#include "runjutil.h"

/* ---- the fake engine ---- */

struct fake_ctr {
	char id[32];
	enum rj_status status;
	pid_t pid;
	int64_t created;
	const char *cmd;
	char bundle[128];
	uint64_t version; /* the change stamp */
	bool used;
};

#define NFAKES 16
static struct fake_ctr fakes[NFAKES];
static char calls[32][128]; /* "start c1", "kill c1 15 all", ... */
static size_t ncalls;
static bool record_reads;     /* "get ID" too */
static const char *fail_with; /* next change fails with this */
static int64_t clock_created = 100;

static void
record(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ncalls < 32)
		vsnprintf(calls[ncalls++], sizeof(calls[0]), fmt, ap);
	va_end(ap);
}

static int
maybe_fail(struct rj_error **err)
{
	if (!fail_with)
		return 0;
	rj_error_set(err, 0, "%s", fail_with);
	fail_with = NULL;
	return -1;
}

static struct fake_ctr *
fake_find(const char *id)
{
	for (size_t i = 0; i < NFAKES; i++)
		if (fakes[i].used && strcmp(fakes[i].id, id) == 0)
			return &fakes[i];
	return NULL;
}

static struct fake_ctr *
add(const char *id, enum rj_status st, pid_t pid, int64_t created,
    const char *cmd)
{
	for (size_t i = 0; i < NFAKES; i++) {
		if (fakes[i].used)
			continue;
		fakes[i] = (struct fake_ctr){ .status = st,
			.pid = pid,
			.created = created,
			.cmd = cmd,
			.version = 1,
			.used = true };
		snprintf(fakes[i].id, sizeof(fakes[i].id), "%s", id);
		snprintf(fakes[i].bundle, sizeof(fakes[i].bundle), "/b/%s", id);
		return &fakes[i];
	}
	fail_msg("too many fakes");
	return NULL;
}

static void
fill(struct rj_state *st, const struct fake_ctr *f)
{
	memset(st, 0, sizeof(*st));
	st->id = xstrdup(f->id);
	st->status = f->status;
	st->pid = f->status == RJ_STATUS_STOPPED ? 0 : f->pid;
	st->created = f->created;
	st->bundle = xstrdup(f->bundle);
	st->args = xcalloc(2, sizeof(char *));
	st->args[0] = xstrdup(f->cmd ? f->cmd : "sh");
}

static int
cmp_fake(const void *a, const void *b)
{
	return strcmp(((const struct rj_state *)a)->id,
	    ((const struct rj_state *)b)->id);
}

static int
fake_list(const char *root, struct rj_state **out, size_t *n,
    struct rj_error **err)
{
	struct rj_state *v = xcalloc(NFAKES, sizeof(*v));

	(void)root;
	if (maybe_fail(err) < 0) {
		free(v);
		return -1;
	}
	*n = 0;
	for (size_t i = 0; i < NFAKES; i++)
		if (fakes[i].used)
			fill(&v[(*n)++], &fakes[i]);
	qsort(v, *n, sizeof(*v), cmp_fake);
	*out = v;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
fake_list_ids(const char *root, char ***ids, size_t *n, struct rj_error **err)
{
	(void)root;
	(void)err;
	*ids = xcalloc(NFAKES + 1, sizeof(**ids));
	*n = 0;
	for (size_t i = 0; i < NFAKES; i++)
		if (fakes[i].used)
			(*ids)[(*n)++] = xstrdup(fakes[i].id);
	qsort(*ids, *n, sizeof(**ids), cmp_str);
	return 0;
}

static uint64_t
fake_stamp(const char *root, const char *id, pid_t pid)
{
	struct fake_ctr *f = fake_find(id);

	(void)root;
	(void)pid;
	return f ? f->version : 0;
}

static int
fake_state_get(const char *root, const char *id, struct rj_state *st,
    struct rj_error **err)
{
	struct fake_ctr *f = fake_find(id);

	(void)root;
	if (record_reads)
		record("get %s", id);
	if (!f)
		return rj_error_set(err, 0, "container %s does not exist", id);
	fill(st, f);
	return 0;
}

static void
fake_list_free(struct rj_state *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rj_state_clear(&v[i]);
	free(v);
}

static int
fake_stats(const char *root, const char *id, struct rj_stats *st,
    struct rj_error **err)
{
	struct fake_ctr *f = fake_find(id);

	(void)root;
	(void)err;
	memset(st, 0, sizeof(*st));
	st->have = RJ_STATS_CPU | RJ_STATS_MEMORY;
	/* Half a CPU: 500 ms of CPU per second of the test's clock. */
	st->cpu.total = f ? (uint64_t)f->version * 500000000ULL : 0;
	st->memory.usage = 3 << 20;
	st->memory.limit = RJ_STATS_UNLIMITED;
	return 0;
}

static void
fake_stats_clear(struct rj_stats *st)
{
	(void)st;
}

static int
fake_pids(const char *root, const char *id, pid_t **pids, size_t *n,
    struct rj_error **err)
{
	(void)root;
	(void)id;
	(void)err;
	*pids = NULL;
	*n = 0;
	return 0;
}

static int
fake_validate(const char *bundle, struct rj_error **err)
{
	record("validate %s", bundle);
	return maybe_fail(err);
}

static int
fake_create(const char *root, const char *id, const struct rj_create_opts *o,
    struct rj_error **err)
{
	struct fake_ctr *f;

	(void)root;
	record("create %s %s%s%s", id, o->bundle, o->log_to_state ? " log" : "",
	    o->console_socket ? " console" : "");
	if (maybe_fail(err) < 0)
		return -1;
	f = add(id, RJ_STATUS_CREATED, 500 + (pid_t)ncalls, clock_created++,
	    "sh");
	snprintf(f->bundle, sizeof(f->bundle), "%s", o->bundle);
	return 0;
}

static int
fake_start(const char *root, const char *id, struct rj_error **err)
{
	(void)root;
	record("start %s", id);
	if (maybe_fail(err) < 0)
		return -1;
	fake_find(id)->status = RJ_STATUS_RUNNING;
	fake_find(id)->version++;
	return 0;
}

static int
fake_kill(const char *root, const char *id, int sig, bool all,
    struct rj_error **err)
{
	(void)root;
	record("kill %s %d%s", id, sig, all ? " all" : "");
	if (maybe_fail(err) < 0)
		return -1;
	/* This container ignores SIGTERM; SIGKILL it does not. */
	if (sig == SIGKILL) {
		fake_find(id)->status = RJ_STATUS_STOPPED;
		fake_find(id)->version++;
	}
	return 0;
}

static int
fake_delete(const char *root, const char *id, bool force, struct rj_error **err)
{
	(void)root;
	record("delete %s%s", id, force ? " force" : "");
	if (maybe_fail(err) < 0)
		return -1;
	fake_find(id)->used = false;
	return 0;
}

static int
fake_pause(const char *root, const char *id, bool on, struct rj_error **err)
{
	(void)root;
	record("%s %s", on ? "pause" : "resume", id);
	if (maybe_fail(err) < 0)
		return -1;
	/* Pausing writes no state: the model must read it again anyway. */
	fake_find(id)->status = on ? RJ_STATUS_PAUSED : RJ_STATUS_RUNNING;
	return 0;
}

static const struct tui_engine fake = {
	.list = fake_list,
	.list_free = fake_list_free,
	.list_ids = fake_list_ids,
	.stamp = fake_stamp,
	.state_get = fake_state_get,
	.stats = fake_stats,
	.stats_clear = fake_stats_clear,
	.pids = fake_pids,
	.validate = fake_validate,
	.create = fake_create,
	.start = fake_start,
	.kill = fake_kill,
	.delete = fake_delete,
	.pause = fake_pause,
};

static int
setup(void **state)
{
	static struct tui_model m;

	memset(fakes, 0, sizeof(fakes));
	ncalls = 0;
	record_reads = false;
	fail_with = NULL;
	add("web", RJ_STATUS_RUNNING, 100, 3, "nginx");
	add("app", RJ_STATUS_CREATED, 101, 1, "sh");
	add("old", RJ_STATUS_STOPPED, 0, 2, "true");
	tui_model_init(&m, "/run/test", &fake, &tui_runner_inline);
	assert_int_equal(tui_model_refresh(&m), 0);
	*state = &m;
	return 0;
}

static int
teardown(void **state)
{
	tui_model_free(*state);
	return 0;
}

static void
select_id(struct tui_model *m, const char *id)
{
	assert_true(tui_model_select_id(m, id));
	assert_string_equal(tui_model_selected(m)->id, id);
}

static const struct rj_state *
state_of(struct tui_model *m, const char *id)
{
	for (size_t i = 0; i < m->nall; i++)
		if (strcmp(m->all[i].id, id) == 0)
			return &m->all[i];
	return NULL;
}

/* ---- tests ---- */

static void
test_list_sorted_by_id(void **state)
{
	struct tui_model *m = *state;

	assert_int_equal(m->nview, 3);
	assert_string_equal(m->all[m->view[0]].id, "app");
	assert_string_equal(m->all[m->view[2]].id, "web");
	assert_string_equal(tui_model_selected(m)->id, "app");
}

static void
test_start_key_runs_a_request(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "app");
	assert_int_equal(tui_model_key(m, 's'), TA_NONE);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "start app");
	assert_false(m->status_error);
	assert_string_equal(m->status, "started app");
	/* The list follows without a full refresh. */
	assert_int_equal(state_of(m, "app")->status, RJ_STATUS_RUNNING);
}

static void
test_start_refused_when_running(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	assert_int_equal(tui_model_key(m, 's'), TA_NONE);
	assert_int_equal(ncalls, 0);
	assert_true(m->status_error);
	assert_non_null(strstr(m->status, "running"));
}

static void
test_delete_asks_and_no_cancels(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	assert_int_equal(tui_model_key(m, 'd'), TA_DELETE);
	assert_int_equal(m->pending.action, TA_DELETE);
	assert_non_null(strstr(m->pending.question, "old"));
	tui_model_confirm(m, false);
	assert_int_equal(ncalls, 0);
	assert_int_equal(m->pending.action, TA_NONE);
}

static void
test_delete_yes_calls_engine(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	assert_int_equal(tui_model_key(m, 'd'), TA_DELETE);
	tui_model_confirm(m, true);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "delete old");
	assert_null(state_of(m, "old"));
}

static void
test_delete_running_is_forced(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	assert_int_equal(tui_model_key(m, 'd'), TA_DELETE);
	assert_true(m->pending.force);
	assert_non_null(strstr(m->pending.question, "forced"));
	tui_model_confirm(m, true);
	assert_string_equal(calls[0], "delete web force");
}

static void
test_delete_offers_the_bundle(void **state)
{
	struct tui_model *m = *state;
	char dir[] = "/tmp/runj-tui-bundle.XXXXXX";
	_cleanup_free_ char *sub = NULL;

	assert_non_null(mkdtemp(dir));
	sub = xasprintf("%s/rootfs", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(fake_find("old")->bundle, sizeof(fakes[0].bundle), "%s", dir);
	/* Another container using the same bundle: not offered. */
	snprintf(fake_find("app")->bundle, sizeof(fakes[0].bundle), "%s", dir);
	tui_model_refresh(m);
	select_id(m, "old");
	tui_model_key(m, 'd');
	assert_null(m->pending.toggle);
	tui_model_confirm(m, false);
	/* The only user: offered, and removed when ticked. */
	snprintf(fake_find("app")->bundle, sizeof(fakes[0].bundle), "/b/app");
	fake_find("app")->version++;
	tui_model_refresh(m);
	select_id(m, "old");
	tui_model_key(m, 'd');
	assert_non_null(m->pending.toggle);
	assert_non_null(strstr(m->pending.toggle, dir));
	m->pending.toggled = true;
	tui_model_confirm(m, true);
	assert_false(m->status_error);
	assert_non_null(strstr(m->status, "and its bundle"));
	struct stat sb;
	assert_int_equal(stat(dir, &sb), -1);
}

static void
test_kill_picks_signal_and_all(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	assert_int_equal(tui_model_key(m, 'x'), TA_KILL);
	tui_model_kill(m, SIGTERM, true);
	assert_int_equal(ncalls, 1);
	snprintf(calls[31], sizeof(calls[31]), "kill web %d all", SIGTERM);
	assert_string_equal(calls[0], calls[31]);
	assert_non_null(strstr(m->status, "SIGTERM"));
}

static void
test_kill_cancel_makes_no_call(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	assert_int_equal(tui_model_key(m, 'x'), TA_KILL);
	tui_model_kill(m, 0, false);
	assert_int_equal(ncalls, 0);
}

static void
test_sigkill_offered_after_sigterm(void **state)
{
	struct tui_model *m = *state;

	m->kill_wait_s = 5;
	select_id(m, "web");
	tui_model_key(m, 'x');
	tui_model_kill(m, SIGTERM, false);
	/* Not yet. */
	assert_false(tui_model_tick(m, now_ns()));
	/* Still running 5 s later: the question. */
	assert_true(tui_model_tick(m, now_ns() + 6000000000LL));
	assert_int_equal(m->pending.action, TA_SIGKILL);
	assert_non_null(strstr(m->pending.question, "web is still running"));
	assert_non_null(strstr(m->pending.question, "SIGKILL"));
	ncalls = 0;
	tui_model_confirm(m, true);
	snprintf(calls[31], sizeof(calls[31]), "kill web %d all", SIGKILL);
	assert_string_equal(calls[0], calls[31]);
	assert_int_equal(state_of(m, "web")->status, RJ_STATUS_STOPPED);
	/* Asked once. */
	assert_false(tui_model_tick(m, now_ns() + 60000000000LL));
}

static void
test_no_sigkill_question_when_it_stopped(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	tui_model_key(m, 'x');
	tui_model_kill(m, SIGTERM, false);
	fake_find("web")->status = RJ_STATUS_STOPPED;
	fake_find("web")->version++;
	tui_model_poll(m);
	assert_false(tui_model_tick(m, now_ns() + 60000000000LL));
	assert_int_equal(m->pending.action, TA_NONE);
}

static void
test_kill_not_offered_when_stopped(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	assert_int_equal(tui_model_key(m, 'x'), TA_NONE);
	assert_int_equal(m->pending.action, TA_NONE);
	assert_true(m->status_error);
}

static void
test_pause_and_resume(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	assert_int_equal(tui_model_key(m, 'p'), TA_NONE);
	assert_string_equal(calls[0], "pause web");
	/* No state file was written, yet the list knows. */
	assert_int_equal(state_of(m, "web")->status, RJ_STATUS_PAUSED);
	assert_int_equal(tui_model_key(m, 'p'), TA_NONE);
	assert_string_equal(calls[1], "resume web");
	assert_int_equal(state_of(m, "web")->status, RJ_STATUS_RUNNING);
}

static void
test_restart_makes_it_again(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	assert_int_equal(tui_model_key(m, 'R'), TA_RESTART);
	assert_non_null(strstr(m->pending.question, "/b/old"));
	tui_model_confirm(m, true);
	assert_int_equal(ncalls, 4);
	assert_string_equal(calls[0], "validate /b/old");
	assert_string_equal(calls[1], "delete old");
	assert_string_equal(calls[2], "create old /b/old log");
	assert_string_equal(calls[3], "start old");
	assert_int_equal(state_of(m, "old")->status, RJ_STATUS_RUNNING);
	assert_string_equal(m->status, "restarted old");
}

static void
test_restart_keeps_it_when_the_bundle_is_bad(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	tui_model_key(m, 'R');
	fail_with = "config.json: not found in bundle /b/old";
	tui_model_confirm(m, true);
	assert_int_equal(ncalls, 1);
	assert_non_null(state_of(m, "old"));
	assert_true(m->status_error);
}

static void
test_marks_act_together(void **state)
{
	struct tui_model *m = *state;

	add("web2", RJ_STATUS_RUNNING, 102, 5, "nginx");
	tui_model_refresh(m);
	/* Space marks and moves down: app, old. */
	select_id(m, "app");
	tui_model_key(m, ' ');
	tui_model_key(m, ' ');
	assert_int_equal(tui_model_nmarked(m), 2);
	/* Kill applies to app (created), not to old (stopped). */
	assert_int_equal(tui_model_key(m, 'x'), TA_KILL);
	assert_int_equal(strv_len(m->pending.ids), 1);
	assert_string_equal(m->pending.ids[0], "app");
	tui_model_kill(m, 0, false);
	/* Mark all, delete all: one question, one summary. */
	tui_model_key(m, '*');
	assert_int_equal(tui_model_nmarked(m), 4);
	assert_int_equal(tui_model_key(m, 'd'), TA_DELETE);
	assert_non_null(strstr(m->pending.question, "Delete 4 containers"));
	assert_true(m->pending.force);
	ncalls = 0;
	tui_model_confirm(m, true);
	assert_int_equal(ncalls, 4);
	assert_int_equal(m->nall, 0);
	assert_string_equal(m->status, "deleted 4 containers");
	assert_false(m->status_error);
}

static void
test_bulk_failure_is_counted(void **state)
{
	struct tui_model *m = *state;

	tui_model_key(m, '*');
	tui_model_key(m, 'd');
	fail_with = "busy";
	tui_model_confirm(m, true);
	assert_true(m->status_error);
	assert_non_null(strstr(m->status, "2 of 3 containers; 1 failed"));
	/* Each failure is in the history, whole. */
	bool found = false;
	for (size_t i = 0; i < m->nhist; i++)
		found |= strstr(m->hist[i].text, "busy") != NULL;
	assert_true(found);
}

static void
test_prune_deletes_the_stopped(void **state)
{
	struct tui_model *m = *state;

	add("old2", RJ_STATUS_STOPPED, 0, 7, "true");
	tui_model_refresh(m);
	assert_int_equal(tui_model_key(m, 'P'), TA_PRUNE);
	assert_non_null(
	    strstr(m->pending.question, "Delete the 2 stopped containers"));
	tui_model_confirm(m, true);
	assert_int_equal(m->nall, 2);
	assert_null(state_of(m, "old"));
	assert_null(state_of(m, "old2"));
}

static void
test_escape_clears_filter_then_marks(void **state)
{
	struct tui_model *m = *state;

	tui_model_key(m, ' ');
	tui_model_set_filter(m, "web");
	assert_int_equal(tui_model_key(m, TK_ESC), TA_NONE);
	assert_null(m->filter);
	assert_int_equal(m->nview, 3);
	assert_int_equal(tui_model_nmarked(m), 1);
	assert_int_equal(tui_model_key(m, TK_ESC), TA_NONE);
	assert_int_equal(tui_model_nmarked(m), 0);
	/* Then it is the UI's (work in the background). */
	assert_int_equal(tui_model_key(m, TK_ESC), TA_ESCAPE);
}

static void
test_shell_only_when_running(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "app");
	assert_int_equal(tui_model_key(m, 'e'), TA_NONE);
	select_id(m, "web");
	assert_int_equal(tui_model_key(m, 'e'), TA_SHELL);
	assert_int_equal(ncalls, 0);
}

static void
test_engine_error_in_status_said_once(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "app");
	fail_with = "exec.fifo: No such file";
	tui_model_key(m, 's');
	assert_true(m->status_error);
	assert_string_equal(m->status, "start app: exec.fifo: No such file");
	/* An error that names the container is not prefixed again. */
	fail_with = "container app is stopped: nothing to kill";
	tui_model_key(m, 'x');
	tui_model_kill(m, SIGTERM, false);
	assert_string_equal(m->status,
	    "kill: container app is stopped: nothing to kill");
}

static void
test_refresh_error_keeps_list(void **state)
{
	struct tui_model *m = *state;

	fail_with = "permission denied";
	assert_int_equal(tui_model_refresh(m), -1);
	assert_int_equal(m->nview, 3);
	assert_true(m->status_error);
	assert_non_null(strstr(m->status, "list /run/test"));
}

static void
test_create_checks_id_first(void **state)
{
	struct tui_model *m = *state;

	tui_model_create(m, "../evil", "/b");
	assert_int_equal(ncalls, 0);
	assert_true(m->status_error);
	tui_model_create(m, "new1", "/bundles/x");
	assert_string_equal(calls[0], "create new1 /bundles/x log");
	assert_string_equal(tui_model_selected(m)->id, "new1");
}

static char *
console_for(void *arg, const char *id, const char *bundle)
{
	(void)arg;
	(void)bundle;
	return xasprintf("/tmp/%s.sock", id);
}

static void
test_create_with_a_terminal_uses_a_console(void **state)
{
	struct tui_model *m = *state;

	m->console_for = console_for;
	tui_model_create(m, "t1", "/bundles/term");
	assert_string_equal(calls[0], "create t1 /bundles/term console");
}

static void
test_exit_status_of_a_reaped_init(void **state)
{
	struct tui_model *m = *state;
	char buf[64];

	tui_model_create(m, "c9", "/bundles/x");
	pid_t pid = fake_find("c9")->pid;
	fake_find("c9")->status = RJ_STATUS_STOPPED;
	fake_find("c9")->version++;
	tui_model_reaped(m, pid, 137 /* killed by signal 9 */);
	tui_model_poll(m);
	tui_cell_text(m, state_of(m, "c9"), TC_STATUS, buf, sizeof(buf));
	assert_string_equal(buf, "exited (137)");
	tui_model_reaped(m, 4242, 0); /* not ours: nothing happens */
	tui_cell_text(m, state_of(m, "old"), TC_STATUS, buf, sizeof(buf));
	assert_string_equal(buf, "stopped");
	struct tui_extra x = { .have_exit = true, .exit_status = 3 << 8 };
	tui_status_text(state_of(m, "old"), &x, buf, sizeof(buf));
	assert_string_equal(buf, "exited (3)");
}

static void
test_stats_give_cpu_and_memory(void **state)
{
	struct tui_model *m = *state;
	char buf[64];

	tui_model_stats(m, 0, m->nview, 1000000000);
	fake_find("web")->version += 2; /* 1 s of CPU more */
	tui_model_stats(m, 0, m->nview, 3000000000);
	tui_cell_text(m, state_of(m, "web"), TC_CPU, buf, sizeof(buf));
	assert_string_equal(buf, "50.0");
	tui_cell_text(m, state_of(m, "web"), TC_MEM, buf, sizeof(buf));
	assert_string_equal(buf, "3.0M");
	tui_cell_text(m, state_of(m, "old"), TC_CPU, buf, sizeof(buf));
	assert_string_equal(buf, "-");
}

static void
test_moves_are_bounded(void **state)
{
	struct tui_model *m = *state;

	tui_model_key(m, 'k');
	assert_string_equal(tui_model_selected(m)->id, "app");
	tui_model_key(m, 'j');
	tui_model_key(m, 'j');
	tui_model_key(m, 'j');
	assert_string_equal(tui_model_selected(m)->id, "web");
	tui_model_key(m, 'g');
	assert_string_equal(tui_model_selected(m)->id, "app");
	tui_model_key(m, 'G');
	assert_string_equal(tui_model_selected(m)->id, "web");
}

static void
test_filter_and_selection(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	tui_model_set_filter(m, "NGINX");
	assert_int_equal(m->nview, 1);
	assert_string_equal(tui_model_selected(m)->id, "web");
	tui_model_set_filter(m, "nothing-matches");
	assert_int_equal(m->nview, 0);
	assert_null(tui_model_selected(m));
	/* Nothing selected: container actions are refused. */
	assert_int_equal(tui_model_key(m, 'd'), TA_NONE);
	assert_int_equal(tui_model_key(m, 'c'), TA_CREATE);
	tui_model_set_filter(m, NULL);
	assert_int_equal(m->nview, 3);
}

static void
test_sort_keys(void **state)
{
	struct tui_model *m = *state;

	tui_model_key(m, 'o'); /* STATUS: created < running < stopped */
	assert_int_equal(m->sort_col, TC_STATUS);
	assert_string_equal(m->all[m->view[0]].id, "app");
	assert_string_equal(m->all[m->view[2]].id, "old");
	tui_model_key(m, 'O');
	assert_string_equal(m->all[m->view[0]].id, "old");
	tui_model_set_sort(m, TC_CREATED, false);
	assert_string_equal(m->all[m->view[0]].id, "app");
	assert_string_equal(m->all[m->view[1]].id, "old");
}

static void
test_selection_survives_refresh(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	add("aaa", RJ_STATUS_CREATED, 5, 9, "sh");
	tui_model_refresh(m);
	assert_int_equal(m->nview, 4);
	assert_string_equal(tui_model_selected(m)->id, "old");
}

static void
test_key_tables_are_consistent(void **state)
{
	(void)state;
	for (size_t t = 0; t < tui_nkeytables; t++) {
		const struct tui_keytable *kt = tui_keytables[t];

		for (size_t i = 0; i < kt->n; i++) {
			const struct tui_key *k = &kt->keys[i];

			assert_non_null(k->label);
			assert_non_null(k->help);
			assert_true(k->when != 0);
			/* The confirm field says it; the help does not say it
			 * again (issue 12 item 13). */
			assert_null(strstr(k->help, "asks"));
			/* No key drives two actions where both apply. */
			for (size_t j = 0; j < TUI_KEYS_MAX && k->keys[j]; j++)
				assert_ptr_equal(tui_key_find(kt, k->keys[j],
						     k->when),
				    k);
		}
	}
	assert_true(tui_key_for_action(&tui_keys_list, TA_DELETE)->confirm);
	assert_true(tui_key_for_action(&tui_keys_list, TA_PRUNE)->confirm);
	assert_false(tui_key_for_action(&tui_keys_list, TA_START)->confirm);
	assert_false(
	    tui_key_applies(tui_key_for_action(&tui_keys_list, TA_START),
		TS_BIT(RJ_STATUS_RUNNING)));
	assert_null(tui_key_find(&tui_keys_list, 'Z', TS_ALWAYS));
	/* 'p' is pause or resume, by state. */
	assert_int_equal(tui_key_find(&tui_keys_list, 'p',
			     TS_BIT(RJ_STATUS_PAUSED))
			     ->action,
	    TA_RESUME);
	/* The pager's follow key is offered only where text grows. */
	char hint[256];
	tui_hint_text(&tui_keys_pager, PG_ALWAYS, hint, sizeof(hint));
	assert_null(strstr(hint, "follow"));
	tui_hint_text(&tui_keys_pager, PG_ALWAYS | PG_FOLLOW, hint,
	    sizeof(hint));
	assert_non_null(strstr(hint, "F follow"));
}

static void
test_states_text(void **state)
{
	char buf[128];

	(void)state;
	tui_states_text(TS_BIT(RJ_STATUS_CREATED) | TS_BIT(RJ_STATUS_RUNNING),
	    buf, sizeof(buf));
	assert_string_equal(buf, "created, running");
	tui_states_text(TS_ALWAYS, buf, sizeof(buf));
	assert_string_equal(buf, "always");
}

static void
test_cells_and_units(void **state)
{
	struct tui_model *m = *state;
	char buf[64];

	select_id(m, "old");
	tui_cell_text(m, tui_model_selected(m), TC_PID, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	tui_cell_text(m, tui_model_selected(m), TC_COMMAND, buf, sizeof(buf));
	assert_string_equal(buf, "true");
	tui_cell_text(m, tui_model_selected(m), TC_STATUS, buf, sizeof(buf));
	assert_string_equal(buf, "stopped");
	tui_cell_text(m, tui_model_selected(m), TC_UPTIME, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	tui_duration_text(59, buf, sizeof(buf));
	assert_string_equal(buf, "59s");
	tui_duration_text(3725, buf, sizeof(buf));
	assert_string_equal(buf, "1h02m");
	tui_duration_text(90000, buf, sizeof(buf));
	assert_string_equal(buf, "1d1h");
	tui_bytes_text(512, buf, sizeof(buf));
	assert_string_equal(buf, "512B");
	tui_bytes_text(1536 << 10, buf, sizeof(buf));
	assert_string_equal(buf, "1.5M");
}

static void
test_history_keeps_messages_whole(void **state)
{
	struct tui_model *m = *state;
	char *longmsg = xmalloc(2001);

	memset(longmsg, 'x', 2000);
	longmsg[2000] = '\0';
	tui_model_status(m, true, "%s\nsecond line", longmsg);
	/* The status line is one line; the history has it all. */
	assert_null(strchr(m->status, '\n'));
	assert_int_equal(strlen(m->hist[m->nhist - 1].text), 2012);
	assert_true(m->hist[m->nhist - 1].error);
	for (int i = 0; i < TUI_HISTORY_MAX + 10; i++)
		tui_model_status(m, false, "n%d", i);
	assert_int_equal(m->nhist, TUI_HISTORY_MAX);
	free(longmsg);
}

static void
test_bundle_users(void **state)
{
	struct tui_model *m = *state;
	_cleanup_strv_ char **u = tui_model_bundle_users(m, "/b/web", true);

	assert_non_null(u);
	assert_string_equal(u[0], "web");
	strv_free(u);
	/* A stopped user does not block a replace. */
	u = tui_model_bundle_users(m, "/b/old", true);
	assert_null(u);
}

static void
test_poll_reads_only_what_changed(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	record_reads = true;
	ncalls = 0;
	/* Nothing changed: nothing read, nothing to redraw. */
	assert_int_equal(tui_model_poll(m), 0);
	assert_int_equal(ncalls, 0);
	/* One stamp moved: only that container is read. */
	fake_find("old")->version++;
	assert_int_equal(tui_model_poll(m), 1);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "get old");
	assert_string_equal(tui_model_selected(m)->id, "web");
	/* A new one appears, one goes. */
	ncalls = 0;
	add("new", RJ_STATUS_CREATED, 7, 4, "sh");
	fake_find("app")->used = false;
	assert_int_equal(tui_model_poll(m), 1);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "get new");
	assert_int_equal(m->nall, 3);
	assert_string_equal(m->all[0].id, "new");
	assert_string_equal(tui_model_selected(m)->id, "web");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_list_sorted_by_id),
		T(test_start_key_runs_a_request),
		T(test_start_refused_when_running),
		T(test_delete_asks_and_no_cancels),
		T(test_delete_yes_calls_engine),
		T(test_delete_running_is_forced),
		T(test_delete_offers_the_bundle),
		T(test_kill_picks_signal_and_all),
		T(test_kill_cancel_makes_no_call),
		T(test_sigkill_offered_after_sigterm),
		T(test_no_sigkill_question_when_it_stopped),
		T(test_kill_not_offered_when_stopped),
		T(test_pause_and_resume),
		T(test_restart_makes_it_again),
		T(test_restart_keeps_it_when_the_bundle_is_bad),
		T(test_marks_act_together),
		T(test_bulk_failure_is_counted),
		T(test_prune_deletes_the_stopped),
		T(test_escape_clears_filter_then_marks),
		T(test_shell_only_when_running),
		T(test_engine_error_in_status_said_once),
		T(test_refresh_error_keeps_list),
		T(test_create_checks_id_first),
		T(test_create_with_a_terminal_uses_a_console),
		T(test_exit_status_of_a_reaped_init),
		T(test_stats_give_cpu_and_memory),
		T(test_moves_are_bounded),
		T(test_filter_and_selection),
		T(test_sort_keys),
		T(test_selection_survives_refresh),
		T(test_key_tables_are_consistent),
		T(test_states_text),
		T(test_cells_and_units),
		T(test_history_keeps_messages_whole),
		T(test_bundle_users),
		T(test_poll_reads_only_what_changed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
