/* oci_image.c: an OCI image layout tar with one layer, made from an
 * archive or a directory, the same bytes for the same input; with
 * Docker's manifest.json too, so `docker load` takes it. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockerref.h"
#include "fsutil.h"
#include "layer.h"
#include "platform.h"
#include "runjdemo.h"
#include "staging.h"
#include "runjutil.h"

#define MT_INDEX      "application/vnd.oci.image.index.v1+json"
#define MT_MANIFEST   "application/vnd.oci.image.manifest.v1+json"
#define MT_CONFIG     "application/vnd.oci.image.config.v1+json"
#define MT_LAYER_GZIP "application/vnd.oci.image.layer.v1.tar+gzip"
#define DEFAULT_PATH                                                           \
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* SOURCE_DATE_EPOCH (reproducible-builds.org) or -1. */
static int64_t
source_date_epoch(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s == NULL || *s == '\0')
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return -1;
	return v;
}

static char *
json_text(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	if (s == NULL)
		abort();
	return s;
}

static json_t *
descriptor(const char *mt, const char *hex, uint64_t size)
{
	return json_pack("{s:s, s:s+, s:I}", "mediaType", mt, "digest",
	    "sha256:", hex, "size", (json_int_t)size);
}

static void
digest_of(const char *text, char hex[SHA256_HEX_LEN + 1])
{
	struct sha256 h;
	sha256_init(&h);
	sha256_update(&h, text, strlen(text));
	sha256_hex(&h, hex);
}

struct blob {
	char *name;	  /* path in the tar */
	const char *text; /* in memory, or NULL for file */
	const char *file;
	uint64_t size;
};

static int
tar_add(struct archive *a, const char *name, mode_t type, uint64_t size,
    struct rj_error **err)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
	archive_entry_set_size(e, (la_int64_t)size);
	archive_entry_set_mtime(e, 0, 0);
	int r = archive_write_header(a, e);
	archive_entry_free(e);
	if (r != ARCHIVE_OK)
		return rj_error_set(err, EIO, "%s: %s", name,
		    archive_error_string(a));
	return 0;
}

static int
tar_put(struct archive *a, const char *name, const void *buf, size_t len,
    struct rj_error **err)
{
	if (archive_write_data(a, buf, len) != (la_ssize_t)len)
		return rj_error_set(err, EIO, "%s: %s", name,
		    archive_error_string(a));
	return 0;
}

static int
tar_add_file(struct archive *a, const struct blob *b, struct progress *pr,
    uint64_t *done, struct rj_error **err)
{
	if (tar_add(a, b->name, AE_IFREG, b->size, err) < 0)
		return -1;
	if (b->text != NULL)
		return tar_put(a, b->name, b->text, b->size, err);
	_cleanup_close_ int fd = open_regular(b->file, b->file, 0, NULL, err);
	if (fd < 0)
		return -1;
	_cleanup_free_ char *buf = xmalloc(65536);
	for (uint64_t left = b->size; left > 0;) {
		ssize_t r = read(fd, buf, left < 65536 ? (size_t)left : 65536);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return rj_error_sys(err, "read %s", b->file);
		if (r == 0)
			return rj_error_set(err, EIO,
			    "%s: shorter than written", b->file);
		if (tar_put(a, b->name, buf, (size_t)r, err) < 0)
			return -1;
		left -= (uint64_t)r;
		*done += (uint64_t)r;
		if (progress_report(pr, *done, false, err) < 0)
			return -1;
	}
	return 0;
}

