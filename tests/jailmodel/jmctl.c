/*
 * jmctl: the jail model's administration tool, what jail(8), jls(8),
 * ifconfig(8), rctl(8), mount(8) and devfs(8) are to a FreeBSD host, so the
 * tests can look at and prepare the model's kernel the way they would a
 * real one.  Also the model's environment:
 *
 *   jmctl ns -- CMD...        CMD in a mount and UTS namespace of its own,
 *                             under a reaper that reaps every orphan at
 *                             once, as init(8) does; what CMD leaves
 *                             running is killed when it exits
 *   jmctl boot DIR [racct]    a fresh kernel in DIR (then RUNJ_JAILMODEL=DIR)
 *   jmctl hold FILE -- CMD... CMD under a reaper that writes CMD's status to
 *                             FILE and then holds the zombies it inherits
 *                             until SIGTERM (a slow init)
 *   jmctl shutdown            removes every jail and mount (a test's end)
 *   jmctl jexec NAME CMD...   CMD in a jail, as jexec(8)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model.h"
#include "util.h"

static int
die(const char *what, const char *msg)
{
	fprintf(stderr, "jmctl: %s: %s\n", what, msg);
	return 1;
}

static int
die_errno(const char *what, const char *errmsg)
{
	return die(what, errmsg && *errmsg ? errmsg : strerror(errno));
}

/* Runs argv as our child; returns its wait status. */
static pid_t
spawn(char **argv)
{
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "jmctl: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static int
exit_code(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Kills what is left of our children (orphans came to us: we reap) and
 * reaps them. */
static void
kill_descendants(void)
{
	for (int round = 0; round < 20; round++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		bool any = false;
		DIR *d = opendir("/proc");
		struct dirent *de;
		while (d != NULL && (de = readdir(d)) != NULL) {
			char path[300], buf[512];
			snprintf(path, sizeof(path), "/proc/%s/stat",
			    de->d_name);
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue;
			ssize_t n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			if (n <= 0)
				continue;
			buf[n] = '\0';
			char *s = strrchr(buf, ')');
			char state;
			int ppid;
			if (s != NULL &&
			    sscanf(s + 2, "%c %d", &state, &ppid) == 2 &&
			    ppid == getpid() && state != 'Z') {
				kill(atoi(de->d_name), SIGKILL);
				any = true;
			}
		}
		if (d != NULL)
			closedir(d);
		if (!any)
			break;
		usleep(50000);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static int
cmd_ns(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[1], "--") != 0)
		return die("ns", "usage: jmctl ns -- CMD...");
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS) < 0)
		return die_errno("ns: unshare", NULL);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return die_errno("ns: make / private", NULL);
	sethostname("jailmodel", 9);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	struct stat ns;
	if (stat("/proc/self/ns/mnt", &ns) < 0)
		return die_errno("ns", NULL);
	char ino[32];
	snprintf(ino, sizeof(ino), "%llu", (unsigned long long)ns.st_ino);
	setenv("RUNJ_JAILMODEL_NS", ino, 1);
	pid_t child = spawn(argv + 2);
	int status = 0;
	for (;;) {
		int st;
		pid_t pid = waitpid(-1, &st, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0 || pid == child) {
			status = st;
			break;
		}
	}
	kill_descendants();
	return exit_code(status);
}

static volatile sig_atomic_t released;

static void
on_term(int sig)
{
	(void)sig;
	released = 1;
}

static int
cmd_hold(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[2], "--") != 0)
		return die("hold", "usage: jmctl hold FILE -- CMD...");
	signal(SIGTERM, on_term);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t child = spawn(argv + 3);
	int st;
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%d\n", exit_code(st));
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		write_all(fd, buf, (size_t)n);
		close(fd);
	}
	while (!released)
		pause();
	kill_descendants();
	return 0;
}

static int
cmd_boot(int argc, char **argv)
{
	if (argc < 2)
		return die("boot", "usage: jmctl boot DIR [racct]");
	bool racct = argc > 2 && strcmp(argv[2], "racct") == 0;
	if (model_boot(argv[1], racct) < 0)
		return die_errno("boot", NULL);
	return 0;
}

