/* proc.c: a process's start time, to tell a reused pid from the init. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

uint64_t
proc_start_time(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: fields start after the
	 * last ')'. */
	char *p = strrchr(buf, ')');
	if (p == NULL || p[1] != ' ')
		return 0;
	p += 2;
	/* A zombie has exited: not a live container. */
	if (*p == 'Z' || *p == 'X')
		return 0;
	/* p is field 3 (state); starttime is field 22. */
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (p == NULL)
			return 0;
		p++;
	}
	return strtoull(p, NULL, 10);
}