/* The layout tar: blobs first, then the files that point at them. */
static int
write_layout(const char *path, const struct blob *blobs, size_t n,
    struct progress *pr, struct rj_error **err)
{
	uint64_t done = 0;
	struct archive *a = archive_write_new();
	if (a == NULL)
		abort();
	archive_write_set_format_ustar(a);
	archive_write_add_filter_none(a);
	int rc = -1;
	if (archive_write_open_filename(a, path) != ARCHIVE_OK) {
		rj_error_set(err, EIO, "%s: %s", path, archive_error_string(a));
		goto out;
	}
	if (tar_add(a, "blobs/", AE_IFDIR, 0, err) < 0 ||
	    tar_add(a, "blobs/sha256/", AE_IFDIR, 0, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (tar_add_file(a, &blobs[i], pr, &done, err) < 0)
			goto out;
	if (archive_write_close(a) != ARCHIVE_OK) {
		rj_error_set(err, EIO, "%s: %s", path, archive_error_string(a));
		goto out;
	}
	rc = 0;
out:
	archive_write_free(a);
	return rc;
}

static int
fsync_path(const char *path, struct rj_error **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		return rj_error_sys(err, "fsync %s", path);
	return 0;
}

static int
make_layer(const struct rjd_image_opts *o, const char *path,
    struct layer_digests *ld, struct rj_error **err)
{
	_cleanup_close_ int fd = open(path,
	    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return rj_error_sys(err, "create %s", path);
	/* The layer is compressed, so the budget does not count the disk. */
	struct stat st;
	struct budget budget;
	if (stat(o->input, &st) < 0)
		return rj_error_sys(err, "%s", o->input);
	if (budget_init(&budget, o->max_size,
		S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0, NULL, err) < 0)
		return -1;
	struct progress pr;
	progress_start(&pr, o->progress, o->arg, "layer", 0);
	struct layer_writer *w = layer_writer_new(fd, source_date_epoch());
	int rc = entries_from_path(o->input, &layer_sink_ops, w, &pr, &budget,
	    err);
	if (rc == 0)
		rc = layer_writer_finish(w, ld, err);
	layer_writer_free(w);
	return rc;
}

/* The docker-archive manifest.json beside the OCI layout, naming the
 * same config and layer blobs, so that `docker load` (which before
 * Docker 25 reads nothing else) takes the tar too. */
static char *
docker_manifest(const struct rjd_image_opts *o, const char *config_hex,
    const char *layer_hex)
{
	json_t *item = json_pack("{s:s+, s:[s+]}", "Config", "blobs/sha256/",
	    config_hex, "Layers", "blobs/sha256/", layer_hex);
	_cleanup_free_ char *tag = docker_repo_tag(
	    o->name ? o->name : "runj-demo:latest");
	if (tag != NULL)
		json_object_set_new(item, "RepoTags", json_pack("[s]", tag));
	return json_text(json_pack("[o]", item));
}

static int
image_build(const struct rjd_image_opts *o, const char *os, const char *arch,
    const char *tmp, const char *layer_path, struct rj_error **err)
{
	struct layer_digests ld;
	if (make_layer(o, layer_path, &ld, err) < 0)
		return -1;

	int64_t epoch = source_date_epoch();
	char created[64];
	format_rfc3339((epoch < 0 ? 0 : epoch) * 1000000000LL, created,
	    sizeof(created));
	/* Seconds are enough, and a shorter form is what others write. */
	char *dot = strchr(created, '.');
	if (dot != NULL)
		strcpy(dot, "Z");

	_cleanup_free_ char *config = json_text(
	    json_pack("{s:s, s:s, s:s, s:{s:[s], s:[s], s:s}, s:{s:s, s:[s+]},"
		      " s:[{s:s, s:s}]}",
		"created", created, "architecture", arch, "os", os, "config",
		"Env", DEFAULT_PATH, "Cmd", "/bin/sh", "WorkingDir", "/",
		"rootfs", "type", "layers", "diff_ids", "sha256:", ld.diff_id,
		"history", "created", created, "created_by",
		"runj-demo oci-image"));
	char config_hex[SHA256_HEX_LEN + 1];
	digest_of(config, config_hex);

	_cleanup_free_ char *manifest = json_text(
	    json_pack("{s:i, s:s, s:o, s:[o]}", "schemaVersion", 2, "mediaType",
		MT_MANIFEST, "config",
		descriptor(MT_CONFIG, config_hex, strlen(config)), "layers",
		descriptor(MT_LAYER_GZIP, ld.digest, ld.size)));
	char manifest_hex[SHA256_HEX_LEN + 1];
	digest_of(manifest, manifest_hex);

	json_t *mdesc = descriptor(MT_MANIFEST, manifest_hex, strlen(manifest));
	json_object_set_new(mdesc, "platform",
	    json_pack("{s:s, s:s}", "architecture", arch, "os", os));
	json_object_set_new(mdesc, "annotations",
	    json_pack("{s:s}", "org.opencontainers.image.ref.name",
		o->name ? o->name : "runj-demo:latest"));
	_cleanup_free_ char *index = json_text(json_pack("{s:i, s:s, s:[o]}",
	    "schemaVersion", 2, "mediaType", MT_INDEX, "manifests", mdesc));
	static const char layout[] = "{\"imageLayoutVersion\":\"1.0.0\"}";
	_cleanup_free_ char *docker = docker_manifest(o, config_hex, ld.digest);

	_cleanup_free_ char *n_layer = xasprintf("blobs/sha256/%s", ld.digest);
	_cleanup_free_ char *n_config = xasprintf("blobs/sha256/%s",
	    config_hex);
	_cleanup_free_ char *n_manifest = xasprintf("blobs/sha256/%s",
	    manifest_hex);
	const struct blob blobs[] = {
		{ n_layer, NULL, layer_path, ld.size },
		{ n_config, config, NULL, strlen(config) },
		{ n_manifest, manifest, NULL, strlen(manifest) },
		{ "index.json", index, NULL, strlen(index) },
		{ "oci-layout", layout, NULL, strlen(layout) },
		{ "manifest.json", docker, NULL, strlen(docker) },
	};
	struct progress pr;
	progress_start(&pr, o->progress, o->arg, "write", ld.size);
	if (write_layout(tmp, blobs, ARRAY_SIZE(blobs), &pr, err) < 0)
		return -1;
	if (progress_report(&pr, ld.size, true, err) < 0)
		return -1;
	return fsync_path(tmp, err);
}

int
rjd_oci_image(const struct rjd_image_opts *o, struct rj_error **err)
{
	const char *os = o->os ? o->os : rj_host_os();
	const char *arch;
	if (o->input == NULL)
		return rj_error_set(err, EINVAL, "oci-image: no input given");
	if (platform_os_check(os, err) < 0 ||
	    platform_oci_arch(o->arch, &arch, err) < 0)
		return rj_error_wrap(err, "oci-image");
	if (o->name != NULL && *o->name == '\0')
		return rj_error_set(err, EINVAL, "oci-image: empty image name");

	_cleanup_utf8_ locale_t saved = utf8_locale_enter();
	_cleanup_staging_ struct staging st = { 0 };
	if (staging_check_apart(o->input, o->out, err) < 0 ||
	    staging_begin(&st, o->out, false, o->force, err) < 0)
		return rj_error_wrap(err, "oci-image");
	_cleanup_free_ char *layer = staging_sibling(o->out, "layer");
	int rc = image_build(o, os, arch, st.tmp, layer, err);
	unlink(layer);
	if (rc < 0 || staging_commit(&st, err) < 0)
		return rj_error_wrap(err, "oci-image");
	return 0;
}
