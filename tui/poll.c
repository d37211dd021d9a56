/* poll.c: fingerprint of a state root (see poll.h). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#include "poll.h"

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

static uint64_t
mix_stat(uint64_t h, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) < 0)
		return mix(h, (uint64_t)errno);
	h = mix(h, (uint64_t)sb.st_ino);
	h = mix(h, (uint64_t)sb.st_size);
	h = mix(h, (uint64_t)sb.st_nlink);
	h = mix(h, (uint64_t)sb.st_mtim.tv_sec);
	return mix(h, (uint64_t)sb.st_mtim.tv_nsec);
}

uint64_t
tui_poll_signature(const char *root, const struct rj_state *list, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char path[PATH_MAX];

	h = mix_stat(h, root);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s/state.json", root,
		    list[i].id);
		h = mix_stat(h, path);
		if (list[i].pid > 0)
			h = mix(h, kill(list[i].pid, 0) == 0 || errno == EPERM);
	}
	return h;
}
