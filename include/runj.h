/*
 * runj.h: the engine's public API.  The runj CLI, runj-demo and runj-tui call
 * only what is declared here; everything else in engine/ is private.
 *
 * Error convention: a function that can fail returns < 0 and fills *err with
 * a one-line message; callers add context with rj_error_wrap() and pass it
 * up; only main() prints.
 */
#ifndef RUNJ_H
#define RUNJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define RJ_VERSION     "0.1.0"
#define RJ_OCI_VERSION "1.3.0"
#define RJ_ID_MAX      1024

/* ---- errors ---- */

struct rj_error {
	int errnum; /* errno-like cause, 0 when not a system error */
	char *msg;
};

/* Sets *err (if err is not NULL) and returns -1. */
int rj_error_set(struct rj_error **err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Like rj_error_set, appending ": strerror(errno)". */
int rj_error_sys(struct rj_error **err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Prefixes the message in *err with "context: " and returns -1. */
int rj_error_wrap(struct rj_error **err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rj_error_free(struct rj_error *err);
void rj_error_freep(struct rj_error **err);
#define _cleanup_error_ __attribute__((cleanup(rj_error_freep)))

/* ---- messages ---- */

/* The engine never prints.  What it has to say besides errors (warnings,
 * and with RJ_MSG_DEBUG its phase trace) goes to the sink the program
 * installs: runj writes to stderr and --log, runj-tui to its status line
 * and message history.  Without a sink, messages are dropped. */
enum rj_msg_level {
	RJ_MSG_DEBUG,
	RJ_MSG_INFO,
	RJ_MSG_WARNING,
};
typedef void (*rj_msg_fn)(void *arg, enum rj_msg_level level, const char *msg);
/* Messages below min are never formatted. */
void rj_set_msg_sink(rj_msg_fn fn, void *arg, enum rj_msg_level min);

/* ---- containers ---- */

enum rj_status {
	RJ_STATUS_CREATING,
	RJ_STATUS_CREATED,
	RJ_STATUS_RUNNING,
	RJ_STATUS_PAUSED,
	RJ_STATUS_STOPPED,
	/* Its state.json cannot be read (struct rj_state.problem says why):
	 * listed so it can be seen, and only delete --force acts on it. */
	RJ_STATUS_BROKEN,
};

struct rj_state {
	char *id;
	enum rj_status status;
	pid_t pid;	   /* 0 once stopped */
	char *bundle;	   /* absolute */
	char *rootfs;	   /* absolute */
	int64_t created;   /* unix time, nanoseconds */
	char **args;	   /* the process args, NULL-terminated */
	char *annotations; /* JSON object text, "{}" when none */
	char *log_path;	   /* container output log, or NULL */
	char *problem;	   /* RJ_STATUS_BROKEN: why, else NULL */
	uid_t owner;	   /* who made it: the state directory's owner */
};

/* The host: "linux" or "freebsd", and the default --root. */
const char *rj_host_os(void);
const char *rj_default_root(void);
/* Makes the calling process the reaper of its orphaned descendants
 * (PR_SET_CHILD_SUBREAPER, PROC_REAP_ACQUIRE): a manager that creates
 * containers from helper processes then still collects their exit
 * status. */
int rj_reaper_acquire(struct rj_error **err);
const char *rj_status_name(enum rj_status status);

/* Checks an ID against [A-Za-z0-9][A-Za-z0-9_.+-]* and RJ_ID_MAX. */
int rj_id_check(const char *id, struct rj_error **err);

int rj_state_get(const char *root, const char *id, struct rj_state *st,
    struct rj_error **err);
void rj_state_clear(struct rj_state *st);
/* The OCI state JSON (ociVersion, id, status, pid, bundle, annotations). */
char *rj_state_to_json(const struct rj_state *st);
/* Every container under root, sorted by ID.  A missing root is empty. */
int rj_list(const char *root, struct rj_state **out, size_t *n,
    struct rj_error **err);
void rj_list_free(struct rj_state *list, size_t n);
/* The IDs under root, sorted, without reading any state (NULL-terminated;
 * free with strv_free).  A missing root is empty. */
int
rj_list_ids(const char *root, char ***ids, size_t *n, struct rj_error **err);
/* A change stamp for pollers: it changes whenever what rj_state_get would
 * say of the container may have changed (its state was rewritten, its
 * recorded process pid exited), and costs one stat and one kill(pid, 0).
 * pid is the one rj_state_get gave last (0 for none).  Pausing is not
 * seen: read the state again now and then. */
uint64_t rj_state_stamp(const char *root, const char *id, pid_t pid);

struct rj_create_opts {
	const char *bundle; /* default "." */
	const char *pid_file;
	const char *console_socket;
	int preserve_fds;
	bool no_pivot;
	bool no_new_keyring;
	/* Send the container's stdout and stderr to <state dir>/console.log
	 * and read stdin from /dev/null (what the TUI uses): one record a
	 * line, "<RFC 3339 time> <stdout|stderr> <F|P> <text>", the file
	 * renamed console.log.1 (the older one dropped) when it would grow
	 * past log_max bytes (0: 1 MiB). */
	bool log_to_state;
	size_t log_max;
	/* rj_run: leave the stopped container for delete, as runc --keep */
	bool keep;
};

int rj_create(const char *root, const char *id,
    const struct rj_create_opts *opts, struct rj_error **err);
int rj_start(const char *root, const char *id, struct rj_error **err);
int rj_kill(const char *root, const char *id, int sig, bool all,
    struct rj_error **err);
int
rj_delete(const char *root, const char *id, bool force, struct rj_error **err);
/* create + start in the foreground: waits, forwards signals and returns the
 * container's exit status (128+N for a signal) in *status. */
int rj_run(const char *root, const char *id, const struct rj_create_opts *opts,
    bool detach, int *status, struct rj_error **err);

struct rj_exec_request {
	const char *process_file; /* --process: a runtime-spec process JSON */
	char *const *args;	  /* otherwise these, over the config's */
	const char *cwd;
	char *const *env;  /* added to the config's */
	const char *user;  /* "UID[:GID]" */
	char *const *caps; /* added to every set */
	bool tty, no_new_privs;
	const char *console_socket, *pid_file;
	int preserve_fds;
	bool detach;
	/* runc's: added to the config's additionalGids; the AppArmor
	 * profile and SELinux label instead of the config's */
	const gid_t *additional_gids;
	size_t n_additional_gids;
	const char *apparmor, *process_label;
	/* exec in a paused container too (its process starts frozen) */
	bool ignore_paused;
	/* a sub-cgroup of the container's to run in: "path" for every
	 * hierarchy, or "controller[,controller]:path" (repeatable: a
	 * NULL-terminated list) */
	char *const *cgroups;
};
/* Runs a process in a running container; without detach waits and gives
 * its exit status in *status. */
int rj_exec(const char *root, const char *id, const struct rj_exec_request *r,
    int *status, struct rj_error **err);
int
rj_pause(const char *root, const char *id, bool pause, struct rj_error **err);
/* The pids of the container's processes, sorted. */
int rj_pids(const char *root, const char *id, pid_t **pids, size_t *n,
    struct rj_error **err);
/* Applies linux.resources given as JSON text (runj update). */
int rj_update(const char *root, const char *id, const char *resources_json,
    struct rj_error **err);

/* ---- usage ---- */

/* What an OS tells of a container's use, in the same units everywhere.
 * `have` says which groups were read: a group the OS does not keep is
 * left out of runc's JSON rather than shown as zero. */
enum {
	RJ_STATS_CPU = 1 << 0,
	RJ_STATS_CPU_THROTTLING = 1 << 1,
	RJ_STATS_MEMORY = 1 << 2,
	RJ_STATS_SWAP = 1 << 3,
	RJ_STATS_PIDS = 1 << 4,
	RJ_STATS_BLKIO = 1 << 5,
	RJ_STATS_HUGETLB = 1 << 6,
	RJ_STATS_OOM = 1 << 7, /* memory.oom_kills */
};
#define RJ_STATS_UNLIMITED UINT64_MAX

struct rj_stats_kv {
	char *key;
	uint64_t value;
};
struct rj_stats_blkio {
	unsigned major, minor;
	char op[12]; /* "Read", "Write", "Sync", "Async", "Total", ... */
	uint64_t value;
};
struct rj_stats_hugetlb {
	char pagesize[12]; /* "2MB", "1GB" */
	uint64_t usage, max, failcnt;
};

struct rj_stats {
	unsigned have; /* RJ_STATS_* */
	struct {
		uint64_t total, user, kernel; /* nanoseconds */
		uint64_t *percpu;	      /* ns per CPU, or NULL */
		size_t n_percpu;
		uint64_t periods, throttled_periods, throttled_time;
	} cpu;
	struct {
		uint64_t usage, limit, max, failcnt, cache; /* bytes */
		uint64_t swap_usage, swap_limit;
		uint64_t oom_kills;	 /* processes the OOM killer ended */
		struct rj_stats_kv *raw; /* the OS's own counters */
		size_t n_raw;
	} memory;
	struct {
		uint64_t current, limit; /* limit RJ_STATS_UNLIMITED: none */
	} pids;
	struct {
		struct rj_stats_blkio *bytes, *ios; /* recursive totals */
		size_t n_bytes, n_ios;
	} blkio;
	struct rj_stats_hugetlb *hugetlb;
	size_t n_hugetlb;
};

/* The container's use now; rj_stats_clear frees what it holds. */
int rj_stats(const char *root, const char *id, struct rj_stats *st,
    struct rj_error **err);
void rj_stats_clear(struct rj_stats *st);
/* runc's `events --stats` data object for st, as JSON text; caller
 * frees. */
char *rj_stats_to_json(const struct rj_stats *st);
/* The features JSON of runtime-spec; caller frees. */
char *rj_features_json(void);

/* ---- checkpoint and restore (CRIU, on Linux) ---- */

/* runc's checkpoint and restore options, which engines pass. */
struct rj_criu_opts {
	const char *image_path;	 /* required */
	const char *work_path;	 /* logs and work files; NULL: image_path */
	const char *parent_path; /* checkpoint: images of a pre-dump */
	/* soft (NULL), full, strict or ignore */
	const char *manage_cgroups_mode;
	bool leave_running, pre_dump; /* checkpoint only */
	bool tcp_established, ext_unix_sk, shell_job, file_locks;
};
/* Writes the container's processes to o->image_path.  Unless
 * leave_running or pre_dump, they end and the container is deleted, as
 * with runc. */
int rj_checkpoint(const char *root, const char *id,
    const struct rj_criu_opts *o, struct rj_error **err);
/* A new container from opts' bundle whose processes come from the images
 * of a checkpoint; like rj_run, waits for it unless detach. */
int rj_restore(const char *root, const char *id,
    const struct rj_create_opts *opts, const struct rj_criu_opts *o,
    bool detach, int *status, struct rj_error **err);

/* ---- signals ---- */

/* "TERM", "SIGTERM", "term" and "15" all give SIGTERM. */
int rj_signal_parse(const char *text, int *sig, struct rj_error **err);
const char *rj_signal_name(int sig); /* "TERM", or NULL */
/* Iterates the known signals: returns false past the end. */
bool rj_signal_at(size_t i, const char **name, int *sig);

/* ---- config.json ---- */

/* A default config.json for os ("linux" or "freebsd") running args
 * (NULL for the default "sh"), like `runc spec`.  Caller frees. */
char *rj_spec_default_json(const char *os, char *const *args);
/* Loads and checks <bundle>/config.json without touching the system. */
int rj_spec_validate(const char *bundle, struct rj_error **err);

/* Linux: re-executes the program from a sealed in-memory copy of itself
 * unless it already runs from one (CVE-2019-5736).  Any program that creates
 * or execs into containers calls it first thing in main().  Elsewhere a
 * no-op. */
int rj_exe_seal(char **argv, struct rj_error **err);
/* The path of the running program as installed (not the sealed copy), or
 * NULL where the system cannot tell; for finding sibling programs. */
const char *rj_exe_path(void);

/* ---- small helpers shared with the demo and the TUI ---- */

/* Writes data to path through a temporary file, fsync and rename. */
int rj_write_file_atomic(const char *path, const void *data, size_t len,
    mode_t mode, struct rj_error **err);
/* The state directory of a container: <root>/<id>. Caller frees. */
char *rj_state_dir(const char *root, const char *id);

#endif
