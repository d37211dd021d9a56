/* state_stamp.c: what a poller needs from the state store: the IDs under
 * a root, and a change stamp per container (see runj.h). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "state.h"
#include "util.h"

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rj_list_ids(const char *root, char ***ids, size_t *n, struct rj_error **err)
{
	if (state_ids(root, ids, n, err) < 0)
		return -1;
	if (*ids == NULL)
		*ids = xcalloc(1, sizeof(**ids));
	if (*n > 1)
		qsort(*ids, *n, sizeof(**ids), cmp_name);
	return 0;
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	/* FNV-1a over the 8 bytes of v. */
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
rj_state_stamp(const char *root, const char *id, pid_t pid)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char path[PATH_MAX];
	struct stat sb;

	/* No allocation: a poller calls this for every container, twice a
	 * second. */
	if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s", root, id,
		state_file_name(STATE_FILE_STATE)) >= sizeof(path))
		return h;
	/* The state file is replaced (a new inode) on every change. */
	if (stat(path, &sb) < 0) {
		h = mix(h, (uint64_t)errno);
	} else {
		h = mix(h, (uint64_t)sb.st_ino);
		h = mix(h, (uint64_t)sb.st_size);
		h = mix(h, (uint64_t)sb.st_mtim.tv_sec);
		h = mix(h, (uint64_t)sb.st_mtim.tv_nsec);
	}
	/* A process can exit without touching its state. */
	if (pid > 0)
		h = mix(h, kill(pid, 0) == 0 || errno == EPERM);
	return h;
}