/* jail -c|-m [-d] NAME=VALUE...   jail -r JID */
static int
cmd_jail(int argc, char **argv)
{
	if (argc < 2)
		return die("jail", "usage: jmctl jail -c|-m|-r ...");
	char errmsg[KERN_ERRMSG_LEN] = "";
	if (strcmp(argv[1], "-r") == 0) {
		if (argc != 3)
			return die("jail", "usage: jmctl jail -r JID|NAME");
		int jid = atoi(argv[2]);
		if (jid == 0)
			jid = kern_jail_get("name", argv[2], NULL, NULL, 0, 0,
			    errmsg);
		if (jid < 0)
			return die_errno("jail -r", errmsg);
		if (kern_jail_remove(jid) < 0)
			return die_errno("jail -r", NULL);
		return 0;
	}
	int flags = strcmp(argv[1], "-c") == 0 ? KJ_CREATE
	    : strcmp(argv[1], "-m") == 0       ? KJ_UPDATE
					       : 0;
	int first = 2;
	if (argc > 2 && strcmp(argv[2], "-d") == 0) {
		flags |= KJ_DYING;
		first = 3;
	}
	size_t n = (size_t)(argc - first);
	struct kern_param *p = xcalloc(n + 1, sizeof(*p));
	for (size_t i = 0; i < n; i++) {
		char *a = argv[first + (int)i];
		char *eq = strchr(a, '=');
		if (eq != NULL)
			*eq = '\0';
		p[i].name = a;
		p[i].value = eq ? eq + 1 : NULL;
	}
	int jid = kern_jail_set(p, n, flags, errmsg);
	free(p);
	if (jid < 0)
		return die_errno("jail", errmsg);
	printf("%d\n", jid);
	return 0;
}

/* jls [-d] -j NAME|JID PARAM...  (values, space-separated) */
static int
cmd_jls(int argc, char **argv)
{
	int flags = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-d") == 0) {
		flags = KJ_DYING;
		i++;
	}
	if (i + 1 >= argc || strcmp(argv[i], "-j") != 0)
		return die("jls", "usage: jmctl jls [-d] -j NAME|JID PARAM...");
	const char *key = argv[i + 1];
	bool numeric = key[strspn(key, "0123456789")] == '\0';
	size_t n = (size_t)(argc - i - 2);
	char **vals = xcalloc(n + 1, sizeof(*vals));
	char errmsg[KERN_ERRMSG_LEN] = "";
	int jid = kern_jail_get(numeric ? "jid" : "name", key,
	    (const char *const *)(argv + i + 2), vals, n, flags, errmsg);
	if (jid < 0) {
		free(vals);
		return die_errno("jls", errmsg);
	}
	if (n == 0)
		printf("%d\n", jid);
	for (size_t k = 0; k < n; k++) {
		printf("%s%s", k ? " " : "", vals[k]);
		free(vals[k]);
	}
	if (n > 0)
		printf("\n");
	free(vals);
	return 0;
}

static int
cmd_ifconfig(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "epair") == 0 &&
	    strcmp(argv[2], "create") == 0) {
		char name[32];
		if (model_epair_create(name, sizeof(name)) < 0)
			return die_errno("ifconfig", NULL);
		printf("%s\n", name);
		return 0;
	}
	if (argc == 3 && strcmp(argv[2], "destroy") == 0) {
		if (model_if_destroy(argv[1]) < 0)
			return die_errno("ifconfig", NULL);
		return 0;
	}
	if (argc == 3 &&
	    (strcmp(argv[2], "inet") == 0 || strcmp(argv[2], "inet6") == 0)) {
		_cleanup_free_ char *addrs = model_if_addrs(argv[1], argv[2]);
		if (addrs == NULL)
			return die(argv[1], "no such interface");
		fputs(addrs, stdout);
		return 0;
	}
	if (argc == 2) {
		_cleanup_free_ char *where = model_if_where(argv[1]);
		if (where == NULL)
			return die(argv[1], "no such interface");
		printf("%s\n", where);
		return 0;
	}
	return die("ifconfig",
	    "usage: jmctl ifconfig epair create | IF "
	    "destroy | IF [inet|inet6]");
}

