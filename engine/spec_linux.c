/* spec_linux.c: the linux section of config.json -> struct rj_linux.  Shape
 * and names are checked here; what needs the kernel (syscall names, cgroup
 * trees) is checked by the Linux driver before anything is made. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "jsonfield.h"
#include "spec.h"
#include "util.h"

static int
parse_namespaces(json_t *obj, struct rj_linux *l, struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(obj, "linux", "namespaces", false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (size_t i = 0; i < json_array_size(arr); i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		_cleanup_free_ char *type = NULL;
		jf_index(ep, "linux.namespaces", i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (jf_string(e, ep, "type", true, &type, err) < 0)
			return -1;
		int t;
		for (t = 0; t < RJ_NS_TYPES; t++)
			if (strcmp(spec_ns_name(t), type) == 0)
				break;
		if (t == RJ_NS_TYPES)
			return jf_error(err, ep, "type",
			    "unknown namespace \"%s\"", type);
		if (l->namespaces[t].present)
			return jf_error(err, ep, "type",
			    "namespace \"%s\" given twice", type);
		l->namespaces[t].present = true;
		if (jf_string(e, ep, "path", false, &l->namespaces[t].path,
			err) < 0)
			return -1;
		if (l->namespaces[t].path != NULL &&
		    l->namespaces[t].path[0] != '/')
			return jf_error(err, ep, "path",
			    "must be an absolute path");
	}
	return 0;
}

static int
parse_mappings(json_t *obj, const char *key, struct rj_id_mapping **out,
    size_t *n, struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(obj, "linux", key, false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX];
	jf_path(path, "linux", key);
	*n = json_array_size(arr);
	*out = xcalloc(*n, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		struct rj_id_mapping *m = &(*out)[i];
		int64_t c, h, s;
		jf_index(ep, path, i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (jf_int_range(e, ep, "containerID", 0, UINT32_MAX, &c,
			err) != 0 ||
		    jf_int_range(e, ep, "hostID", 0, UINT32_MAX, &h, err) !=
			0 ||
		    jf_int_range(e, ep, "size", 1, UINT32_MAX, &s, err) != 0) {
			if (*err == NULL)
				jf_error(err, ep, NULL,
				    "containerID, hostID and size are "
				    "required");
			return -1;
		}
		m->container_id = (uint32_t)c;
		m->host_id = (uint32_t)h;
		m->size = (uint32_t)s;
		for (size_t j = 0; j < i; j++) {
			const struct rj_id_mapping *o = &(*out)[j];
			if (m->container_id < o->container_id + o->size &&
			    o->container_id < m->container_id + m->size)
				return jf_error(err, ep, NULL,
				    "overlaps %s[%zu] in the container", path,
				    j);
			if (m->host_id < o->host_id + o->size &&
			    o->host_id < m->host_id + m->size)
				return jf_error(err, ep, NULL,
				    "overlaps %s[%zu] on the host", path, j);
		}
	}
	return 0;
}

static int
parse_time_offsets(json_t *obj, struct rj_linux *l, struct rj_error **err)
{
	json_t *to = NULL;
	int rc = jf_object(obj, "linux", "timeOffsets", false, &to, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	static const char *const clocks[] = { "monotonic", "boottime" };
	int64_t *secs[] = { &l->monotonic_secs, &l->boottime_secs };
	uint32_t *nsecs[] = { &l->monotonic_nsecs, &l->boottime_nsecs };
	l->has_time_offsets = true;
	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++) {
		json_t *c;
		char cp[JF_PATH_MAX];
		jf_path(cp, "linux.timeOffsets", clocks[i]);
		rc = jf_object(to, "linux.timeOffsets", clocks[i], false, &c,
		    err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		int64_t ns = 0;
		if (jf_int64(c, cp, "secs", secs[i], err) < 0 ||
		    jf_int_range(c, cp, "nanosecs", 0, 999999999, &ns, err) < 0)
			return -1;
		*nsecs[i] = (uint32_t)ns;
	}
	return 0;
}

static int
parse_device_type(json_t *e, const char *ep, const char *allowed, char *out,
    bool required, struct rj_error **err)
{
	_cleanup_free_ char *type = NULL;
	int rc = jf_string(e, ep, "type", required, &type, err);
	if (rc != 0)
		return rc;
	if (strlen(type) != 1 || strchr(allowed, type[0]) == NULL)
		return jf_error(err, ep, "type",
		    "unknown device type \"%s\" (one of %s)", type, allowed);
	*out = type[0];
	return 0;
}

static int
parse_devices(json_t *obj, struct rj_linux *l, struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(obj, "linux", "devices", false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	l->n_devices = json_array_size(arr);
	l->devices = xcalloc(l->n_devices, sizeof(*l->devices));
	for (size_t i = 0; i < l->n_devices; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		struct rj_device *d = &l->devices[i];
		int64_t v;
		jf_index(ep, "linux.devices", i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (parse_device_type(e, ep, "cbup", &d->type, true, err) < 0 ||
		    jf_string(e, ep, "path", true, &d->path, err) < 0)
			return -1;
		if (d->path[0] != '/')
			return jf_error(err, ep, "path",
			    "must be an absolute path");
		d->major = d->minor = 0;
		int hm = jf_int_range(e, ep, "major", 0, UINT32_MAX, &d->major,
		    err);
		int hn = jf_int_range(e, ep, "minor", 0, UINT32_MAX, &d->minor,
		    err);
		if (hm < 0 || hn < 0)
			return -1;
		if (d->type != 'p' && (hm > 0 || hn > 0))
			return jf_error(err, ep, NULL,
			    "major and minor are required for type %c",
			    d->type);
		/* Podman passes the file-type bits too (0o20644): only the
		 * permission bits are the mode, as runc takes them. */
		if ((rc = jf_int_range(e, ep, "fileMode", 0, UINT32_MAX, &v,
			 err)) < 0)
			return -1;
		if ((d->has_file_mode = rc == 0))
			d->file_mode = (mode_t)v & 07777;
		if ((rc = jf_int_range(e, ep, "uid", 0, UINT32_MAX - 1, &v,
			 err)) < 0)
			return -1;
		if ((d->has_uid = rc == 0))
			d->uid = (uid_t)v;
		if ((rc = jf_int_range(e, ep, "gid", 0, UINT32_MAX - 1, &v,
			 err)) < 0)
			return -1;
		if ((d->has_gid = rc == 0))
			d->gid = (gid_t)v;
	}
	return 0;
}

