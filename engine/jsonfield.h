/*
 * jsonfield.h: typed readers for config.json that name the JSON path of a
 * wrong value: "process.args[1]: expected a string".
 *
 * Each reader looks up key in the object parent (whose own path is ppath)
 * and returns 0 when the value was read, 1 when it is absent (or null), and
 * -1 with *err set when it has the wrong type or value, or is required and
 * absent.  The path of an array element is built with jf_path().
 */
#ifndef RJ_JSONFIELD_H
#define RJ_JSONFIELD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "runj.h"

#define JF_PATH_MAX 256

/* "ppath.key", or "key" when ppath is empty. */
void jf_path(char *buf, const char *ppath, const char *key);
/* "ppath[i]". */
void jf_index(char *buf, const char *ppath, size_t i);

int jf_error(struct rj_error **err, const char *ppath, const char *key,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

int jf_object(json_t *parent, const char *ppath, const char *key, bool required,
    json_t **out, struct rj_error **err);
int jf_array(json_t *parent, const char *ppath, const char *key, bool required,
    json_t **out, struct rj_error **err);
int jf_string(json_t *parent, const char *ppath, const char *key, bool required,
    char **out, struct rj_error **err);
int jf_bool(json_t *parent, const char *ppath, const char *key, bool *out,
    struct rj_error **err);
int jf_int64(json_t *parent, const char *ppath, const char *key, int64_t *out,
    struct rj_error **err);
/* Integer in [min, max]. */
int jf_int_range(json_t *parent, const char *ppath, const char *key,
    int64_t min, int64_t max, int64_t *out, struct rj_error **err);
int jf_uint64(json_t *parent, const char *ppath, const char *key, uint64_t *out,
    struct rj_error **err);
/* An array of strings; *out is NULL-terminated. */
int jf_strv(json_t *parent, const char *ppath, const char *key, bool required,
    char ***out, struct rj_error **err);
/* An object of string values into a NULL-terminated "k=v"-free pair list:
 * keys[i], values[i]. */
int jf_string_map(json_t *parent, const char *ppath, const char *key,
    char ***keys, char ***values, struct rj_error **err);

#endif
