/* mount_opts.c: one table from option names to what they do. */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include "linux/mount_opts.h"
#include "util.h"

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY      0x00000001
#define MOUNT_ATTR_NOSUID      0x00000002
#define MOUNT_ATTR_NODEV       0x00000004
#define MOUNT_ATTR_NOEXEC      0x00000008
#define MOUNT_ATTR__ATIME      0x00000070
#define MOUNT_ATTR_RELATIME    0x00000000
#define MOUNT_ATTR_NOATIME     0x00000010
#define MOUNT_ATTR_STRICTATIME 0x00000020
#define MOUNT_ATTR_NODIRATIME  0x00000080
#endif

enum opt_kind {
	OPT_SET,
	OPT_CLEAR,
	OPT_PROPAGATION,
	OPT_BIND,
	OPT_ATTR_SET,
	OPT_ATTR_CLEAR
};

struct opt {
	const char *name;
	enum opt_kind kind;
	unsigned long flag;
};

static const struct opt opts[] = {
	{ "ro", OPT_SET, MS_RDONLY },
	{ "rw", OPT_CLEAR, MS_RDONLY },
	{ "nosuid", OPT_SET, MS_NOSUID },
	{ "suid", OPT_CLEAR, MS_NOSUID },
	{ "nodev", OPT_SET, MS_NODEV },
	{ "dev", OPT_CLEAR, MS_NODEV },
	{ "noexec", OPT_SET, MS_NOEXEC },
	{ "exec", OPT_CLEAR, MS_NOEXEC },
	{ "sync", OPT_SET, MS_SYNCHRONOUS },
	{ "async", OPT_CLEAR, MS_SYNCHRONOUS },
	{ "dirsync", OPT_SET, MS_DIRSYNC },
	{ "remount", OPT_SET, MS_REMOUNT },
	{ "mand", OPT_SET, MS_MANDLOCK },
	{ "nomand", OPT_CLEAR, MS_MANDLOCK },
	{ "noatime", OPT_SET, MS_NOATIME },
	{ "atime", OPT_CLEAR, MS_NOATIME },
	{ "nodiratime", OPT_SET, MS_NODIRATIME },
	{ "diratime", OPT_CLEAR, MS_NODIRATIME },
	{ "relatime", OPT_SET, MS_RELATIME },
	{ "norelatime", OPT_CLEAR, MS_RELATIME },
	{ "strictatime", OPT_SET, MS_STRICTATIME },
	{ "nostrictatime", OPT_CLEAR, MS_STRICTATIME },
	{ "silent", OPT_SET, MS_SILENT },
	{ "loud", OPT_CLEAR, MS_SILENT },
	{ "lazytime", OPT_SET, MS_LAZYTIME },
	{ "nolazytime", OPT_CLEAR, MS_LAZYTIME },
	{ "iversion", OPT_SET, MS_I_VERSION },
	{ "noiversion", OPT_CLEAR, MS_I_VERSION },
	{ "bind", OPT_BIND, MS_BIND },
	{ "rbind", OPT_BIND, MS_BIND | MS_REC },
	{ "private", OPT_PROPAGATION, MS_PRIVATE },
	{ "rprivate", OPT_PROPAGATION, MS_PRIVATE | MS_REC },
	{ "shared", OPT_PROPAGATION, MS_SHARED },
	{ "rshared", OPT_PROPAGATION, MS_SHARED | MS_REC },
	{ "slave", OPT_PROPAGATION, MS_SLAVE },
	{ "rslave", OPT_PROPAGATION, MS_SLAVE | MS_REC },
	{ "unbindable", OPT_PROPAGATION, MS_UNBINDABLE },
	{ "runbindable", OPT_PROPAGATION, MS_UNBINDABLE | MS_REC },
	/* runtime-spec 1.1's recursive attributes (mount_setattr(2)). */
	{ "rro", OPT_ATTR_SET, MOUNT_ATTR_RDONLY },
	{ "rrw", OPT_ATTR_CLEAR, MOUNT_ATTR_RDONLY },
	{ "rnosuid", OPT_ATTR_SET, MOUNT_ATTR_NOSUID },
	{ "rsuid", OPT_ATTR_CLEAR, MOUNT_ATTR_NOSUID },
	{ "rnodev", OPT_ATTR_SET, MOUNT_ATTR_NODEV },
	{ "rdev", OPT_ATTR_CLEAR, MOUNT_ATTR_NODEV },
	{ "rnoexec", OPT_ATTR_SET, MOUNT_ATTR_NOEXEC },
	{ "rexec", OPT_ATTR_CLEAR, MOUNT_ATTR_NOEXEC },
	{ "rnodiratime", OPT_ATTR_SET, MOUNT_ATTR_NODIRATIME },
	{ "rdiratime", OPT_ATTR_CLEAR, MOUNT_ATTR_NODIRATIME },
	{ "rnoatime", OPT_ATTR_SET, MOUNT_ATTR_NOATIME },
	{ "rstrictatime", OPT_ATTR_SET, MOUNT_ATTR_STRICTATIME },
	{ "rrelatime", OPT_ATTR_SET, MOUNT_ATTR_RELATIME },
};

