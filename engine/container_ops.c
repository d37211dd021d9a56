/* container_ops.c: the commands on a live container besides the lifecycle:
 * exec, pause, ps, update, stats. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "jsonfield.h"
#include "run_wait.h"
#include "state.h"
#include "trace.h"
#include "util.h"

static int
parse_user(const char *user, struct rj_process *p, struct rj_error **err)
{
	char *end;
	unsigned long uid = strtoul(user, &end, 10);
	if (end == user || (*end != '\0' && *end != ':') || uid >= UINT_MAX)
		return rj_error_set(err, EINVAL,
		    "--user %s: expected UID[:GID]", user);
	p->uid = (uid_t)uid;
	if (*end == ':') {
		const char *g = end + 1;
		unsigned long gid = strtoul(g, &end, 10);
		if (end == g || *end != '\0' || gid >= UINT_MAX)
			return rj_error_set(err, EINVAL,
			    "--user %s: expected UID[:GID]", user);
		p->gid = (gid_t)gid;
	}
	return 0;
}

/* The process of an exec: a --process file, or the container's own with
 * the flags over it. */
static int
exec_process(const struct rj_container *c, const struct rj_exec_request *r,
    struct rj_process *p, struct rj_error **err)
{
	memset(p, 0, sizeof(*p));
	if (r->process_file != NULL) {
		_cleanup_free_ char *text = NULL;
		if (read_regular_file(r->process_file, RJ_CONFIG_MAX, &text,
			NULL, err) < 0)
			return rj_error_wrap(err, "--process");
		if (spec_parse_process_text(text, p, err) < 0)
			return rj_error_wrap(err, "--process %s",
			    r->process_file);
		/* As runc: what the file leaves out of the capabilities comes
		 * from the container's process. */
		if (!p->caps.present)
			p->caps = c->spec.process.caps;
		return 0;
	}
	const struct rj_process *base = &c->spec.process;
	if (r->args == NULL || r->args[0] == NULL)
		return rj_error_set(err, EINVAL, "exec: no command given");
	p->args = strv_dup(r->args);
	size_t nbase = strv_len(base->env), nadd = strv_len(r->env), n = 0;
	p->env = xcalloc(nbase + nadd + 1, sizeof(char *));
	for (size_t i = 0; i < nbase; i++)
		p->env[n++] = xstrdup(base->env[i]);
	/* --env KEY=V replaces the config's KEY, as runc does. */
	for (size_t i = 0; i < nadd; i++) {
		const char *eq = strchr(r->env[i], '=');
		size_t klen = eq ? (size_t)(eq - r->env[i]) : strlen(r->env[i]);
		size_t j;
		for (j = 0; j < n; j++)
			if (strncmp(p->env[j], r->env[i], klen) == 0 &&
			    p->env[j][klen] == '=')
				break;
		if (eq == NULL)
			return rj_error_set(err, EINVAL,
			    "--env %s: expected KEY=VALUE", r->env[i]);
		if (j < n)
			free(p->env[j]);
		else
			n++;
		p->env[j] = xstrdup(r->env[i]);
	}
	p->cwd = xstrdup(r->cwd ? r->cwd : base->cwd ? base->cwd : "/");
	p->uid = base->uid;
	p->gid = base->gid;
	p->has_umask = base->has_umask;
	p->umask = base->umask;
	/* exec --additional-gids adds to the config's, as runc's does */
	p->n_additional_gids = base->n_additional_gids + r->n_additional_gids;
	p->additional_gids = xcalloc(p->n_additional_gids + 1, sizeof(gid_t));
	if (base->n_additional_gids > 0)
		memcpy(p->additional_gids, base->additional_gids,
		    base->n_additional_gids * sizeof(gid_t));
	if (r->n_additional_gids > 0)
		memcpy(p->additional_gids + base->n_additional_gids,
		    r->additional_gids, r->n_additional_gids * sizeof(gid_t));
	p->caps = base->caps;
	p->n_rlimits = base->n_rlimits;
	p->rlimits = xcalloc(p->n_rlimits, sizeof(*p->rlimits));
	if (p->n_rlimits > 0)
		memcpy(p->rlimits, base->rlimits,
		    p->n_rlimits * sizeof(*p->rlimits));
	p->has_oom_score_adj = base->has_oom_score_adj;
	p->oom_score_adj = base->oom_score_adj;
	if (r->process_label != NULL || base->selinux_label != NULL)
		p->selinux_label = xstrdup(
		    r->process_label ? r->process_label : base->selinux_label);
	p->no_new_privileges = base->no_new_privileges || r->no_new_privs;
	p->terminal = r->tty;
	if (r->apparmor != NULL || base->apparmor_profile != NULL)
		p->apparmor_profile = xstrdup(
		    r->apparmor ? r->apparmor : base->apparmor_profile);
	if (r->user != NULL && parse_user(r->user, p, err) < 0)
		return -1;
	for (size_t i = 0; r->caps != NULL && r->caps[i] != NULL; i++) {
		int cap = spec_cap_from_name(r->caps[i]);
		if (cap < 0)
			return rj_error_set(err, EINVAL,
			    "--cap %s: unknown capability", r->caps[i]);
		uint64_t bit = UINT64_C(1) << cap;
		p->caps.present = true;
		p->caps.bounding |= bit;
		p->caps.effective |= bit;
		p->caps.permitted |= bit;
		p->caps.inheritable |= bit;
		p->caps.ambient |= bit;
	}
	return 0;
}

