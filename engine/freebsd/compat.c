/*
 * compat.c: settings of other FreeBSD runtimes, so their users can switch.
 *
 * The Go runj's <bundle>/runj.ext.json, merged as its oci/config.go
 * merge() does: a mode it gives overrides the config's, its addresses and
 * interfaces are appended to the config's.
 *
 * ocijail's annotations, read as its create.cpp reads them, and nothing
 * else of org.freebsd.* (ocijail ignores the rest): org.freebsd.parentJail;
 * org.freebsd.jail.vnet and .sysvmsg/.sysvsem/.sysvshm (new, inherit,
 * disable -- disable is an error for vnet); org.freebsd.jail.ip4.addr and
 * .ip6.addr (also the misspelt .ip6.add ocijail reads), comma-separated,
 * only without a vnet of its own; org.freebsd.jail.allow.<name> for the
 * names ocijail knows, set when the value is "true" or "1", an unknown name
 * only warned about.  They fill what freebsd.jail leaves unset.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "freebsd/jail_plan.h"
#include "jsonfield.h"
#include "util.h"

static void
strv_append(char ***v, char *const *more)
{
	size_t n = strv_len(*v), m = strv_len(more);
	if (m == 0)
		return;
	*v = xrealloc(*v, (n + m + 1) * sizeof(**v));
	for (size_t i = 0; i < m; i++)
		(*v)[n + i] = xstrdup(more[i]);
	(*v)[n + m] = NULL;
}

static int
share_field(json_t *obj, const char *path, const char *key, bool allow_disable,
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
	*out = s; /* the ext file's mode wins */
	return 0;
}

static int
strv_field(json_t *obj, const char *path, const char *key, int family,
    char ***out, struct rj_error **err)
{
	char **v = NULL;
	int rc = jf_strv(obj, path, key, false, &v, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; family != 0 && v[i] != NULL; i++) {
		if (fb_addr_valid(family, v[i]))
			continue;
		char kp[JF_PATH_MAX], ip[JF_PATH_MAX];
		jf_path(kp, path, key);
		jf_index(ip, kp, i);
		jf_error(err, ip, NULL, "\"%s\" is not an IPv%d address", v[i],
		    family);
		strv_free(v);
		return -1;
	}
	strv_append(out, v); /* appended to the config's */
	strv_free(v);
	return 0;
}

static int
runj_ext_network(json_t *root, struct rj_freebsd_jail *j, struct rj_error **err)
{
	json_t *net, *ipv4, *vnet;
	int rc;
	if ((rc = jf_object(root, "", "network", false, &net, err)) != 0)
		return rc < 0 ? -1 : 0;
	if ((rc = jf_object(net, "network", "ipv4", false, &ipv4, err)) < 0)
		return -1;
	if (rc == 0 &&
	    (share_field(ipv4, "network.ipv4", "mode", true, &j->ip4, err) <
		    0 ||
		strv_field(ipv4, "network.ipv4", "addr", 4, &j->ip4_addr, err) <
		    0))
		return -1;
	if ((rc = jf_object(net, "network", "vnet", false, &vnet, err)) < 0)
		return -1;
	if (rc == 0 &&
	    (share_field(vnet, "network.vnet", "mode", false, &j->vnet, err) <
		    0 ||
		strv_field(vnet, "network.vnet", "interfaces", 0,
		    &j->vnet_interfaces, err) < 0))
		return -1;
	return 0;
}

int
compat_runj_ext(const char *text, struct rj_freebsd_jail *j,
    struct rj_error **err)
{
	json_error_t jerr;
	_cleanup_json_ json_t *root = json_loads(text, 0, &jerr);
	if (root == NULL)
		return rj_error_set(err, EINVAL, "runj.ext.json: line %d: %s",
		    jerr.line, jerr.text);
	if (!json_is_object(root))
		return rj_error_set(err, EINVAL,
		    "runj.ext.json: expected an object");
	if (runj_ext_network(root, j, err) < 0)
		return rj_error_wrap(err, "runj.ext.json");
	return 0;
}

/* ---- ocijail ---- */

#define OCI_JAIL "org.freebsd.jail."

/* The allow parameters ocijail passes on (known_allow_params); the kernel
 * is the judge of whether this one has them. */
static const char *const oci_allow[] = {
	"adjtime",
	"chflags",
	"extattr",
	"mlock",
	"mount",
	"mount.devfs",
	"mount.fdescfs",
	"mount.nullfs",
	"mount.procfs",
	"mount.tmpfs",
	"mount.zfs",
	"nfsd",
	"quotas",
	"raw_sockets",
	"read_msgbuf",
	"reserved_ports",
	"routing",
	"set_hostname",
	"setaudit",
	"settime",
	"socket_af",
	"suser",
	"sysvipc",
	"unprivileged_parent_tampering",
	"unprivileged_proc_debug",
};

