/* layer.c: a reproducible tar.gz layer from a stream of entries. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "layer.h"
#include "runjutil.h"

#define LAYER_OUT_BLOCK	 65536
#define LAYER_GZIP_LEVEL 6 /* gzip's own default */

struct layer_writer {
	int fd;
	int64_t clamp;
	struct archive *tar;
	z_stream z;
	struct sha256 diff, blob;
	uint64_t size;
	unsigned char *out;
	int werrno;	  /* a failed write(2) in the callback */
	int64_t written;  /* bytes of the current entry's data */
	int64_t expected; /* its size */
	char *cur;
};

static int
layer_flush(struct layer_writer *w, int flush)
{
	do {
		w->z.next_out = w->out;
		w->z.avail_out = LAYER_OUT_BLOCK;
		int r = deflate(&w->z, flush);
		if (r == Z_STREAM_ERROR)
			return -1;
		size_t n = LAYER_OUT_BLOCK - w->z.avail_out;
		if (n > 0) {
			if (write_all(w->fd, w->out, n) < 0) {
				w->werrno = errno;
				return -1;
			}
			sha256_update(&w->blob, w->out, n);
			w->size += n;
		}
	} while (w->z.avail_out == 0);
	return 0;
}

static la_ssize_t
layer_write_cb(struct archive *a, void *ctx, const void *buf, size_t len)
{
	struct layer_writer *w = ctx;
	sha256_update(&w->diff, buf, len);
	w->z.next_in = (unsigned char *)(uintptr_t)buf;
	w->z.avail_in = (uInt)len;
	if (layer_flush(w, Z_NO_FLUSH) < 0) {
		archive_set_error(a, w->werrno ? w->werrno : EIO,
		    "writing the layer: %s",
		    strerror(w->werrno ? w->werrno : EIO));
		return -1;
	}
	return (la_ssize_t)len;
}

struct layer_writer *
layer_writer_new(int fd, int64_t clamp)
{
	struct layer_writer *w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	w->clamp = clamp;
	w->out = xmalloc(LAYER_OUT_BLOCK);
	sha256_init(&w->diff);
	sha256_init(&w->blob);
	/* windowBits 15 + 16: a gzip wrapper; zlib writes mtime 0, no
	 * name and the OS byte of the build, all constant. */
	if (deflateInit2(&w->z, LAYER_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8,
		Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	w->tar = archive_write_new();
	if (w->tar == NULL)
		abort();
	archive_write_set_format_pax_restricted(w->tar);
	archive_write_add_filter_none(w->tar);
	archive_write_set_bytes_per_block(w->tar, 10240);
	if (archive_write_open2(w->tar, w, NULL, layer_write_cb, NULL, NULL) !=
	    ARCHIVE_OK)
		abort();
	return w;
}

void
layer_writer_free(struct layer_writer *w)
{
	if (w == NULL)
		return;
	if (w->tar != NULL)
		archive_write_free(w->tar);
	deflateEnd(&w->z);
	if (w->diff.ctx != NULL)
		sha256_free(&w->diff);
	if (w->blob.ctx != NULL)
		sha256_free(&w->blob);
	free(w->out);
	free(w->cur);
	free(w);
}

int
layer_writer_finish(struct layer_writer *w, struct layer_digests *out,
    struct rj_error **err)
{
	if (archive_write_close(w->tar) != ARCHIVE_OK)
		return rj_error_set(err, EIO, "layer: %s",
		    archive_error_string(w->tar));
	archive_write_free(w->tar);
	w->tar = NULL;
	w->z.next_in = NULL;
	w->z.avail_in = 0;
	if (layer_flush(w, Z_FINISH) < 0) {
		errno = w->werrno ? w->werrno : EIO;
		return rj_error_sys(err, "writing the layer");
	}
	sha256_hex(&w->diff, out->diff_id);
	sha256_hex(&w->blob, out->digest);
	out->size = w->size;
	return 0;
}

static int
layer_header(void *ctx, struct archive_entry *e, struct rj_error **err)
{
	struct layer_writer *w = ctx;
	mode_t type = archive_entry_filetype(e);
	const char *name = archive_entry_pathname(e);

	if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK &&
	    type != AE_IFCHR && type != AE_IFBLK && type != AE_IFIFO)
		return 1;
	struct archive_entry *n = archive_entry_new();
	if (type == AE_IFDIR) {
		_cleanup_free_ char *d = xasprintf("%s/", name);
		archive_entry_copy_pathname(n, d);
	} else {
		archive_entry_copy_pathname(n, name);
	}
	archive_entry_set_filetype(n, type);
	archive_entry_set_perm(n, archive_entry_perm(e));
	archive_entry_set_uid(n, archive_entry_uid(e));
	archive_entry_set_gid(n, archive_entry_gid(e));
	int64_t mt = archive_entry_mtime(e);
	if (w->clamp >= 0 && mt > w->clamp)
		mt = w->clamp;
	archive_entry_set_mtime(n, mt, 0);
	archive_entry_set_size(n, 0);
	const char *hl = archive_entry_hardlink(e);
	int rc = 1;
	if (hl != NULL) {
		archive_entry_copy_hardlink(n, hl);
	} else if (type == AE_IFLNK) {
		archive_entry_copy_symlink(n, archive_entry_symlink(e));
	} else if (type == AE_IFCHR || type == AE_IFBLK) {
		archive_entry_set_rdev(n, archive_entry_rdev(e));
	} else if (type == AE_IFREG) {
		archive_entry_set_size(n, archive_entry_size(e));
		rc = 0;
	}
	free(w->cur);
	w->cur = xstrdup(name);
	w->written = 0;
	w->expected = archive_entry_size(n);
	int r = archive_write_header(w->tar, n);
	archive_entry_free(n);
	if (r != ARCHIVE_OK)
		return rj_error_set(err, EIO, "%s: %s", name,
		    archive_error_string(w->tar));
	return rc;
}

static int
layer_put(struct layer_writer *w, const void *buf, size_t len,
    struct rj_error **err)
{
	la_ssize_t r = archive_write_data(w->tar, buf, len);
	if (r < 0 || (size_t)r != len)
		return rj_error_set(err, EIO, "%s: %s", w->cur,
		    archive_error_string(w->tar) ? archive_error_string(w->tar)
						 : "short write");
	w->written += (int64_t)len;
	return 0;
}

/* Zeros for the holes of a sparse file, so the tar stays a plain one. */
static int
layer_zeros(struct layer_writer *w, int64_t n, struct rj_error **err)
{
	static const char zeros[8192];
	while (n > 0) {
		size_t k = n > (int64_t)sizeof(zeros) ? sizeof(zeros)
						      : (size_t)n;
		if (layer_put(w, zeros, k, err) < 0)
			return -1;
		n -= (int64_t)k;
	}
	return 0;
}

static int
layer_data(void *ctx, const void *buf, size_t len, int64_t off,
    struct rj_error **err)
{
	struct layer_writer *w = ctx;
	if (off > w->written && layer_zeros(w, off - w->written, err) < 0)
		return -1;
	if (w->written + (int64_t)len > w->expected)
		return rj_error_set(err, EIO, "%s: changed while read", w->cur);
	return layer_put(w, buf, len, err);
}

static int
layer_end(void *ctx, struct rj_error **err)
{
	struct layer_writer *w = ctx;
	if (w->written < w->expected)
		return layer_zeros(w, w->expected - w->written, err);
	return 0;
}

const struct entry_sink layer_sink_ops = {
	.header = layer_header,
	.data = layer_data,
	.end = layer_end,
};
