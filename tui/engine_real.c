/* engine_real.c: the real engine behind struct tui_engine. */
#include "model.h"

const struct tui_engine tui_engine_real = {
	.list = rj_list,
	.list_free = rj_list_free,
	.state_get = rj_state_get,
	.create = rj_create,
	.start = rj_start,
	.kill = rj_kill,
	.delete = rj_delete,
};
