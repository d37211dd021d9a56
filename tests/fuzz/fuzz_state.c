/*
 * fuzz_state.c: a state.json that runj did not write (runj trusts none):
 * each input becomes <root>/<id>/state.json in a private directory and is
 * read back through the public API, as `runj state` and `runj list` do.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runj.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[256];

static void
remove_root(void)
{
	_cleanup_free_ char *dir = xasprintf("%s/fuzz", root);
	_cleanup_free_ char *file = xasprintf("%s/state.json", dir);
	unlink(file);
	rmdir(dir);
	rmdir(root);
}

static void
make_root(void)
{
	/* tmpfs where there is one: a write per input is slow on a disk */
	const char *tmp = getenv("TMPDIR");
	if (tmp == NULL && access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	if (tmp == NULL || tmp[0] != '/' ||
	    (size_t)snprintf(root, sizeof(root), "%s/runj-fuzz-state.XXXXXX",
		tmp) >= sizeof(root))
		snprintf(root, sizeof(root), "/tmp/runj-fuzz-state.XXXXXX");
	if (mkdtemp(root) == NULL)
		abort();
	_cleanup_free_ char *dir = xasprintf("%s/fuzz", root);
	if (mkdir(dir, 0700) < 0)
		abort();
	atexit(remove_root);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (root[0] == '\0')
		make_root();
	_cleanup_free_ char *path = xasprintf("%s/fuzz/state.json", root);
	_cleanup_close_ int fd = open(path,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, data, size) < 0)
		abort();
	struct rj_state st;
	struct rj_error *err = NULL;
	if (rj_state_get(root, "fuzz", &st, &err) == 0) {
		free(rj_state_to_json(&st));
		rj_state_clear(&st);
	} else {
		rj_error_freep(&err);
	}
	struct rj_state *list = NULL;
	size_t n = 0;
	if (rj_list(root, &list, &n, &err) == 0)
		rj_list_free(list, n);
	else
		rj_error_freep(&err);
	return 0;
}
