/*
 * fuzz_image_config.c: an image config turned into config.json, as unpack
 * does (Entrypoint, Cmd, Env, WorkingDir, User looked up in a small root
 * filesystem).  What comes out must be a JSON object whose process.cwd
 * passes the WorkingDir rule, whatever went in.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "imgconfig.h"
#include "runjutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char top[256], rootfs[300];

static void
remove_rootfs(void)
{
	struct rj_error *err = NULL;
	(void)rm_rf(top, &err);
	rj_error_freep(&err);
}

static void
put(const char *name, const char *text)
{
	_cleanup_free_ char *p = xasprintf("%s/%s", rootfs, name);
	FILE *f = fopen(p, "w");
	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

static void
make_rootfs(void)
{
	const char *tmp = getenv("TMPDIR");
	if (tmp == NULL && access("/dev/shm", W_OK) == 0)
		tmp = "/dev/shm";
	if (tmp == NULL || tmp[0] != '/' ||
	    (size_t)snprintf(top, sizeof(top), "%s/runj-fuzz-imgconfig.XXXXXX",
		tmp) >= sizeof(top))
		snprintf(top, sizeof(top), "/tmp/runj-fuzz-imgconfig.XXXXXX");
	if (mkdtemp(top) == NULL)
		abort();
	snprintf(rootfs, sizeof(rootfs), "%s/rootfs", top);
	_cleanup_free_ char *etc = xasprintf("%s/etc", rootfs);
	if (mkdir(rootfs, 0755) < 0 || mkdir(etc, 0755) < 0)
		abort();
	atexit(remove_rootfs);
	put("etc/passwd",
	    "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home:/bin/sh\n"
	    "odd:x:99999999999:x::/:\n");
	put("etc/group", "root:x:0:\napps:x:1001:\n");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (rootfs[0] == '\0')
		make_rootfs();
	if (size > IMAGE_JSON_MAX)
		return 0;
	struct rj_error *err = NULL;
	json_t *cfg;
	if (image_json((const char *)data, size, "config", &cfg, &err) < 0) {
		rj_error_freep(&err);
		return 0;
	}
	char *text = NULL;
	if (imgconfig_spec(cfg, rootfs, &text, &err) == 0) {
		json_error_t je;
		json_t *spec = json_loads(text, 0, &je);
		const char *cwd = json_string_value(
		    json_object_get(json_object_get(spec, "process"), "cwd"));
		if (spec == NULL || cwd == NULL ||
		    imgconfig_workdir_check(cwd, &err) < 0)
			abort();
		json_decref(spec);
		free(text);
	}
	json_decref(cfg);
	rj_error_freep(&err);
	return 0;
}
