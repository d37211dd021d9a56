/* exe_seal_other.c: rj_exe_seal where there is no /proc/self/exe to abuse:
 * a jail cannot reach the host's processes. */
#ifndef __linux__
#include "runj.h"

int
rj_exe_seal(char **argv, struct rj_error **err)
{
	(void)argv;
	(void)err;
	return 0;
}

const char *
rj_exe_path(void)
{
	return NULL;
}
#endif
