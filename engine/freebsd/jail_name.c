/* jail_name.c: the reversible container ID <-> jail name mapping. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "freebsd/jail_name.h"
#include "util.h"

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int
jail_name_from_id(const char *id, char **name, struct rj_error **err)
{
	if (rj_id_check(id, err) < 0)
		return -1;
	/* Each character grows to at most 3, plus "_n" and the NUL. */
	size_t len = strlen(id);
	char *out = xmalloc(3 * len + 3), *p = out;
	if (all_digits(id)) {
		memcpy(p, "_n", 2);
		p += 2;
	}
	for (const char *s = id; *s != '\0'; s++) {
		if (*s == '_' || *s == '.')
			p += sprintf(p, "_%02x", (unsigned char)*s);
		else
			*p++ = *s;
	}
	*p = '\0';
	if ((size_t)(p - out) > JAIL_NAME_MAX) {
		free(out);
		return rj_error_set(err, ENAMETOOLONG,
		    "container ID %.32s...: too long for a jail name "
		    "(%d characters at most, after escaping)",
		    id, JAIL_NAME_MAX);
	}
	*name = out;
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
jail_name_to_id(const char *name, char **id, struct rj_error **err)
{
	_cleanup_free_ char *out = xmalloc(strlen(name) + 1);
	char *p = out;
	const char *s = name;
	if (has_prefix(s, "_n"))
		s += 2;
	while (*s != '\0') {
		if (*s != '_') {
			*p++ = *s++;
			continue;
		}
		int hi = hexval(s[1]), lo = hi < 0 ? -1 : hexval(s[2]);
		char c = (char)(hi * 16 + lo);
		if (lo < 0 || (c != '_' && c != '.'))
			return rj_error_set(err, EINVAL,
			    "jail %s: not a name runj made", name);
		*p++ = c;
		s += 3;
	}
	*p = '\0';
	*id = steal_ptr(out);
	return 0;
}

char *
jail_name_full(const char *parent, const char *name)
{
	if (parent == NULL || *parent == '\0')
		return xstrdup(name);
	return xasprintf("%s.%s", parent, name);
}
