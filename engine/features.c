/* features.c: `runj features`, runtime-spec's features.json, true to what
 * this build supports. */
#include <jansson.h>

#include "driver.h"
#include "spec.h"
#include "util.h"

char *
rj_features_json(void)
{
	json_t *hooks = json_array();
	for (int k = 0; k < RJ_HOOK_KINDS; k++)
		json_array_append_new(hooks, json_string(spec_hook_name(k)));
	json_t *f = json_pack("{s:s, s:s, s:o, s:{s:s, s:s}}", "ociVersionMin",
	    "1.0.0", "ociVersionMax", RJ_OCI_VERSION, "hooks", hooks,
	    "annotations", "org.opencontainers.runc.checkpoint.enabled",
	    "false", "io.github.runj.version", RJ_VERSION);
	json_object_set_new(f, "potentiallyUnsafeConfigAnnotations",
	    json_array());
	drv_features(f);
	char *text = json_dumps(f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(f);
	return text;
}
