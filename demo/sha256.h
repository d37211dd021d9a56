/* sha256.h: streaming SHA-256 (OpenSSL's libcrypto underneath). */
#ifndef RJD_SHA256_H
#define RJD_SHA256_H

#include <stddef.h>

#include "runj.h"

#define SHA256_HEX_LEN 64

struct sha256 {
	void *ctx; /* EVP_MD_CTX */
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t len);
/* Finishes: out gets 64 lowercase hex digits and a NUL.  h is freed. */
void sha256_hex(struct sha256 *h, char out[SHA256_HEX_LEN + 1]);
void sha256_free(struct sha256 *h);
/* Digest of a whole file, read in blocks. */
int sha256_file(const char *path, char out[SHA256_HEX_LEN + 1],
    struct rj_error **err);
/* True when s is 64 lowercase hex digits. */
int sha256_hex_valid(const char *s);

#endif
