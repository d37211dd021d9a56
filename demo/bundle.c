/* bundle.c: a bundle (rootfs/ and config.json) from an archive or a
 * directory, built beside the target and renamed into place. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "entries.h"
#include "fsutil.h"
#include "runjdemo.h"
#include "staging.h"
#include "runjutil.h"

/* input into the directory dir within the size budget max. */
static int
extract(const char *input, const char *dir, uint64_t max, rjd_progress_fn fn,
    void *arg, struct rj_error **err)
{
	struct stat st;
	if (stat(input, &st) < 0)
		return rj_error_sys(err, "%s", input);
	struct budget budget;
	if (budget_init(&budget, max,
		S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0, dir, err) < 0)
		return -1;
	_cleanup_utf8_ locale_t saved = utf8_locale_enter();
	struct progress pr;
	progress_start(&pr, fn, arg, "extract", 0);
	struct disk_sink *d = disk_sink_new(dir, false);
	if (entries_from_path(input, &disk_sink_ops, d, &pr, &budget, err) <
	    0) {
		disk_sink_free(d);
		return -1;
	}
	return disk_sink_close(d, err);
}

int
rjd_extract(const char *input, const char *dir, rjd_progress_fn fn, void *arg,
    struct rj_error **err)
{
	return extract(input, dir, 0, fn, arg, err);
}

int
rjd_bundle(const struct rjd_bundle_opts *o, struct rj_error **err)
{
	if (o->input == NULL)
		return rj_error_set(err, EINVAL, "bundle: no input given");
	/* The config first: a bad OS or args fails before any work. */
	_cleanup_free_ char *json = NULL;
	if (rjd_spec_text(o->os, o->args, &json, err) < 0)
		return rj_error_wrap(err, "bundle");
	struct stat st;
	if (stat(o->input, &st) < 0)
		return rj_error_sys(err, "bundle: %s", o->input);

	_cleanup_staging_ struct staging s = { 0 };
	if (staging_check_apart(o->input, o->out, err) < 0 ||
	    staging_begin(&s, o->out, true, o->force, err) < 0)
		return rj_error_wrap(err, "bundle");
	_cleanup_free_ char *rootfs = xasprintf("%s/rootfs", s.tmp);
	_cleanup_free_ char *config = xasprintf("%s/config.json", s.tmp);
	/* The container's "/": open to its users, whatever the umask. */
	if (make_dir(s.tmp, "rootfs", 0755, err) < 0)
		return rj_error_wrap(err, "bundle");
	if (extract(o->input, rootfs, o->max_size, o->progress, o->arg, err) <
	    0)
		return rj_error_wrap(err, "bundle");
	if (rj_write_file_atomic(config, json, strlen(json), 0644, err) < 0 ||
	    staging_commit(&s, err) < 0)
		return rj_error_wrap(err, "bundle");
	return 0;
}
