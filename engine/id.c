/* id.c: container IDs are checked before they touch a path. */
#include <errno.h>
#include <string.h>

#include "runj.h"

static bool
id_char(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return !first && c != '\0' && strchr("_.+-", c) != NULL;
}

int
rj_id_check(const char *id, struct rj_error **err)
{
	if (id == NULL || *id == '\0')
		return rj_error_set(err, EINVAL, "container ID is empty");
	size_t len = strlen(id);
	if (len > RJ_ID_MAX)
		return rj_error_set(err, EINVAL,
		    "container ID is %zu characters long, over the limit of %d",
		    len, RJ_ID_MAX);
	for (size_t i = 0; i < len; i++)
		if (!id_char(id[i], i == 0))
			return rj_error_set(err, EINVAL,
			    "invalid container ID \"%s\": use letters, digits "
			    "and _.+- (not first)",
			    id);
	return 0;
}
