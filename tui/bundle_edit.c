/* bundle_edit.c: edit process.args and root.path in config.json. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle_edit.h"
#include "runjutil.h"

static int
load(const char *bundle, json_t **out, char **path, struct rj_error **err)
{
	json_error_t jerr;
	json_t *j;

	*path = xasprintf("%s/config.json", bundle);
	if (access(*path, R_OK) < 0)
		return rj_error_sys(err, "%s", *path);
	j = json_load_file(*path, 0, &jerr);
	if (!j)
		return rj_error_set(err, 0, "%s: line %d: %s", *path, jerr.line,
		    jerr.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return rj_error_set(err, 0, "%s: not a JSON object", *path);
	}
	*out = j;
	return 0;
}

int
tui_bundle_read(const char *bundle, char ***args, char **root_path,
    bool *terminal, struct rj_error **err)
{
	_cleanup_json_ json_t *j = NULL;
	_cleanup_free_ char *path = NULL;
	_cleanup_strv_ char **v = NULL;
	json_t *a, *r, *e;
	size_t i, n = 0;

	if (load(bundle, &j, &path, err) < 0)
		return -1;
	a = json_object_get(json_object_get(j, "process"), "args");
	if (a && !json_is_array(a))
		return rj_error_set(err, 0,
		    "%s: process.args: expected an "
		    "array",
		    path);
	v = xcalloc(json_array_size(a) + 1, sizeof(*v));
	json_array_foreach(a, i, e)
	{
		if (!json_is_string(e))
			return rj_error_set(err, 0,
			    "%s: process.args[%zu]: "
			    "expected a string",
			    path, i);
		v[n++] = xstrdup(json_string_value(e));
	}
	r = json_object_get(json_object_get(j, "root"), "path");
	if (r && !json_is_string(r))
		return rj_error_set(err, 0, "%s: root.path: expected a string",
		    path);
	*root_path = xstrdup(r ? json_string_value(r) : "");
	if (terminal)
		*terminal = json_is_true(
		    json_object_get(json_object_get(j, "process"), "terminal"));
	*args = steal_ptr(v);
	return 0;
}

static int
check_values(const char *bundle, char *const *args, const char *root_path,
    struct rj_error **err)
{
	_cleanup_free_ char *abs = NULL;
	struct stat sb;

	if (!args || !args[0])
		return rj_error_set(err, 0,
		    "process args: at least one word "
		    "needed");
	if (!args[0][0])
		return rj_error_set(err, 0,
		    "process args: the program is "
		    "empty");
	if (!root_path || !*root_path)
		return rj_error_set(err, 0, "root path: empty");
	abs = root_path[0] == '/' ? xstrdup(root_path)
				  : xasprintf("%s/%s", bundle, root_path);
	if (stat(abs, &sb) < 0)
		return rj_error_sys(err, "root path %s", abs);
	if (!S_ISDIR(sb.st_mode))
		return rj_error_set(err, 0, "root path %s: not a directory",
		    abs);
	return 0;
}

/* obj[key], made an empty object when absent; NULL when not an object. */
static json_t *
child_object(json_t *obj, const char *key)
{
	json_t *c = json_object_get(obj, key);

	if (!c) {
		c = json_object();
		json_object_set_new(obj, key, c);
	}
	return json_is_object(c) ? c : NULL;
}

int
tui_bundle_write(const char *bundle, char *const *args, const char *root_path,
    int terminal, struct rj_error **err)
{
	_cleanup_json_ json_t *j = NULL;
	_cleanup_free_ char *path = NULL, *old = NULL, *text = NULL;
	_cleanup_free_ char *dump = NULL;
	size_t oldlen = 0;
	json_t *proc, *root, *a;
	struct stat sb;
	mode_t mode = 0644;

	if (check_values(bundle, args, root_path, err) < 0)
		return -1;
	if (load(bundle, &j, &path, err) < 0)
		return -1;
	if (read_file(path, &old, &oldlen, err) < 0)
		return -1;
	if (stat(path, &sb) == 0)
		mode = sb.st_mode & 07777;
	proc = child_object(j, "process");
	root = child_object(j, "root");
	if (!proc)
		return rj_error_set(err, 0, "%s: process: expected an object",
		    path);
	if (!root)
		return rj_error_set(err, 0, "%s: root: expected an object",
		    path);
	a = json_array();
	for (size_t i = 0; args[i]; i++)
		json_array_append_new(a, json_string(args[i]));
	json_object_set_new(proc, "args", a);
	if (terminal >= 0)
		json_object_set_new(proc, "terminal", json_boolean(terminal));
	json_object_set_new(root, "path", json_string(root_path));

	dump = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!dump)
		return rj_error_set(err, 0, "%s: cannot encode", path);
	text = xasprintf("%s\n", dump);
	if (rj_write_file_atomic(path, text, strlen(text), mode, err) < 0)
		return rj_error_wrap(err, "write %s", path);
	if (rj_spec_validate(bundle, err) < 0) {
		/* Put the old file back: the edit must not leave a bundle
		 * the engine refuses. */
		rj_write_file_atomic(path, old, oldlen, mode, NULL);
		return rj_error_wrap(err, "%s: not saved", path);
	}
	return 0;
}
