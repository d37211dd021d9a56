/* imgconfig.c: the image's idea of the process, applied to config.json. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "imgconfig.h"
#include "platform.h"
#include "runjdemo.h"
#include "safepath.h"
#include "runjutil.h"

#define ETC_FILE_MAX (4 << 20)

static int
strv_append_json(char ***v, size_t *n, json_t *arr, const char *what,
    struct rj_error **err)
{
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return rj_error_set(err, EINVAL,
		    "image config: %s: expected an array", what);
	size_t i;
	json_t *s;
	json_array_foreach(arr, i, s)
	{
		if (!json_is_string(s))
			return rj_error_set(err, EINVAL,
			    "image config: %s[%zu]: expected a string", what,
			    i);
		*v = xrealloc(*v, (*n + 2) * sizeof(**v));
		(*v)[(*n)++] = xstrdup(json_string_value(s));
		(*v)[*n] = NULL;
	}
	return 0;
}

int
imgconfig_args(json_t *cfg, char ***out, struct rj_error **err)
{
	_cleanup_strv_ char **v = NULL;
	size_t n = 0;
	*out = NULL;
	if (cfg == NULL)
		return 0;
	if (strv_append_json(&v, &n, json_object_get(cfg, "Entrypoint"),
		"Entrypoint", err) < 0 ||
	    strv_append_json(&v, &n, json_object_get(cfg, "Cmd"), "Cmd", err) <
		0)
		return -1;
	*out = steal_ptr(v);
	return 0;
}

/* Reads a small file of the rootfs, resolved inside it. */
static int
rootfs_read(const char *rootfs, const char *rel, char **out,
    struct rj_error **err)
{
	_cleanup_free_ char *res = NULL;
	*out = NULL;
	if (safepath_resolve(rootfs, rel, true, &res, err) < 0)
		return -1;
	_cleanup_free_ char *path = xasprintf("%s/%s", rootfs, res);
	struct stat st;
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > ETC_FILE_MAX)
		return 0;
	return read_file(path, out, NULL, err);
}

