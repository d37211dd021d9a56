/* spec.c: config.json -> struct rj_spec (top level, process, mounts, hooks).
 * The linux section is in spec_linux.c, the freebsd one in spec_freebsd.c. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonfield.h"
#include "spec.h"
#include "util.h"

static int
parse_rlimits(json_t *obj, const char *ppath, struct rj_process *p,
    struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(obj, ppath, "rlimits", false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX], ep[JF_PATH_MAX];
	jf_path(path, ppath, "rlimits");
	p->n_rlimits = json_array_size(arr);
	p->rlimits = xcalloc(p->n_rlimits, sizeof(*p->rlimits));
	for (size_t i = 0; i < p->n_rlimits; i++) {
		json_t *e = json_array_get(arr, i);
		struct rj_rlimit *r = &p->rlimits[i];
		_cleanup_free_ char *type = NULL;
		jf_index(ep, path, i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (jf_string(e, ep, "type", true, &type, err) < 0)
			return -1;
		r->resource = spec_rlimit_from_name(type, &r->name);
		if (r->resource < 0)
			return jf_error(err, ep, "type",
			    "unknown rlimit \"%s\"", type);
		for (size_t j = 0; j < i; j++)
			if (p->rlimits[j].resource == r->resource)
				return jf_error(err, ep, "type",
				    "\"%s\" given twice", type);
		int soft = jf_uint64(e, ep, "soft", &r->soft, err);
		if (soft < 0)
			return -1;
		int hard = jf_uint64(e, ep, "hard", &r->hard, err);
		if (hard < 0)
			return -1;
		if (soft > 0 || hard > 0)
			return jf_error(err, ep, NULL,
			    "soft and hard are required");
		if (r->soft > r->hard)
			return jf_error(err, ep, "soft", "larger than hard");
	}
	return 0;
}

static int
parse_cap_set(json_t *caps, const char *ppath, const char *key, uint64_t *set,
    struct rj_error **err)
{
	_cleanup_strv_ char **names = NULL;
	int rc = jf_strv(caps, ppath, key, false, &names, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX], ep[JF_PATH_MAX];
	jf_path(path, ppath, key);
	for (size_t i = 0; names[i] != NULL; i++) {
		int cap = spec_cap_from_name(names[i]);
		if (cap < 0) {
			jf_index(ep, path, i);
			return jf_error(err, ep, NULL,
			    "unknown capability \"%s\"", names[i]);
		}
		*set |= UINT64_C(1) << cap;
	}
	return 0;
}

static int
parse_caps(json_t *obj, const char *ppath, struct rj_caps *caps,
    struct rj_error **err)
{
	json_t *c = NULL;
	int rc = jf_object(obj, ppath, "capabilities", false, &c, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX];
	jf_path(path, ppath, "capabilities");
	caps->present = true;
	if (parse_cap_set(c, path, "bounding", &caps->bounding, err) < 0 ||
	    parse_cap_set(c, path, "effective", &caps->effective, err) < 0 ||
	    parse_cap_set(c, path, "inheritable", &caps->inheritable, err) <
		0 ||
	    parse_cap_set(c, path, "permitted", &caps->permitted, err) < 0 ||
	    parse_cap_set(c, path, "ambient", &caps->ambient, err) < 0)
		return -1;
	return 0;
}

static int
parse_user(json_t *obj, const char *ppath, struct rj_process *p,
    struct rj_error **err)
{
	json_t *u = NULL;
	int rc = jf_object(obj, ppath, "user", false, &u, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return 0;
	char path[JF_PATH_MAX];
	jf_path(path, ppath, "user");
	int64_t v;
	if ((rc = jf_int_range(u, path, "uid", 0, UINT32_MAX - 1, &v, err)) < 0)
		return -1;
	p->uid = rc == 0 ? (uid_t)v : 0;
	if ((rc = jf_int_range(u, path, "gid", 0, UINT32_MAX - 1, &v, err)) < 0)
		return -1;
	p->gid = rc == 0 ? (gid_t)v : 0;
	if ((rc = jf_int_range(u, path, "umask", 0, 07777, &v, err)) < 0)
		return -1;
	if (rc == 0) {
		p->has_umask = true;
		p->umask = (mode_t)v;
	}
	json_t *gids;
	if ((rc = jf_array(u, path, "additionalGids", false, &gids, err)) < 0)
		return -1;
	if (rc == 0) {
		char gp[JF_PATH_MAX], ep[JF_PATH_MAX];
		jf_path(gp, path, "additionalGids");
		p->n_additional_gids = json_array_size(gids);
		p->additional_gids = xcalloc(p->n_additional_gids,
		    sizeof(gid_t));
		for (size_t i = 0; i < p->n_additional_gids; i++) {
			json_t *g = json_array_get(gids, i);
			if (!json_is_integer(g) || json_integer_value(g) < 0 ||
			    json_integer_value(g) >= UINT32_MAX) {
				jf_index(ep, gp, i);
				return jf_error(err, ep, NULL,
				    "expected a group ID");
			}
			p->additional_gids[i] = (gid_t)json_integer_value(g);
		}
	}
	return 0;
}

int
spec_parse_process(json_t *obj, const char *path, struct rj_process *p,
    struct rj_error **err)
{
	if (jf_strv(obj, path, "args", true, &p->args, err) < 0)
		return -1;
	if (p->args[0] == NULL || p->args[0][0] == '\0')
		return jf_error(err, path, "args",
		    "needs at least one non-empty element");
	if (jf_strv(obj, path, "env", false, &p->env, err) < 0)
		return -1;
	if (p->env == NULL)
		p->env = xcalloc(1, sizeof(char *));
	for (size_t i = 0; p->env[i] != NULL; i++)
		if (strchr(p->env[i], '=') == NULL) {
			char ep[JF_PATH_MAX], envp[JF_PATH_MAX];
			jf_path(envp, path, "env");
			jf_index(ep, envp, i);
			return jf_error(err, ep, NULL,
			    "\"%s\" is not KEY=VALUE", p->env[i]);
		}
	if (jf_string(obj, path, "cwd", false, &p->cwd, err) < 0)
		return -1;
	if (p->cwd == NULL)
		p->cwd = xstrdup("/");
	if (p->cwd[0] != '/')
		return jf_error(err, path, "cwd", "must be an absolute path");
	if (jf_bool(obj, path, "terminal", &p->terminal, err) < 0)
		return -1;
	json_t *cs;
	int rc = jf_object(obj, path, "consoleSize", false, &cs, err);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		char cp[JF_PATH_MAX];
		int64_t h = 0, w = 0;
		jf_path(cp, path, "consoleSize");
		if (jf_int_range(cs, cp, "height", 0, UINT16_MAX, &h, err) <
			0 ||
		    jf_int_range(cs, cp, "width", 0, UINT16_MAX, &w, err) < 0)
			return -1;
		p->console_height = (unsigned)h;
		p->console_width = (unsigned)w;
	}
	if (parse_user(obj, path, p, err) < 0 ||
	    parse_rlimits(obj, path, p, err) < 0 ||
	    parse_caps(obj, path, &p->caps, err) < 0 ||
	    jf_bool(obj, path, "noNewPrivileges", &p->no_new_privileges, err) <
		0)
		return -1;
	int64_t adj;
	if ((rc = jf_int_range(obj, path, "oomScoreAdj", -1000, 1000, &adj,
		 err)) < 0)
		return -1;
	if (rc == 0) {
		p->has_oom_score_adj = true;
		p->oom_score_adj = (int)adj;
	}
	if (jf_string(obj, path, "apparmorProfile", false, &p->apparmor_profile,
		err) < 0 ||
	    jf_string(obj, path, "selinuxLabel", false, &p->selinux_label,
		err) < 0)
		return -1;
	return 0;
}

int
spec_parse_process_text(const char *text, struct rj_process *p,
    struct rj_error **err)
{
	memset(p, 0, sizeof(*p));
	json_error_t jerr;
	json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		return rj_error_set(err, EINVAL, "line %d column %d: %s",
		    jerr.line, jerr.column, jerr.text);
	int rc = json_is_object(o)
	    ? spec_parse_process(o, "process", p, err)
	    : rj_error_set(err, EINVAL, "expected a JSON object");
	json_decref(o);
	if (rc < 0)
		spec_free_process(p);
	return rc;
}

static int
parse_mounts(json_t *root, struct rj_spec *s, struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(root, "", "mounts", false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	s->n_mounts = json_array_size(arr);
	s->mounts = xcalloc(s->n_mounts, sizeof(*s->mounts));
	for (size_t i = 0; i < s->n_mounts; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		struct rj_mount *m = &s->mounts[i];
		jf_index(ep, "mounts", i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (jf_string(e, ep, "destination", true, &m->destination,
			err) < 0 ||
		    jf_string(e, ep, "type", false, &m->type, err) < 0 ||
		    jf_string(e, ep, "source", false, &m->source, err) < 0 ||
		    jf_strv(e, ep, "options", false, &m->options, err) < 0)
			return -1;
		if (m->destination[0] != '/')
			return jf_error(err, ep, "destination",
			    "must be an absolute path");
		if (m->options == NULL)
			m->options = xcalloc(1, sizeof(char *));
	}
	return 0;
}

static int
parse_hook_list(json_t *hooks, const char *key, struct rj_hook_list *list,
    struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(hooks, "hooks", key, false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX];
	jf_path(path, "hooks", key);
	list->n = json_array_size(arr);
	list->v = xcalloc(list->n, sizeof(*list->v));
	for (size_t i = 0; i < list->n; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		struct rj_hook *h = &list->v[i];
		jf_index(ep, path, i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		int64_t t = 0;
		if (jf_string(e, ep, "path", true, &h->path, err) < 0 ||
		    jf_strv(e, ep, "args", false, &h->args, err) < 0 ||
		    jf_strv(e, ep, "env", false, &h->env, err) < 0 ||
		    jf_int_range(e, ep, "timeout", 1, INT_MAX, &t, err) < 0)
			return -1;
		if (h->path[0] != '/')
			return jf_error(err, ep, "path",
			    "must be an absolute path");
		h->timeout = (int)t;
	}
	return 0;
}

static int
parse_hooks(json_t *root, struct rj_spec *s, struct rj_error **err)
{
	json_t *hooks = NULL;
	int rc = jf_object(root, "", "hooks", false, &hooks, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (int k = 0; k < RJ_HOOK_KINDS; k++)
		if (parse_hook_list(hooks, spec_hook_name(k), &s->hooks[k],
			err) < 0)
			return -1;
	return 0;
}

static int
parse_root(json_t *root, struct rj_spec *s, struct rj_error **err)
{
	json_t *r = NULL;
	int rc = jf_object(root, "", "root", false, &r, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return 0; /* required: spec_parse says so once the rest is read
			   */
	if (jf_string(r, "root", "path", true, &s->root_path, err) < 0 ||
	    jf_bool(r, "root", "readonly", &s->root_readonly, err) < 0)
		return -1;
	if (s->root_path[0] == '\0')
		return jf_error(err, "root", "path", "must not be empty");
	return 0;
}

