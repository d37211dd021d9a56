/*
 * jail_plan.h: a container's config translated into what the FreeBSD
 * driver does, in order: jail(2) parameters, nmount(2) calls, devfs rules,
 * rctl(2) rules and network steps.  Built by plain C without system calls,
 * so it is unit-tested on every OS; the driver only carries it out.  Every
 * check of the config that does not need the running system is here, so
 * bad input fails before anything exists.
 */
#ifndef RJ_FREEBSD_JAIL_PLAN_H
#define RJ_FREEBSD_JAIL_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "runj.h"
#include "spec.h"

/* A jail parameter as jail(8) writes it, imported with jailparam_import(3):
 * booleans "true"/"false", sharing modes "new", address lists joined by
 * commas. */
struct jail_param {
	char *name;
	char *value;
};

/* Portable mount flags; the driver maps them to MNT_*. */
enum {
	MP_RDONLY = 1 << 0,
	MP_NOSUID = 1 << 1,
	MP_NOEXEC = 1 << 2,
	MP_NOATIME = 1 << 3,
	MP_SYNC = 1 << 4,
};

struct mount_step {
	char *fstype; /* nullfs, devfs, tmpfs, fdescfs, procfs */
	/* The destination in the container ("" for the root alias).  The
	 * driver resolves it inside the rootfs, a link of the image followed
	 * as the container would, and makes the mount point there. */
	char *dest;
	/* The mount point as the host sees it, before that resolution (the
	 * root alias's is final). */
	char *fspath;
	char *source;	  /* nullfs: the directory or file shown; else NULL */
	unsigned flags;	  /* MP_* */
	char **opts;	  /* name, value, name, value..., NULL-terminated */
	bool own_ruleset; /* devfs: gets the container's own ruleset */
	bool is_root;	  /* the read-only alias of root, in the state dir */
	bool copyup;	  /* tmpfs: starts with what was at the mount point */
	struct devfs_step *apply; /* devfs: rules applied once mounted */
	size_t n_apply;
};

/* One devfs rule (devfs(8) syntax: "include BASE", or "[path PATTERN]
 * [hide|unhide] [mode M]"): of the container's own ruleset, or applied to
 * a devfs mount (the mount option rule=). */
struct devfs_step {
	unsigned rulenum;
	bool include;
	unsigned incset;
	char *path; /* NULL: every entry */
	bool hide, unhide;
	bool has_mode;
	mode_t mode;
};

struct jail_plan {
	char *name;	 /* own name (see jail_name.h) */
	char *full_name; /* parent.name, what jail_set and rctl see */
	char *parent;	 /* NULL for a child of the host */
	char *path;	 /* the jail's root as the host sees it */
	struct jail_param *params;
	size_t n_params;
	struct mount_step *mounts; /* in mount order; undone in reverse */
	size_t n_mounts;
	bool devfs_own; /* make a ruleset for freebsd.devices */
	struct devfs_step *devfs;
	size_t n_devfs;
	char **rctl_rules; /* full rctl(8) rules, NULL-terminated */
	/* Some rule came from a runj.rctl.* annotation: without racct that is
	 * an error; rules mapped from linux.resources alone only warn. */
	bool rctl_explicit;
	/* ocijail's default of allow.chflags, kept only when the parent jail
	 * has it (the driver asks the kernel). */
	bool chflags_default;
	char **warnings; /* to report at create, NULL-terminated */
	/* No freebsd.jail and no runj.ext.json: a bundle written for ocijail
	 * (Podman, buildah, CRI-O), which gets ocijail's implicit defaults:
	 * enforce_statfs 1, allow.raw_sockets, allow.chflags, ip4 and ip6
	 * inherit without a vnet, host inherit without a hostname. */
	bool oci_defaults;
	bool vnet;		/* a new vnet */
	char **vnet_interfaces; /* moved into the vnet; NULL-terminated */
	char *interface;	/* where the addresses are aliased, or NULL */
	char **ip4_addr, **ip6_addr; /* NULL-terminated */
};

struct jail_plan_input {
	const struct rj_spec *spec;
	const char *id;
	const char *bundle;    /* absolute; relative mount sources */
	const char *rootfs;    /* absolute */
	const char *state_dir; /* holds the read-only root alias */
	const char *ext_json;  /* <bundle>/runj.ext.json text, or NULL */
};

int jail_plan_build(const struct jail_plan_input *in, struct jail_plan *plan,
    struct rj_error **err);
void jail_plan_free(struct jail_plan *plan);

/* The parts, each also tested alone. */
int
jail_params_build(const struct rj_spec *spec, const struct rj_freebsd_jail *j,
    struct jail_plan *plan, struct rj_error **err);
int mount_plan_build(const struct jail_plan_input *in, struct jail_plan *plan,
    struct rj_error **err);
int devfs_plan_build(const struct rj_spec *spec, unsigned base, bool has_base,
    struct jail_plan *plan, struct rj_error **err);
/* One devfs(8) rule as "rule apply" takes it; s->path is malloc'd. */
int
devfs_rule_parse(const char *text, struct devfs_step *s, struct rj_error **err);
/* "devfsrules_jail" or "4" -> 4. */
int devfs_ruleset_parse(const char *text, unsigned *out, struct rj_error **err);
int rctl_plan_build(const struct rj_spec *spec, const char *subject,
    struct jail_plan *plan, struct rj_error **err);
/* The rules linux.resources maps to (runj update); *rules is a malloc'd
 * NULL-terminated list, or NULL when r sets nothing. */
int rctl_rules_from_resources(const struct rj_resources *r, const char *subject,
    char ***rules, struct rj_error **err);
/* Checks one "resource:action=amount" the way rctl_add_rule(2) would and
 * writes "jail:<subject>:resource:action=amount" with the amount expanded
 * ("1g" -> 1073741824).  *out is malloc'd. */
int rctl_rule_make(const char *subject, const char *resource,
    const char *action_amount, char **out, struct rj_error **err);
/* rctl_get_racct(2) output to stats. */
struct rj_stats;
void rctl_usage_parse(const char *text, struct rj_stats *st);
/* The memoryuse limit among the plan's rules, 0 when none. */
uint64_t rctl_memory_limit(char *const *rules);

/* Compat (compat.c): runj.ext.json merged as the Go runj merges it (its
 * modes override, its lists are appended); ocijail's annotations fill
 * only what the config left unset, and add their warnings. */
int compat_runj_ext(const char *text, struct rj_freebsd_jail *j,
    struct rj_error **err);
int compat_annotations(const char *annotations, struct rj_freebsd_jail *j,
    char ***warnings, struct rj_error **err);

#endif