static const char *
annotation(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* new, inherit or disable, as ocijail spells its error. */
static int
oci_share(json_t *obj, const char *key, bool allow_disable, enum fb_share *out,
    struct rj_error **err)
{
	const char *v = annotation(obj, key);
	if (v == NULL)
		return 0;
	int s = fb_share_parse(v, true);
	if (s < 0 || (s == FB_SHARE_DISABLE && !allow_disable))
		return rj_error_set(err, EINVAL,
		    "annotations.%s: bad value \"%s\"", key, v);
	if (*out == FB_SHARE_UNSET)
		*out = s;
	return 0;
}

/* A comma-separated address list; empty entries are skipped. */
static int
oci_addrs(const char *key, const char *v, int family, char ***out,
    struct rj_error **err)
{
	_cleanup_free_ char *copy = xstrdup(v);
	char **list = xcalloc(strlen(v) + 2, sizeof(*list));
	size_t n = 0;
	char *save = NULL;
	for (char *a = strtok_r(copy, ",", &save); a != NULL;
	     a = strtok_r(NULL, ",", &save)) {
		if (!fb_addr_valid(family, a)) {
			strv_free(list);
			return rj_error_set(err, EINVAL,
			    "annotations.%s: bad value \"%s\"", key, a);
		}
		list[n++] = xstrdup(a);
	}
	if (*out == NULL && n > 0)
		*out = list;
	else
		strv_free(list);
	return 0;
}

static int
oci_allow_one(const char *key, const char *v, struct rj_freebsd_jail *j,
    char ***warnings)
{
	const char *name = key + strlen(OCI_JAIL "allow.");
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(oci_allow) && !known; i++)
		known = strcmp(name, oci_allow[i]) == 0;
	if (!known) {
		char *w = xasprintf("annotations.%s: unknown jail allow "
				    "annotation, ignored",
		    key);
		char *one[] = { w, NULL };
		strv_append(warnings, one);
		free(w);
		return 0;
	}
	if (strcmp(v, "true") != 0 && strcmp(v, "1") != 0)
		return 0;
	/* freebsd.jail.allow has the last word on its own nine. */
	int i = fb_allow_lookup(name);
	if (i >= 0 && j->allow_set[i])
		return 0;
	char *param = xasprintf("allow.%s", name);
	char *one[] = { param, NULL };
	strv_append(&j->allow_extra, one);
	free(param);
	return 0;
}

int
compat_annotations(const char *annotations, struct rj_freebsd_jail *j,
    char ***warnings, struct rj_error **err)
{
	if (annotations == NULL)
		return 0;
	_cleanup_json_ json_t *obj = json_loads(annotations, 0, NULL);
	if (!json_is_object(obj))
		return 0; /* spec.c checked it; "{}" or absent */
	const char *parent = annotation(obj, "org.freebsd.parentJail");
	if (parent != NULL) {
		if (*parent == '\0' || strchr(parent, '/') != NULL ||
		    strchr(parent, '.') != NULL)
			return rj_error_set(err, EINVAL,
			    "annotations.org.freebsd.parentJail: \"%s\" is "
			    "not a jail name",
			    parent);
		if (j->parent == NULL)
			j->parent = xstrdup(parent);
	}
	static const struct {
		const char *key;
		size_t off;
		bool allow_disable;
	} shares[] = {
		{ OCI_JAIL "vnet", offsetof(struct rj_freebsd_jail, vnet),
		    false },
		{ OCI_JAIL "sysvmsg", offsetof(struct rj_freebsd_jail, sysvmsg),
		    true },
		{ OCI_JAIL "sysvsem", offsetof(struct rj_freebsd_jail, sysvsem),
		    true },
		{ OCI_JAIL "sysvshm", offsetof(struct rj_freebsd_jail, sysvshm),
		    true },
	};
	for (size_t i = 0; i < ARRAY_SIZE(shares); i++)
		if (oci_share(obj, shares[i].key, shares[i].allow_disable,
			(enum fb_share *)((char *)j + shares[i].off), err) < 0)
			return -1;
	/* The addresses mean nothing to a jail with its own vnet: ocijail
	 * does not read them then. */
	if (j->vnet != FB_SHARE_NEW) {
		const char *v4 = annotation(obj, OCI_JAIL "ip4.addr");
		const char *k6 = OCI_JAIL "ip6.addr";
		const char *v6 = annotation(obj, k6);
		if (v6 == NULL) {
			k6 = OCI_JAIL "ip6.add";
			v6 = annotation(obj, k6);
		}
		if (v4 != NULL &&
		    oci_addrs(OCI_JAIL "ip4.addr", v4, 4, &j->ip4_addr, err) <
			0)
			return -1;
		if (v6 != NULL && oci_addrs(k6, v6, 6, &j->ip6_addr, err) < 0)
			return -1;
	}
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val)
	{
		if (has_prefix(key, OCI_JAIL "allow.") && json_is_string(val))
			oci_allow_one(key, json_string_value(val), j, warnings);
	}
	return 0;
}
