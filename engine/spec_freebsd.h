/*
 * spec_freebsd.h: the freebsd section of config.json (runtime-spec 1.3.0,
 * config-freebsd.md) as typed structs.  Parsed and checked once; the
 * FreeBSD driver's translation (engine/freebsd) reads only these.
 */
#ifndef RJ_SPEC_FREEBSD_H
#define RJ_SPEC_FREEBSD_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "runj.h"

/* A jail "sharing mode" (jail(8)'s jailsys parameters). */
enum fb_share {
	FB_SHARE_UNSET, /* not in the config: the kernel's default */
	FB_SHARE_DISABLE,
	FB_SHARE_NEW,
	FB_SHARE_INHERIT,
};

/* freebsd.jail.allow booleans, in the order of fb_allow_table. */
enum fb_allow {
	FB_ALLOW_SET_HOSTNAME,
	FB_ALLOW_RAW_SOCKETS,
	FB_ALLOW_CHFLAGS,
	FB_ALLOW_QUOTAS,
	FB_ALLOW_SOCKET_AF,
	FB_ALLOW_MLOCK,
	FB_ALLOW_RESERVED_PORTS,
	FB_ALLOW_SUSER,
	FB_ALLOW_SYSVIPC,
	FB_ALLOW_COUNT,
};

struct fb_allow_name {
	const char *json;  /* "rawSockets" */
	const char *param; /* "allow.raw_sockets" */
};
/* Indexed by enum fb_allow. */
extern const struct fb_allow_name fb_allow_table[FB_ALLOW_COUNT];

struct rj_freebsd_device {
	char *path; /* relative to /dev */
	bool has_mode;
	mode_t mode;
};

struct rj_freebsd_jail {
	char *parent;
	enum fb_share host, ip4, ip6, vnet, sysvmsg, sysvsem, sysvshm;
	char **ip4_addr;	/* NULL-terminated, or NULL */
	char **ip6_addr;	/* NULL-terminated, or NULL */
	char *interface;	/* where ip4Addr/ip6Addr are aliased */
	char **vnet_interfaces; /* NULL-terminated, or NULL */
	bool has_enforce_statfs;
	int enforce_statfs; /* 0..2 */
	bool allow_set[FB_ALLOW_COUNT];
	bool allow[FB_ALLOW_COUNT];
	char **allow_mount; /* file system types, NULL-terminated, or NULL */
	/* More allow.* parameters, by jail(8) name ("allow.read_msgbuf"),
	 * set true: from ocijail's annotations, not the config. */
	char **allow_extra;
};

struct rj_freebsd {
	struct rj_freebsd_device *devices;
	size_t n_devices;
	bool has_jail;
	struct rj_freebsd_jail jail;
};

int
spec_parse_freebsd(json_t *obj, struct rj_freebsd *fb, struct rj_error **err);
void spec_free_freebsd(struct rj_freebsd *fb);

/* Shared with the compat mappings and the translation. */
const char *fb_share_name(enum fb_share s); /* "new", or NULL when unset */
/* "new" -> FB_SHARE_NEW; -1 when unknown or (allow_disable false) disable. */
int fb_share_parse(const char *text, bool allow_disable);
/* Index into fb_allow_table by JSON name ("rawSockets") or jail parameter
 * name without "allow." ("raw_sockets"); -1 when unknown. */
int fb_allow_lookup(const char *name);
/* Whether fs is a file system type jails can be allowed to mount. */
bool fb_mount_type_known(const char *fs);
/* Checks one numeric address of family 4 or 6. */
bool fb_addr_valid(int family, const char *addr);
/* Deep copy of a jail section, for merging compat settings into it. */
void
fb_jail_copy(struct rj_freebsd_jail *dst, const struct rj_freebsd_jail *src);
void fb_jail_free(struct rj_freebsd_jail *j);

#endif
