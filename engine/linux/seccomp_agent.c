/*
 * seccomp_agent.c: the listener of a filter with SCMP_ACT_NOTIFY rules
 * goes to the agent at linux.seccomp.listenerPath as runc sends it: one
 * message on a new connection, runtime-spec's container process state
 * (ociVersion, fds ["seccompFd"], pid, metadata, state) as the data and
 * the listener as SCM_RIGHTS.  runj sends it, not the container's process:
 * the path is the host's, and a notification on the process's own
 * sendmsg would wait for an agent without the descriptor.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "linux/seccomp_filter.h"
#include "sync.h"
#include "util.h"

int
seccomp_agent_send(const struct rj_container *c, enum rj_status status,
    pid_t pid, int listener, struct rj_error **err)
{
	const char *path = c->spec.linux_.seccomp.listener_path;
	const char *meta = c->spec.linux_.seccomp.listener_metadata;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (path == NULL)
		return rj_error_set(err, EINVAL,
		    "linux.seccomp.listenerPath is not set");
	if (strlen(path) >= sizeof(sa.sun_path))
		return rj_error_set(err, ENAMETOOLONG,
		    "linux.seccomp.listenerPath %s: path too long", path);
	strcpy(sa.sun_path, path);
	_cleanup_free_ char *state_text = container_state_json(c, status);
	json_t *state = json_loads(state_text, 0, NULL);
	json_t *o = json_pack("{s:s, s:[s], s:i, s:o*}", "ociVersion",
	    RJ_OCI_VERSION, "fds", "seccompFd", "pid", (int)pid, "state",
	    state);
	if (meta != NULL && meta[0] != '\0')
		json_object_set_new(o, "metadata", json_string(meta));
	_cleanup_free_ char *text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	_cleanup_close_ int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return rj_error_sys(err,
		    "linux.seccomp.listenerPath %s: connect to the seccomp "
		    "agent",
		    path);
	if (send_with_fd(s, text, strlen(text), listener) < 0)
		return rj_error_sys(err,
		    "linux.seccomp.listenerPath %s: send the listener", path);
	return 0;
}
