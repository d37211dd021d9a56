/* cgroup_v2.c: what only the v2 tree needs: controllers, freeze, stats. */
#include <errno.h>
#include <string.h>

#include "cgroup_int.h"
#include "util.h"

/* Whether a space list ("cpu io memory") has item. */
static bool
space_list_has(const char *list, const char *item)
{
	size_t len = strlen(item);
	for (const char *p = list; *p != '\0';) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n == len && strncmp(p, item, len) == 0)
			return true;
		p += n;
	}
	return false;
}

int
cg_v2_enable(const char *dir, const char *needed, struct rj_error **err)
{
	_cleanup_free_ char *avail = NULL, *on = NULL;
	if (cg_read(dir, "cgroup.controllers", &avail, err) < 0 ||
	    cg_read(dir, "cgroup.subtree_control", &on, err) < 0)
		return -1;
	for (const char *p = needed; p != NULL && *p != '\0';) {
		size_t n = strcspn(p, ",");
		char name[32];
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		if (!space_list_has(avail, name))
			return rj_error_set(err, ENOTSUP,
			    "cgroup: the %s "
			    "controller is not available in %s",
			    name, dir);
		p += n + (p[n] == ',');
	}
	/* all that is available, so stats and later updates find their
	 * files; one per write: the kernel stops at the first it refuses */
	char *save = NULL;
	for (char *c = strtok_r(avail, " ", &save); c != NULL;
	     c = strtok_r(NULL, " ", &save)) {
		if (space_list_has(on, c))
			continue;
		char tok[40];
		snprintf(tok, sizeof(tok), "+%s", c);
		if (cg_write(dir, "cgroup.subtree_control", tok, err) < 0 &&
		    cg_list_has(needed, c))
			return rj_error_wrap(err, "%s", dir);
	}
	if (err != NULL)
		rj_error_freep(err);
	return 0;
}

int
cg_v2_freeze(const char *dir, bool on, struct rj_error **err)
{
	if (cg_write(dir, "cgroup.freeze", on ? "1" : "0", err) < 0)
		return -1;
	if (cg_wait_value(dir, "cgroup.events", "frozen", on ? "1" : "0"))
		return 0;
	if (on)
		cg_write(dir, "cgroup.freeze", "0", NULL);
	return rj_error_set(err, ETIMEDOUT, "cgroup: %s: %s timed out", dir,
	    on ? "freeze" : "thaw");
}

bool
cg_v2_frozen(const char *dir)
{
	uint64_t v;
	return cg_read_keyed(dir, "cgroup.events", "frozen", &v) == 0 && v == 1;
}

bool
cg_v2_kill(const char *dir)
{
	return cg_write(dir, "cgroup.kill", "1", NULL) == 0;
}
