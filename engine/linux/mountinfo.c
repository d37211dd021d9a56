/* mountinfo.c: the lines of /proc/PID/mountinfo (proc(5)): mount ID,
 * parent ID, major:minor, root, mount point, ... */
#include <stdio.h>
#include <string.h>

#include "linux/mountinfo.h"
#include "util.h"

/* The kernel escapes space, tab, newline and backslash as \ooo
 * (show_mountinfo() uses seq_path_root() with " \t\n\\"). */
static char *
unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;
	const char *end = s + n;
	while (s < end) {
		if (end - s >= 4 && s[0] == '\\' && s[1] >= '0' &&
		    s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
		    s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
			    (s[3] - '0'));
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

int
mountinfo_next(const char **text, struct mountinfo_entry *e)
{
	const char *line = *text;
	if (*line == '\0')
		return 0;
	const char *nl = strchr(line, '\n');
	*text = nl != NULL ? nl + 1 : line + strlen(line);
	int id, parent, off = 0;
	if (sscanf(line, "%d %d %*u:%*u %*s %n", &id, &parent, &off) < 2 ||
	    off == 0)
		return -1;
	const char *mp = line + off;
	size_t n = strcspn(mp, " \n");
	if (n == 0)
		return -1;
	e->id = id;
	e->parent = parent;
	e->mountpoint = unescape(mp, n);
	return 1;
}
