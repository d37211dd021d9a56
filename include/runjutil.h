/*
 * runjutil.h: the one utility header the engine shares on purpose with
 * runj-demo and runj-tui: cleanup attributes, allocation that aborts on
 * failure, string vectors, whole-file reads and writes, time stamps.
 */
#ifndef RUNJUTIL_H
#define RUNJUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "runj.h"

void rj_freep(void *p);
void rj_closep(int *fd);
void rj_fclosep(FILE **f);
void rj_strvfreep(char ***v);

#define _cleanup_free_	 __attribute__((cleanup(rj_freep)))
#define _cleanup_close_	 __attribute__((cleanup(rj_closep)))
#define _cleanup_fclose_ __attribute__((cleanup(rj_fclosep)))
#define _cleanup_strv_	 __attribute__((cleanup(rj_strvfreep)))
/* jansson's own json_decrefp; for files that include <jansson.h>. */
#define _cleanup_json_ __attribute__((cleanup(json_decrefp)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Hands ownership out of a cleanup variable. */
#define steal_ptr(p)                                                           \
	({                                                                     \
		__typeof__(p) _tmp = (p);                                      \
		(p) = NULL;                                                    \
		_tmp;                                                          \
	})
#define steal_fd(fd)                                                           \
	({                                                                     \
		int _tmp = (fd);                                               \
		(fd) = -1;                                                     \
		_tmp;                                                          \
	})

/* Allocation failure is not recoverable in a runtime: abort loudly. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

size_t strv_len(char *const *v);
void strv_free(char **v);
char **strv_dup(char *const *v);
/* Joins with sep; caller frees. */
char *strv_join(char *const *v, const char *sep);

/* Reads a whole (small) file; NUL-terminated; *len optional. */
int read_file(const char *path, char **out, size_t *len, struct rj_error **err);
/* The same for a file from an untrusted place (a bundle's config.json):
 * only a regular file (a FIFO, a device or /dev/zero behind a symlink is
 * "PATH: not a regular file", without blocking), of at most max bytes
 * ("PATH: larger than the N MiB limit"). */
int read_regular_file(const char *path, size_t max, char **out, size_t *len,
    struct rj_error **err);
/* The limit for config.json and an exec's process file (runj(8)). */
#define RJ_CONFIG_MAX ((size_t)16 << 20)
int write_all(int fd, const void *buf, size_t len);
ssize_t read_all(int fd, void *buf, size_t len);
/* Replaces path through a temporary file and rename(2); fsync'd when
 * durable.  State under /run needs no fsync: it does not outlive a boot. */
int write_file_replace(const char *path, const void *data, size_t len,
    mode_t mode, bool durable, struct rj_error **err);
/* mkdir -p with mode for the components it creates. */
int mkdir_p(const char *path, mode_t mode, struct rj_error **err);
/* rm -rf that never crosses a mount point. */
int rm_rf(const char *path, struct rj_error **err);
bool has_prefix(const char *s, const char *prefix);
/* Current time in nanoseconds since the epoch. */
int64_t now_ns(void);
/* A monotonic clock, for timeouts and durations. */
int64_t mono_ns(void);
#define mono_ms() (mono_ns() / 1000000)
/* "512 B", "12.3 MiB": sizes for people. */
void format_bytes(char *buf, size_t size, double n);
/* RFC 3339 UTC with nanoseconds into buf. */
void format_rfc3339(int64_t ns, char *buf, size_t size);

#endif
