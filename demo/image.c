/* image.c: descriptors, indexes and manifests of OCI images. */
#include <errno.h>
#include <string.h>

#include "image.h"
#include "runjutil.h"

static const char *const manifest_types[] = {
	"application/vnd.oci.image.manifest.v1+json",
	"application/vnd.docker.distribution.manifest.v2+json",
};
static const char *const index_types[] = {
	"application/vnd.oci.image.index.v1+json",
	"application/vnd.docker.distribution.manifest.list.v2+json",
};

struct layer_type {
	const char *media_type;
	bool gzip;
};

static const struct layer_type layer_types[] = {
	{ "application/vnd.oci.image.layer.v1.tar", false },
	{ "application/vnd.oci.image.layer.v1.tar+gzip", true },
	{ "application/vnd.oci.image.layer.nondistributable.v1.tar", false },
	{ "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
	    true },
	{ "application/vnd.docker.image.rootfs.diff.tar", false },
	{ "application/vnd.docker.image.rootfs.diff.tar.gzip", true },
};

static bool
in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* "sha256:<hex>" to the hex part, or an error. */
static int
digest_hex(const char *digest, char hex[SHA256_HEX_LEN + 1],
    struct rj_error **err)
{
	if (digest == NULL || !has_prefix(digest, "sha256:") ||
	    !sha256_hex_valid(digest + 7))
		return rj_error_set(err, EINVAL, "bad digest \"%.80s\"",
		    digest ? digest : "");
	memcpy(hex, digest + 7, SHA256_HEX_LEN + 1);
	return 0;
}

int
image_json(const char *text, size_t len, const char *what, json_t **out,
    struct rj_error **err)
{
	json_error_t je;
	*out = json_loadb(text, len, 0, &je);
	if (*out != NULL && json_is_object(*out))
		return 0;
	bool parsed = *out != NULL;
	json_decref(*out);
	*out = NULL;
	return rj_error_set(err, EINVAL, "%s: %s", what,
	    parsed ? "not a JSON object" : je.text);
}

int
image_desc_parse(json_t *d, struct image_desc *out, struct rj_error **err)
{
	if (digest_hex(json_string_value(json_object_get(d, "digest")),
		out->hex, err) < 0)
		return -1;
	out->media_type = json_string_value(json_object_get(d, "mediaType"));
	out->size = -1;
	json_t *js = json_object_get(d, "size");
	if (js == NULL)
		return 0;
	if (!json_is_integer(js) || json_integer_value(js) < 0)
		return rj_error_set(err, EINVAL,
		    "blob sha256:%.12s...: the size is not a number of bytes",
		    out->hex);
	out->size = json_integer_value(js);
	return 0;
}

int
image_index_pick(json_t *index, struct image_desc *out, bool *nested,
    struct rj_error **err)
{
	json_t *ms = json_object_get(index, "manifests");
	json_t *next = NULL, *d;
	size_t i;
	json_array_foreach(ms, i, d)
	{
		const char *mt = json_string_value(
		    json_object_get(d, "mediaType"));
		if (in_list(mt, manifest_types, ARRAY_SIZE(manifest_types))) {
			*nested = false;
			return image_desc_parse(d, out, err);
		}
		if (next == NULL &&
		    in_list(mt, index_types, ARRAY_SIZE(index_types)))
			next = d;
	}
	if (next == NULL)
		return rj_error_set(err, ENOENT, "no image manifest");
	*nested = true;
	return image_desc_parse(next, out, err);
}

int
image_manifest_config(json_t *manifest, struct image_desc *out,
    struct rj_error **err)
{
	if (image_desc_parse(json_object_get(manifest, "config"), out, err) < 0)
		return rj_error_wrap(err, "the manifest's config");
	return 0;
}

int
image_layers(json_t *manifest, json_t *config, struct image_layer **out,
    size_t *n, struct rj_error **err)
{
	json_t *layers = json_object_get(manifest, "layers");
	json_t *diffs = json_object_get(json_object_get(config, "rootfs"),
	    "diff_ids");
	*out = NULL;
	*n = 0;
	if (!json_is_array(layers) || !json_is_array(diffs) ||
	    json_array_size(layers) != json_array_size(diffs))
		return rj_error_set(err, EINVAL,
		    "the manifest's layers and the "
		    "config's rootfs.diff_ids do not match");
	size_t count = json_array_size(layers);
	_cleanup_free_ struct image_layer *v = xcalloc(count ? count : 1,
	    sizeof(*v));
	for (size_t i = 0; i < count; i++) {
		json_t *desc = json_array_get(layers, i);
		const char *mt = json_string_value(
		    json_object_get(desc, "mediaType"));
		const struct layer_type *lt = NULL;
		for (size_t k = 0; mt != NULL && k < ARRAY_SIZE(layer_types);
		     k++)
			if (strcmp(mt, layer_types[k].media_type) == 0)
				lt = &layer_types[k];
		if (lt == NULL)
			return rj_error_set(err, EINVAL,
			    "layer %zu: unsupported media type \"%.80s\"", i,
			    mt ? mt : "");
		if (image_desc_parse(desc, &v[i].blob, err) < 0 ||
		    digest_hex(json_string_value(json_array_get(diffs, i)),
			v[i].diff_hex, err) < 0)
			return rj_error_wrap(err, "layer %zu", i);
		v[i].gzip = lt->gzip;
	}
	*out = steal_ptr(v);
	*n = count;
	return 0;
}
