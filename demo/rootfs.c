/* rootfs.c: a root filesystem made offline from what the host has:
 * FreeBSD's statically linked /rescue, or busybox-static and its applet
 * links, plus the few files of /etc a shell and its tools look for. */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "progress.h"
#include "runjdemo.h"
#include "safepath.h"
#include "staging.h"
#include "runjutil.h"

#define RESCUE_DIR	"/rescue"
#define BUSYBOX_DEFAULT "/bin/busybox"

extern char **environ;

struct rootfs_file {
	const char *path;
	const char *text;
	mode_t mode;
};

static const struct rootfs_file etc_files[] = {
	{ "etc/passwd",
	    "root:x:0:0:root:/root:/bin/sh\n"
	    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
	    0644 },
	{ "etc/group", "root:x:0:\nwheel:x:0:root\nnogroup:x:65534:\n", 0644 },
	{ "etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost\n", 0644 },
	{ "etc/resolv.conf", "nameserver 127.0.0.1\n", 0644 },
};

struct rootfs_dir {
	const char *path;
	mode_t mode;
};

static const struct rootfs_dir dirs[] = {
	{ "bin", 0755 },
	{ "dev", 0755 },
	{ "etc", 0755 },
	{ "proc", 0555 },
	{ "root", 0700 },
	{ "run", 0755 },
	{ "sys", 0555 },
	{ "tmp", 01777 },
	{ "usr", 0755 },
	{ "var", 0755 },
	{ "var/tmp", 01777 },
};

/* True when the ELF file at path asks for no program interpreter. */
static int
elf_is_static(const char *path, struct rj_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rj_error_sys(err, "%s", path);
	Elf64_Ehdr eh;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		return rj_error_set(err, ENOEXEC, "%s: not an ELF file", path);
	bool is64 = eh.e_ident[EI_CLASS] == ELFCLASS64;
	uint64_t phoff, phent, phnum;
	if (is64) {
		phoff = eh.e_phoff;
		phent = eh.e_phentsize;
		phnum = eh.e_phnum;
	} else {
		const Elf32_Ehdr *e32 = (const Elf32_Ehdr *)(const void *)&eh;
		phoff = e32->e_phoff;
		phent = e32->e_phentsize;
		phnum = e32->e_phnum;
	}
	for (uint64_t i = 0; i < phnum; i++) {
		uint32_t type;
		if (pread(fd, &type, sizeof(type),
			(off_t)(phoff + i * phent)) != (ssize_t)sizeof(type))
			return rj_error_set(err, ENOEXEC, "%s: truncated ELF",
			    path);
		if (type == PT_INTERP)
			return rj_error_set(err, ENOEXEC,
			    "%s is dynamically linked (install busybox-static)",
			    path);
	}
	return 0;
}

static const char *
busybox_path(void)
{
	const char *p = getenv("RUNJ_DEMO_BUSYBOX");
	return p != NULL && *p != '\0' ? p : BUSYBOX_DEFAULT;
}

/* Makes the link for one applet ("usr/bin/awk") to /bin/busybox. */
static int
busybox_link(const char *dir, const char *applet, struct rj_error **err)
{
	_cleanup_free_ char *rel = NULL;
	if (safepath_clean(applet, &rel, err) < 0)
		return -1;
	if (*rel == '\0' || strcmp(rel, "bin/busybox") == 0)
		return 0;
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdir_p(path, 0755, err) < 0)
		return -1;
	*slash = '/';
	if (symlink("/bin/busybox", path) < 0 && errno != EEXIST)
		return rj_error_sys(err, "symlink %s", path);
	return 0;
}

static int
rootfs_busybox(const char *dir, struct progress *pr, struct rj_error **err)
{
	const char *bb = busybox_path();
	if (elf_is_static(bb, err) < 0)
		return -1;
	_cleanup_free_ char *dst = xasprintf("%s/bin/busybox", dir);
	if (copy_file(bb, dst, 0755, err) < 0)
		return -1;

	int pfd[2];
	if (pipe(pfd) < 0)
		return rj_error_sys(err, "pipe");
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, pfd[0]);
	char *argv[] = { (char *)bb, "--list-full", NULL };
	pid_t pid;
	int rc = posix_spawn(&pid, bb, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc != 0) {
		close(pfd[0]);
		errno = rc;
		return rj_error_sys(err, "run %s", bb);
	}
	FILE *f = fdopen(pfd[0], "r");
	if (f == NULL)
		abort();
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int count = 0;
	rc = 0;
	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (*line == '\0')
			continue;
		rc = busybox_link(dir, line, err);
		count++;
		if (rc == 0)
			rc = progress_report(pr, (uint64_t)count, false, err);
	}
	free(line);
	fclose(f);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc < 0)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || count == 0)
		return rj_error_set(err, EIO, "%s --list-full failed", bb);
	return 0;
}

