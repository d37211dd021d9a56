/*
 * init.c: the child side of create and exec.  The init sets up its stdio
 * (pty or log) while it still sees the host, opens the start gate, enters
 * the jail with jail_attach(2), checks that args[0] exists, lets runj run
 * the runtime hooks, runs createContainer, then waits at the gate (or, for
 * run, for runj's go), runs startContainer and execs the process.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "gate.h"
#include "hooks.h"
#include "process.h"
#include "sync.h"
#include "state.h"
#include "util.h"

static int
console_send(const char *path, int master, struct rj_error **err)
{
	struct sockaddr_un sun;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return rj_error_set(err, ENAMETOOLONG,
		    "--console-socket %s: path too long", path);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	_cleanup_close_ int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		return rj_error_sys(err, "--console-socket %s", path);
	if (sync_send_fd(s, master) < 0)
		return rj_error_sys(err, "--console-socket %s", path);
	return 0;
}

/* A new pty as the process's controlling terminal and stdio; the master
 * goes to the console socket, or to runj (run without one). */
static int
setup_pty(const struct fb_child *ch, struct rj_error **err)
{
	_cleanup_close_ int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		return rj_error_sys(err, "pty");
	const char *name = ptsname(master);
	_cleanup_close_ int slave = name != NULL ? open(name, O_RDWR | O_NOCTTY)
						 : -1;
	if (slave < 0)
		return rj_error_sys(err, "pty %s", name ? name : "");
	const struct rj_process *p = ch->p;
	if (p->console_width > 0 && p->console_height > 0) {
		struct winsize ws = {
			.ws_row = (unsigned short)p->console_height,
			.ws_col = (unsigned short)p->console_width
		};
		ioctl(slave, TIOCSWINSZ, &ws);
	}
	if (ch->console_socket != NULL) {
		if (console_send(ch->console_socket, master, err) < 0)
			return -1;
	} else if (sync_send_fd(ch->sock, master) < 0) {
		return rj_error_sys(err, "sending the pty to runj");
	}
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		return rj_error_sys(err, "pty: controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return rj_error_sys(err, "pty: stdio");
	return 0;
}

/* Output to the logger's pipes (logger.h); input is /dev/null. */
static int
setup_log(const struct fb_child *ch, struct rj_error **err)
{
	int *fds = ch->c->log_fds;
	_cleanup_close_ int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || fds[0] < 0 || fds[1] < 0)
		return rj_error_sys(err, "the container's log");
	if (dup2(null, 0) < 0 || dup2(fds[0], 1) < 0 || dup2(fds[1], 2) < 0)
		return rj_error_sys(err, "the container's log: stdio");
	close(steal_fd(fds[0]));
	close(steal_fd(fds[1]));
	return 0;
}

static int
run_hooks_inside(const struct fb_child *ch, enum rj_hook_kind kind,
    struct rj_error **err)
{
	struct rj_container *c = ch->c;
	if (c->spec.hooks[kind].n == 0)
		return 0;
	c->pid = getpid();
	_cleanup_free_ char *state = container_state_json(c,
	    kind == RJ_HOOK_START_CONTAINER ? RJ_STATUS_CREATED
					    : RJ_STATUS_CREATING);
	return hooks_run(&c->spec.hooks[kind], kind, state, err);
}

/* Everything up to the start gate: errors go back to runj create (or
 * run, or exec) over the sync channel. */
static int
child_setup(const struct fb_child *ch, char **exe, int *gate,
    struct rj_error **err)
{
	const struct rj_process *p = ch->p;
	bool terminal = p->terminal;
	if (terminal) {
		if (setup_pty(ch, err) < 0)
			return -1;
	} else if (!ch->is_exec && ch->c->opts.log_to_state) {
		if (setup_log(ch, err) < 0)
			return -1;
	}
	/* Opened while the host's paths are visible; kept across attach and
	 * above the descriptors the process keeps. */
	if (!ch->is_exec && !ch->c->run_mode) {
		_cleanup_close_ int fd = gate_open(ch->c->dir, err);
		if (fd < 0)
			return -1;
		*gate = fcntl(fd, F_DUPFD_CLOEXEC, 3 + ch->preserve_fds);
		if (*gate < 0)
			return rj_error_sys(err, "exec.fifo");
	}
	if (kern_jail_attach(ch->jid) < 0)
		return rj_error_sys(err, "jail_attach %d", ch->jid);
	if (chdir("/") < 0)
		return rj_error_sys(err, "chdir /");
	/* args[0] and cwd are checked now, so create reports them. */
	if (process_apply_rlimits(p, err) < 0 ||
	    process_find_exec(p, exe, err) < 0 ||
	    process_apply_cwd(p, err) < 0 || chdir("/") < 0)
		return -1;
	if (ch->is_exec)
		return 0;
	/* runj runs prestart and createRuntime now, outside. */
	if (sync_send(ch->sock, SYNC_HOOKS, NULL) < 0 ||
	    sync_expect(ch->sock, SYNC_GO, err) < 0)
		return -1;
	if (run_hooks_inside(ch, RJ_HOOK_CREATE_CONTAINER, err) < 0)
		return -1;
	if (sync_send(ch->sock, SYNC_READY, NULL) < 0)
		return rj_error_sys(err, "sync");
	return 0;
}

