/* manifest.h: FreeBSD release MANIFEST files, one line per distribution
 * set: "base.txz<TAB>sha256<TAB>entries<TAB>name<TAB>desc<TAB>on|off". */
#ifndef RJD_MANIFEST_H
#define RJD_MANIFEST_H

#include "runj.h"
#include "sha256.h"

/* The SHA-256 of file in the MANIFEST text. */
int manifest_lookup(const char *text, const char *file,
    char out[SHA256_HEX_LEN + 1], struct rj_error **err);

#endif
