/*
 * spec_freebsd.c: parses and checks the freebsd section of config.json
 * (runtime-spec 1.3.0).  Every error names its JSON path.  Checks that need
 * the rest of the config (hostname against host inherit, the compat
 * extensions) are in engine/freebsd/jail_plan.c.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "jsonfield.h"
#include "spec_freebsd.h"
#include "util.h"

const struct fb_allow_name fb_allow_table[FB_ALLOW_COUNT] = {
	[FB_ALLOW_SET_HOSTNAME] = { "setHostname", "allow.set_hostname" },
	[FB_ALLOW_RAW_SOCKETS] = { "rawSockets", "allow.raw_sockets" },
	[FB_ALLOW_CHFLAGS] = { "chflags", "allow.chflags" },
	[FB_ALLOW_QUOTAS] = { "quotas", "allow.quotas" },
	[FB_ALLOW_SOCKET_AF] = { "socketAf", "allow.socket_af" },
	[FB_ALLOW_MLOCK] = { "mlock", "allow.mlock" },
	[FB_ALLOW_RESERVED_PORTS] = { "reservedPorts", "allow.reserved_ports" },
	[FB_ALLOW_SUSER] = { "suser", "allow.suser" },
	/* In the mapping table of config-freebsd.md, not in its field list. */
	[FB_ALLOW_SYSVIPC] = { "sysvipc", "allow.sysvipc" },
};

/* File systems whose allow.mount.<fs> parameter the kernel defines. */
static const char *const mount_types[] = {
	"devfs",
	"fdescfs",
	"fusefs",
	"lindebugfs",
	"linprocfs",
	"linsysfs",
	"nullfs",
	"procfs",
	"tmpfs",
	"zfs",
};

static const char *const share_names[] = {
	[FB_SHARE_DISABLE] = "disable",
	[FB_SHARE_NEW] = "new",
	[FB_SHARE_INHERIT] = "inherit",
};

const char *
fb_share_name(enum fb_share s)
{
	if (s <= FB_SHARE_UNSET || s > FB_SHARE_INHERIT)
		return NULL;
	return share_names[s];
}

int
fb_share_parse(const char *text, bool allow_disable)
{
	for (int s = FB_SHARE_DISABLE; s <= FB_SHARE_INHERIT; s++) {
		if (strcmp(text, share_names[s]) != 0)
			continue;
		if (s == FB_SHARE_DISABLE && !allow_disable)
			return -1;
		return s;
	}
	return -1;
}

int
fb_allow_lookup(const char *name)
{
	for (int i = 0; i < FB_ALLOW_COUNT; i++) {
		if (strcmp(name, fb_allow_table[i].json) == 0 ||
		    strcmp(name, fb_allow_table[i].param + strlen("allow.")) ==
			0)
			return i;
	}
	return -1;
}

bool
fb_mount_type_known(const char *fs)
{
	for (size_t i = 0; i < ARRAY_SIZE(mount_types); i++)
		if (strcmp(fs, mount_types[i]) == 0)
			return true;
	return false;
}

bool
fb_addr_valid(int family, const char *addr)
{
	unsigned char buf[sizeof(struct in6_addr)];
	return inet_pton(family == 6 ? AF_INET6 : AF_INET, addr, buf) == 1;
}

static int
parse_share(json_t *obj, const char *path, const char *key, bool allow_disable,
    enum fb_share *out, struct rj_error **err)
{
	_cleanup_free_ char *text = NULL;
	int rc = jf_string(obj, path, key, false, &text, err);
	if (rc != 0)
		return rc;
	int s = fb_share_parse(text, allow_disable);
	if (s < 0)
		return jf_error(err, path, key, "\"%s\" is not one of %s", text,
		    allow_disable ? "disable, new, inherit" : "new, inherit");
	*out = s;
	return 0;
}

static int
parse_addrs(json_t *obj, const char *path, const char *key, int family,
    char ***out, struct rj_error **err)
{
	int rc = jf_strv(obj, path, key, false, out, err);
	if (rc != 0)
		return rc;
	char kpath[JF_PATH_MAX], ipath[JF_PATH_MAX];
	jf_path(kpath, path, key);
	for (size_t i = 0; (*out)[i] != NULL; i++) {
		if (fb_addr_valid(family, (*out)[i]))
			continue;
		jf_index(ipath, kpath, i);
		return jf_error(err, ipath, NULL,
		    "\"%s\" is not an IPv%d address", (*out)[i], family);
	}
	return 0;
}

static int
parse_allow(json_t *jail, const char *jpath, struct rj_freebsd_jail *j,
    struct rj_error **err)
{
	json_t *allow;
	int rc = jf_object(jail, jpath, "allow", false, &allow, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX];
	jf_path(path, jpath, "allow");
	const char *key;
	json_t *val;
	json_object_foreach(allow, key, val)
	{
		if (strcmp(key, "mount") == 0)
			continue;
		/* Only the JSON names: a jail(8) name here is a typo. */
		int i = fb_allow_lookup(key);
		if (i < 0 || strcmp(key, fb_allow_table[i].json) != 0)
			return jf_error(err, path, key,
			    "unknown jail permission");
		if (jf_bool(allow, path, key, &j->allow[i], err) < 0)
			return -1;
		j->allow_set[i] = !json_is_null(val);
	}
	if (jf_strv(allow, path, "mount", false, &j->allow_mount, err) < 0)
		return -1;
	for (size_t i = 0; j->allow_mount != NULL && j->allow_mount[i]; i++) {
		if (fb_mount_type_known(j->allow_mount[i]))
			continue;
		char mpath[JF_PATH_MAX], ipath[JF_PATH_MAX];
		jf_path(mpath, path, "mount");
		jf_index(ipath, mpath, i);
		return jf_error(err, ipath, NULL,
		    "\"%s\" is not a file system a jail can mount",
		    j->allow_mount[i]);
	}
	return 0;
}

