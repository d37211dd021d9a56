/* process.c: user, groups, rlimits, cwd and exec: the POSIX part of the
 * container's process, shared by the drivers. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "process.h"
#include "util.h"

static const char *
env_get(char *const *env, const char *key)
{
	size_t klen = strlen(key);
	for (size_t i = 0; env != NULL && env[i] != NULL; i++)
		if (strncmp(env[i], key, klen) == 0 && env[i][klen] == '=')
			return env[i] + klen + 1;
	return NULL;
}

/* 0, or why path cannot be executed: a missing file is ENOENT, a
 * directory or a file without an execute bit EACCES (as execve says). */
static int
exec_check(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return errno;
	if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0)
		return EACCES;
	return 0;
}

/* errno's text in lower case, as runc (Go) words it: engines look for
 * runc's phrases in the runtime's error. */
static const char *
errno_words(int errnum, char *buf, size_t size)
{
	snprintf(buf, size, "%s", strerror(errnum));
	for (char *c = buf; *c != '\0'; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return buf;
}

/* Why args[0] cannot run: Docker, Podman and containerd look for "no such
 * file or directory", "executable file not found in $PATH" and
 * "permission denied" to choose exit status 127 or 126. */
static int
exec_error(struct rj_error **err, const char *arg0, int errnum)
{
	char why[128];
	return rj_error_set(err, errnum, "exec \"%s\": %s", arg0,
	    errno_words(errnum, why, sizeof(why)));
}

int
process_find_exec(const struct rj_process *p, char **out, struct rj_error **err)
{
	const char *arg0 = p->args[0];
	if (strchr(arg0, '/') != NULL) {
		int e = exec_check(arg0);
		if (e != 0)
			return exec_error(err, arg0, e);
		*out = xstrdup(arg0);
		return 0;
	}
	const char *path = env_get(p->env, "PATH");
	if (path == NULL)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
		       "/sbin:/bin";
	_cleanup_free_ char *copy = xstrdup(path);
	char *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir != NULL;
	     dir = strtok_r(NULL, ":", &save)) {
		_cleanup_free_ char *cand = xasprintf("%s/%s", dir, arg0);
		if (exec_check(cand) == 0) {
			*out = steal_ptr(cand);
			return 0;
		}
	}
	return rj_error_set(err, ENOENT,
	    "exec \"%s\": executable file not found in $PATH", arg0);
}

int
process_apply_rlimits(const struct rj_process *p, struct rj_error **err)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		const struct rj_rlimit *r = &p->rlimits[i];
		struct rlimit rl = { .rlim_cur = r->soft == UINT64_MAX
			    ? RLIM_INFINITY
			    : (rlim_t)r->soft,
			.rlim_max = r->hard == UINT64_MAX ? RLIM_INFINITY
							  : (rlim_t)r->hard };
		if (setrlimit(r->resource, &rl) < 0) {
			/* Podman tells "operation not permitted" apart */
			int e = errno;
			char why[128];
			return rj_error_set(err, e, "process.rlimits: %s: %s",
			    r->name, errno_words(e, why, sizeof(why)));
		}
	}
	return 0;
}

int
process_apply_user(const struct rj_process *p, struct rj_error **err)
{
	if (setgroups(p->n_additional_gids, p->additional_gids) < 0 &&
	    (errno != EPERM || p->n_additional_gids > 0))
		return rj_error_sys(err, "process.user.additionalGids");
	if (setgid(p->gid) < 0)
		return rj_error_sys(err, "process.user.gid %u", p->gid);
	if (setuid(p->uid) < 0)
		return rj_error_sys(err, "process.user.uid %u", p->uid);
	if (p->has_umask)
		umask(p->umask);
	return 0;
}

int
process_apply_cwd(const struct rj_process *p, struct rj_error **err)
{
	if (chdir(p->cwd) < 0)
		return rj_error_sys(err, "process.cwd %s", p->cwd);
	return 0;
}

/* The home directory of uid in the current root's /etc/passwd, or "/"
 * when it has no such entry.  Caller frees. */
static char *
passwd_home(uid_t uid)
{
	_cleanup_fclose_ FILE *f = fopen("/etc/passwd", "re");
	char line[1024];
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		/* name:password:uid:gid:gecos:home:shell */
		char *field[7] = { NULL };
		char *rest = line;
		size_t n = 0;
		for (char *tok = strsep(&rest, ":"); tok != NULL && n < 7;
		     tok = strsep(&rest, ":"))
			field[n++] = tok;
		if (n < 6)
			continue;
		char *end;
		unsigned long u = strtoul(field[2], &end, 10);
		if (end == field[2] || *end != '\0' || u != (unsigned long)uid)
			continue;
		field[5][strcspn(field[5], "\n")] = '\0';
		return xstrdup(field[5][0] != '\0' ? field[5] : "/");
	}
	return xstrdup("/");
}

/* As runc: a process whose environment has no HOME (or an empty one) gets
 * its user's home from the container's /etc/passwd, or "/".  NULL when
 * p->env will do as it is. */
static char **
exec_env(const struct rj_process *p)
{
	size_t n = strv_len(p->env);
	for (size_t i = 0; i < n; i++)
		if (strncmp(p->env[i], "HOME=", 5) == 0 && p->env[i][5] != '\0')
			return NULL;
	char **env = xcalloc(n + 2, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(p->env[i], "HOME=", 5) != 0)
			env[k++] = xstrdup(p->env[i]);
	_cleanup_free_ char *home = passwd_home(geteuid());
	env[k] = xasprintf("HOME=%s", home);
	return env;
}

int
process_exec(const struct rj_process *p, const char *path,
    struct rj_error **err)
{
	_cleanup_strv_ char **env = exec_env(p);
	execve(path, p->args, env != NULL ? env : p->env);
	return exec_error(err, p->args[0], errno);
}
