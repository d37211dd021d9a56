/*
 * fuzz_extract.c: an archive (any format and filter libarchive reads)
 * extracted into a staging directory through the disk sink, with OCI
 * whiteouts and a 4 MiB size budget, as bundle and unpack extract.
 * Afterwards nothing may be outside the staging directory, and
 * tree_remove must empty it.
 *
 * Run as root, a mistake here would write anywhere: so the target first
 * enters a mount namespace of its own in which every mount is read-only
 * (mount_setattr(2) with AT_RECURSIVE) but the corpus directories and the
 * artifact directory libFuzzer writes, and a small tmpfs on its scratch
 * directory (so it cannot fill the disk either).  A helper left in the
 * host's namespace removes the empty mount point when the target exits.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "budget.h"
#include "entries.h"
#include "fsutil.h"
#include "runjutil.h"

#define FUZZ_BUDGET (4 << 20)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[256]; /* holds "stage" and nothing else */
static char *stage;

static bool sandboxed;

static void
remove_scratch(void)
{
	struct rj_error *err = NULL;
	(void)tree_remove(stage, &err);
	rj_error_freep(&err);
	if (!sandboxed)
		(void)rmdir(scratch);
}

/* A process outside the sandbox that waits for the target to exit (the
 * pipe's end closes) and removes the scratch directory, which the target
 * itself sees read-only under its tmpfs. */
static void
cleanup_helper(void)
{
	int p[2];
	if (pipe(p) < 0)
		abort();
	pid_t pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		close(p[1]);
		char c;
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		(void)rmdir(scratch);
		_exit(0);
	}
	close(p[0]); /* p[1] stays open until the target exits */
}

/* Keeps path writable under the read-only root: a bind mount of its own. */
static void
keep_writable(const char *path)
{
	char real[4096];
	if (realpath(path, real) == NULL)
		return; /* not made yet: libFuzzer makes it under a parent */
	if (mount(real, real, NULL, MS_BIND | MS_REC, NULL) < 0) {
		perror(real);
		abort();
	}
}

static void
clear_rdonly(const char *path)
{
	char real[4096];
	if (realpath(path, real) == NULL)
		return;
	struct mount_attr attr = { .attr_clr = MOUNT_ATTR_RDONLY };
	if (mount_setattr(AT_FDCWD, real, AT_RECURSIVE, &attr, sizeof(attr)) <
	    0) {
		perror(real);
		abort();
	}
}

static void
sandbox(int argc, char **argv)
{
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		perror("runj fuzz_extract: a private mount namespace");
		abort();
	}
	/* What libFuzzer writes: corpus directories (the arguments that are
	 * not flags) and the directory of -artifact_prefix. */
	if (mount("runj-fuzz-extract", scratch, "tmpfs", MS_NOSUID,
		"size=64m,mode=0700") < 0) {
		perror("runj fuzz_extract: a tmpfs scratch directory");
		abort();
	}
	const char *keep[64];
	size_t n = 0;
	keep[n++] = scratch;
	for (int i = 1; i < argc && n + 1 < ARRAY_SIZE(keep); i++) {
		if (argv[i][0] != '-') {
			keep[n++] = argv[i];
		} else if (has_prefix(argv[i], "-artifact_prefix=")) {
			static char art[4096];
			snprintf(art, sizeof(art), "%s",
			    argv[i] + strlen("-artifact_prefix="));
			size_t l = strlen(art);
			keep[n++] = l > 0 && art[l - 1] == '/' ? art
							       : dirname(art);
		}
	}
	for (size_t i = 0; i < n; i++)
		keep_writable(keep[i]);
	struct mount_attr ro = { .attr_set = MOUNT_ATTR_RDONLY };
	if (mount_setattr(AT_FDCWD, "/", AT_RECURSIVE, &ro, sizeof(ro)) < 0) {
		perror("runj fuzz_extract: a read-only root");
		abort();
	}
	for (size_t i = 0; i < n; i++)
		clear_rdonly(keep[i]);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	if (tmp == NULL && access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	if (tmp == NULL || tmp[0] != '/' ||
	    (size_t)snprintf(scratch, sizeof(scratch),
		"%s/runj-fuzz-extract.XXXXXX", tmp) >= sizeof(scratch))
		snprintf(scratch, sizeof(scratch),
		    "/tmp/runj-fuzz-extract.XXXXXX");
	if (mkdtemp(scratch) == NULL)
		abort();
	atexit(remove_scratch);
	stage = xasprintf("%s/stage", scratch);
	if (geteuid() == 0) {
		cleanup_helper();
		sandbox(*argc, *argv);
		sandboxed = true;
	}
	return 0;
}

/* Only "stage" may be in the scratch directory. */
static void
check_scratch(void)
{
	_cleanup_close_ int fd = open(scratch, O_RDONLY | O_DIRECTORY);
	DIR *d = fd < 0 ? NULL : fdopendir(dup(fd));
	if (d == NULL)
		abort();
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, "stage") != 0) {
			fprintf(stderr, "escaped: %s\n", de->d_name);
			abort();
		}
	closedir(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (mkdir(stage, 0700) < 0)
		abort();
	struct rj_error *err = NULL;
	struct budget budget = { .limit = FUZZ_BUDGET };
	struct progress pr;
	progress_start(&pr, NULL, NULL, "extract", 0);
	locale_t saved = utf8_locale_enter();
	struct archive *a = entries_reader_new();
	if (archive_read_open_memory(a, data, size) == ARCHIVE_OK) {
		struct disk_sink *d = disk_sink_new(stage, true);
		if (entries_from_archive(a, "fuzz", &disk_sink_ops, d, &pr,
			&budget, &err) == 0)
			(void)disk_sink_close(d, &err);
		else
			disk_sink_free(d);
	}
	archive_read_free(a);
	utf8_locale_leave(&saved);
	rj_error_freep(&err);
	check_scratch();
	if (tree_remove(stage, &err) < 0) {
		fprintf(stderr, "tree_remove: %s\n", err->msg);
		abort();
	}
	return 0;
}
