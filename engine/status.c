/*
 * status.c: what a container is now, from what the store recorded and
 * what the system shows: the recorded init still alive (same pid, same
 * start time), the start gate still closed, the driver's view (paused).
 * Also the state and list calls of the public API, built on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "state.h"
#include "util.h"

/* Started: the gate is the truth for create/start, since start records
 * "started" before it opens the gate and a start killed in between must
 * read as still created; the recorded flag for run, which has no gate.
 * The init holds the gate open until it execs: a gate nobody reads (a
 * start killed between its byte and the unlink) is an open one. */
static bool
is_started(const struct rj_container *c)
{
	if (c->run_mode)
		return c->started;
	_cleanup_free_ char *fifo = state_path(c->dir, STATE_FILE_FIFO);
	_cleanup_close_ int fd = open(fifo,
	    O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 && (errno == ENOENT || errno == ENXIO);
}

enum rj_status
container_status(struct rj_container *c)
{
	switch (c->status) {
	case RJ_STATUS_STOPPED:
	case RJ_STATUS_BROKEN:
		return c->status;
	case RJ_STATUS_CREATING:
		/* Only a live create holds the lock; see state_fill. */
		return RJ_STATUS_CREATING;
	default:
		break;
	}
	if (c->pid <= 0 || proc_start_time(c->pid) != c->start_time)
		return RJ_STATUS_STOPPED;
	if (!is_started(c))
		return RJ_STATUS_CREATED;
	if (drv_paused(c))
		return RJ_STATUS_PAUSED;
	return RJ_STATUS_RUNNING;
}

static void
state_fill(struct rj_container *c, struct rj_state *st)
{
	st->status = container_status(c);
	/* A "creating" record nobody holds belongs to a create that died:
	 * nobody will finish it, so it reads as stopped (and delete cleans
	 * it). */
	if (st->status == RJ_STATUS_CREATING && !state_locked(c->dir))
		st->status = RJ_STATUS_STOPPED;
	st->id = xstrdup(c->id);
	st->pid = st->status == RJ_STATUS_STOPPED ||
		st->status == RJ_STATUS_BROKEN
	    ? 0
	    : c->pid;
	st->bundle = xstrdup(c->bundle ? c->bundle : "");
	st->rootfs = xstrdup(c->rootfs ? c->rootfs : "");
	st->created = c->created;
	st->args = strv_dup(c->spec.process.args);
	st->annotations = xstrdup(
	    c->spec.annotations ? c->spec.annotations : "{}");
	st->log_path = c->opts.log_to_state ? state_path(c->dir, STATE_FILE_LOG)
					    : NULL;
	st->problem = c->problem != NULL ? xstrdup(c->problem) : NULL;
	st->owner = c->owner;
}

int
rj_state_get(const char *root, const char *id, struct rj_state *st,
    struct rj_error **err)
{
	struct rj_container c;
	memset(st, 0, sizeof(*st));
	int rc = state_load(root, id, &c, false, err);
	if (rc == 0)
		state_fill(&c, st);
	container_free(&c);
	return rc;
}

void
rj_state_clear(struct rj_state *st)
{
	free(st->id);
	free(st->bundle);
	free(st->rootfs);
	strv_free(st->args);
	free(st->annotations);
	free(st->log_path);
	free(st->problem);
	memset(st, 0, sizeof(*st));
}

char *
rj_state_to_json(const struct rj_state *st)
{
	char created[64];
	format_rfc3339(st->created, created, sizeof(created));
	json_error_t jerr;
	json_t *ann = json_loads(st->annotations ? st->annotations : "{}", 0,
	    &jerr);
	json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:o}",
	    "ociVersion", RJ_OCI_VERSION, "id", st->id, "pid", (int)st->pid,
	    "status", rj_status_name(st->status), "bundle", st->bundle,
	    "rootfs", st->rootfs, "created", created, "owner", "",
	    "annotations", ann ? ann : json_object());
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

static int
compare_state(const void *a, const void *b)
{
	return strcmp(((const struct rj_state *)a)->id,
	    ((const struct rj_state *)b)->id);
}

int
rj_list(const char *root, struct rj_state **out, size_t *n,
    struct rj_error **err)
{
	*out = NULL;
	*n = 0;
	_cleanup_strv_ char **ids = NULL;
	size_t nids;
	if (state_ids(root, &ids, &nids, err) < 0)
		return -1;
	*out = xcalloc(nids + 1, sizeof(**out));
	for (size_t i = 0; i < nids; i++) {
		/* A container deleted while we read is simply not listed. */
		struct rj_container c;
		if (state_load_listed(root, ids[i], &c) == 0)
			state_fill(&c, &(*out)[(*n)++]);
		container_free(&c);
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), compare_state);
	return 0;
}

void
rj_list_free(struct rj_state *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rj_state_clear(&list[i]);
	free(list);
}
