/*
 * image.h: the JSON of an OCI image (or a Docker v2 one): descriptors, an
 * index's choice of manifest, a manifest's layers against the config's
 * diff_ids.  Pure: no files, so the parsers are fuzzed as they are used.
 */
#ifndef RJD_IMAGE_H
#define RJD_IMAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "runj.h"
#include "sha256.h"

/* index.json and every JSON blob (indexes, manifests, configs). */
#define IMAGE_JSON_MAX (4 << 20)

struct image_desc {
	char hex[SHA256_HEX_LEN + 1]; /* of "sha256:<hex>" */
	const char *media_type;	      /* borrowed from the JSON; may be NULL */
	int64_t size;		      /* -1 when the descriptor gives none */
};

struct image_layer {
	struct image_desc blob;
	char diff_hex[SHA256_HEX_LEN + 1]; /* the config's diff_id */
	bool gzip;
};

/* text as a JSON object; errors name what. */
int image_json(const char *text, size_t len, const char *what, json_t **out,
    struct rj_error **err);
/* A descriptor: a sha256 digest, a size when given (a non-negative
 * integer). */
int image_desc_parse(json_t *d, struct image_desc *out, struct rj_error **err);
/* The first image manifest an index lists, else its first nested index
 * (*nested true).  ENOENT: neither. */
int image_index_pick(json_t *index, struct image_desc *out, bool *nested,
    struct rj_error **err);
/* The manifest's config descriptor. */
int image_manifest_config(json_t *manifest, struct image_desc *out,
    struct rj_error **err);
/* The manifest's layers, each with its media type known and its diff_id
 * from config.  *out: free(). */
int image_layers(json_t *manifest, json_t *config, struct image_layer **out,
    size_t *n, struct rj_error **err);

#endif