static int
parse_device_rules(json_t *obj, const char *ppath, struct rj_resources *r,
    struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(obj, ppath, "devices", false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX];
	jf_path(path, ppath, "devices");
	r->n_devices = json_array_size(arr);
	r->devices = xcalloc(r->n_devices, sizeof(*r->devices));
	for (size_t i = 0; i < r->n_devices; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		struct rj_device_rule *d = &r->devices[i];
		_cleanup_free_ char *access = NULL;
		jf_index(ep, path, i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (!json_is_boolean(json_object_get(e, "allow")))
			return jf_error(err, ep, "allow",
			    "required: true or false");
		d->allow = json_is_true(json_object_get(e, "allow"));
		d->type = 'a';
		d->major = d->minor = -1;
		if (parse_device_type(e, ep, "acb", &d->type, false, err) < 0 ||
		    jf_int_range(e, ep, "major", -1, UINT32_MAX, &d->major,
			err) < 0 ||
		    jf_int_range(e, ep, "minor", -1, UINT32_MAX, &d->minor,
			err) < 0 ||
		    jf_string(e, ep, "access", false, &access, err) < 0)
			return -1;
		const char *a = access != NULL ? access : "rwm";
		if (strlen(a) > 3 || strspn(a, "rwm") != strlen(a))
			return jf_error(err, ep, "access",
			    "\"%s\" is not a subset of \"rwm\"", a);
		snprintf(d->access, sizeof(d->access), "%s", a);
	}
	return 0;
}

/* "major:minor" device lists of blockIO share one shape. */
static int
parse_block_devices(json_t *obj, const char *ppath, const char *key,
    bool weights, void **out, size_t *n, struct rj_error **err)
{
	json_t *arr = NULL;
	int rc = jf_array(obj, ppath, key, false, &arr, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX];
	jf_path(path, ppath, key);
	*n = json_array_size(arr);
	struct rj_weight_device *wd = NULL;
	struct rj_throttle_device *td = NULL;
	if (weights)
		*out = wd = xcalloc(*n, sizeof(*wd));
	else
		*out = td = xcalloc(*n, sizeof(*td));
	for (size_t i = 0; i < *n; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		int64_t major, minor, v;
		jf_index(ep, path, i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (jf_int_range(e, ep, "major", 0, UINT32_MAX, &major, err) !=
			0 ||
		    jf_int_range(e, ep, "minor", 0, UINT32_MAX, &minor, err) !=
			0) {
			if (*err == NULL)
				jf_error(err, ep, NULL,
				    "major and minor are required");
			return -1;
		}
		if (weights) {
			wd[i].major = major;
			wd[i].minor = minor;
			if ((rc = jf_int_range(e, ep, "weight", 0, UINT16_MAX,
				 &v, err)) < 0)
				return -1;
			if ((wd[i].has_weight = rc == 0))
				wd[i].weight = (uint16_t)v;
			if ((rc = jf_int_range(e, ep, "leafWeight", 0,
				 UINT16_MAX, &v, err)) < 0)
				return -1;
			if ((wd[i].has_leaf_weight = rc == 0))
				wd[i].leaf_weight = (uint16_t)v;
		} else {
			td[i].major = major;
			td[i].minor = minor;
			if (jf_uint64(e, ep, "rate", &td[i].rate, err) != 0) {
				if (*err == NULL)
					jf_error(err, ep, "rate",
					    "required but missing");
				return -1;
			}
		}
	}
	return 0;
}

static int
parse_block_io(json_t *obj, const char *ppath, struct rj_resources *r,
    struct rj_error **err)
{
	json_t *b = NULL;
	int rc = jf_object(obj, ppath, "blockIO", false, &b, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char path[JF_PATH_MAX];
	jf_path(path, ppath, "blockIO");
	int64_t v;
	if ((rc = jf_int_range(b, path, "weight", 0, UINT16_MAX, &v, err)) < 0)
		return -1;
	if ((r->block_io.has_weight = rc == 0))
		r->block_io.weight = (uint16_t)v;
	if ((rc = jf_int_range(b, path, "leafWeight", 0, UINT16_MAX, &v, err)) <
	    0)
		return -1;
	if ((r->block_io.has_leaf_weight = rc == 0))
		r->block_io.leaf_weight = (uint16_t)v;
	if (parse_block_devices(b, path, "weightDevice", true,
		(void **)&r->block_io.weight_device,
		&r->block_io.n_weight_device, err) < 0)
		return -1;
	static const char *const throttles[4] = { "throttleReadBpsDevice",
		"throttleWriteBpsDevice", "throttleReadIOPSDevice",
		"throttleWriteIOPSDevice" };
	for (int i = 0; i < 4; i++)
		if (parse_block_devices(b, path, throttles[i], false,
			(void **)&r->block_io.throttle[i],
			&r->block_io.n_throttle[i], err) < 0)
			return -1;
	return 0;
}

struct int_field {
	const char *key;
	size_t has_off, val_off;
	bool is_unsigned;
	int64_t min, max;
};

#define MEM(k, f, u, lo, hi)                                                   \
	{                                                                      \
		k, offsetof(struct rj_resources, memory.has_##f),              \
		    offsetof(struct rj_resources, memory.f), u, lo, hi         \
	}
#define CPU(k, f, u, lo, hi)                                                   \
	{                                                                      \
		k, offsetof(struct rj_resources, cpu.has_##f),                 \
		    offsetof(struct rj_resources, cpu.f), u, lo, hi            \
	}

static const struct int_field memory_fields[] = {
	MEM("limit", limit, false, -1, INT64_MAX),
	MEM("reservation", reservation, false, -1, INT64_MAX),
	MEM("swap", swap, false, -1, INT64_MAX),
	MEM("kernel", kernel, false, -1, INT64_MAX),
	MEM("kernelTCP", kernel_tcp, false, -1, INT64_MAX),
	MEM("swappiness", swappiness, true, 0, 100),
};

static const struct int_field cpu_fields[] = {
	CPU("shares", shares, true, 0, INT64_MAX),
	CPU("quota", quota, false, -1, INT64_MAX),
	CPU("burst", burst, true, 0, INT64_MAX),
	CPU("period", period, true, 0, INT64_MAX),
	CPU("realtimeRuntime", realtime_runtime, false, -1, INT64_MAX),
	CPU("realtimePeriod", realtime_period, true, 0, INT64_MAX),
	CPU("idle", idle, false, 0, 1),
};

static int
parse_int_fields(json_t *obj, const char *path, const struct int_field *f,
    size_t n, struct rj_resources *r, struct rj_error **err)
{
	for (size_t i = 0; i < n; i++) {
		int64_t v;
		int rc = jf_int_range(obj, path, f[i].key, f[i].min, f[i].max,
		    &v, err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		*(bool *)((char *)r + f[i].has_off) = true;
		if (f[i].is_unsigned)
			*(uint64_t *)((char *)r + f[i].val_off) = (uint64_t)v;
		else
			*(int64_t *)((char *)r + f[i].val_off) = v;
	}
	return 0;
}

static int
parse_memory(json_t *o, const char *sp, struct rj_resources *r,
    struct rj_error **err)
{
	static const struct {
		const char *key;
		size_t has_off, val_off;
	} bools[] = {
		{ "disableOOMKiller",
		    offsetof(struct rj_resources,
			memory.has_disable_oom_killer),
		    offsetof(struct rj_resources, memory.disable_oom_killer) },
		{ "useHierarchy",
		    offsetof(struct rj_resources, memory.has_use_hierarchy),
		    offsetof(struct rj_resources, memory.use_hierarchy) },
		{ "checkBeforeUpdate",
		    offsetof(struct rj_resources,
			memory.has_check_before_update),
		    offsetof(struct rj_resources, memory.check_before_update) },
	};
	if (parse_int_fields(o, sp, memory_fields, ARRAY_SIZE(memory_fields), r,
		err) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(bools); i++) {
		int rc = jf_bool(o, sp, bools[i].key,
		    (bool *)((char *)r + bools[i].val_off), err);
		if (rc < 0)
			return -1;
		*(bool *)((char *)r + bools[i].has_off) = rc == 0;
	}
	return 0;
}

static int
parse_cpu(json_t *o, const char *sp, struct rj_resources *r,
    struct rj_error **err)
{
	if (parse_int_fields(o, sp, cpu_fields, ARRAY_SIZE(cpu_fields), r,
		err) < 0 ||
	    jf_string(o, sp, "cpus", false, &r->cpu.cpus, err) < 0 ||
	    jf_string(o, sp, "mems", false, &r->cpu.mems, err) < 0)
		return -1;
	return 0;
}

static int
parse_pids(json_t *o, const char *sp, struct rj_resources *r,
    struct rj_error **err)
{
	int rc = jf_int_range(o, sp, "limit", -1, INT64_MAX, &r->pids.limit,
	    err);
	if (rc < 0)
		return -1;
	r->pids.has_limit = rc == 0;
	return 0;
}

static int
parse_hugepages(json_t *arr, const char *sp, struct rj_resources *r,
    struct rj_error **err)
{
	r->n_hugepage_limits = json_array_size(arr);
	r->hugepage_limits = xcalloc(r->n_hugepage_limits,
	    sizeof(*r->hugepage_limits));
	for (size_t i = 0; i < r->n_hugepage_limits; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		jf_index(ep, sp, i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (jf_string(e, ep, "pageSize", true,
			&r->hugepage_limits[i].page_size, err) < 0)
			return -1;
		if (jf_uint64(e, ep, "limit", &r->hugepage_limits[i].limit,
			err) != 0) {
			if (*err == NULL)
				jf_error(err, ep, "limit",
				    "required but missing");
			return -1;
		}
	}
	return 0;
}

static int
parse_network(json_t *o, const char *sp, struct rj_resources *r,
    struct rj_error **err)
{
	int64_t v;
	int rc = jf_int_range(o, sp, "classID", 0, UINT32_MAX, &v, err);
	if (rc < 0)
		return -1;
	if ((r->network.has_class_id = rc == 0))
		r->network.class_id = (uint32_t)v;
	json_t *arr = NULL;
	if ((rc = jf_array(o, sp, "priorities", false, &arr, err)) != 0)
		return rc < 0 ? -1 : 0;
	char pp[JF_PATH_MAX];
	jf_path(pp, sp, "priorities");
	r->network.n_prio = json_array_size(arr);
	r->network.prio_names = xcalloc(r->network.n_prio + 1, sizeof(char *));
	r->network.prio_values = xcalloc(r->network.n_prio, sizeof(uint32_t));
	for (size_t i = 0; i < r->network.n_prio; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		jf_index(ep, pp, i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (jf_string(e, ep, "name", true, &r->network.prio_names[i],
			err) < 0 ||
		    jf_int_range(e, ep, "priority", 0, UINT32_MAX, &v, err) < 0)
			return -1;
		r->network.prio_values[i] = (uint32_t)v;
	}
	return 0;
}

/* The sections of linux.resources that are objects or arrays, each
 * parsed by its own function when present. */
static const struct {
	const char *key;
	bool is_array;
	int (*parse)(json_t *v, const char *path, struct rj_resources *r,
	    struct rj_error **err);
} sections[] = {
	{ "memory", false, parse_memory },
	{ "cpu", false, parse_cpu },
	{ "pids", false, parse_pids },
	{ "hugepageLimits", true, parse_hugepages },
	{ "network", false, parse_network },
};

int
spec_parse_resources(json_t *obj, const char *path, struct rj_resources *r,
    struct rj_error **err)
{
	if (parse_device_rules(obj, path, r, err) < 0 ||
	    parse_block_io(obj, path, r, err) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++) {
		json_t *v = NULL;
		int rc = sections[i].is_array
		    ? jf_array(obj, path, sections[i].key, false, &v, err)
		    : jf_object(obj, path, sections[i].key, false, &v, err);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		char sp[JF_PATH_MAX];
		jf_path(sp, path, sections[i].key);
		if (sections[i].parse(v, sp, r, err) < 0)
			return -1;
	}
	return jf_string_map(obj, path, "unified", &r->unified_keys,
	    &r->unified_values, err);
}

struct name_value {
	const char *name;
	int value;
};

static const struct name_value seccomp_actions[] = {
	{ "SCMP_ACT_KILL", RJ_SCMP_KILL },
	{ "SCMP_ACT_KILL_PROCESS", RJ_SCMP_KILL_PROCESS },
	{ "SCMP_ACT_KILL_THREAD", RJ_SCMP_KILL_THREAD },
	{ "SCMP_ACT_TRAP", RJ_SCMP_TRAP },
	{ "SCMP_ACT_ERRNO", RJ_SCMP_ERRNO },
	{ "SCMP_ACT_TRACE", RJ_SCMP_TRACE },
	{ "SCMP_ACT_ALLOW", RJ_SCMP_ALLOW },
	{ "SCMP_ACT_LOG", RJ_SCMP_LOG },
	{ "SCMP_ACT_NOTIFY", RJ_SCMP_NOTIFY },
};

static const struct name_value seccomp_ops[] = {
	{ "SCMP_CMP_NE", RJ_SCMP_CMP_NE },
	{ "SCMP_CMP_LT", RJ_SCMP_CMP_LT },
	{ "SCMP_CMP_LE", RJ_SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", RJ_SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", RJ_SCMP_CMP_GE },
	{ "SCMP_CMP_GT", RJ_SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", RJ_SCMP_CMP_MASKED_EQ },
};

static int
parse_name(json_t *obj, const char *path, const char *key,
    const struct name_value *table, size_t n, const char *what, int *out,
    bool required, struct rj_error **err)
{
	_cleanup_free_ char *name = NULL;
	int rc = jf_string(obj, path, key, required, &name, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0) {
			*out = table[i].value;
			return 0;
		}
	return jf_error(err, path, key, "unknown %s \"%s\"", what, name);
}

static int
parse_seccomp_rule(json_t *e, const char *ep, struct rj_seccomp_rule *r,
    struct rj_error **err)
{
	int action = 0, rc;
	int64_t v;
	if (jf_strv(e, ep, "names", true, &r->names, err) < 0 ||
	    parse_name(e, ep, "action", seccomp_actions,
		ARRAY_SIZE(seccomp_actions), "seccomp action", &action, true,
		err) < 0)
		return -1;
	if (r->names[0] == NULL)
		return jf_error(err, ep, "names", "must not be empty");
	r->action = action;
	if ((rc = jf_int_range(e, ep, "errnoRet", 0, 4095, &v, err)) < 0)
		return -1;
	if ((r->has_errno_ret = rc == 0))
		r->errno_ret = (unsigned)v;
	json_t *args;
	if ((rc = jf_array(e, ep, "args", false, &args, err)) < 0)
		return -1;
	if (rc > 0)
		return 0;
	char ap[JF_PATH_MAX];
	jf_path(ap, ep, "args");
	r->n_args = json_array_size(args);
	r->args = xcalloc(r->n_args, sizeof(*r->args));
	for (size_t i = 0; i < r->n_args; i++) {
		char aep[JF_PATH_MAX];
		json_t *a = json_array_get(args, i);
		int op = 0;
		int64_t index;
		jf_index(aep, ap, i);
		if (!json_is_object(a))
			return jf_error(err, aep, NULL, "expected an object");
		if ((rc = jf_int_range(a, aep, "index", 0, 5, &index, err)) !=
		    0)
			return rc < 0 ? -1
				      : jf_error(err, aep, "index",
					    "required but missing");
		r->args[i].index = (unsigned)index;
		if ((rc = jf_uint64(a, aep, "value", &r->args[i].value, err)) !=
		    0)
			return rc < 0 ? -1
				      : jf_error(err, aep, "value",
					    "required but missing");
		if (jf_uint64(a, aep, "valueTwo", &r->args[i].value_two, err) <
			0 ||
		    parse_name(a, aep, "op", seccomp_ops,
			ARRAY_SIZE(seccomp_ops), "seccomp operator", &op, true,
			err) < 0)
			return -1;
		r->args[i].op = op;
	}
	return 0;
}

static int
parse_seccomp(json_t *obj, struct rj_seccomp *s, struct rj_error **err)
{
	json_t *sc = NULL;
	int rc = jf_object(obj, "linux", "seccomp", false, &sc, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	const char *p = "linux.seccomp";
	int action = 0;
	int64_t v;
	s->present = true;
	if (parse_name(sc, p, "defaultAction", seccomp_actions,
		ARRAY_SIZE(seccomp_actions), "seccomp action", &action, true,
		err) < 0)
		return -1;
	s->default_action = action;
	if ((rc = jf_int_range(sc, p, "defaultErrnoRet", 0, 4095, &v, err)) < 0)
		return -1;
	if ((s->has_default_errno_ret = rc == 0))
		s->default_errno_ret = (unsigned)v;
	if (jf_strv(sc, p, "architectures", false, &s->architectures, err) <
		0 ||
	    jf_strv(sc, p, "flags", false, &s->flags, err) < 0 ||
	    jf_string(sc, p, "listenerPath", false, &s->listener_path, err) <
		0 ||
	    jf_string(sc, p, "listenerMetadata", false, &s->listener_metadata,
		err) < 0)
		return -1;
	json_t *arr = NULL;
	if ((rc = jf_array(sc, p, "syscalls", false, &arr, err)) < 0)
		return -1;
	if (rc > 0)
		return 0;
	s->n_rules = json_array_size(arr);
	s->rules = xcalloc(s->n_rules, sizeof(*s->rules));
	for (size_t i = 0; i < s->n_rules; i++) {
		char ep[JF_PATH_MAX];
		json_t *e = json_array_get(arr, i);
		jf_index(ep, "linux.seccomp.syscalls", i);
		if (!json_is_object(e))
			return jf_error(err, ep, NULL, "expected an object");
		if (parse_seccomp_rule(e, ep, &s->rules[i], err) < 0)
			return -1;
	}
	return 0;
}

static int
parse_paths(json_t *obj, const char *key, char ***out, struct rj_error **err)
{
	if (jf_strv(obj, "linux", key, false, out, err) < 0)
		return -1;
	for (size_t i = 0; *out != NULL && (*out)[i] != NULL; i++)
		if ((*out)[i][0] != '/') {
			char p[JF_PATH_MAX], ep[JF_PATH_MAX];
			jf_path(p, "linux", key);
			jf_index(ep, p, i);
			return jf_error(err, ep, NULL,
			    "must be an absolute path");
		}
	return 0;
}

int
spec_parse_linux(json_t *obj, struct rj_linux *l, struct rj_error **err)
{
	json_t *o = NULL;
	int rc;
	if (parse_namespaces(obj, l, err) < 0 ||
	    parse_mappings(obj, "uidMappings", &l->uid_mappings,
		&l->n_uid_mappings, err) < 0 ||
	    parse_mappings(obj, "gidMappings", &l->gid_mappings,
		&l->n_gid_mappings, err) < 0 ||
	    parse_time_offsets(obj, l, err) < 0 ||
	    parse_devices(obj, l, err) < 0 ||
	    jf_string(obj, "linux", "cgroupsPath", false, &l->cgroups_path,
		err) < 0)
		return -1;
	if ((rc = jf_object(obj, "linux", "resources", false, &o, err)) < 0)
		return -1;
	if ((l->has_resources = rc == 0) &&
	    spec_parse_resources(o, "linux.resources", &l->resources, err) < 0)
		return -1;
	if (jf_string(obj, "linux", "rootfsPropagation", false,
		&l->rootfs_propagation, err) < 0 ||
	    parse_paths(obj, "maskedPaths", &l->masked_paths, err) < 0 ||
	    parse_paths(obj, "readonlyPaths", &l->readonly_paths, err) < 0 ||
	    jf_string(obj, "linux", "mountLabel", false, &l->mount_label, err) <
		0 ||
	    jf_string_map(obj, "linux", "sysctl", &l->sysctl_keys,
		&l->sysctl_values, err) < 0 ||
	    parse_seccomp(obj, &l->seccomp, err) < 0)
		return -1;
	static const char *const propagations[] = { "shared", "slave",
		"private", "unbindable", "rshared", "rslave", "rprivate",
		"runbindable" };
	if (l->rootfs_propagation != NULL) {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(propagations); i++)
			if (strcmp(propagations[i], l->rootfs_propagation) == 0)
				break;
		if (i == ARRAY_SIZE(propagations))
			return jf_error(err, "linux", "rootfsPropagation",
			    "unknown propagation \"%s\"",
			    l->rootfs_propagation);
	}
	if ((rc = jf_object(obj, "linux", "personality", false, &o, err)) < 0)
		return -1;
	if ((l->has_personality = rc == 0)) {
		if (jf_string(o, "linux.personality", "domain", true,
			&l->personality_domain, err) < 0 ||
		    jf_strv(o, "linux.personality", "flags", false,
			&l->personality_flags, err) < 0)
			return -1;
		if (strcmp(l->personality_domain, "LINUX") != 0 &&
		    strcmp(l->personality_domain, "LINUX32") != 0)
			return jf_error(err, "linux.personality", "domain",
			    "unknown domain \"%s\" (LINUX or LINUX32)",
			    l->personality_domain);
	}
	if (l->n_uid_mappings > 0 || l->n_gid_mappings > 0) {
		if (!l->namespaces[RJ_NS_USER].present)
			return jf_error(err, "linux", "uidMappings",
			    "needs a user namespace");
	}
	return 0;
}

void
spec_free_resources(struct rj_resources *r)
{
	free(r->devices);
	free(r->cpu.cpus);
	free(r->cpu.mems);
	free(r->block_io.weight_device);
	for (int i = 0; i < 4; i++)
		free(r->block_io.throttle[i]);
	for (size_t i = 0; i < r->n_hugepage_limits; i++)
		free(r->hugepage_limits[i].page_size);
	free(r->hugepage_limits);
	strv_free(r->network.prio_names);
	free(r->network.prio_values);
	strv_free(r->unified_keys);
	strv_free(r->unified_values);
	memset(r, 0, sizeof(*r));
}

void
spec_free_linux(struct rj_linux *l)
{
	for (int t = 0; t < RJ_NS_TYPES; t++)
		free(l->namespaces[t].path);
	free(l->uid_mappings);
	free(l->gid_mappings);
	for (size_t i = 0; i < l->n_devices; i++)
		free(l->devices[i].path);
	free(l->devices);
	free(l->cgroups_path);
	spec_free_resources(&l->resources);
	free(l->rootfs_propagation);
	strv_free(l->masked_paths);
	strv_free(l->readonly_paths);
	free(l->mount_label);
	strv_free(l->sysctl_keys);
	strv_free(l->sysctl_values);
	struct rj_seccomp *s = &l->seccomp;
	strv_free(s->architectures);
	strv_free(s->flags);
	free(s->listener_path);
	free(s->listener_metadata);
	for (size_t i = 0; i < s->n_rules; i++) {
		strv_free(s->rules[i].names);
		free(s->rules[i].args);
	}
	free(s->rules);
	free(l->personality_domain);
	strv_free(l->personality_flags);
	memset(l, 0, sizeof(*l));
}