static int
cmd_rctl(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "-u") == 0) {
		char buf[4096];
		if (kern_rctl_get_racct(argv[2], buf, sizeof(buf)) < 0)
			return die_errno("rctl", NULL);
		for (char *c = buf; *c; c++)
			if (*c == ',')
				*c = '\n';
		printf("%s\n", buf);
		return 0;
	}
	_cleanup_free_ char *rules = model_rctl_rules(
	    argc > 1 ? argv[1] : "::");
	if (rules == NULL)
		return die_errno("rctl", NULL);
	fputs(rules, stdout);
	return 0;
}

static int
cmd_mount(int argc, char **argv)
{
	if (argc == 1) {
		struct model m;
		if (model_enter(&m) < 0)
			return die_errno("mount", NULL);
		size_t i;
		json_t *mnt;
		json_array_foreach(jarr(m.k, "mounts"), i, mnt)
		{
			json_t *f = json_object_get(mnt, "fsid");
			printf("%s on %s (fsid %lld:%lld)\n",
			    jstr(mnt, "fstype"), jstr(mnt, "on"),
			    (long long)json_integer_value(json_array_get(f, 0)),
			    (long long)json_integer_value(
				json_array_get(f, 1)));
		}
		model_leave(&m);
		return 0;
	}
	/* mount -t TYPE [-o ro] SOURCE PATH */
	if (argc < 5 || strcmp(argv[1], "-t") != 0)
		return die("mount",
		    "usage: jmctl mount [-t TYPE [-o ro] "
		    "SOURCE PATH]");
	bool ro = argc == 7 && strcmp(argv[3], "-o") == 0 &&
	    strcmp(argv[4], "ro") == 0;
	struct kern_param p[] = {
		{ "fstype", argv[2] },
		{ "fspath", argv[argc - 1] },
		{ "target", argv[argc - 2] },
	};
	char errmsg[256] = "";
	if (kern_nmount(p, strcmp(argv[2], "nullfs") == 0 ? 3 : 2,
		ro ? KM_RDONLY : 0, errmsg, sizeof(errmsg)) < 0)
		return die_errno("mount", errmsg);
	return 0;
}

static int
cmd_umount(int argc, char **argv)
{
	if (argc != 2)
		return die("umount", "usage: jmctl umount PATH");
	if (kern_unmount_path(argv[1], 0) < 0)
		return die_errno("umount", NULL);
	return 0;
}

/* devfs rulesets | devfs -s N show */
static int
cmd_devfs(int argc, char **argv)
{
	struct model m;
	if (model_enter(&m) < 0)
		return die_errno("devfs", NULL);
	size_t i, k;
	json_t *rs, *r;
	bool rulesets = argc == 2 && strcmp(argv[1], "rulesets") == 0;
	long want = argc == 4 && strcmp(argv[1], "-s") == 0 ? atol(argv[2])
							    : -1;
	json_array_foreach(jarr(m.k, "rulesets"), i, rs)
	{
		if (rulesets) {
			printf("%lld\n", (long long)jint(rs, "n"));
			continue;
		}
		if (jint(rs, "n") != want)
			continue;
		json_array_foreach(jarr(rs, "rules"), k, r)
		{
			printf("%lld", (long long)jint(r, "id"));
			if (jbool(r, "include"))
				printf(" include %lld",
				    (long long)jint(r, "incset"));
			if (jstr(r, "path"))
				printf(" path %s", jstr(r, "path"));
			if (jstr(r, "action"))
				printf(" %s", jstr(r, "action"));
			if (json_object_get(r, "mode"))
				printf(" mode %llo",
				    (unsigned long long)jint(r, "mode"));
			printf("\n");
		}
	}
	model_leave(&m);
	return 0;
}