/* Options that only other runtimes' tooling reads: accepted, no effect. */
static const char *const ignored[] = { "tmpcopyup", "defaults", NULL };

unsigned long
mount_propagation_flags(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].kind == OPT_PROPAGATION &&
		    strcmp(opts[i].name, name) == 0)
			return opts[i].flag;
	return 0;
}

int
mount_opts_parse(char *const *options, struct mount_opts *mo,
    struct rj_error **err)
{
	memset(mo, 0, sizeof(*mo));
	size_t cap = 1, len = 0;
	for (size_t i = 0; options != NULL && options[i] != NULL; i++)
		cap += strlen(options[i]) + 1;
	mo->data = xcalloc(1, cap);
	for (size_t i = 0; options != NULL && options[i] != NULL; i++) {
		const char *o = options[i];
		size_t j;
		for (j = 0; j < ARRAY_SIZE(opts); j++)
			if (strcmp(opts[j].name, o) == 0)
				break;
		if (j == ARRAY_SIZE(opts)) {
			bool skip = false;
			for (size_t k = 0; ignored[k] != NULL; k++)
				skip |= strcmp(ignored[k], o) == 0;
			if (strcmp(o, "idmap") == 0 || strcmp(o, "ridmap") == 0)
				return rj_error_set(err, ENOTSUP,
				    "mount option \"%s\" is not supported", o);
			if (skip)
				continue;
			len += (size_t)snprintf(mo->data + len, cap - len,
			    "%s%s", len ? "," : "", o);
			continue;
		}
		const struct opt *op = &opts[j];
		switch (op->kind) {
		case OPT_SET:
			mo->flags |= op->flag;
			mo->clear &= ~op->flag;
			break;
		case OPT_CLEAR:
			mo->flags &= ~op->flag;
			mo->clear |= op->flag;
			break;
		case OPT_PROPAGATION:
			mo->propagation = op->flag;
			break;
		case OPT_BIND:
			mo->bind = true;
			mo->flags |= op->flag;
			break;
		case OPT_ATTR_SET:
			if (op->flag == MOUNT_ATTR_STRICTATIME ||
			    op->flag == MOUNT_ATTR_RELATIME ||
			    op->flag == MOUNT_ATTR_NOATIME)
				mo->attr_clr |= MOUNT_ATTR__ATIME;
			mo->attr_set |= op->flag;
			break;
		case OPT_ATTR_CLEAR:
			mo->attr_clr |= op->flag;
			break;
		}
	}
	return 0;
}

void
mount_opts_free(struct mount_opts *mo)
{
	free(mo->data);
	mo->data = NULL;
}

json_t *
mount_opts_names(void)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		json_array_append_new(a, json_string(opts[i].name));
	return a;
}
