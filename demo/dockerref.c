/* dockerref.c: is an image name one Docker would tag? */
#include <stdbool.h>
#include <string.h>

#include "dockerref.h"
#include "runjutil.h"

#define NAME_MAX_LEN 255 /* Docker's limit on a whole name */
#define TAG_MAX_LEN  128

static bool
lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool
any_alnum(char c)
{
	return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* [a-z0-9]+ joined by ".", "_", "__" or one or more "-". */
static bool
path_component_ok(const char *s, size_t n)
{
	if (n == 0 || !lower_alnum(s[0]) || !lower_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n;) {
		if (lower_alnum(s[i])) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && !lower_alnum(s[j]))
			j++;
		size_t len = j - i;
		bool ok = (len == 1 && (s[i] == '.' || s[i] == '_')) ||
		    (len == 2 && s[i] == '_' && s[i + 1] == '_') ||
		    strspn(s + i, "-") >= len;
		if (!ok)
			return false;
		i = j;
	}
	return true;
}

/* Components of [a-zA-Z0-9] and inner dashes, joined by dots, and an
 * optional ":port". */
static bool
domain_ok(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t host = colon != NULL ? (size_t)(colon - s) : n;
	if (colon != NULL) {
		size_t port = n - host - 1;
		if (port == 0 || strspn(colon + 1, "0123456789") < port)
			return false;
	}
	for (size_t i = 0; i <= host;) {
		const char *dot = memchr(s + i, '.', host - i);
		size_t end = dot != NULL ? (size_t)(dot - s) : host;
		size_t len = end - i;
		if (len == 0 || !any_alnum(s[i]) || !any_alnum(s[end - 1]))
			return false;
		for (size_t k = i; k < end; k++)
			if (!any_alnum(s[k]) && s[k] != '-')
				return false;
		i = end + 1;
	}
	return true;
}

static bool
tag_ok(const char *t)
{
	size_t n = strlen(t);
	if (n == 0 || n > TAG_MAX_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool word = any_alnum(t[i]) || t[i] == '_';
		if (!word && (i == 0 || (t[i] != '.' && t[i] != '-')))
			return false;
	}
	return true;
}

char *
docker_repo_tag(const char *ref)
{
	if (ref == NULL || strchr(ref, '@') != NULL)
		return NULL; /* a digest cannot be a tag */
	const char *slash = strrchr(ref, '/');
	const char *colon = strrchr(slash != NULL ? slash : ref, ':');
	size_t nlen = colon != NULL ? (size_t)(colon - ref) : strlen(ref);
	const char *tag = colon != NULL ? colon + 1 : "latest";
	if (nlen == 0 || nlen > NAME_MAX_LEN || !tag_ok(tag))
		return NULL;
	/* The first component is a domain when it looks like one and
	 * something follows it. */
	const char *first_end = memchr(ref, '/', nlen);
	const char *p = ref;
	if (first_end != NULL) {
		size_t fl = (size_t)(first_end - ref);
		if (memchr(ref, '.', fl) != NULL ||
		    memchr(ref, ':', fl) != NULL ||
		    (fl == 9 && strncmp(ref, "localhost", 9) == 0)) {
			if (!domain_ok(ref, fl))
				return NULL;
			p = first_end + 1;
		}
	}
	const char *end = ref + nlen;
	/* Docker will not take a 64-hex-digit name: it reads as an ID. */
	if (p == ref && nlen == 64 && strspn(ref, "0123456789abcdef") >= 64)
		return NULL;
	while (p <= end) {
		const char *s = memchr(p, '/', (size_t)(end - p));
		size_t len = s != NULL ? (size_t)(s - p) : (size_t)(end - p);
		if (!path_component_ok(p, len))
			return NULL;
		p += len + 1;
	}
	return xasprintf("%.*s:%s", (int)nlen, ref, tag);
}
