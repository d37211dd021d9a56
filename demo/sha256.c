/* sha256.c: SHA-256 through libcrypto's EVP interface (it picks the
 * CPU's SHA instructions when there are some). */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "runjdemo.h"
#include "sha256.h"
#include "runjutil.h"

void
sha256_init(struct sha256 *h)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		abort();
	h->ctx = ctx;
}

void
sha256_update(struct sha256 *h, const void *data, size_t len)
{
	if (len > 0 && EVP_DigestUpdate(h->ctx, data, len) != 1)
		abort();
}

void
sha256_hex(struct sha256 *h, char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(h->ctx, md, &n) != 1 || n != 32)
		abort();
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 0xf];
	}
	out[SHA256_HEX_LEN] = '\0';
	sha256_free(h);
}

void
sha256_free(struct sha256 *h)
{
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

int
sha256_file(const char *path, char out[SHA256_HEX_LEN + 1],
    struct rj_error **err)
{
	_cleanup_close_ int fd = open_regular(path, path, 0, NULL, err);
	if (fd < 0)
		return -1;
	struct sha256 h;
	sha256_init(&h);
	char buf[65536];
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			sha256_free(&h);
			return rj_error_sys(err, "read %s", path);
		}
		if (r == 0)
			break;
		sha256_update(&h, buf, (size_t)r);
	}
	sha256_hex(&h, out);
	return 0;
}

int
sha256_hex_valid(const char *s)
{
	size_t i;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
			(s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == SHA256_HEX_LEN;
}

int
rjd_sha256_file(const char *path, char out[RJD_SHA256_HEX_LEN + 1],
    struct rj_error **err)
{
	return sha256_file(path, out, err);
}

bool
rjd_sha256_hex_valid(const char *s)
{
	return sha256_hex_valid(s) != 0;
}
