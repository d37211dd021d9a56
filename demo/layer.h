/*
 * layer.h: an OCI layer (tar + gzip) written from entries, reproducibly:
 * entries keep their type, mode, owner, mtime (seconds) and contents and
 * nothing else, and the gzip header carries no time or name.  Both
 * digests are computed on the way: diff_id over the tar, digest over
 * the compressed bytes.
 */
#ifndef RJD_LAYER_H
#define RJD_LAYER_H

#include <stdint.h>

#include "entries.h"
#include "sha256.h"

struct layer_digests {
	char digest[SHA256_HEX_LEN + 1];  /* of the .tar.gz blob */
	char diff_id[SHA256_HEX_LEN + 1]; /* of the uncompressed tar */
	uint64_t size;			  /* of the blob */
};

struct layer_writer;

/* Writes the blob to fd.  mtimes later than clamp (>= 0) become clamp
 * (SOURCE_DATE_EPOCH). */
struct layer_writer *layer_writer_new(int fd, int64_t clamp);
int layer_writer_finish(struct layer_writer *w, struct layer_digests *out,
    struct rj_error **err);
void layer_writer_free(struct layer_writer *w);
extern const struct entry_sink layer_sink_ops;

#endif