static bool
parse_id(const char *s, uint32_t *out)
{
	char *end;
	if (*s == '\0' || *s == '-')
		return false;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Finds name (field 0) in a passwd or group text: *id is field 2 and,
 * when gid is not NULL, *gid field 3. */
static bool
etc_lookup(const char *text, const char *name, uint32_t *id, uint32_t *gid)
{
	size_t nl = strlen(name);
	for (const char *line = text; line != NULL && *line;) {
		const char *eol = strchr(line, '\n');
		if (strncmp(line, name, nl) == 0 && line[nl] == ':') {
			_cleanup_free_ char *copy = eol
			    ? strndup(line, (size_t)(eol - line))
			    : xstrdup(line);
			char *f[4] = { 0 };
			char *p = copy;
			for (int i = 0; i < 4 && p != NULL; i++)
				f[i] = strsep(&p, ":");
			if (f[2] != NULL && parse_id(f[2], id) &&
			    (gid == NULL ||
				(f[3] != NULL && parse_id(f[3], gid))))
				return true;
		}
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

int
imgconfig_user(const char *user, const char *rootfs, uint32_t *uid,
    uint32_t *gid, struct rj_error **err)
{
	*uid = 0;
	*gid = 0;
	if (user == NULL || *user == '\0')
		return 0;
	_cleanup_free_ char *u = xstrdup(user);
	char *g = strchr(u, ':');
	if (g != NULL)
		*g++ = '\0';
	bool gid_set = false;
	if (!parse_id(u, uid)) {
		_cleanup_free_ char *passwd = NULL;
		if (rootfs_read(rootfs, "etc/passwd", &passwd, err) < 0)
			return -1;
		if (passwd == NULL || !etc_lookup(passwd, u, uid, gid))
			return rj_error_set(err, ENOENT,
			    "image config: User \"%s\": no such user in the "
			    "image's /etc/passwd",
			    user);
		gid_set = true;
	}
	if (g != NULL && !parse_id(g, gid)) {
		_cleanup_free_ char *group = NULL;
		if (rootfs_read(rootfs, "etc/group", &group, err) < 0)
			return -1;
		if (group == NULL || !etc_lookup(group, g, gid, NULL))
			return rj_error_set(err, ENOENT,
			    "image config: User \"%s\": no such group in the "
			    "image's /etc/group",
			    user);
	} else if (g == NULL && !gid_set) {
		*gid = 0;
	}
	return 0;
}

int
imgconfig_workdir_check(const char *wd, struct rj_error **err)
{
	const char *why = NULL;
	if (wd[0] != '/')
		why = "is not absolute";
	else if (strlen(wd) >= PATH_MAX)
		why = "is too long";
	else if (strcmp(wd, "/proc") == 0 || has_prefix(wd, "/proc/"))
		why = "is in /proc"; /* /proc/self/fd/N: a descriptor's cwd */
	for (const char *p = wd + 1; why == NULL && *wd == '/' && *p;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.') ||
		    (p[n] == '/' && p[n + 1] == '\0'))
			why = "is not a clean path";
		p += n + (p[n] == '/');
	}
	if (why != NULL)
		return rj_error_set(err, EINVAL,
		    "image config: WorkingDir \"%s\" %s", wd, why);
	return 0;
}

static bool
env_has(json_t *env, const char *key)
{
	size_t kl = strlen(key), i;
	json_t *s;
	json_array_foreach(env, i, s)
	{
		const char *v = json_string_value(s);
		if (v != NULL && strncmp(v, key, kl) == 0 && v[kl] == '=')
			return true;
	}
	return false;
}

int
imgconfig_apply(json_t *spec, json_t *cfg, const char *rootfs,
    struct rj_error **err)
{
	json_t *proc = json_object_get(spec, "process");
	if (!json_is_object(proc)) {
		proc = json_object();
		json_object_set_new(spec, "process", proc);
	}
	if (cfg != NULL && !json_is_object(cfg))
		return rj_error_set(err, EINVAL,
		    "image config: config: expected an object");

	_cleanup_strv_ char **args = NULL;
	if (imgconfig_args(cfg, &args, err) < 0)
		return -1;
	if (args != NULL && args[0] != NULL) {
		json_t *a = json_array();
		for (size_t i = 0; args[i] != NULL; i++)
			json_array_append_new(a, json_string(args[i]));
		json_object_set_new(proc, "args", a);
	}

	json_t *ienv = cfg ? json_object_get(cfg, "Env") : NULL;
	if (ienv != NULL && !json_is_null(ienv)) {
		_cleanup_strv_ char **v = NULL;
		size_t n = 0;
		if (strv_append_json(&v, &n, ienv, "Env", err) < 0)
			return -1;
		json_t *env = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(env, json_string(v[i]));
		/* Keep the default PATH when the image sets none. */
		json_t *old = json_object_get(proc, "env");
		size_t i;
		json_t *s;
		json_array_foreach(old, i, s)
		{
			const char *t = json_string_value(s);
			if (t != NULL && has_prefix(t, "PATH=") &&
			    !env_has(env, "PATH"))
				json_array_append(env, s);
		}
		json_object_set_new(proc, "env", env);
	}

	json_t *wd = cfg ? json_object_get(cfg, "WorkingDir") : NULL;
	const char *cwd = "/";
	if (json_is_string(wd) && json_string_value(wd)[0] != '\0')
		cwd = json_string_value(wd);
	else if (wd != NULL && !json_is_null(wd) && !json_is_string(wd))
		return rj_error_set(err, EINVAL,
		    "image config: WorkingDir: expected a string");
	if (imgconfig_workdir_check(cwd, err) < 0)
		return -1;
	json_object_set_new(proc, "cwd", json_string(cwd));

	json_t *ju = cfg ? json_object_get(cfg, "User") : NULL;
	if (ju != NULL && !json_is_null(ju) && !json_is_string(ju))
		return rj_error_set(err, EINVAL,
		    "image config: User: expected a string");
	uint32_t uid, gid;
	if (imgconfig_user(json_is_string(ju) ? json_string_value(ju) : NULL,
		rootfs, &uid, &gid, err) < 0)
		return -1;
	json_t *user = json_object_get(proc, "user");
	if (!json_is_object(user)) {
		user = json_object();
		json_object_set_new(proc, "user", user);
	}
	json_object_set_new(user, "uid", json_integer(uid));
	json_object_set_new(user, "gid", json_integer(gid));
	return 0;
}

int
imgconfig_spec(json_t *image_config, const char *rootfs, char **out,
    struct rj_error **err)
{
	json_t *cfg = json_object_get(image_config, "config");
	json_t *jos = json_object_get(image_config, "os");
	if (jos != NULL && !json_is_string(jos))
		return rj_error_set(err, EINVAL,
		    "image config: os: expected a string");
	const char *os = jos != NULL ? json_string_value(jos) : rj_host_os();
	if (platform_os_check(os, err) < 0)
		return rj_error_wrap(err, "image config");
	_cleanup_strv_ char **args = NULL;
	if (imgconfig_args(cfg, &args, err) < 0)
		return -1;
	_cleanup_free_ char *text = NULL;
	if (rjd_spec_text(os, args != NULL && args[0] != NULL ? args : NULL,
		&text, err) < 0)
		return -1;
	json_error_t je;
	json_t *spec = json_loads(text, 0, &je);
	if (spec == NULL)
		return rj_error_set(err, EINVAL, "default config: %s", je.text);
	int rc = imgconfig_apply(spec, cfg, rootfs, err);
	if (rc == 0) {
		*out = json_dumps(spec, JSON_INDENT(2));
		if (*out == NULL)
			abort();
	}
	json_decref(spec);
	return rc;
}
