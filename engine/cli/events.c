/* events.c: runj events [--stats] [--interval D]: usage as JSON lines. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util.h"

/* The longest interval: an hour between samples is already no stream. */
#define INTERVAL_MAX_MS (3600L * 1000)

/* "5s", "500ms", "1m" or plain seconds, to milliseconds: 1ms to 1h. */
static int
parse_duration(const char *s, long *ms, struct rj_error **err)
{
	static const struct {
		const char *unit;
		long ms;
	} units[] = { { "ms", 1 }, { "s", 1000 }, { "m", 60000 },
		{ "h", 3600000 }, { "", 1000 } };
	char *end;
	double v = strtod(s, &end);
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (end == s || strcmp(end, units[i].unit) != 0)
			continue;
		/* NaN fails both tests; inf and 1e300 the second */
		double t = v * (double)units[i].ms;
		if (t >= 1 && t <= (double)INTERVAL_MAX_MS) {
			*ms = (long)t;
			return 0;
		}
		break;
	}
	return rj_error_set(err, EINVAL,
	    "events: --interval %s: expected a duration from 1ms to 1h, "
	    "such as 5s",
	    s);
}

enum {
	O_STATS,
	O_INTERVAL
};

static const struct cli_option options[] = {
	[O_STATS] = { "stats", 0, NULL, "print once and exit" },
	[O_INTERVAL] = { "interval", 0, "DURATION",
	    "time between reports (default 5s)" },
	{ NULL },
};

static int
run_events(struct cli_ctx *cli, const struct cli_args *a, struct rj_error **err)
{
	bool once = a->count[O_STATS] > 0;
	long interval = 5000;
	if (a->value[O_INTERVAL] != NULL &&
	    parse_duration(a->value[O_INTERVAL], &interval, err) < 0)
		return -1;
	const char *id = a->argv[0];
	/* OOM kills are looked for every tick; the stats go out every
	 * interval. */
	long tick = interval < 100 ? interval : 100, waited = interval;
	uint64_t ooms = UINT64_MAX;
	for (;; waited += tick) {
		struct rj_state st;
		if (rj_state_get(cli->root, id, &st, err) < 0)
			return -1;
		enum rj_status s = st.status;
		rj_state_clear(&st);
		if (s == RJ_STATUS_STOPPED)
			return once ? rj_error_set(err, ESRCH,
					  "container %s is stopped", id)
				    : 0;
		struct rj_stats stats;
		if (rj_stats(cli->root, id, &stats, err) < 0)
			return -1;
		if (!once && (stats.have & RJ_STATS_OOM)) {
			/* as runc: {"type":"oom","id":ID} for each kill */
			if (ooms != UINT64_MAX && stats.memory.oom_kills > ooms)
				printf("{\"type\":\"oom\",\"id\":\"%s\"}\n",
				    id);
			ooms = stats.memory.oom_kills;
		}
		if (once || waited >= interval) {
			_cleanup_free_ char *data = rj_stats_to_json(&stats);
			printf("{\"type\":\"stats\",\"id\":\"%s\","
			       "\"data\":%s}\n",
			    id, data);
			waited = 0;
		}
		rj_stats_clear(&stats);
		fflush(stdout);
		if (once)
			return 0;
		struct timespec ts = { tick / 1000, (tick % 1000) * 1000000 };
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
}

const struct cli_entry cmd_events = {
	.name = "events",
	.operands = "<container-id>",
	.summary = "print a container's resource usage as JSON",
	.options = options,
	.min_operands = 1,
	.max_operands = 1,
	.options_anywhere = true,
	.run = run_events,
};
