/*
 * rctl_plan.c: resource limits as rctl(8) rules on the jail.  Two sources,
 * documented in runj-config(5):
 *   - linux.resources, mapped: memory.limit -> memoryuse, memory.swap ->
 *     swapuse (the part above memory.limit), pids.limit -> maxproc,
 *     cpu.quota/cpu.period -> pcpu;
 *   - annotations "runj.rctl.<resource>": "[action=]amount", for any racct
 *     resource; they win over the mapping.
 * Each rule is checked the way the kernel's rctl_rule_add() checks it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "freebsd/jail_plan.h"
#include "util.h"

#define ANNOTATION_PREFIX "runj.rctl."

enum {
	R_DENY = 1 << 0,     /* "deny" works */
	R_THROTTLE = 1 << 1, /* "throttle" works (decaying I/O rates) */
	R_NOSUFFIX = 1 << 2, /* a count or a percentage: no k/m/g */
};

/* racct resources (rctl(8)) and what the kernel allows on them. */
static const struct {
	const char *name;
	unsigned flags;
	const char *default_action;
} resources[] = {
	{ "cputime", R_NOSUFFIX, "sigkill" },
	{ "datasize", R_DENY, "deny" },
	{ "stacksize", R_DENY, "deny" },
	{ "coredumpsize", R_DENY, "deny" },
	{ "memoryuse", R_DENY, "deny" },
	{ "memorylocked", R_DENY, "deny" },
	{ "maxproc", R_DENY | R_NOSUFFIX, "deny" },
	{ "openfiles", R_DENY | R_NOSUFFIX, "deny" },
	{ "vmemoryuse", R_DENY, "deny" },
	{ "pseudoterminals", R_DENY | R_NOSUFFIX, "deny" },
	{ "swapuse", R_DENY, "deny" },
	{ "nthr", R_DENY | R_NOSUFFIX, "deny" },
	{ "msgqqueued", R_DENY | R_NOSUFFIX, "deny" },
	{ "msgqsize", R_DENY, "deny" },
	{ "nmsgq", R_DENY | R_NOSUFFIX, "deny" },
	{ "nsem", R_DENY | R_NOSUFFIX, "deny" },
	{ "nsemop", R_DENY | R_NOSUFFIX, "deny" },
	{ "nshm", R_DENY | R_NOSUFFIX, "deny" },
	{ "shmsize", R_DENY, "deny" },
	{ "wallclock", R_NOSUFFIX, "sigkill" },
	{ "pcpu", R_DENY | R_NOSUFFIX, "deny" },
	{ "readbps", R_THROTTLE, "throttle" },
	{ "writebps", R_THROTTLE, "throttle" },
	{ "readiops", R_THROTTLE | R_NOSUFFIX, "throttle" },
	{ "writeiops", R_THROTTLE | R_NOSUFFIX, "throttle" },
};

/* Signals rctl takes as "sig<name>" actions (rctl(8)). */
static const char *const signals[] = {
	"hup",
	"int",
	"quit",
	"ill",
	"trap",
	"abrt",
	"emt",
	"fpe",
	"kill",
	"bus",
	"segv",
	"sys",
	"pipe",
	"alrm",
	"term",
	"urg",
	"stop",
	"tstp",
	"cont",
	"chld",
	"ttin",
	"ttou",
	"io",
	"xcpu",
	"xfsz",
	"vtalrm",
	"prof",
	"winch",
	"info",
	"usr1",
	"usr2",
	"thr",
	"librt",
};

static int
resource_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(resources); i++)
		if (strcmp(name, resources[i].name) == 0)
			return (int)i;
	return -1;
}

static bool
action_known(const char *a)
{
	if (strcmp(a, "deny") == 0 || strcmp(a, "log") == 0 ||
	    strcmp(a, "devctl") == 0 || strcmp(a, "throttle") == 0)
		return true;
	if (!has_prefix(a, "sig"))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(signals); i++)
		if (strcmp(a + 3, signals[i]) == 0)
			return true;
	return false;
}

