/* test_tui_model.c: keys -> actions -> engine calls, with a fake engine
 * that records what it is asked. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "keys.h"
#include "model.h"
#include "runjutil.h"

/* ---- the fake engine ---- */

struct fake_ctr {
	const char *id;
	enum rj_status status;
	pid_t pid;
	int64_t created;
	const char *cmd;
};

static struct fake_ctr fakes[8];
static size_t nfakes;
static char calls[16][128]; /* "start c1", "kill c1 15 all", ... */
static size_t ncalls;
static const char *fail_with; /* next engine call fails with this */

static void
record(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (ncalls < 16)
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

static int
fake_list(const char *root, struct rj_state **out, size_t *n,
    struct rj_error **err)
{
	struct rj_state *v = xcalloc(nfakes ? nfakes : 1, sizeof(*v));

	(void)root;
	if (maybe_fail(err) < 0) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < nfakes; i++) {
		v[i].id = xstrdup(fakes[i].id);
		v[i].status = fakes[i].status;
		v[i].pid = fakes[i].pid;
		v[i].created = fakes[i].created;
		v[i].bundle = xasprintf("/b/%s", fakes[i].id);
		v[i].args = xcalloc(2, sizeof(char *));
		v[i].args[0] = xstrdup(fakes[i].cmd ? fakes[i].cmd : "sh");
	}
	*out = v;
	*n = nfakes;
	return 0;
}

static int
fake_state_get(const char *root, const char *id, struct rj_state *st,
    struct rj_error **err)
{
	(void)root;
	record("get %s", id);
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < nfakes; i++) {
		if (strcmp(fakes[i].id, id))
			continue;
		st->id = xstrdup(id);
		st->status = fakes[i].status;
		st->pid = fakes[i].pid;
		st->created = fakes[i].created;
		st->bundle = xasprintf("/b/%s", id);
		st->args = xcalloc(2, sizeof(char *));
		st->args[0] = xstrdup(fakes[i].cmd ? fakes[i].cmd : "sh");
		return 0;
	}
	return rj_error_set(err, 0, "container %s does not exist", id);
}

static void
fake_list_free(struct rj_state *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].bundle);
		strv_free(v[i].args);
	}
	free(v);
}

static int
fake_create(const char *root, const char *id, const struct rj_create_opts *o,
    struct rj_error **err)
{
	(void)root;
	record("create %s %s%s", id, o->bundle, o->log_to_state ? " log" : "");
	return maybe_fail(err);
}

static int
fake_start(const char *root, const char *id, struct rj_error **err)
{
	(void)root;
	record("start %s", id);
	return maybe_fail(err);
}

static int
fake_kill(const char *root, const char *id, int sig, bool all,
    struct rj_error **err)
{
	(void)root;
	record("kill %s %d%s", id, sig, all ? " all" : "");
	return maybe_fail(err);
}

static int
fake_delete(const char *root, const char *id, bool force, struct rj_error **err)
{
	(void)root;
	record("delete %s%s", id, force ? " force" : "");
	return maybe_fail(err);
}

static const struct tui_engine fake = {
	.list = fake_list,
	.list_free = fake_list_free,
	.state_get = fake_state_get,
	.create = fake_create,
	.start = fake_start,
	.kill = fake_kill,
	.delete = fake_delete,
};

static void
add(const char *id, enum rj_status st, pid_t pid, int64_t created,
    const char *cmd)
{
	fakes[nfakes++] = (struct fake_ctr){ id, st, pid, created, cmd };
}

static int
setup(void **state)
{
	static struct tui_model m;

	nfakes = ncalls = 0;
	fail_with = NULL;
	add("web", RJ_STATUS_RUNNING, 100, 3, "nginx");
	add("app", RJ_STATUS_CREATED, 101, 1, "sh");
	add("old", RJ_STATUS_STOPPED, 0, 2, "true");
	tui_model_init(&m, "/run/test", &fake);
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
test_start_key_calls_engine(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "app");
	assert_int_equal(tui_model_key(m, 's'), TA_NONE);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "start app");
	assert_false(m->status_error);
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
	assert_int_equal(tui_model_confirm(m, false), 0);
	assert_int_equal(ncalls, 0);
	assert_int_equal(m->pending.action, TA_NONE);
}