/* ps -j JID: the pids kinfo_proc puts in that jail. */
static int
cmd_ps(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "-j") != 0)
		return die("ps", "usage: jmctl ps -j JID");
	int jid = atoi(argv[2]);
	_cleanup_free_ struct kern_proc *kp = NULL;
	size_t n;
	if (kern_proc_list(&kp, &n) < 0)
		return die_errno("ps", NULL);
	for (size_t i = 0; i < n; i++)
		if (kp[i].jid == jid)
			printf("%d %c\n", (int)kp[i].pid,
			    kp[i].state == KP_ZOMB	 ? 'Z'
				: kp[i].state == KP_STOP ? 'T'
							 : 'S');
	return 0;
}

/* jexec NAME|JID CMD...: CMD in the jail, as jexec(8) runs it. */
static int
cmd_jexec(int argc, char **argv)
{
	if (argc < 3)
		return die("jexec", "usage: jmctl jexec NAME|JID CMD...");
	int jid = atoi(argv[1]);
	char errmsg[KERN_ERRMSG_LEN] = "";
	if (jid == 0)
		jid = kern_jail_get("name", argv[1], NULL, NULL, 0, 0, errmsg);
	if (jid < 0)
		return die_errno("jexec", errmsg);
	if (kern_jail_attach(jid) < 0)
		return die_errno("jexec: jail_attach", NULL);
	execvp(argv[2], argv + 2);
	return die_errno(argv[2], NULL);
}

/* sysctl NAME */
static int
cmd_sysctl(int argc, char **argv)
{
	int v;
	if (argc != 2)
		return die("sysctl", "usage: jmctl sysctl NAME");
	if (kern_sysctl_int(argv[1], &v) < 0)
		return die_errno(argv[1], NULL);
	printf("%d\n", v);
	return 0;
}

/* shutdown: what a test left: every jail removed (its processes killed
 * and, since jmctl ns reaps, gone), then every mount, newest first. */
static int
cmd_shutdown(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (int round = 0; round < 100; round++) {
		struct model m;
		if (model_enter(&m) < 0)
			return die_errno("shutdown", NULL);
		size_t n = json_array_size(model_jails(&m));
		int *jids = xcalloc(n + 1, sizeof(*jids));
		for (size_t i = 0; i < n; i++)
			jids[i] = jail_jid(json_array_get(model_jails(&m), i));
		model_leave(&m);
		if (n == 0) {
			free(jids);
			break;
		}
		for (size_t i = 0; i < n; i++)
			kern_jail_remove(jids[i]);
		free(jids);
		usleep(50000);
	}
	struct model m;
	if (model_enter(&m) < 0)
		return die_errno("shutdown", NULL);
	json_t *mounts = json_deep_copy(jarr(m.k, "mounts"));
	model_leave(&m);
	for (size_t i = json_array_size(mounts); i-- > 0;) {
		json_t *f = json_object_get(json_array_get(mounts, i), "fsid");
		struct kern_fsid fsid = { {
		    (int32_t)json_integer_value(json_array_get(f, 0)),
		    (int32_t)json_integer_value(json_array_get(f, 1)),
		} };
		kern_unmount_fsid(fsid, KU_FORCE);
	}
	json_decref(mounts);
	return 0;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} cmds[] = {
	{ "shutdown", cmd_shutdown },
	{ "ns", cmd_ns },
	{ "hold", cmd_hold },
	{ "boot", cmd_boot },
	{ "jail", cmd_jail },
	{ "jls", cmd_jls },
	{ "ifconfig", cmd_ifconfig },
	{ "rctl", cmd_rctl },
	{ "mount", cmd_mount },
	{ "umount", cmd_umount },
	{ "devfs", cmd_devfs },
	{ "ps", cmd_ps },
	{ "sysctl", cmd_sysctl },
	{ "jexec", cmd_jexec },
};

int
main(int argc, char **argv)
{
	if (argc < 2)
		return die("usage",
		    "jmctl COMMAND ARGS... (ns, hold, boot, "
		    "jail, jls, ifconfig, rctl, mount, umount, "
		    "devfs, ps, sysctl)");
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	return die(argv[1], "unknown command");
}
