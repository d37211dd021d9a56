/* events.c: runj events [--stats] [--interval D]: usage as JSON lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/create_opts.h"
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

int
cmd_events(struct cli *cli, int argc, char **argv, struct rj_error **err)
{
	enum {
		OPT_STATS = 256,
		OPT_INTERVAL
	};
	static const struct option opts[] = {
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_command *cmd = cli_command("events");
	bool once = false;
	long interval = 5000;
	int c;
	optind = 1;
	while ((c = cli_getopt(argc, argv, "+h", opts, cmd, err)) != -1) {
		if (c == OPT_STATS)
			once = true;
		else if (c == OPT_INTERVAL) {
			if (parse_duration(optarg, &interval, err) < 0)
				return -1;
		} else if (c == 'h')
			return cli_usage(cmd);
		else
			return -1;
	}
	if (cli_operands(cmd, argc, argv, 1, 1, err) < 0)
		return -1;
	const char *id = argv[optind];
	for (;;) {
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
		_cleanup_free_ char *data = rj_stats_to_json(&stats);
		rj_stats_clear(&stats);
		printf("{\"type\":\"stats\",\"id\":\"%s\",\"data\":%s}\n", id,
		    data);
		fflush(stdout);
		if (once)
			return 0;
		struct timespec ts = { interval / 1000,
			(interval % 1000) * 1000000 };
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
}
