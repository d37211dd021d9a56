/* poll.c: fingerprint of a container (see poll.h). */
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

uint64_t
tui_poll_fp(const char *root, const char *id, pid_t pid)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char path[PATH_MAX];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s/state.json", root, id);
	if (stat(path, &sb) < 0) {
		h = mix(h, (uint64_t)errno);
	} else {
		h = mix(h, (uint64_t)sb.st_ino);
		h = mix(h, (uint64_t)sb.st_size);
		h = mix(h, (uint64_t)sb.st_mtim.tv_sec);
		h = mix(h, (uint64_t)sb.st_mtim.tv_nsec);
	}
	if (pid > 0)
		h = mix(h, kill(pid, 0) == 0 || errno == EPERM);
	return h;
}