static int
parse_jail(json_t *jail, struct rj_freebsd_jail *j, struct rj_error **err)
{
	const char *p = "freebsd.jail";
	int64_t statfs = 2;
	int rc;

	if (jf_string(jail, p, "parent", false, &j->parent, err) < 0 ||
	    parse_share(jail, p, "host", false, &j->host, err) < 0 ||
	    parse_share(jail, p, "ip4", true, &j->ip4, err) < 0 ||
	    parse_share(jail, p, "ip6", true, &j->ip6, err) < 0 ||
	    parse_share(jail, p, "vnet", false, &j->vnet, err) < 0 ||
	    parse_share(jail, p, "sysvmsg", true, &j->sysvmsg, err) < 0 ||
	    parse_share(jail, p, "sysvsem", true, &j->sysvsem, err) < 0 ||
	    parse_share(jail, p, "sysvshm", true, &j->sysvshm, err) < 0 ||
	    parse_addrs(jail, p, "ip4Addr", 4, &j->ip4_addr, err) < 0 ||
	    parse_addrs(jail, p, "ip6Addr", 6, &j->ip6_addr, err) < 0 ||
	    jf_string(jail, p, "interface", false, &j->interface, err) < 0 ||
	    jf_strv(jail, p, "vnetInterfaces", false, &j->vnet_interfaces,
		err) < 0 ||
	    parse_allow(jail, p, j, err) < 0)
		return -1;
	if ((rc = jf_int_range(jail, p, "enforceStatfs", 0, 2, &statfs, err)) <
	    0)
		return -1;
	if (rc == 0) {
		j->has_enforce_statfs = true;
		j->enforce_statfs = (int)statfs;
	}
	if (j->parent != NULL &&
	    (*j->parent == '\0' || strchr(j->parent, '/') != NULL))
		return jf_error(err, p, "parent", "\"%s\" is not a jail name",
		    j->parent);
	if (j->vnet_interfaces != NULL && j->vnet_interfaces[0] != NULL &&
	    j->vnet != FB_SHARE_NEW)
		return jf_error(err, p, "vnetInterfaces",
		    "needs freebsd.jail.vnet set to \"new\"");
	return 0;
}

static bool
dev_path_ok(const char *path)
{
	if (*path == '\0' || *path == '/')
		return false;
	for (const char *s = path; s != NULL; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || s[2] == '\0'))
			return false;
	}
	return true;
}

static int
parse_devices(json_t *fbo, struct rj_freebsd *fb, struct rj_error **err)
{
	json_t *arr;
	int rc = jf_array(fbo, "freebsd", "devices", false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	size_t n = json_array_size(arr);
	fb->devices = xcalloc(n ? n : 1, sizeof(*fb->devices));
	for (size_t i = 0; i < n; i++) {
		struct rj_freebsd_device *d = &fb->devices[i];
		json_t *e = json_array_get(arr, i);
		char path[JF_PATH_MAX];
		int64_t mode = 0;
		jf_index(path, "freebsd.devices", i);
		fb->n_devices = i + 1;
		if (!json_is_object(e))
			return jf_error(err, path, NULL, "expected an object");
		if (jf_string(e, path, "path", true, &d->path, err) < 0)
			return -1;
		if (!dev_path_ok(d->path))
			return jf_error(err, path, "path",
			    "\"%s\" is not a path relative to /dev", d->path);
		if ((rc = jf_int_range(e, path, "mode", 0, 07777, &mode, err)) <
		    0)
			return -1;
		d->has_mode = rc == 0;
		d->mode = (mode_t)(rc == 0 ? mode : 0);
	}
	return 0;
}

int
spec_parse_freebsd(json_t *obj, struct rj_freebsd *fb, struct rj_error **err)
{
	json_t *jail;
	int rc;

	if (parse_devices(obj, fb, err) < 0)
		return -1;
	if ((rc = jf_object(obj, "freebsd", "jail", false, &jail, err)) < 0)
		return -1;
	fb->has_jail = rc == 0;
	if (fb->has_jail && parse_jail(jail, &fb->jail, err) < 0)
		return -1;
	return 0;
}

void
fb_jail_copy(struct rj_freebsd_jail *dst, const struct rj_freebsd_jail *src)
{
	*dst = *src;
	dst->parent = src->parent ? xstrdup(src->parent) : NULL;
	dst->interface = src->interface ? xstrdup(src->interface) : NULL;
	dst->ip4_addr = src->ip4_addr ? strv_dup(src->ip4_addr) : NULL;
	dst->ip6_addr = src->ip6_addr ? strv_dup(src->ip6_addr) : NULL;
	dst->vnet_interfaces = src->vnet_interfaces
	    ? strv_dup(src->vnet_interfaces)
	    : NULL;
	dst->allow_mount = src->allow_mount ? strv_dup(src->allow_mount) : NULL;
	dst->allow_extra = src->allow_extra ? strv_dup(src->allow_extra) : NULL;
}

void
fb_jail_free(struct rj_freebsd_jail *j)
{
	free(j->parent);
	free(j->interface);
	strv_free(j->ip4_addr);
	strv_free(j->ip6_addr);
	strv_free(j->vnet_interfaces);
	strv_free(j->allow_mount);
	strv_free(j->allow_extra);
	memset(j, 0, sizeof(*j));
}

void
spec_free_freebsd(struct rj_freebsd *fb)
{
	for (size_t i = 0; i < fb->n_devices; i++)
		free(fb->devices[i].path);
	free(fb->devices);
	fb_jail_free(&fb->jail);
	memset(fb, 0, sizeof(*fb));
}
