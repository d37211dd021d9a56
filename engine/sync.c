/* sync.c: typed messages over the runj <-> init socketpair. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "sync.h"
#include "util.h"

struct sync_header {
	char type;
	uint32_t len;
} __attribute__((packed));

int
sync_send(int fd, enum sync_type type, const char *payload)
{
	struct sync_header h = { .type = (char)type,
		.len = payload ? (uint32_t)strlen(payload) : 0 };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)payload, h.len } };
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = h.len ? 2 : 1 };
	ssize_t want = (ssize_t)(sizeof(h) + h.len);
	ssize_t w;
	do
		w = sendmsg(fd, &msg, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	return w == want ? 0 : -1;
}

int
sync_send_error(int fd, const struct rj_error *err)
{
	return sync_send(fd, SYNC_ERROR, err != NULL ? err->msg : "failed");
}

int
sync_recv_any(int sock, enum sync_type *type, char **payload, int *passed,
    struct rj_error **err)
{
	struct sync_header h;
	struct iovec iov = { &h, sizeof(h) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf) };
	ssize_t r;
	do
		r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return rj_error_sys(err, "read from container init");
	if (r == 0)
		return rj_error_set(err, EPIPE,
		    "container init exited before it was ready");
	int got = -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (c != NULL && c->cmsg_level == SOL_SOCKET &&
	    c->cmsg_type == SCM_RIGHTS)
		memcpy(&got, CMSG_DATA(c), sizeof(int));
	if ((size_t)r != sizeof(h) || h.len > 65536) {
		if (got >= 0)
			close(got);
		return rj_error_set(err, EPROTO,
		    "bad message from container init");
	}
	if (passed != NULL)
		*passed = got;
	else if (got >= 0)
		close(got);
	_cleanup_free_ char *buf = xmalloc(h.len + 1);
	if (h.len > 0 && read_all(sock, buf, h.len) != (ssize_t)h.len) {
		if (got >= 0)
			close(got);
		return rj_error_set(err, EPROTO,
		    "short message from container init");
	}
	buf[h.len] = '\0';
	if (h.type == SYNC_ERROR) {
		if (passed != NULL && got >= 0)
			close(got);
		return rj_error_set(err, EINVAL, "%s", buf);
	}
	*type = (enum sync_type)h.type;
	if (payload != NULL)
		*payload = steal_ptr(buf);
	return 0;
}

int
sync_recv(int fd, enum sync_type *type, char **payload, struct rj_error **err)
{
	return sync_recv_any(fd, type, payload, NULL, err);
}

int
sync_expect(int fd, enum sync_type want, struct rj_error **err)
{
	enum sync_type got;
	if (sync_recv(fd, &got, NULL, err) < 0)
		return -1;
	if (got != want)
		return rj_error_set(err, EPROTO,
		    "container init: expected message '%c', got '%c'", want,
		    got);
	return 0;
}

int
send_with_fd(int sock, const void *data, size_t len, int fd)
{
	struct iovec iov = { (void *)data, len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = { .msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	ssize_t w;
	do
		w = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	return w == (ssize_t)len ? 0 : -1;
}

int
sync_send_fd_tagged(int sock, int fd, const char *payload)
{
	size_t n = payload != NULL ? strlen(payload) : 0;
	struct sync_header h = { .type = SYNC_FD, .len = (uint32_t)n };
	_cleanup_free_ char *buf = xmalloc(sizeof(h) + n);
	memcpy(buf, &h, sizeof(h));
	if (n > 0)
		memcpy(buf + sizeof(h), payload, n);
	return send_with_fd(sock, buf, sizeof(h) + n, fd);
}

int
sync_send_fd(int sock, int fd)
{
	return sync_send_fd_tagged(sock, fd, NULL);
}

pid_t
sync_spawn(pid_t (*spawn)(void *arg), void *arg, int *fd, struct rj_error **err)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return rj_error_sys(err, "socketpair");
	pid_t pid = spawn != NULL ? spawn(arg) : fork();
	if (pid < 0) {
		rj_error_sys(err, spawn != NULL ? "clone" : "fork");
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	close(sv[pid == 0 ? 0 : 1]);
	*fd = sv[pid == 0 ? 1 : 0];
	return pid;
}
