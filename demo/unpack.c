/*
 * unpack.c: an OCI image (layout tar or directory) into a bundle.  Every
 * blob is checked against its digest as it is read, each layer's tar
 * against the config's diff_id, and layers are applied in order with
 * their whiteouts.  The image config's process settings go into
 * config.json on top of the engine's default.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "entries.h"
#include "fsutil.h"
#include "image.h"
#include "imgconfig.h"
#include "runjdemo.h"
#include "safepath.h"
#include "sha256.h"
#include "staging.h"
#include "runjutil.h"

#define IO_BLOCK 65536

/* ---- the layout tar into a directory ---- */

static bool
layout_name_ok(const char *name, const char **blob_hex)
{
	*blob_hex = NULL;
	if (strcmp(name, "oci-layout") == 0 || strcmp(name, "index.json") == 0)
		return true;
	if (has_prefix(name, "blobs/sha256/") &&
	    sha256_hex_valid(name + strlen("blobs/sha256/"))) {
		*blob_hex = name + strlen("blobs/sha256/");
		return true;
	}
	return false;
}

static int
layout_file(struct archive *a, const char *image, const char *dir,
    const char *name, const char *hex, struct progress *pr,
    struct budget *budget, struct rj_error **err)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, name);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdir_p(path, 0700, err) < 0)
		return -1;
	*slash = '/';
	_cleanup_close_ int fd = open(path,
	    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return rj_error_sys(err, "create %s", path);
	struct sha256 h;
	sha256_init(&h);
	for (;;) {
		const void *buf;
		size_t len;
		la_int64_t off;
		int r = archive_read_data_block(a, &buf, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		int rc = 0;
		if (r != ARCHIVE_OK)
			rc = rj_error_set(err, EIO, "%s: %s: %s", image, name,
			    archive_error_string(a));
		else if (budget_charge(budget, name, len, err) < 0)
			rc = rj_error_wrap(err, "%s", image);
		else if (write_all(fd, buf, len) < 0)
			rc = rj_error_sys(err, "write %s", path);
		else if (progress_report(pr,
			     (uint64_t)archive_filter_bytes(a, -1), false,
			     err) < 0)
			rc = -1;
		if (rc < 0) {
			sha256_free(&h);
			return -1;
		}
		sha256_update(&h, buf, len);
	}
	char got[SHA256_HEX_LEN + 1];
	sha256_hex(&h, got);
	if (hex != NULL && strcmp(got, hex) != 0)
		return rj_error_set(err, EINVAL,
		    "blob sha256:%.12s...: digest mismatch (content is "
		    "sha256:%.12s...)",
		    hex, got);
	return 0;
}

static int
layout_extract(const char *image, int fd, const char *dir, struct progress *pr,
    struct budget *budget, struct rj_error **err)
{
	struct archive *a = archive_read_new();
	if (a == NULL)
		abort();
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	int rc = 0;
	if (archive_read_open_fd(a, fd, IO_BLOCK) != ARCHIVE_OK) {
		rc = entries_archive_error(a, image, err);
		goto out;
	}
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK) {
			rc = entries_archive_error(a, image, err);
			break;
		}
		_cleanup_free_ char *name = NULL;
		if (safepath_clean(archive_entry_pathname(e), &name, err) < 0 ||
		    budget_charge(budget, name, BUDGET_ENTRY_COST, err) < 0) {
			rc = rj_error_wrap(err, "%s", image);
			break;
		}
		const char *hex;
		if (archive_entry_filetype(e) != AE_IFREG ||
		    !layout_name_ok(name, &hex)) {
			/* Directories, and what an image needs not. */
			if (entries_skip_data(a, image, name, pr, budget, err) <
			    0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (layout_file(a, image, dir, name, hex, pr, budget, err) <
		    0) {
			rc = -1;
			break;
		}
	}
out:
	archive_read_free(a);
	return rc;
}

/* ---- blobs ---- */

static char *
blob_path(const char *layout, const char *hex)
{
	return xasprintf("%s/blobs/sha256/%s", layout, hex);
}

/* The descriptor's size, when it gives one, must be the blob's. */
static int
blob_size_check(const struct image_desc *d, const char *what, uint64_t size,
    struct rj_error **err)
{
	if (d->size >= 0 && (uint64_t)d->size != size)
		return rj_error_set(err, EINVAL,
		    "%s: size %llu, descriptor says %lld", what,
		    (unsigned long long)size, (long long)d->size);
	return 0;
}

/* A file of the layout, a regular file of at most IMAGE_JSON_MAX bytes. */
static int
layout_read(const char *path, const char *what, char **text, size_t *len,
    struct rj_error **err)
{
	struct stat st;
	if (lstat(path, &st) < 0 && errno == ENOENT)
		return rj_error_set(err, ENOENT, "%s is missing", what);
	return read_regular(path, what, IMAGE_JSON_MAX, text, len, err);
}

/* A small JSON blob, checked against its descriptor. */
static int
blob_json(const char *layout, const struct image_desc *d, json_t **out,
    struct rj_error **err)
{
	_cleanup_free_ char *path = blob_path(layout, d->hex);
	_cleanup_free_ char *what = xasprintf("blob sha256:%.12s...", d->hex);
	_cleanup_free_ char *text = NULL;
	size_t len;
	if (layout_read(path, what, &text, &len, err) < 0 ||
	    blob_size_check(d, what, len, err) < 0)
		return -1;
	struct sha256 h;
	char got[SHA256_HEX_LEN + 1];
	sha256_init(&h);
	sha256_update(&h, text, len);
	sha256_hex(&h, got);
	if (strcmp(got, d->hex) != 0)
		return rj_error_set(err, EINVAL,
		    "%s: digest mismatch (content is sha256:%.12s...)", what,
		    got);
	return image_json(text, len, what, out, err);
}

/* The image manifest index.json points at (through one nested index). */
static int
find_manifest(const char *layout, json_t **out, struct rj_error **err)
{
	_cleanup_free_ char *ipath = xasprintf("%s/index.json", layout);
	_cleanup_free_ char *text = NULL;
	size_t len;
	json_t *index;
	if (layout_read(ipath, "index.json", &text, &len, err) < 0 ||
	    image_json(text, len, "index.json", &index, err) < 0)
		return -1;
	for (int depth = 0;; depth++) {
		struct image_desc d;
		bool nested;
		int rc = image_index_pick(index, &d, &nested, err);
		if (rc == 0 && nested && depth > 0)
			rc = rj_error_set(err, ENOENT,
			    "index.json: no image manifest within two indexes");
		json_t *next = NULL;
		if (rc == 0)
			rc = blob_json(layout, &d, nested ? &next : out, err);
		json_decref(index);
		if (rc < 0)
			return rj_error_wrap(err, "index.json");
		if (!nested)
			return 0;
		index = next;
	}
}

/* ---- layers ---- */

struct layer_reader {
	int fd;
	bool gzip, eof, ended, started;
	z_stream z;
	struct sha256 blob, diff;
	unsigned char *in, *out;
	/* Blob bytes read by every layer so far, for the progress, which is
	 * also how a SIGINT or SIGTERM stops a layer however it is made. */
	struct progress *pr;
	uint64_t *done;
	struct rj_error *cancel;
};

static la_ssize_t
layer_read(struct archive *a, void *ctx, const void **buf)
{
	struct layer_reader *l = ctx;
	for (;;) {
		if (l->z.avail_in == 0 && !l->eof) {
			ssize_t r = read(l->fd, l->in, IO_BLOCK);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0) {
				archive_set_error(a, errno, "read: %s",
				    strerror(errno));
				return -1;
			}
			sha256_update(&l->blob, l->in, (size_t)r);
			if (r == 0)
				l->eof = true;
			l->z.next_in = l->in;
			l->z.avail_in = (uInt)r;
			*l->done += (uint64_t)r;
		}
		if (l->cancel == NULL &&
		    progress_report(l->pr, *l->done, false, &l->cancel) < 0) {
			archive_set_error(a, ECANCELED, "cancelled");
			return -1;
		}
		if (!l->gzip) {
			size_t n = l->z.avail_in;
			l->z.avail_in = 0;
			sha256_update(&l->diff, l->in, n);
			*buf = l->in;
			return (la_ssize_t)n;
		}
		if (l->z.avail_in == 0 && l->eof) {
			if (l->started && !l->ended) {
				archive_set_error(a, EIO,
				    "truncated gzip data");
				return -1;
			}
			return 0;
		}
		if (l->ended) {
			/* Another gzip member follows. */
			inflateReset(&l->z);
			l->ended = false;
		}
		l->started = true;
		l->z.next_out = l->out;
		l->z.avail_out = IO_BLOCK;
		int r = inflate(&l->z, Z_NO_FLUSH);
		if (r == Z_STREAM_END)
			l->ended = true;
		else if (r != Z_OK && r != Z_BUF_ERROR) {
			archive_set_error(a, EIO, "gzip: %s",
			    l->z.msg ? l->z.msg : "corrupt data");
			return -1;
		}
		size_t n = IO_BLOCK - l->z.avail_out;
		if (n > 0) {
			sha256_update(&l->diff, l->out, n);
			*buf = l->out;
			return (la_ssize_t)n;
		}
	}
}