/* /rescue is one crunched binary under many names: copy it once, and
 * make the other names hard links, as on the host. */
static int
rootfs_rescue(const char *dir, struct progress *pr, struct rj_error **err)
{
	if (make_dir(dir, "rescue", 0755, err) < 0)
		return -1;
	DIR *d = opendir(RESCUE_DIR);
	if (d == NULL)
		return rj_error_sys(err, "%s", RESCUE_DIR);
	_cleanup_free_ char *first = NULL;
	ino_t first_ino = 0;
	struct dirent *de;
	int rc = 0;
	uint64_t n = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((rc = progress_report(pr, ++n, false, err)) < 0)
			break;
		_cleanup_free_ char *src = xasprintf("%s/%s", RESCUE_DIR,
		    de->d_name);
		_cleanup_free_ char *dst = xasprintf("%s/rescue/%s", dir,
		    de->d_name);
		struct stat st;
		if (lstat(src, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (first != NULL && st.st_ino == first_ino) {
			if (link(first, dst) < 0)
				rc = rj_error_sys(err, "link %s", dst);
			continue;
		}
		rc = copy_file(src, dst, st.st_mode & 07777, err);
		if (rc == 0 && first == NULL) {
			first = xstrdup(dst);
			first_ino = st.st_ino;
		}
	}
	closedir(d);
	if (rc < 0)
		return -1;
	/* bin, sbin and their usr/ twins all name the rescue tools, so
	 * /bin/sh and friends are where scripts look for them. */
	static const char *const names[] = { "bin", "sbin", "usr/bin",
		"usr/sbin" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", dir, names[i]);
		_cleanup_error_ struct rj_error *ignored = NULL;
		(void)tree_remove(p, &ignored);
		if (symlink("/rescue", p) < 0)
			return rj_error_sys(err, "symlink %s", p);
	}
	return 0;
}

struct rootfs_source {
	const char *name;
	const char *probe; /* exists when the source is usable */
	int (*populate)(const char *dir, struct progress *pr,
	    struct rj_error **err);
};

static const struct rootfs_source sources[] = {
	{ "rescue", RESCUE_DIR "/sh", rootfs_rescue },
	{ "busybox", NULL, rootfs_busybox },
};

static int
rootfs_populate(const char *dir, struct progress *pr, struct rj_error **err)
{
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		if (make_dir(dir, dirs[i].path, dirs[i].mode, err) < 0)
			return -1;
	for (size_t i = 0; i < ARRAY_SIZE(etc_files); i++)
		if (write_text(dir, etc_files[i].path, etc_files[i].text,
			etc_files[i].mode, err) < 0)
			return -1;
	const struct rootfs_source *src = &sources[ARRAY_SIZE(sources) - 1];
	for (size_t i = 0; i < ARRAY_SIZE(sources); i++) {
		if (sources[i].probe == NULL ||
		    (access(sources[i].probe, X_OK) == 0 &&
			getenv("RUNJ_DEMO_BUSYBOX") == NULL)) {
			src = &sources[i];
			break;
		}
	}
	return src->populate(dir, pr, err);
}

int
rjd_rootfs_progress(const char *out_dir, bool force, rjd_progress_fn fn,
    void *arg, struct rj_error **err)
{
	_cleanup_staging_ struct staging s = { 0 };
	if (staging_begin(&s, out_dir, true, force, err) < 0)
		return rj_error_wrap(err, "rootfs");
	struct progress pr;
	progress_start(&pr, fn, arg, "rootfs", 0);
	/* Built private (staging); a root filesystem's own mode is that of
	 * the container's "/". */
	if (rootfs_populate(s.tmp, &pr, err) < 0)
		return rj_error_wrap(err, "rootfs");
	if (chmod(s.tmp, 0755) < 0)
		return rj_error_sys(err, "rootfs: chmod %s", s.tmp);
	if (staging_commit(&s, err) < 0)
		return rj_error_wrap(err, "rootfs");
	return 0;
}

int
rjd_rootfs(const char *out_dir, bool force, struct rj_error **err)
{
	return rjd_rootfs_progress(out_dir, force, NULL, NULL, err);
}
