/*
 * fuzz_image_index.c: an image's index.json (or a nested index), which
 * nothing checks by digest: parsed as unpack parses it, and the
 * descriptor it picks must hold a well-formed sha256 digest.
 */
#include <stdint.h>
#include <stdlib.h>

#include "image.h"
#include "runjutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > IMAGE_JSON_MAX)
		return 0; /* refused before parsing */
	struct rj_error *err = NULL;
	json_t *index;
	if (image_json((const char *)data, size, "index.json", &index, &err) ==
	    0) {
		struct image_desc d;
		bool nested;
		if (image_index_pick(index, &d, &nested, &err) == 0 &&
		    (!sha256_hex_valid(d.hex) || d.size < -1))
			abort();
		json_decref(index);
	}
	rj_error_freep(&err);
	return 0;
}
