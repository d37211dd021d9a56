/*
 * fuzz_process.c: the process JSON of `runj exec --process FILE`, as the
 * exec reads it before anything enters the container.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	_cleanup_free_ char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct rj_process p;
	struct rj_error *err = NULL;
	if (spec_parse_process_text(text, &p, &err) == 0)
		spec_free_process(&p);
	else
		rj_error_freep(&err);
	return 0;
}