/* As FreeBSD's credential has it, the effective gid is cr_groups[0]:
 * setgroups(2) sets it too, so the list starts with the gid (or the first
 * additional group would become the egid, then be lost to setgid). */
static int
apply_user(const struct rj_process *p, struct rj_error **err)
{
	_cleanup_free_ gid_t *groups = xcalloc(p->n_additional_gids + 1,
	    sizeof(*groups));
	groups[0] = p->gid;
	for (size_t i = 0; i < p->n_additional_gids; i++)
		groups[i + 1] = p->additional_gids[i];
	if (kern_setgroups(p->n_additional_gids + 1, groups) < 0)
		return rj_error_sys(err, "process.user.additionalGids");
	if (kern_setgid(p->gid) < 0)
		return rj_error_sys(err, "process.user.gid %u", p->gid);
	if (kern_setuid(p->uid) < 0)
		return rj_error_sys(err, "process.user.uid %u", p->uid);
	if (p->has_umask)
		umask(p->umask);
	return 0;
}

/* After the gate: the startContainer hooks, the user, the cwd, then the
 * exec.  Nothing of runj's reaches the process: every descriptor past
 * stdio and the preserved ones is close-on-exec, the gate and the sync
 * channel included, so they stay open to report an error until the exec
 * has happened -- and start sees the gate close only then. */
static int
child_finish(const struct fb_child *ch, const char *exe, struct rj_error **err)
{
	const struct rj_process *p = ch->p;
	if (!ch->is_exec &&
	    run_hooks_inside(ch, RJ_HOOK_START_CONTAINER, err) < 0)
		return -1;
	if (close_range(3 + (unsigned)ch->preserve_fds, ~0U,
		CLOSE_RANGE_CLOEXEC) < 0)
		return rj_error_sys(err, "close_range");
	if (apply_user(p, err) < 0 || process_apply_cwd(p, err) < 0)
		return -1;
	if (p->no_new_privileges && kern_procctl_no_new_privs() < 0)
		return rj_error_sys(err, "process.noNewPrivileges");
	return process_exec(p, exe, err);
}

static void
report(const struct fb_child *ch, int gate, const struct rj_error *err)
{
	const char *msg = err ? err->msg : "init failed";
	if (gate >= 0)
		gate_report(gate, msg);
	else
		sync_send_error(ch->sock, err);
}

_Noreturn void
fb_child_main(const struct fb_child *ch_in)
{
	struct fb_child chv = *ch_in;
	const struct fb_child *ch = &chv;
	/* Above the fds the process keeps (--preserve-fds). */
	int hi = fcntl(chv.sock, F_DUPFD_CLOEXEC, 3 + chv.preserve_fds);
	if (hi >= 0) {
		close(chv.sock);
		chv.sock = hi;
	}
	struct rj_error *err = NULL;
	_cleanup_free_ char *exe = NULL;
	int gate = -1;
	/* The parent's handlers must not run here. */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	if (child_setup(ch, &exe, &gate, &err) < 0) {
		sync_send_error(ch->sock, err);
		_exit(127);
	}
	if (!ch->is_exec) {
		if (ch->c->run_mode) {
			if (sync_expect(ch->sock, SYNC_GO, &err) < 0)
				_exit(127);
		} else {
			/* runj create has gone: errors from here on are for
			 * runj start, which reads them from the gate. */
			close(steal_fd(chv.sock));
			chv.sock = -1;
			if (gate_wait(gate, &err) < 0)
				_exit(127);
		}
	}
	child_finish(ch, exe, &err);
	report(ch, gate, err);
	_exit(127);
}
