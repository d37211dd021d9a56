/*
 * fuzz_image_manifest.c: an image manifest and its config (the input
 * split at its first NUL; without one the config is "{}"), as unpack
 * reads them: the config descriptor, then each layer's media type, digest
 * and diff_id.  Whatever is accepted must be well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "runjutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t mlen = nul != NULL ? (size_t)(nul - text) : size;
	const char *ctext = nul != NULL ? nul + 1 : "{}";
	size_t clen = nul != NULL ? size - mlen - 1 : 2;
	if (mlen > IMAGE_JSON_MAX || clen > IMAGE_JSON_MAX)
		return 0;
	struct rj_error *err = NULL;
	json_t *manifest = NULL, *config = NULL;
	struct image_desc cd;
	if (image_json(text, mlen, "manifest", &manifest, &err) == 0 &&
	    image_manifest_config(manifest, &cd, &err) == 0 &&
	    image_json(ctext, clen, "config", &config, &err) == 0) {
		if (!sha256_hex_valid(cd.hex))
			abort();
		struct image_layer *layers;
		size_t n;
		if (image_layers(manifest, config, &layers, &n, &err) == 0) {
			for (size_t i = 0; i < n; i++)
				if (!sha256_hex_valid(layers[i].blob.hex) ||
				    !sha256_hex_valid(layers[i].diff_hex))
					abort();
			free(layers);
		}
	}
	json_decref(manifest);
	json_decref(config);
	rj_error_freep(&err);
	return 0;
}
