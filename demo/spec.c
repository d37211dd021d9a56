/* spec.c: config.json for a bundle, from the engine's default. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "platform.h"
#include "runjdemo.h"
#include "staging.h"
#include "runjutil.h"

int
rjd_spec_text(const char *os, char *const *args, char **out,
    struct rj_error **err)
{
	if (os == NULL)
		os = rj_host_os();
	if (platform_os_check(os, err) < 0)
		return -1;
	if (args != NULL && args[0] == NULL)
		return rj_error_set(err, EINVAL, "empty process arguments");
	char *json = rj_spec_default_json(os, args);
	if (json == NULL)
		return rj_error_set(err, EINVAL, "no default config for %s",
		    os);
	*out = json;
	return 0;
}

int
rjd_spec(const char *bundle, const char *os, char *const *args, bool force,
    struct rj_error **err)
{
	if (bundle == NULL)
		bundle = ".";
	_cleanup_free_ char *json = NULL;
	if (rjd_spec_text(os, args, &json, err) < 0)
		return rj_error_wrap(err, "spec");
	_cleanup_free_ char *path = xasprintf("%s/config.json", bundle);
	if (staging_check_out(path, force, err) < 0)
		return rj_error_wrap(err, "spec");
	if (mkdir_p(bundle, 0755, err) < 0 ||
	    rj_write_file_atomic(path, json, strlen(json), 0644, err) < 0)
		return rj_error_wrap(err, "spec");
	return 0;
}
