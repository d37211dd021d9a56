/*
 * devfs_ops.c: the container's own devfs ruleset, through the devfs rule
 * ioctls (what devfs(8) does).
 *
 * Its rule 1 is a marker of the container's own, a pattern no device has
 * ("runj-" and a hash of the container's state directory and creation
 * time), hidden: it changes nothing, and it says whose the ruleset is.
 * The number is recorded before that rule is added; another create that
 * picked the same number meanwhile finds rule 1 taken (EEXIST) and tries
 * the next; delete removes the rules only under its own marker -- so
 * neither a race nor a create killed half-way makes one container take or
 * remove another's ruleset.
 *
 * The kernel follows includes one level deep only (vfs.devfs.rule_depth
 * is 1), so "include devfsrules_jail" from our ruleset would not reach
 * devfsrules_hide_all, which devfsrules_jail includes: the base ruleset
 * is copied in instead, its includes expanded, rule by rule.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

/* Rulesets below this are left to the system's devfs.rules. */
#define RULESET_FIRST 1000
#define RULESET_MAX   65535
#define MAX_TRIES     64
#define PATTERN_MAX   200 /* DEVFS_MAXPTRNLEN */
#define INCLUDE_DEPTH 8

/* The first number from `from` that no ruleset has. */
static int
pick_ruleset(unsigned from, unsigned *out, struct rj_error **err)
{
	_cleanup_free_ unsigned char *used = xcalloc(RULESET_MAX / 8 + 1, 1);
	unsigned rs = 0, next;
	while (kern_devfs_ruleset_next(rs, &next) == 0 && next > rs) {
		used[next / 8] |= (unsigned char)(1u << (next % 8));
		rs = next;
	}
	for (unsigned n = from; n <= RULESET_MAX; n++) {
		if (!(used[n / 8] & (1u << (n % 8)))) {
			*out = n;
			return 0;
		}
	}
	return rj_error_set(err, ENOSPC, "devfs: no free ruleset number");
}

void
fb_devfs_marker(const struct rj_container *c, char *buf, size_t len)
{
	/* FNV-1a over the state directory and the creation time. */
	uint64_t h = 14695981039346656037ULL;
	for (const char *p = c->dir; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (int i = 0; i < 8; i++)
		h = (h ^ (unsigned char)((uint64_t)c->created >> (8 * i))) *
		    1099511628211ULL;
	snprintf(buf, len, "runj-%016llx", (unsigned long long)h);
}

static int
add_rule(struct kern_devfs_rule *r, unsigned *next, struct rj_error **err)
{
	r->rule = (*next)++;
	if (kern_devfs_rule_add(r) < 0)
		return rj_error_sys(err, "devfs ruleset %u: rule %u",
		    r->ruleset, r->rule);
	return 0;
}

/* Copies the rules of ruleset from into ours, includes expanded. */
static int
copy_ruleset(unsigned ruleset, unsigned from, unsigned *next, int depth,
    struct rj_error **err)
{
	if (depth > INCLUDE_DEPTH)
		return rj_error_set(err, ELOOP,
		    "devfs ruleset %u: includes too deep", from);
	unsigned after = 0;
	for (;;) {
		struct kern_devfs_rule r;
		char path[PATTERN_MAX + 1];
		if (kern_devfs_rule_next(from, after, &r, path, sizeof(path)) <
		    0) {
			if (errno == ENOENT)
				return 0;
			if (errno == EOPNOTSUPP)
				return rj_error_set(err, EOPNOTSUPP,
				    "devfs ruleset %u: rule %u has a type, "
				    "user or group, which runj cannot copy "
				    "into the container's ruleset",
				    from, r.rule);
			return rj_error_sys(err, "devfs ruleset %u", from);
		}
		after = r.rule;
		if (r.include) {
			if (copy_ruleset(ruleset, r.incset, next, depth + 1,
				err) < 0)
				return -1;
			continue;
		}
		r.ruleset = ruleset;
		if (add_rule(&r, next, err) < 0)
			return -1;
	}
}

int
fb_devfs_ruleset_make(struct rj_container *c, const struct jail_plan *plan,
    json_t *rec, unsigned *ruleset, struct rj_error **err)
{
	char marker[64];
	fb_devfs_marker(c, marker, sizeof(marker));
	unsigned from = RULESET_FIRST;
	int tries = 0;
	for (;; tries++) {
		if (tries == MAX_TRIES)
			return rj_error_set(err, EBUSY,
			    "devfs: no ruleset number stayed free");
		if (pick_ruleset(from, ruleset, err) < 0)
			return -1;
		json_object_set_new(rec, "ruleset", json_integer(*ruleset));
		json_object_set_new(rec, "marker", json_string(marker));
		if (container_save(c, err) < 0)
			return -1;
		struct kern_devfs_rule r = {
			.ruleset = *ruleset,
			.rule = 1,
			.path = marker,
			.action = KD_HIDE,
		};
		if (kern_devfs_rule_add(&r) == 0)
			break;
		if (errno != EEXIST)
			return rj_error_sys(err, "devfs ruleset %u", *ruleset);
		from = *ruleset + 1; /* another container's: the next one */
	}
	unsigned next = 2;
	for (size_t i = 0; i < plan->n_devfs; i++) {
		const struct devfs_step *s = &plan->devfs[i];
		if (s->include) {
			if (copy_ruleset(*ruleset, s->incset, &next, 0, err) <
			    0)
				return -1;
			continue;
		}
		struct kern_devfs_rule r = {
			.ruleset = *ruleset,
			.path = s->path,
			.action = s->hide ? KD_HIDE
			    : s->unhide	  ? KD_UNHIDE
					  : KD_NONE,
			.has_mode = s->has_mode,
			.mode = s->mode,
		};
		if (add_rule(&r, &next, err) < 0)
			return -1;
	}
	return 0;
}

int
fb_devfs_ruleset_remove(json_t *rec, struct rj_error **err)
{
	json_t *num = json_object_get(rec, "ruleset");
	const char *marker = json_string_value(json_object_get(rec, "marker"));
	if (!json_is_integer(num) || marker == NULL)
		return 0;
	unsigned ruleset = (unsigned)json_integer_value(num);
	struct kern_devfs_rule r;
	char path[PATTERN_MAX + 1];
	/* Not ours (a create killed before its rule 1): leave it. */
	if (kern_devfs_rule_next(ruleset, 0, &r, path, sizeof(path)) < 0 ||
	    r.rule != 1 || r.path == NULL || strcmp(r.path, marker) != 0)
		return 0;
	/* A ruleset without rules is gone (devfs_ruleset_reap).  The
	 * marker goes last, so a delete killed half-way leaves a ruleset the
	 * next one still knows as ours. */
	size_t n = 0, cap = 64;
	_cleanup_free_ unsigned *rules = xcalloc(cap, sizeof(*rules));
	for (unsigned after = 0;;) {
		if (kern_devfs_rule_next(ruleset, after, &r, path,
			sizeof(path)) < 0) {
			if (errno == ENOENT)
				break;
			if (errno != EOPNOTSUPP)
				return rj_error_sys(err, "devfs ruleset %u",
				    ruleset);
		}
		if (n == cap)
			rules = xrealloc(rules, (cap *= 2) * sizeof(*rules));
		rules[n++] = after = r.rule;
	}
	while (n-- > 0)
		if (kern_devfs_rule_del(ruleset, rules[n]) < 0 &&
		    errno != ENOENT)
			return rj_error_sys(err, "devfs ruleset %u: rule %u",
			    ruleset, rules[n]);
	return 0;
}
