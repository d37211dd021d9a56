/* manifest.c: finding a file's checksum in a release MANIFEST. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "manifest.h"
#include "runjutil.h"

int
manifest_lookup(const char *text, const char *file,
    char out[SHA256_HEX_LEN + 1], struct rj_error **err)
{
	size_t flen = strlen(file);
	for (const char *line = text; line != NULL && *line != '\0';) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		if (len > flen && strncmp(line, file, flen) == 0 &&
		    line[flen] == '\t') {
			const char *h = line + flen + 1;
			size_t hl = strcspn(h, "\t\r\n");
			char hex[SHA256_HEX_LEN + 1] = "";
			if (hl == SHA256_HEX_LEN) {
				for (size_t i = 0; i < hl; i++)
					hex[i] = (char)tolower(
					    (unsigned char)h[i]);
				hex[hl] = '\0';
			}
			if (!sha256_hex_valid(hex))
				return rj_error_set(err, EINVAL,
				    "MANIFEST: bad checksum for %s", file);
			memcpy(out, hex, sizeof(hex));
			return 0;
		}
		line = eol ? eol + 1 : NULL;
	}
	return rj_error_set(err, ENOENT, "MANIFEST has no entry for %s", file);
}
