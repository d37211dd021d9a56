/* mountinfo.h: the lines of /proc/PID/mountinfo.  Pure. */
#ifndef RJ_LINUX_MOUNTINFO_H
#define RJ_LINUX_MOUNTINFO_H

struct mountinfo_entry {
	int id, parent;
	char *mountpoint; /* unescaped; the caller frees it */
};

/* Parses the line at *text and moves *text past it: 1 with *e filled, 0
 * at the end of the text, -1 for a line that is not mountinfo. */
int mountinfo_next(const char **text, struct mountinfo_entry *e);

#endif
