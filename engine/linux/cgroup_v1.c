/* cgroup_v1.c: what only v1 hierarchies need: cpuset, freezer, stats. */
#include <errno.h>
#include <string.h>

#include "cgroup_int.h"
#include "util.h"

int
cg_v1_cpuset_init(const char *dir, struct rj_error **err)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	_cleanup_free_ char *parent = xstrdup(dir);
	char *slash = strrchr(parent, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *mine = NULL, *theirs = NULL;
		if (cg_read(dir, files[i], &mine, err) < 0)
			return -1;
		if (mine[0] != '\0')
			continue;
		if (cg_read(parent, files[i], &theirs, err) < 0 ||
		    cg_write(dir, files[i], theirs, err) < 0)
			return -1;
	}
	return 0;
}

int
cg_v1_freeze(const char *dir, bool on, struct rj_error **err)
{
	if (!on)
		return cg_write(dir, "freezer.state", "THAWED", err);
	/* a task in a vfork or a syscall can keep the state at FREEZING;
	 * asking again lets the kernel retry it */
	for (int tries = 0; tries < 5; tries++) {
		if (cg_write(dir, "freezer.state", "FROZEN", err) < 0)
			return -1;
		if (cg_wait_value(dir, "freezer.state", NULL, "FROZEN"))
			return 0;
	}
	cg_write(dir, "freezer.state", "THAWED", NULL);
	return rj_error_set(err, ETIMEDOUT,
	    "cgroup: freeze: %s stayed FREEZING", dir);
}

bool
cg_v1_thawed(const char *dir)
{
	_cleanup_free_ char *state = NULL;
	return cg_read(dir, "freezer.state", &state, NULL) < 0 ||
	    strcmp(state, "THAWED") == 0;
}

bool
cg_v1_frozen(const char *dir)
{
	_cleanup_free_ char *state = NULL;
	return cg_read(dir, "freezer.state", &state, NULL) == 0 &&
	    strcmp(state, "FROZEN") == 0;
}