/* The layer's tar through the disk sink, then the rest of its blob (the
 * tar's end blocks, padding) into the digests. */
static int
layer_read_all(struct archive *a, struct layer_reader *l, const char *what,
    struct disk_sink *d, struct budget *budget, struct rj_error **err)
{
	/* The progress is the blobs' (layer_read); the archive's own
	 * count would restart with each layer. */
	struct progress quiet;
	progress_start(&quiet, NULL, NULL, "extract", 0);
	if (archive_read_open(a, l, NULL, layer_read, NULL) != ARCHIVE_OK)
		return entries_archive_error(a, what, err);
	if (entries_from_archive(a, what, &disk_sink_ops, d, &quiet, budget,
		err) < 0)
		return -1;
	_cleanup_free_ char *rest_name = xasprintf("%s: after its tar", what);
	for (;;) {
		const void *rest;
		la_ssize_t n = layer_read(a, l, &rest);
		if (n == 0)
			return 0;
		if (n < 0)
			return entries_archive_error(a, what, err);
		if (budget_charge(budget, rest_name, (uint64_t)n, err) < 0)
			return -1;
	}
}

static int
layer_apply(const char *layout, const struct image_layer *layer,
    struct disk_sink *d, size_t idx, struct progress *pr, uint64_t *done,
    struct budget *budget, struct rj_error **err)
{
	const char *hex = layer->blob.hex, *dhex = layer->diff_hex;
	_cleanup_free_ char *what = xasprintf("layer %zu", idx);
	_cleanup_free_ char *bwhat = xasprintf("blob sha256:%.12s...", hex);
	_cleanup_free_ char *path = blob_path(layout, hex);
	struct stat st;
	if (lstat(path, &st) < 0 && errno == ENOENT)
		return rj_error_set(err, ENOENT, "%s: %s is missing", what,
		    bwhat);
	uint64_t size;
	_cleanup_close_ int fd = open_regular(path, bwhat, 0, &size, err);
	if (fd < 0 || blob_size_check(&layer->blob, bwhat, size, err) < 0)
		return rj_error_wrap(err, "%s", what);