/* expand_number(3)'s syntax: digits and an optional binary suffix. */
static int
amount_parse(const char *text, bool suffix_ok, uint64_t *out)
{
	static const char units[] = "kmgtpe";
	const char *p = text;
	uint64_t v = 0;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p != '\0') {
		const char *u = strchr(units, *p | 0x20);
		if (!suffix_ok || u == NULL || p[1] != '\0')
			return -1;
		for (int shift = (int)(u - units + 1) * 10; shift > 0;
		     shift -= 10) {
			if (v > UINT64_MAX >> 10)
				return -1;
			v <<= 10;
		}
	}
	if (v > INT64_MAX) /* the kernel's amount is signed */
		return -1;
	*out = v;
	return 0;
}

int
rctl_rule_make(const char *subject, const char *resource,
    const char *action_amount, char **out, struct rj_error **err)
{
	int r = resource_find(resource);
	if (r < 0)
		return rj_error_set(err, EINVAL,
		    "rctl: unknown resource \"%s\"", resource);
	const char *eq = strchr(action_amount, '=');
	_cleanup_free_ char *action = eq != NULL
	    ? strndup(action_amount, (size_t)(eq - action_amount))
	    : xstrdup(resources[r].default_action);
	const char *amount = eq != NULL ? eq + 1 : action_amount;
	if (action == NULL)
		abort();
	if (!action_known(action))
		return rj_error_set(err, EINVAL,
		    "rctl: %s: unknown action \"%s\"", resource, action);
	if (strcmp(action, "deny") == 0 && !(resources[r].flags & R_DENY))
		return rj_error_set(err, EOPNOTSUPP,
		    "rctl: %s: the deny action is not supported (use log, "
		    "devctl or a signal)",
		    resource);
	if (strcmp(action, "throttle") == 0 &&
	    !(resources[r].flags & R_THROTTLE))
		return rj_error_set(err, EOPNOTSUPP,
		    "rctl: %s: the throttle action works only on readbps, "
		    "writebps, readiops and writeiops",
		    resource);
	uint64_t v;
	if (amount_parse(amount, !(resources[r].flags & R_NOSUFFIX), &v) < 0)
		return rj_error_set(err, EINVAL,
		    "rctl: %s: \"%s\" is not an amount", resource, amount);
	*out = xasprintf("jail:%s:%s:%s=%" PRIu64, subject, resource, action,
	    v);
	return 0;
}

static int
rule_put(struct jail_plan *plan, const char *subject, const char *resource,
    const char *action_amount, struct rj_error **err)
{
	char *rule;
	if (rctl_rule_make(subject, resource, action_amount, &rule, err) < 0)
		return -1;
	/* A later source for the same resource replaces the earlier rule. */
	_cleanup_free_ char *key = xasprintf("jail:%s:%s:", subject, resource);
	size_t n = strv_len(plan->rctl_rules);
	for (size_t i = 0; i < n; i++) {
		if (has_prefix(plan->rctl_rules[i], key)) {
			free(plan->rctl_rules[i]);
			plan->rctl_rules[i] = rule;
			return 0;
		}
	}
	plan->rctl_rules = xrealloc(plan->rctl_rules,
	    (n + 2) * sizeof(*plan->rctl_rules));
	plan->rctl_rules[n] = rule;
	plan->rctl_rules[n + 1] = NULL;
	return 0;
}

