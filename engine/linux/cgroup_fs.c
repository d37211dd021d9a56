/* cgroup_fs.c: reading and writing cgroup files, errors naming both. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_int.h"
#include "util.h"

/* The file the last write went to, kept open: the device rules are a
 * dozen writes to devices.allow, each parsed as one rule. */
struct open_file {
	char path[PATH_MAX];
	int fd;
};

static int
write_in(struct open_file *of, const char *dir, const char *file,
    const char *value)
{
	char path[PATH_MAX];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (of->fd < 0 || strcmp(of->path, path) != 0) {
		if (of->fd >= 0)
			close(of->fd);
		of->fd = open(path, O_WRONLY | O_CLOEXEC);
		if (of->fd < 0)
			return -1;
		memcpy(of->path, path, sizeof(path));
	}
	/* one write(2): the kernel parses each write as a whole value */
	ssize_t n;
	do
		n = write(of->fd, value, strlen(value));
	while (n < 0 && errno == EINTR);
	return n < 0 ? -1 : 0;
}

static void
close_open_file(struct open_file *of)
{
	if (of->fd >= 0)
		close(of->fd);
	of->fd = -1;
}

#define _cleanup_open_file_ __attribute__((cleanup(close_open_file)))

static int
write_once(const char *dir, const char *file, const char *value)
{
	struct open_file of = { .fd = -1 };
	int rc = write_in(&of, dir, file, value);
	int e = errno;
	close_open_file(&of);
	errno = e;
	return rc;
}

int
cg_write(const char *dir, const char *file, const char *value,
    struct rj_error **err)
{
	if (write_once(dir, file, value) < 0)
		return rj_error_sys(err, "cgroup: write %s=%s", file, value);
	return 0;
}

int
cg_read(const char *dir, const char *file, char **out, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, file);
	char *text = NULL;
	size_t len;
	if (read_file(path, &text, &len, err) < 0)
		return rj_error_wrap(err, "cgroup");
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	*out = text;
	return 0;
}

int
cg_read_u64(const char *dir, const char *file, uint64_t *out,
    struct rj_error **err)
{
	_cleanup_free_ char *text = NULL;
	if (cg_read(dir, file, &text, err) < 0)
		return -1;
	if (strcmp(text, "max") == 0) {
		*out = UINT64_MAX;
		return 0;
	}
	char *end;
	errno = 0;
	*out = strtoull(text, &end, 10);
	if (errno != 0 || end == text)
		return rj_error_set(err, EINVAL,
		    "cgroup: %s/%s: \"%s\" is not "
		    "a number",
		    dir, file, text);
	return 0;
}

int
cg_read_keyed(const char *dir, const char *file, const char *key, uint64_t *out)
{
	_cleanup_free_ char *text = NULL;
	if (cg_read(dir, file, &text, NULL) < 0)
		return -1;
	size_t klen = strlen(key);
	for (char *line = text; line != NULL && *line != '\0';) {
		char *next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			*out = strtoull(line + klen + 1, NULL, 10);
			return 0;
		}
		line = next;
	}
	return -1;
}

static int
apply_one(struct open_file *of, const struct cg_write *e, const char *dir)
{
	if (write_in(of, dir, e->file, e->value) == 0)
		return 0;
	if (errno == ENOENT && e->alt_file != NULL)
		return write_in(of, dir, e->alt_file, e->alt_value);
	return -1;
}

int
cg_apply_writes(const struct cg_writes *w,
    const char *(*dir_of)(const char *controller, void *arg), void *arg,
    struct rj_error **err)
{
	_cleanup_free_ size_t *failed = xcalloc(w->n, sizeof(*failed));
	size_t n_failed = 0;
	_cleanup_open_file_ struct open_file of = { .fd = -1 };
	for (size_t i = 0; i < w->n; i++) {
		const char *dir = dir_of(w->v[i].controller, arg);
		if (dir != NULL && apply_one(&of, &w->v[i], dir) < 0)
			failed[n_failed++] = i;
	}
	/* a write the kernel refused until a later one went in (a swap
	 * limit below the memory limit) is tried once more */
	for (size_t j = 0; j < n_failed; j++) {
		const struct cg_write *e = &w->v[failed[j]];
		if (apply_one(&of, e, dir_of(e->controller, arg)) < 0)
			return rj_error_sys(err, "cgroup: write %s=%s", e->file,
			    e->value);
	}
	return 0;
}

int
cg_read_pids(const char *dir, pid_t **pids, size_t *n, struct rj_error **err)
{
	_cleanup_free_ char *text = NULL;
	if (cg_read(dir, "cgroup.procs", &text, err) < 0)
		return -1;
	for (char *p = text; *p != '\0';) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		p = end;
		/* kill(0) or kill(-1) would reach far beyond the container:
		 * whatever the file says, only real pids are taken. */
		if (v <= 0 || v > INT32_MAX)
			continue;
		*pids = xrealloc(*pids, (*n + 1) * sizeof(**pids));
		(*pids)[(*n)++] = (pid_t)v;
		while (*p == '\n')
			p++;
	}
	return 0;
}

bool
cg_wait_value(const char *dir, const char *file, const char *key,
    const char *want)
{
	/* freezing is quick for a few tasks; 2s covers a busy host */
	for (int i = 0; i < 400; i++) {
		if (key == NULL) {
			_cleanup_free_ char *text = NULL;
			if (cg_read(dir, file, &text, NULL) < 0)
				return false;
			if (strcmp(text, want) == 0)
				return true;
		} else {
			uint64_t v;
			if (cg_read_keyed(dir, file, key, &v) < 0)
				return false;
			if (v == strtoull(want, NULL, 10))
				return true;
		}
		struct timespec ts = { 0, i < 20 ? 100000 : 5000000 };
		nanosleep(&ts, NULL);
	}
	return false;
}

/* Unlimited reads as 0, as runc reports it. */
