/*
 * sealed_exe.c: runs runj from a sealed in-memory copy of itself, so that a
 * container process that reaches runj's /proc/PID/exe (the shebang trick of
 * CVE-2019-5736) finds a memfd it cannot write, never the host's binary.
 */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runj.h"
#include "util.h"

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static bool
exe_is_sealed(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	int seals = fcntl(fd, F_GET_SEALS);
	close(fd);
	return seals >= 0 && (seals & SEALS) == SEALS;
}

int
rj_exe_seal(char **argv, struct rj_error **err)
{
	extern char **environ;
	if (exe_is_sealed())
		return 0;
	_cleanup_close_ int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (exe < 0)
		return rj_error_sys(err, "open /proc/self/exe");
	struct stat st;
	if (fstat(exe, &st) < 0)
		return rj_error_sys(err, "stat /proc/self/exe");
	_cleanup_close_ int mfd = memfd_create("runj",
	    MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		return rj_error_sys(err, "memfd_create");
	off_t off = 0;
	while (off < st.st_size) {
		ssize_t n = sendfile(mfd, exe, &off,
		    (size_t)(st.st_size - off));
		if (n <= 0)
			return rj_error_sys(err, "copy runj into a memfd");
	}
	if (fcntl(mfd, F_ADD_SEALS, SEALS) < 0)
		return rj_error_sys(err, "seal the memfd");
	/* The copy's /proc/self/exe is the memfd: keep where we came from,
	 * to find runj-demo, runj-tui and runj beside us. */
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n > 0) {
		path[n] = '\0';
		setenv("_RUNJ_EXE", path, 1);
	}
	fexecve(mfd, argv, environ);
	return rj_error_sys(err, "re-exec runj from a sealed copy");
}

const char *
rj_exe_path(void)
{
	static char path[4096];
	if (path[0] != '\0')
		return path;
	const char *saved = getenv("_RUNJ_EXE");
	if (saved != NULL && exe_is_sealed()) {
		snprintf(path, sizeof(path), "%s", saved);
		return path;
	}
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0)
		return path[0] = '\0', NULL;
	path[n] = '\0';
	return path;
}
