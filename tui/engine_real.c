/* engine_real.c: the real engine behind struct tui_engine. */
#include "model.h"

const struct tui_engine tui_engine_real = {
	.list = rj_list,
	.list_free = rj_list_free,
	.list_ids = rj_list_ids,
	.stamp = rj_state_stamp,
	.state_get = rj_state_get,
	.stats = rj_stats,
	.stats_clear = rj_stats_clear,
	.pids = rj_pids,
	.validate = rj_spec_validate,
	.create = rj_create,
	.start = rj_start,
	.kill = rj_kill,
	.delete = rj_delete,
	.pause = rj_pause,
};