	struct layer_reader l = { .fd = fd,
		.gzip = layer->gzip,
		.pr = pr,
		.done = done };
	l.in = xmalloc(IO_BLOCK);
	l.out = xmalloc(IO_BLOCK);
	sha256_init(&l.blob);
	sha256_init(&l.diff);
	/* 15 + 16: gzip only. */
	if (inflateInit2(&l.z, 15 + 16) != Z_OK)
		abort();
	struct archive *a = archive_read_new();
	if (a == NULL)
		abort();
	archive_read_support_format_tar(a);
	disk_sink_next_layer(d);
	int rc = layer_read_all(a, &l, what, d, budget, err);
	archive_read_free(a);
	char got_blob[SHA256_HEX_LEN + 1], got_diff[SHA256_HEX_LEN + 1];
	sha256_hex(&l.blob, got_blob);
	sha256_hex(&l.diff, got_diff);
	inflateEnd(&l.z);
	free(l.in);
	free(l.out);
	if (l.cancel != NULL) {
		/* "cancelled", as every command says it. */
		rj_error_free(*err);
		*err = l.cancel;
		return -1;
	}
	if (rc < 0)
		return -1;
	if (strcmp(got_blob, hex) != 0)
		return rj_error_set(err, EINVAL,
		    "%s: blob sha256:%.12s...: digest mismatch", what, hex);
	if (strcmp(got_diff, dhex) != 0)
		return rj_error_set(err, EINVAL,
		    "%s: diff_id mismatch (config says sha256:%.12s..., tar is "
		    "sha256:%.12s...)",
		    what, dhex, got_diff);
	return 0;
}

/* The layers' blob sizes added up, for the progress and the budget; what
 * is missing or wrong is left for layer_apply to name. */
static uint64_t
layers_size(const char *layout, const struct image_layer *layers, size_t n)
{
	uint64_t total = 0;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *path = blob_path(layout,
		    layers[i].blob.hex);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			total += (uint64_t)st.st_size;
	}
	return total;
}

