/* console.c: the container's pty, made in its own devpts. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "linux/linux_int.h"
#include "sync.h"
#include "util.h"

int
console_connect(const char *path, struct rj_error **err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path))
		return rj_error_set(err, ENAMETOOLONG,
		    "--console-socket %s: path too long", path);
	strcpy(sa.sun_path, path);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		rj_error_sys(err, "--console-socket %s", path);
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

int
console_setup(struct linux_init *li, int rootfd, struct rj_error **err)
{
	const struct rj_process *p = li->proc;
	_cleanup_close_ int master = -1;
	if (rootfd >= 0) {
		struct open_how how = { .flags = O_RDWR | O_NOCTTY | O_CLOEXEC,
			.resolve = RESOLVE_IN_ROOT };
		master = linux_openat2(rootfd, "/dev/pts/ptmx", &how);
	} else {
		master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	}
	if (master < 0)
		return rj_error_sys(err, "open the container's /dev/pts/ptmx");
	int unlock = 0, n = -1;
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0 ||
	    ioctl(master, TIOCGPTN, &n) < 0)
		return rj_error_sys(err, "unlock the pty");
	_cleanup_close_ int slave = ioctl(master, TIOCGPTPEER,
	    O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return rj_error_sys(err, "open the pty's slave");
	/* The console is the process's, as runc makes it: its owner only,
	 * the group stays the devpts gid= (tty).  EPERM (an owner not
	 * mapped here) and EROFS leave it as it is, as in runc. */
	struct stat st;
	if (fstat(slave, &st) < 0)
		return rj_error_sys(err, "stat the pty's slave");
	if (st.st_uid != p->uid && fchown(slave, p->uid, (gid_t)-1) < 0 &&
	    errno != EPERM && errno != EROFS)
		return rj_error_sys(err, "chown the console to uid %u",
		    (unsigned)p->uid);
	if (p->console_height > 0 || p->console_width > 0) {
		struct winsize ws = {
			.ws_row = (unsigned short)p->console_height,
			.ws_col = (unsigned short)p->console_width
		};
		ioctl(slave, TIOCSWINSZ, &ws);
	}
	char name[32];
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	if (rootfd >= 0) {
		char src[64];
		snprintf(src, sizeof(src), "/proc/self/fd/%d", slave);
		if (rootfs_console(li, src, err) < 0)
			return -1;
	}
	if (li->console_socket != NULL) {
		_cleanup_close_ int s = li->console_sock_fd >= 0
		    ? steal_fd(li->console_sock_fd)
		    : console_connect(li->console_socket, err);
		if (s < 0)
			return -1;
		/* runc's protocol: the pty's name as data, the master as
		 * SCM_RIGHTS; containerd and Podman read it so. */
		if (send_with_fd(s, name, strlen(name), master) < 0)
			return rj_error_sys(err, "send the console to %s",
			    li->console_socket);
	} else if (sync_send_fd(li->sync_fd, master) < 0) {
		return rj_error_sys(err, "send the console to runj");
	}
	if (setsid() < 0 && !li->is_exec)
		return rj_error_sys(err, "setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return rj_error_sys(err,
		    "make the pty the controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return rj_error_sys(err, "dup the pty");
	return 0;
}