static int
parse_annotations(json_t *root, struct rj_spec *s, struct rj_error **err)
{
	_cleanup_strv_ char **keys = NULL;
	_cleanup_strv_ char **values = NULL;
	int rc = jf_string_map(root, "", "annotations", &keys, &values, err);
	if (rc < 0)
		return -1;
	json_t *a = json_object_get(root, "annotations");
	s->annotations = rc == 0 ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS)
				 : xstrdup("{}");
	return 0;
}

static int
parse_version(json_t *root, struct rj_spec *s, struct rj_error **err)
{
	if (jf_string(root, "", "ociVersion", true, &s->oci_version, err) < 0)
		return -1;
	/* Any 1.x config is read: later minors only add properties. */
	if (!has_prefix(s->oci_version, "1."))
		return jf_error(err, "ociVersion", NULL,
		    "\"%s\" is not a 1.x version", s->oci_version);
	return 0;
}

int
spec_parse(const char *text, struct rj_spec *s, struct rj_error **err)
{
	memset(s, 0, sizeof(*s));
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return rj_error_set(err, EINVAL, "line %d column %d: %s",
		    jerr.line, jerr.column, jerr.text);
	int rc = -1;
	if (!json_is_object(root)) {
		rj_error_set(err, EINVAL, "expected a JSON object");
		goto out;
	}
	json_t *process, *lnx, *fbsd;
	int has;
	if (parse_version(root, s, err) < 0 || parse_root(root, s, err) < 0 ||
	    parse_mounts(root, s, err) < 0 || parse_hooks(root, s, err) < 0 ||
	    parse_annotations(root, s, err) < 0 ||
	    jf_string(root, "", "hostname", false, &s->hostname, err) < 0 ||
	    jf_string(root, "", "domainname", false, &s->domainname, err) < 0)
		goto out;
	if ((has = jf_object(root, "", "process", false, &process, err)) < 0)
		goto out;
	s->has_process = has == 0;
	if (s->has_process &&
	    spec_parse_process(process, "process", &s->process, err) < 0)
		goto out;
	if ((has = jf_object(root, "", "linux", false, &lnx, err)) < 0)
		goto out;
	s->has_linux = has == 0;
	if (s->has_linux && spec_parse_linux(lnx, &s->linux_, err) < 0)
		goto out;
	if ((has = jf_object(root, "", "freebsd", false, &fbsd, err)) < 0)
		goto out;
	s->has_freebsd = has == 0;
	if (s->has_freebsd && spec_parse_freebsd(fbsd, &s->freebsd, err) < 0)
		goto out;
	/* REQUIRED on POSIX platforms, which are all runj runs on. */
	if (s->root_path == NULL) {
		jf_error(err, "root", NULL, "required but missing");
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	if (rc < 0)
		spec_free(s);
	return rc;
}

/* path without ".", ".." or repeated slashes, lexically (as runc's
 * filepath.Clean); path is absolute. */
static char *
path_clean(const char *path)
{
	char *out = xmalloc(strlen(path) + 2);
	size_t n = 0;
	for (const char *p = path; *p != '\0';) {
		while (*p == '/')
			p++;
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[--n] != '/')
				;
		} else {
			out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

int
spec_rootfs(const char *bundle, const struct rj_spec *s, char **out,
    struct rj_error **err)
{
	_cleanup_free_ char *joined = s->root_path[0] == '/'
	    ? xstrdup(s->root_path)
	    : xasprintf("%s/%s", bundle, s->root_path);
	_cleanup_free_ char *clean = path_clean(joined);
	char real[PATH_MAX];
	if (realpath(clean, real) == NULL)
		return rj_error_sys(err, "root.path %s", clean);
	/* As runc: the root is the directory the config names, not where a
	 * symlink in the bundle (or on the way to it) sends it. */
	if (strcmp(real, clean) != 0)
		return rj_error_set(err, ELOOP,
		    "root.path %s: is or goes through a symbolic link (to %s); "
		    "name the directory itself",
		    clean, real);
	struct stat st;
	if (stat(real, &st) < 0)
		return rj_error_sys(err, "root.path %s", real);
	if (!S_ISDIR(st.st_mode))
		return rj_error_set(err, ENOTDIR,
		    "root.path %s: not a directory", real);
	*out = xstrdup(real);
	return 0;
}

int
spec_load(const char *bundle, struct rj_spec *s, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/config.json", bundle);
	_cleanup_free_ char *text = NULL;
	if (read_regular_file(path, RJ_CONFIG_MAX, &text, NULL, err) < 0) {
		if ((*err)->errnum == ENOENT)
			return rj_error_set(err, ENOENT,
			    "config.json: not found in bundle %s", bundle);
		return rj_error_wrap(err, "config.json");
	}
	if (spec_parse(text, s, err) < 0)
		return rj_error_wrap(err, "config.json");
	return 0;
}

void
spec_free_process(struct rj_process *p)
{
	free(p->cwd);
	strv_free(p->args);
	strv_free(p->env);
	free(p->additional_gids);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
	memset(p, 0, sizeof(*p));
}

void
spec_free(struct rj_spec *s)
{
	free(s->oci_version);
	free(s->root_path);
	free(s->hostname);
	free(s->domainname);
	for (size_t i = 0; i < s->n_mounts; i++) {
		free(s->mounts[i].destination);
		free(s->mounts[i].type);
		free(s->mounts[i].source);
		strv_free(s->mounts[i].options);
	}
	free(s->mounts);
	spec_free_process(&s->process);
	for (int k = 0; k < RJ_HOOK_KINDS; k++) {
		for (size_t i = 0; i < s->hooks[k].n; i++) {
			free(s->hooks[k].v[i].path);
			strv_free(s->hooks[k].v[i].args);
			strv_free(s->hooks[k].v[i].env);
		}
		free(s->hooks[k].v);
	}
	free(s->annotations);
	spec_free_linux(&s->linux_);
	spec_free_freebsd(&s->freebsd);
	memset(s, 0, sizeof(*s));
}

int
rj_spec_validate(const char *bundle, struct rj_error **err)
{
	struct rj_spec s;
	if (spec_load(bundle, &s, err) < 0)
		return -1;
	int rc = 0;
	if (!s.has_process)
		rc = rj_error_set(err, EINVAL,
		    "config.json: process: required but missing");
	spec_free(&s);
	return rc;
}