int
rj_exec(const char *root, const char *id, const struct rj_exec_request *r,
    int *status, struct rj_error **err)
{
	struct rj_container c;
	int lock = -1;
	struct rj_process p;
	memset(&p, 0, sizeof(p));
	*status = 0;
	trace_begin();
	if (container_load_locked(root, id, &c, &lock, err) < 0)
		return -1;
	trace_mark("load");
	int rc = -1;
	if (container_refuse_broken(&c, err) < 0)
		goto out;
	enum rj_status s = container_status(&c);
	if (s != RJ_STATUS_RUNNING && s != RJ_STATUS_CREATED &&
	    !(s == RJ_STATUS_PAUSED && r->ignore_paused)) {
		rj_error_set(err, EINVAL,
		    "container %s is %s: cannot exec in it", id,
		    rj_status_name(s));
		goto out;
	}
	if (exec_process(&c, r, &p, err) < 0)
		goto out;
	if (p.terminal && r->detach && r->console_socket == NULL) {
		rj_error_set(err, EINVAL,
		    "exec --detach --tty needs --console-socket");
		goto out;
	}
	struct rj_exec_opts o = { .console_socket = r->console_socket,
		.pid_file = r->pid_file,
		.preserve_fds = r->preserve_fds,
		.detach = r->detach,
		.cgroups = r->cgroups };
	/* A process joining a frozen container waits for the resume, which
	 * needs the lock: let it go first. */
	if (s == RJ_STATUS_PAUSED)
		close(steal_fd(lock));
	pid_t pid;
	if (drv_exec(&c, &p, &o, &pid, err) < 0) {
		rj_error_wrap(err, "exec in %s", id);
		goto out;
	}
	trace_mark("exec");
	if (r->pid_file != NULL) {
		char buf[32];
		int n = snprintf(buf, sizeof(buf), "%d", (int)pid);
		if (rj_write_file_atomic(r->pid_file, buf, (size_t)n, 0644,
			err) < 0)
			goto out;
	}
	close(steal_fd(lock));
	if (!r->detach && pid > 0)
		*status = run_wait(pid, c.console_fd);
	trace_mark("wait");
	rc = 0;
out:
	trace_end("exec");
	if (lock >= 0)
		close(lock);
	spec_free_process(&p);
	container_free(&c);
	return rc;
}

int
rj_pause(const char *root, const char *id, bool on, struct rj_error **err)
{
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	if (container_load_locked(root, id, &c, &lock, err) < 0)
		return -1;
	int rc = -1;
	if (container_refuse_broken(&c, err) < 0)
		goto out;
	enum rj_status s = container_status(&c);
	enum rj_status want = on ? RJ_STATUS_RUNNING : RJ_STATUS_PAUSED;
	if (s != want) {
		rj_error_set(err, EINVAL, "container %s is %s, not %s", id,
		    rj_status_name(s), rj_status_name(want));
		goto out;
	}
	rc = drv_pause(&c, on, err);
	if (rc < 0)
		rj_error_wrap(err, "%s %s", on ? "pause" : "resume", id);
out:
	container_free(&c);
	return rc;
}

int
rj_pids(const char *root, const char *id, pid_t **pids, size_t *n,
    struct rj_error **err)
{
	struct rj_container c;
	*pids = NULL;
	*n = 0;
	if (state_load(root, id, &c, false, err) < 0) {
		container_free(&c);
		return -1;
	}
	int rc = container_refuse_broken(&c, err);
	if (rc == 0 && container_status(&c) != RJ_STATUS_STOPPED)
		rc = drv_pids(&c, pids, n, err);
	container_free(&c);
	return rc;
}

int
rj_update(const char *root, const char *id, const char *json,
    struct rj_error **err)
{
	json_error_t jerr;
	json_t *o = json_loads(json, 0, &jerr);
	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		return rj_error_set(err, EINVAL, "resources: %s",
		    o == NULL ? jerr.text : "expected a JSON object");
	}
	struct rj_resources r;
	memset(&r, 0, sizeof(r));
	int rc = spec_parse_resources(o, "resources", &r, err);
	json_decref(o);
	if (rc < 0) {
		spec_free_resources(&r);
		return -1;
	}
	struct rj_container c;
	_cleanup_close_ int lock = -1;
	if (container_load_locked(root, id, &c, &lock, err) < 0) {
		spec_free_resources(&r);
		return -1;
	}
	enum rj_status s = container_status(&c);
	if (container_refuse_broken(&c, err) < 0)
		rc = -1;
	else if (s == RJ_STATUS_STOPPED)
		rc = rj_error_set(err, EINVAL, "container %s is stopped", id);
	else
		rc = drv_update(&c, &r, err);
	spec_free_resources(&r);
	container_free(&c);
	return rc;
}

int
rj_stats(const char *root, const char *id, struct rj_stats *st,
    struct rj_error **err)
{
	memset(st, 0, sizeof(*st));
	struct rj_container c;
	if (state_load(root, id, &c, false, err) < 0) {
		container_free(&c);
		return -1;
	}
	int rc = container_refuse_broken(&c, err) < 0 ? -1
						      : drv_stats(&c, st, err);
	if (rc < 0)
		rj_stats_clear(st);
	container_free(&c);
	return rc;
}