static void
test_delete_yes_calls_engine(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	assert_int_equal(tui_model_key(m, 'd'), TA_DELETE);
	assert_int_equal(tui_model_confirm(m, true), 0);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "delete old");
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
test_kill_picks_signal_and_all(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "web");
	assert_int_equal(tui_model_key(m, 'x'), TA_KILL);
	assert_int_equal(tui_model_kill(m, SIGTERM, true), 0);
	assert_int_equal(ncalls, 1);
	snprintf(calls[15], sizeof(calls[15]), "kill web %d all", SIGTERM);
	assert_string_equal(calls[0], calls[15]);
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
test_kill_not_offered_when_stopped(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "old");
	assert_int_equal(tui_model_key(m, 'x'), TA_NONE);
	assert_int_equal(m->pending.action, TA_NONE);
	assert_true(m->status_error);
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
test_engine_error_in_status(void **state)
{
	struct tui_model *m = *state;

	select_id(m, "app");
	fail_with = "exec.fifo: No such file";
	tui_model_key(m, 's');
	assert_true(m->status_error);
	assert_string_equal(m->status, "start app: exec.fifo: No such file");
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

	assert_int_equal(tui_model_create(m, "../evil", "/b"), -1);
	assert_int_equal(ncalls, 0);
	assert_true(m->status_error);
	assert_int_equal(tui_model_create(m, "new1", "/bundles/x"), 0);
	assert_string_equal(calls[0], "create new1 /bundles/x log");
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
test_key_table_is_consistent(void **state)
{
	(void)state;
	/* No key code drives two actions. */
	for (size_t i = 0; i < tui_nkeys; i++) {
		assert_non_null(tui_keys[i].label);
		assert_non_null(tui_keys[i].help);
		assert_true(tui_keys[i].states != 0);
		for (size_t j = 0; j < TUI_KEYS_MAX && tui_keys[i].keys[j]; j++)
			assert_ptr_equal(tui_key_find(tui_keys[i].keys[j]),
			    &tui_keys[i]);
	}
	assert_true(tui_key_for_action(TA_DELETE)->confirm);
	assert_false(tui_key_applies(tui_key_for_action(TA_START),
	    TS_BIT(RJ_STATUS_RUNNING)));
	assert_null(tui_key_find('Z'));
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
test_cells(void **state)
{
	struct tui_model *m = *state;
	char buf[64];

	select_id(m, "old");
	tui_cell_text(tui_model_selected(m), TC_PID, buf, sizeof(buf));
	assert_string_equal(buf, "-");
	tui_cell_text(tui_model_selected(m), TC_COMMAND, buf, sizeof(buf));
	assert_string_equal(buf, "true");
	tui_cell_text(tui_model_selected(m), TC_STATUS, buf, sizeof(buf));
	assert_string_equal(buf, "stopped");
}

/* A real root directory: the poll reads it; the fake engine answers. */
static void
write_state(const char *root, const char *id, const char *text)
{
	_cleanup_free_ char *dir = xasprintf("%s/%s", root, id);
	_cleanup_free_ char *p = xasprintf("%s/state.json", dir);

	mkdir_p(dir, 0755, NULL);
	assert_int_equal(rj_write_file_atomic(p, text, strlen(text), 0644,
			     NULL),
	    0);
}

static void
test_poll_reads_only_what_changed(void **state)
{
	char root[] = "/tmp/runj-tui-poll.XXXXXX";
	struct tui_model *m = *state;
	_cleanup_free_ char *gone = NULL;

	assert_non_null(mkdtemp(root));
	free(m->root);
	m->root = xstrdup(root);
	write_state(root, "app", "1");
	write_state(root, "old", "1");
	write_state(root, "web", "1");
	tui_model_refresh(m);
	select_id(m, "web");
	ncalls = 0;
	/* Nothing changed: nothing read, nothing to redraw. */
	assert_int_equal(tui_model_poll(m), 0);
	assert_int_equal(ncalls, 0);
	assert_int_equal(m->nall, 3);
	/* One state.json rewritten: only that container is read. */
	fakes[2].status = RJ_STATUS_STOPPED; /* "old" */
	write_state(root, "old", "22");
	assert_int_equal(tui_model_poll(m), 1);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "get old");
	assert_string_equal(tui_model_selected(m)->id, "web");
	/* A new one appears, one goes. */
	ncalls = 0;
	add("new", RJ_STATUS_CREATED, 7, 4, "sh");
	write_state(root, "new", "1");
	gone = xasprintf("%s/app", root);
	rm_rf(gone, NULL);
	assert_int_equal(tui_model_poll(m), 1);
	assert_int_equal(ncalls, 1);
	assert_string_equal(calls[0], "get new");
	assert_int_equal(m->nall, 3);
	assert_string_equal(m->all[0].id, "new");
	assert_string_equal(m->all[2].id, "web");
	assert_string_equal(tui_model_selected(m)->id, "web");
	rm_rf(root, NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_list_sorted_by_id),
		T(test_start_key_calls_engine),
		T(test_start_refused_when_running),
		T(test_delete_asks_and_no_cancels),
		T(test_delete_yes_calls_engine),
		T(test_delete_running_is_forced),
		T(test_kill_picks_signal_and_all),
		T(test_kill_cancel_makes_no_call),
		T(test_kill_not_offered_when_stopped),
		T(test_shell_only_when_running),
		T(test_engine_error_in_status),
		T(test_refresh_error_keeps_list),
		T(test_create_checks_id_first),
		T(test_moves_are_bounded),
		T(test_filter_and_selection),
		T(test_sort_keys),
		T(test_selection_survives_refresh),
		T(test_key_table_is_consistent),
		T(test_states_text),
		T(test_cells),
		T(test_poll_reads_only_what_changed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
