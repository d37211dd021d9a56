/*
 * fuzz_config.c: config.json as create reads it: parsed into struct
 * rj_spec, then checked by the host's driver (which touches nothing but
 * stat(2) and access(2)).  Any crash, leak or undefined behaviour is a
 * finding; errors are the expected answer to most inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "spec.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_cleanup_free_ char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct rj_spec s;
	struct rj_error *err = NULL;
	if (spec_parse(text, &s, &err) == 0) {
		if (drv_check(&s, &err) < 0)
			rj_error_freep(&err);
		spec_free(&s);
	} else {
		rj_error_freep(&err);
	}
	return 0;
}
