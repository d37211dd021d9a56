/*
 * compat.c: settings of other FreeBSD runtimes, so users can switch:
 * the Go runj's <bundle>/runj.ext.json ("network": ipv4 and vnet) and
 * ocijail's org.freebsd.* annotations.  Both fill only what the config's
 * own freebsd.jail left unset: the standard section wins.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "freebsd/jail_plan.h"
#include "jsonfield.h"
#include "util.h"

static void
json_decref_p(json_t **j)
{
	if (*j != NULL)
		json_decref(*j);
}
#define _cleanup_json_ __attribute__((cleanup(json_decref_p)))

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
	if (*out == FB_SHARE_UNSET)
		*out = s;
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
	if (*out == NULL)
		*out = v;
	else
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

static int
bool_value(const char *key, const char *v, bool *out, struct rj_error **err)
{
	static const struct {
		const char *text;
		bool value;
	} words[] = {
		{ "true", true },
		{ "1", true },
		{ "yes", true },
		{ "false", false },
		{ "0", false },
		{ "no", false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		if (strcmp(v, words[i].text) == 0) {
			*out = words[i].value;
			return 0;
		}
	}
	return rj_error_set(err, EINVAL,
	    "annotations.%s: \"%s\" is not true or false", key, v);
}

static int
annotation_allow(const char *key, const char *name, const char *v,
    struct rj_freebsd_jail *j, struct rj_error **err)
{
	bool on = false;
	if (bool_value(key, v, &on, err) < 0)
		return -1;
	if (has_prefix(name, "mount.")) {
		const char *fs = name + strlen("mount.");
		if (!fb_mount_type_known(fs))
			return rj_error_set(err, EINVAL,
			    "annotations.%s: \"%s\" is not a file system a "
			    "jail can mount",
			    key, fs);
		if (!on)
			return 0;
		size_t n = strv_len(j->allow_mount);
		j->allow_mount = xrealloc(j->allow_mount,
		    (n + 2) * sizeof(*j->allow_mount));
		j->allow_mount[n] = xstrdup(fs);
		j->allow_mount[n + 1] = NULL;
		return 0;
	}
	int i = fb_allow_lookup(name);
	if (i < 0)
		return rj_error_set(err, EINVAL,
		    "annotations.%s: unknown jail permission", key);
	if (!j->allow_set[i]) {
		j->allow_set[i] = true;
		j->allow[i] = on;
	}
	return 0;
}

static int
annotation_share(const char *key, const char *v, bool allow_disable,
    enum fb_share *out, struct rj_error **err)
{
	int s = fb_share_parse(v, allow_disable);
	if (s < 0)
		return rj_error_set(err, EINVAL,
		    "annotations.%s: \"%s\" is not one of %s", key, v,
		    allow_disable ? "disable, new, inherit" : "new, inherit");
	if (*out == FB_SHARE_UNSET)
		*out = s;
	return 0;
}

static int
annotation_one(const char *key, const char *v, struct rj_freebsd_jail *j,
    struct rj_error **err)
{
	static const char jail_prefix[] = "org.freebsd.jail.";
	if (strcmp(key, "org.freebsd.parentJail") == 0) {
		if (*v == '\0' || strchr(v, '/') != NULL)
			return rj_error_set(err, EINVAL,
			    "annotations.%s: \"%s\" is not a jail name", key,
			    v);
		if (j->parent == NULL)
			j->parent = xstrdup(v);
		return 0;
	}
	if (!has_prefix(key, jail_prefix))
		return 0; /* not ours */
	const char *name = key + strlen(jail_prefix);
	if (has_prefix(name, "allow."))
		return annotation_allow(key, name + strlen("allow."), v, j,
		    err);
	if (strcmp(name, "vnet") == 0 || strcmp(name, "host") == 0)
		return annotation_share(key, v, false,
		    name[0] == 'v' ? &j->vnet : &j->host, err);
	static const struct {
		const char *name;
		size_t off;
	} shares[] = {
		{ "ip4", offsetof(struct rj_freebsd_jail, ip4) },
		{ "ip6", offsetof(struct rj_freebsd_jail, ip6) },
		{ "sysvmsg", offsetof(struct rj_freebsd_jail, sysvmsg) },
		{ "sysvsem", offsetof(struct rj_freebsd_jail, sysvsem) },
		{ "sysvshm", offsetof(struct rj_freebsd_jail, sysvshm) },
	};
	for (size_t i = 0; i < ARRAY_SIZE(shares); i++)
		if (strcmp(name, shares[i].name) == 0)
			return annotation_share(key, v, true,
			    (enum fb_share *)((char *)j + shares[i].off), err);
	if (strcmp(name, "enforce_statfs") == 0) {
		if (strlen(v) != 1 || v[0] < '0' || v[0] > '2')
			return rj_error_set(err, EINVAL,
			    "annotations.%s: \"%s\" is out of range 0..2", key,
			    v);
		if (!j->has_enforce_statfs) {
			j->has_enforce_statfs = true;
			j->enforce_statfs = v[0] - '0';
		}
		return 0;
	}
	return rj_error_set(err, EINVAL,
	    "annotations.%s: unknown jail parameter", key);
}

int
compat_annotations(const char *annotations, struct rj_freebsd_jail *j,
    struct rj_error **err)
{
	if (annotations == NULL)
		return 0;
	_cleanup_json_ json_t *obj = json_loads(annotations, 0, NULL);
	if (!json_is_object(obj))
		return 0; /* spec.c checked it; "{}" or absent */
	const char *key;
	json_t *val;
	json_object_foreach(obj, key, val)
	{
		if (!json_is_string(val))
			continue;
		if (annotation_one(key, json_string_value(val), j, err) < 0)
			return -1;
	}
	return 0;
}
