/*
 * sync.h: the channel between runj and the container's init (a socketpair).
 * Messages are a type byte and a length-prefixed payload; an error from the
 * init travels as its one-line message, so the parent can report "args[0]
 * not found" at create time.  File descriptors ride along with SCM_RIGHTS.
 */
#ifndef RJ_SYNC_H
#define RJ_SYNC_H

#include <stddef.h>
#include <sys/types.h>

#include "runj.h"

enum sync_type {
	SYNC_READY = 'R', /* init -> runj: set up, waiting at the gate */
	SYNC_GO = 'G',	  /* runj -> init: go on (after runj's own part) */
	SYNC_ERROR = 'E', /* either way: payload is the message */
	SYNC_MAPS = 'M',  /* init -> runj: write my uid/gid maps, cgroup */
	SYNC_HOOKS = 'H', /* init -> runj: run createRuntime/prestart now */
	SYNC_FD = 'F',	  /* a descriptor: init -> runj the pty master; runj ->
			   * init a bind source, the payload its mount's index */
	SYNC_PID = 'P',	  /* init -> runj: the init's pid, when it forked */
};

/* A child joined to its parent by a channel: forks (or, with spawn,
 * calls spawn(arg), a fork of the caller's own), and returns the child's
 * pid in the parent and 0 in the child, with *fd the caller's end of the
 * channel either way. */
pid_t sync_spawn(pid_t (*spawn)(void *arg), void *arg, int *fd,
    struct rj_error **err);

/* The payload of a SYNC_FD carrying a seccomp listener (init or exec ->
 * runj, which passes it to linux.seccomp.listenerPath). */
#define SYNC_TAG_SECCOMP "seccomp"

int sync_send(int fd, enum sync_type type, const char *payload);
/* Receives one message; *payload is malloc'd (may be NULL).  An SYNC_ERROR
 * from the peer becomes *err and -1; so does EOF. */
int
sync_recv(int fd, enum sync_type *type, char **payload, struct rj_error **err);
/* Receives and checks the expected type. */
int sync_expect(int fd, enum sync_type want, struct rj_error **err);
int sync_send_error(int fd, const struct rj_error *err);
/* Sends len bytes of data with fd attached (SCM_RIGHTS). */
int send_with_fd(int sock, const void *data, size_t len, int fd);
/* Sends fd as a SYNC_FD message. */
int sync_send_fd(int sock, int fd);
/* Sends fd as a SYNC_FD message with a payload (what the fd is for). */
int sync_send_fd_tagged(int sock, int fd, const char *payload);
/* Like sync_recv; a descriptor that came with the message goes to *fd
 * (-1 when none). */
int sync_recv_any(int sock, enum sync_type *type, char **payload, int *fd,
    struct rj_error **err);

#endif