static int
from_linux(const struct rj_resources *r, const char *subject,
    struct jail_plan *plan, struct rj_error **err)
{
	char buf[32];
	/* A negative value is "unlimited" in the Linux spec: no rule. */
	if (r->memory.has_limit && r->memory.limit >= 0) {
		snprintf(buf, sizeof(buf), "deny=%" PRId64, r->memory.limit);
		if (rule_put(plan, subject, "memoryuse", buf, err) < 0)
			return rj_error_wrap(err,
			    "linux.resources.memory.limit");
	}
	if (r->memory.has_swap && r->memory.swap >= 0) {
		/* memory.swap is memory plus swap. */
		int64_t swap = r->memory.swap;
		if (r->memory.has_limit && r->memory.limit >= 0)
			swap = swap > r->memory.limit ? swap - r->memory.limit
						      : 0;
		snprintf(buf, sizeof(buf), "deny=%" PRId64, swap);
		if (rule_put(plan, subject, "swapuse", buf, err) < 0)
			return rj_error_wrap(err,
			    "linux.resources.memory.swap");
	}
	if (r->pids.has_limit && r->pids.limit > 0) {
		snprintf(buf, sizeof(buf), "deny=%" PRId64, r->pids.limit);
		if (rule_put(plan, subject, "maxproc", buf, err) < 0)
			return rj_error_wrap(err, "linux.resources.pids.limit");
	}
	if (r->cpu.has_quota && r->cpu.quota > 0) {
		uint64_t period = r->cpu.has_period && r->cpu.period > 0
		    ? r->cpu.period
		    : 100000;
		/* Percent of one CPU, rounded up so a small quota is not 0. */
		uint64_t pct = ((uint64_t)r->cpu.quota * 100 + period - 1) /
		    period;
		snprintf(buf, sizeof(buf), "deny=%" PRIu64, pct);
		if (rule_put(plan, subject, "pcpu", buf, err) < 0)
			return rj_error_wrap(err, "linux.resources.cpu.quota");
	}
	return 0;
}

int
rctl_rules_from_resources(const struct rj_resources *r, const char *subject,
    char ***rules, struct rj_error **err)
{
	struct jail_plan plan;
	memset(&plan, 0, sizeof(plan));
	*rules = NULL;
	if (from_linux(r, subject, &plan, err) < 0) {
		strv_free(plan.rctl_rules);
		return -1;
	}
	*rules = plan.rctl_rules;
	return 0;
}

static int
from_annotations(const char *annotations, const char *subject,
    struct jail_plan *plan, struct rj_error **err)
{
	if (annotations == NULL)
		return 0;
	json_t *obj = json_loads(annotations, 0, NULL);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return 0;
	}
	const char *key;
	json_t *val;
	int rc = 0;
	json_object_foreach(obj, key, val)
	{
		if (!has_prefix(key, ANNOTATION_PREFIX) || !json_is_string(val))
			continue;
		if (rule_put(plan, subject, key + strlen(ANNOTATION_PREFIX),
			json_string_value(val), err) < 0) {
			rc = rj_error_wrap(err, "annotations.%s", key);
			break;
		}
		plan->rctl_explicit = true;
	}
	json_decref(obj);
	return rc;
}

int
rctl_plan_build(const struct rj_spec *spec, const char *subject,
    struct jail_plan *plan, struct rj_error **err)
{
	if (spec->has_linux && spec->linux_.has_resources &&
	    from_linux(&spec->linux_.resources, subject, plan, err) < 0)
		return -1;
	return from_annotations(spec->annotations, subject, plan, err);
}

void
rctl_usage_parse(const char *text, struct rj_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (const char *p = text; p != NULL && *p != '\0';) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (eq != NULL) {
			size_t klen = (size_t)(eq - p);
			uint64_t v = strtoull(eq + 1, NULL, 10);
			/* racct counts CPU time in whole seconds. */
			if (klen == 7 && strncmp(p, "cputime", 7) == 0) {
				st->cpu.total = v * 1000000000ULL;
				st->have |= RJ_STATS_CPU;
			} else if (klen == 9 &&
			    strncmp(p, "memoryuse", 9) == 0) {
				st->memory.usage = v;
				st->memory.limit = RJ_STATS_UNLIMITED;
				st->have |= RJ_STATS_MEMORY;
			} else if (klen == 7 && strncmp(p, "maxproc", 7) == 0) {
				st->pids.current = v;
				st->pids.limit = RJ_STATS_UNLIMITED;
				st->have |= RJ_STATS_PIDS;
			}
		}
		p = comma ? comma + 1 : NULL;
	}
}

uint64_t
rctl_memory_limit(char *const *rules)
{
	for (size_t i = 0; rules != NULL && rules[i] != NULL; i++) {
		const char *m = strstr(rules[i], ":memoryuse:deny=");
		if (m != NULL)
			return strtoull(m + strlen(":memoryuse:deny="), NULL,
			    10);
	}
	return 0;
}
