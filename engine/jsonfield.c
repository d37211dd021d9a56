/* jsonfield.c: typed config.json readers that name the failing JSON path. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsonfield.h"
#include "util.h"

void
jf_path(char *buf, const char *ppath, const char *key)
{
	if (ppath == NULL || *ppath == '\0')
		snprintf(buf, JF_PATH_MAX, "%s", key);
	else
		snprintf(buf, JF_PATH_MAX, "%s.%s", ppath, key);
}

void
jf_index(char *buf, const char *ppath, size_t i)
{
	snprintf(buf, JF_PATH_MAX, "%s[%zu]", ppath, i);
}

int
jf_error(struct rj_error **err, const char *ppath, const char *key,
    const char *fmt, ...)
{
	char path[JF_PATH_MAX];
	if (key != NULL)
		jf_path(path, ppath, key);
	else
		snprintf(path, sizeof(path), "%s", ppath);
	char *msg = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	rj_error_set(err, EINVAL, "%s: %s", path, msg);
	free(msg);
	return -1;
}

static int
lookup(json_t *parent, const char *ppath, const char *key, bool required,
    json_t **out, struct rj_error **err)
{
	json_t *v = parent != NULL ? json_object_get(parent, key) : NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return jf_error(err, ppath, key,
			    "required but missing");
		return 1;
	}
	*out = v;
	return 0;
}

int
jf_object(json_t *parent, const char *ppath, const char *key, bool required,
    json_t **out, struct rj_error **err)
{
	int rc = lookup(parent, ppath, key, required, out, err);
	if (rc != 0)
		return rc;
	if (!json_is_object(*out))
		return jf_error(err, ppath, key, "expected an object");
	return 0;
}

int
jf_array(json_t *parent, const char *ppath, const char *key, bool required,
    json_t **out, struct rj_error **err)
{
	int rc = lookup(parent, ppath, key, required, out, err);
	if (rc != 0)
		return rc;
	if (!json_is_array(*out))
		return jf_error(err, ppath, key, "expected an array");
	return 0;
}

int
jf_string(json_t *parent, const char *ppath, const char *key, bool required,
    char **out, struct rj_error **err)
{
	json_t *v = NULL;
	int rc = lookup(parent, ppath, key, required, &v, err);
	if (rc != 0)
		return rc;
	if (!json_is_string(v))
		return jf_error(err, ppath, key, "expected a string");
	free(*out);
	*out = xstrdup(json_string_value(v));
	return 0;
}

int
jf_bool(json_t *parent, const char *ppath, const char *key, bool *out,
    struct rj_error **err)
{
	json_t *v = NULL;
	int rc = lookup(parent, ppath, key, false, &v, err);
	if (rc != 0)
		return rc;
	if (!json_is_boolean(v))
		return jf_error(err, ppath, key, "expected true or false");
	*out = json_is_true(v);
	return 0;
}

int
jf_int64(json_t *parent, const char *ppath, const char *key, int64_t *out,
    struct rj_error **err)
{
	json_t *v = NULL;
	int rc = lookup(parent, ppath, key, false, &v, err);
	if (rc != 0)
		return rc;
	if (!json_is_integer(v))
		return jf_error(err, ppath, key, "expected an integer");
	*out = json_integer_value(v);
	return 0;
}

int
jf_int_range(json_t *parent, const char *ppath, const char *key, int64_t min,
    int64_t max, int64_t *out, struct rj_error **err)
{
	int64_t v;
	int rc = jf_int64(parent, ppath, key, &v, err);
	if (rc != 0)
		return rc;
	if (v < min || v > max)
		return jf_error(err, ppath, key,
		    "%lld is out of range %lld..%lld", (long long)v,
		    (long long)min, (long long)max);
	*out = v;
	return 0;
}

int
jf_uint64(json_t *parent, const char *ppath, const char *key, uint64_t *out,
    struct rj_error **err)
{
	json_t *v = NULL;
	int rc = lookup(parent, ppath, key, false, &v, err);
	if (rc != 0)
		return rc;
	/* jansson has no unsigned type: values past INT64_MAX arrive as
	 * reals, which is how runc's -1-as-max limits are usually written
	 * anyway (-1 is taken as "unlimited"). */
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		*out = i < 0 ? UINT64_MAX : (uint64_t)i;
		return 0;
	}
	if (json_is_real(v) && json_real_value(v) >= 0 &&
	    json_real_value(v) <= 18446744073709551615.0) {
		double d = json_real_value(v);
		*out = d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)d;
		return 0;
	}
	return jf_error(err, ppath, key, "expected a non-negative integer");
}

int
jf_strv(json_t *parent, const char *ppath, const char *key, bool required,
    char ***out, struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(parent, ppath, key, required, &arr, err);
	if (rc != 0)
		return rc;
	char path[JF_PATH_MAX];
	jf_path(path, ppath, key);
	size_t n = json_array_size(arr);
	char **v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(arr, i);
		if (!json_is_string(e)) {
			strv_free(v);
			char ep[JF_PATH_MAX];
			jf_index(ep, path, i);
			return jf_error(err, ep, NULL, "expected a string");
		}
		v[i] = xstrdup(json_string_value(e));
	}
	strv_free(*out);
	*out = v;
	return 0;
}

int
jf_string_map(json_t *parent, const char *ppath, const char *key, char ***keys,
    char ***values, struct rj_error **err)
{
	json_t *obj = NULL;
	int rc = jf_object(parent, ppath, key, false, &obj, err);
	if (rc != 0)
		return rc;
	char path[JF_PATH_MAX];
	jf_path(path, ppath, key);
	size_t n = json_object_size(obj), i = 0;
	char **k = xcalloc(n + 1, sizeof(*k));
	char **v = xcalloc(n + 1, sizeof(*v));
	const char *name;
	json_t *val;
	json_object_foreach(obj, name, val)
	{
		if (!json_is_string(val)) {
			strv_free(k);
			strv_free(v);
			return jf_error(err, path, name, "expected a string");
		}
		k[i] = xstrdup(name);
		v[i] = xstrdup(json_string_value(val));
		i++;
	}
	*keys = k;
	*values = v;
	return 0;
}
