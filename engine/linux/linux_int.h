/* linux_int.h: what the Linux driver's files share. */
#ifndef RJ_LINUX_INT_H
#define RJ_LINUX_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include "container.h"
#include "driver.h"

/* The child's side of create and exec. */
extern const struct rj_driver linux_driver;

struct linux_init {
	struct rj_container *c;
	const struct rj_process *proc; /* the process to exec */
	int sync_fd;		       /* the child's end of the channel */
	int rootfd;		       /* O_PATH of the rootfs, in the init */
	int gate_fd;		       /* exec.fifo, create only */
	int preserve_fds;
	const char *console_socket;
	int console_sock_fd; /* connected already, or -1 */
	bool in_userns;	     /* made or joined one */
	bool is_exec;	     /* runj exec, not the init */
	bool cgroup_ns_made; /* linux_init_cgroup_ns ran */
	/* What the new process joins first (see struct cg_join). */
	struct cg_join *join;
	bool detach;
	/* Per mount: its bind source as runj opened it, or -1 (see
	 * rootfs_bind_sources). */
	int *bind_fds;
};

struct linux_ns {
	unsigned long flag; /* CLONE_NEW* */
	const char *proc;   /* its name under /proc/PID/ns */
	bool at_clone;	    /* made by clone(2) (else by the init) */
};
extern const struct linux_ns linux_ns[RJ_NS_TYPES];

/* The CLONE_NEW* flags of every new namespace clone(2) could make. */
unsigned long linux_new_ns_flags(const struct rj_linux *l);
/* Those clone(2) makes for the init: none with a user namespace joined by
 * path (the init makes them once in it, so that it owns them, as runc
 * does), and no pid namespace with a new time namespace (enter_by_fork). */
unsigned long linux_clone_flags(const struct rj_linux *l);

/* A namespace of type t that the container gets new (listed, no path). */
static inline bool
linux_ns_new(const struct rj_linux *l, enum rj_ns_type t)
{
	return l->namespaces[t].present && l->namespaces[t].path == NULL;
}
extern const enum rj_ns_type linux_ns_join_order[RJ_NS_TYPES];

/* The init: never returns. */
__attribute__((noreturn)) void linux_init_main(struct linux_init *li);
/* An exec'd process: joins the init's namespaces; never returns. */
__attribute__((noreturn)) void linux_exec_main(struct linux_init *li);

/* init.c: the new cgroup namespace, once the cgroup is joined (once). */
int linux_init_cgroup_ns(struct linux_init *li, struct rj_error **err);

/* rootfs.c */
/* Whether mounts[i] is a bind mount whose source runj opens for the
 * init, a mapped root.  Pure: runj and the init ask alike. */
bool rootfs_bind_source_wanted(const struct rj_spec *s, size_t i);
int rootfs_setup(struct linux_init *li, struct rj_error **err);
int rootfs_open_dest(int rootfd, const char *path, bool as_file,
    struct rj_error **err);
int
rootfs_console(struct linux_init *li, const char *slave, struct rj_error **err);
int rootfs_pivot(struct linux_init *li, struct rj_error **err);
int rootfs_finish(struct linux_init *li, struct rj_error **err);

/* console.c: a pty made in the container's devpts (rootfd < 0: in the
 * current root); the master goes to console_socket, or over sync_fd when
 * that is NULL; the slave becomes stdio and the controlling terminal. */
int console_setup(struct linux_init *li, int rootfd, struct rj_error **err);
/* Connects to a console socket; returns the fd. */
int console_connect(const char *path, struct rj_error **err);

int
linux_apply_oom_score_adj(const struct rj_process *p, struct rj_error **err);

/* What the init and exec share: before the gate (or READY), then after. */
int linux_process_prepare(struct linux_init *li, struct rj_error **err);
int linux_process_finish(struct linux_init *li, const char *path,
    struct rj_error **err);

/* Forks with CLONE_PARENT (runj stays the parent) and sends the child's
 * pid to runj as SYNC_PID; the parent half exits, the child returns 0
 * once its pid is sent.  For a pid or time namespace that holds only the
 * children of who entered it. */
/* runj exec: a process in the running container. */
int linux_exec(struct rj_container *c, const struct rj_process *p,
    const struct rj_exec_opts *opts, pid_t *pid, struct rj_error **err);
int linux_fork_into(struct linux_init *li, struct rj_error **err);
/* criu.c: checkpoint and restore through CRIU. */
int linux_checkpoint(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err);
int linux_restore(struct rj_container *c, const struct rj_criu_opts *o,
    struct rj_error **err);
/* clone(2) without a new stack: a fork with namespace flags. */
pid_t linux_clone(unsigned long flags);
/* The same into a cgroup, with a channel (sync_spawn): the child joins
 * the rest of the cgroup with cgroup_join_self. */
struct cg_join;
struct linux_spawn {
	unsigned long flags;
	struct cg_join *join;
};
pid_t linux_spawn(struct linux_spawn *how, int *sock, struct rj_error **err);
bool linux_cgroup_v2_only(void);

/* openat2.c: openat2(2), repeated while a lookup raced (EAGAIN). */
struct open_how;
int linux_openat2(int dirfd, const char *path, const struct open_how *how);

/* hostfds.c: closes (not only marks) every descriptor >= first but those
 * in keep (at most 8), so nothing of the host's reaches the container. */
int linux_close_host_fds(int first, const int *keep, size_t n_keep,
    struct rj_error **err);
/* chdir to cwd resolved inside the current root, refusing /proc magic
 * links and anything that ends outside the root. */
int linux_enter_cwd(const char *cwd, struct rj_error **err);

#endif