static int
apply_layers(const char *layout, const struct image_layer *layers, size_t n,
    const char *rootfs, struct budget *budget, rjd_progress_fn fn, void *arg,
    struct rj_error **err)
{
	struct progress pr;
	progress_start(&pr, fn, arg, "extract", layers_size(layout, layers, n));
	uint64_t done = 0;
	struct disk_sink *d = disk_sink_new(rootfs, true);
	for (size_t i = 0; i < n; i++) {
		if (layer_apply(layout, &layers[i], d, i, &pr, &done, budget,
			err) < 0) {
			disk_sink_free(d);
			return -1;
		}
	}
	if (progress_report(&pr, done, true, err) < 0) {
		disk_sink_free(d);
		return -1;
	}
	return disk_sink_close(d, err);
}

static int
write_config(const char *bundle, json_t *image_config, const char *rootfs,
    struct rj_error **err)
{
	_cleanup_free_ char *text = NULL;
	if (imgconfig_spec(image_config, rootfs, &text, err) < 0)
		return -1;
	_cleanup_free_ char *path = xasprintf("%s/config.json", bundle);
	return rj_write_file_atomic(path, text, strlen(text), 0644, err);
}

static int
unpack_into(const struct rjd_unpack_opts *o, const char *tmp,
    struct rj_error **err)
{
	struct stat st;
	if (stat(o->image, &st) < 0)
		return rj_error_sys(err, "%s", o->image);
	bool is_dir = S_ISDIR(st.st_mode);
	if (!is_dir && !S_ISREG(st.st_mode))
		return rj_error_set(err, EINVAL,
		    "%s: not a directory nor a regular file", o->image);
	/* The layout's files and the layers each get the budget. */
	struct budget budget;
	uint64_t size = 0;
	_cleanup_free_ char *layout = NULL;
	if (is_dir) {
		layout = xstrdup(o->image);
	} else {
		_cleanup_close_ int fd = open_regular(o->image, o->image, 0,
		    &size, err);
		if (fd < 0 ||
		    budget_init(&budget, o->max_size, size, tmp, err) < 0)
			return -1;
		layout = xasprintf("%s/.layout", tmp);
		if (mkdir(layout, 0700) < 0)
			return rj_error_sys(err, "mkdir %s", layout);
		struct progress pr;
		progress_start(&pr, o->progress, o->arg, "read", size);
		if (layout_extract(o->image, fd, layout, &pr, &budget, err) < 0)
			return -1;
	}
	_cleanup_free_ char *rootfs = xasprintf("%s/rootfs", tmp);
	if (make_dir(tmp, "rootfs", 0755, err) < 0)
		return -1;

	json_t *manifest = NULL, *config = NULL;
	_cleanup_free_ struct image_layer *layers = NULL;
	size_t n = 0;
	struct image_desc cdesc;
	int rc = find_manifest(layout, &manifest, err);
	if (rc == 0)
		rc = image_manifest_config(manifest, &cdesc, err);
	if (rc == 0)
		rc = blob_json(layout, &cdesc, &config, err);
	if (rc == 0)
		rc = image_layers(manifest, config, &layers, &n, err);
	/* A layout directory is read in place: the ratio is to its layers. */
	if (rc == 0)
		rc = budget_init(&budget, o->max_size,
		    is_dir ? layers_size(layout, layers, n) : size, tmp, err);
	if (rc == 0)
		rc = apply_layers(layout, layers, n, rootfs, &budget,
		    o->progress, o->arg, err);
	if (rc == 0)
		rc = write_config(tmp, config, rootfs, err);
	json_decref(manifest);
	json_decref(config);
	if (rc == 0 && !is_dir)
		rc = tree_remove(layout, err);
	return rc;
}

int
rjd_unpack(const struct rjd_unpack_opts *o, struct rj_error **err)
{
	if (o->image == NULL)
		return rj_error_set(err, EINVAL, "unpack: no image given");
	struct stat st;
	if (stat(o->image, &st) < 0)
		return rj_error_sys(err, "unpack: %s", o->image);
	_cleanup_utf8_ locale_t saved = utf8_locale_enter();
	_cleanup_staging_ struct staging s = { 0 };
	if (staging_begin(&s, o->out, true, o->force, err) < 0)
		return rj_error_wrap(err, "unpack");
	if (unpack_into(o, s.tmp, err) < 0 || staging_commit(&s, err) < 0)
		return rj_error_wrap(err, "unpack %s", o->image);
	return 0;
}
