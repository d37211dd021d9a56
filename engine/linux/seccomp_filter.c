/*
 * seccomp_filter.c: linux.seccomp checked at create and loaded in the
 * init, with libseccomp.  The spec's names map to libseccomp through the tables
 * below; features.json is generated from the same tables.
 */
#include <errno.h>
#include <seccomp.h>
#include <string.h>

#include "seccomp_filter.h"
#include "util.h"

struct action {
	enum rj_seccomp_action action;
	const char *name;
	uint32_t value; /* for ERRNO and TRACE, ORed with the errno */
	bool takes_errno;
	bool supported;
};

static const struct action actions[] = {
	{ RJ_SCMP_KILL, "SCMP_ACT_KILL", SCMP_ACT_KILL, false, true },
	{ RJ_SCMP_KILL_PROCESS, "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS,
	    false, true },
	{ RJ_SCMP_KILL_THREAD, "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD,
	    false, true },
	{ RJ_SCMP_TRAP, "SCMP_ACT_TRAP", SCMP_ACT_TRAP, false, true },
	{ RJ_SCMP_ERRNO, "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0), true, true },
	{ RJ_SCMP_TRACE, "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0), true, true },
	{ RJ_SCMP_ALLOW, "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, false, true },
	{ RJ_SCMP_LOG, "SCMP_ACT_LOG", SCMP_ACT_LOG, false, true },
	/* a listener needs a supervisor to answer it: not done */
	{ RJ_SCMP_NOTIFY, "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY, false, false },
};

struct op {
	enum rj_seccomp_op op;
	const char *name;
	enum scmp_compare cmp;
};

static const struct op ops[] = {
	{ RJ_SCMP_CMP_NE, "SCMP_CMP_NE", SCMP_CMP_NE },
	{ RJ_SCMP_CMP_LT, "SCMP_CMP_LT", SCMP_CMP_LT },
	{ RJ_SCMP_CMP_LE, "SCMP_CMP_LE", SCMP_CMP_LE },
	{ RJ_SCMP_CMP_EQ, "SCMP_CMP_EQ", SCMP_CMP_EQ },
	{ RJ_SCMP_CMP_GE, "SCMP_CMP_GE", SCMP_CMP_GE },
	{ RJ_SCMP_CMP_GT, "SCMP_CMP_GT", SCMP_CMP_GT },
	{ RJ_SCMP_CMP_MASKED_EQ, "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

struct arch {
	const char *name;
	uint32_t token;
};

/* What this libseccomp knows; newer ones are added where it has them. */
static const struct arch archs[] = {
	{ "SCMP_ARCH_X86", SCMP_ARCH_X86 },
	{ "SCMP_ARCH_X86_64", SCMP_ARCH_X86_64 },
	{ "SCMP_ARCH_X32", SCMP_ARCH_X32 },
	{ "SCMP_ARCH_ARM", SCMP_ARCH_ARM },
	{ "SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64 },
	{ "SCMP_ARCH_MIPS", SCMP_ARCH_MIPS },
	{ "SCMP_ARCH_MIPS64", SCMP_ARCH_MIPS64 },
	{ "SCMP_ARCH_MIPS64N32", SCMP_ARCH_MIPS64N32 },
	{ "SCMP_ARCH_MIPSEL", SCMP_ARCH_MIPSEL },
	{ "SCMP_ARCH_MIPSEL64", SCMP_ARCH_MIPSEL64 },
	{ "SCMP_ARCH_MIPSEL64N32", SCMP_ARCH_MIPSEL64N32 },
	{ "SCMP_ARCH_PPC", SCMP_ARCH_PPC },
	{ "SCMP_ARCH_PPC64", SCMP_ARCH_PPC64 },
	{ "SCMP_ARCH_PPC64LE", SCMP_ARCH_PPC64LE },
	{ "SCMP_ARCH_S390", SCMP_ARCH_S390 },
	{ "SCMP_ARCH_S390X", SCMP_ARCH_S390X },
	{ "SCMP_ARCH_PARISC", SCMP_ARCH_PARISC },
	{ "SCMP_ARCH_PARISC64", SCMP_ARCH_PARISC64 },
	{ "SCMP_ARCH_RISCV64", SCMP_ARCH_RISCV64 },
#ifdef SCMP_ARCH_LOONGARCH64
	{ "SCMP_ARCH_LOONGARCH64", SCMP_ARCH_LOONGARCH64 },
#endif
#ifdef SCMP_ARCH_M68K
	{ "SCMP_ARCH_M68K", SCMP_ARCH_M68K },
#endif
#ifdef SCMP_ARCH_SH
	{ "SCMP_ARCH_SH", SCMP_ARCH_SH },
	{ "SCMP_ARCH_SHEB", SCMP_ARCH_SHEB },
#endif
};

struct flag {
	const char *name;
	enum scmp_filter_attr attr; /* 0: no libseccomp attribute */
	unsigned api;		    /* seccomp_api_get() level it needs */
};

static const struct flag flags[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", SCMP_FLTATR_CTL_TSYNC, 2 },
	{ "SECCOMP_FILTER_FLAG_LOG", SCMP_FLTATR_CTL_LOG, 3 },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SCMP_FLTATR_CTL_SSB, 4 },
	/* only changes how a listener waits; there are no listeners */
	{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 0, 0 },
};

static const struct action *
action_of(enum rj_seccomp_action a)
{
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (actions[i].action == a)
			return &actions[i];
	return NULL;
}

static const struct op *
op_of(enum rj_seccomp_op o)
{
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (ops[i].op == o)
			return &ops[i];
	return NULL;
}

static const struct arch *
arch_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(archs); i++)
		if (strcmp(archs[i].name, name) == 0)
			return &archs[i];
	return NULL;
}

static const struct flag *
flag_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (strcmp(flags[i].name, name) == 0)
			return &flags[i];
	return NULL;
}

static bool
flag_supported(const struct flag *f)
{
	return f->attr != 0 && seccomp_api_get() >= f->api;
}

static int
check_action(enum rj_seccomp_action a, bool has_errno, const char *path,
    struct rj_error **err)
{
	const struct action *act = action_of(a);
	if (act == NULL)
		return rj_error_set(err, EINVAL, "%s: unknown action", path);
	if (!act->supported)
		return rj_error_set(err, ENOTSUP,
		    "%s: %s (a seccomp listener) "
		    "is not supported by runj",
		    path, act->name);
	if (has_errno && !act->takes_errno)
		return rj_error_set(err, EINVAL,
		    "%s: errnoRet needs "
		    "SCMP_ACT_ERRNO or SCMP_ACT_TRACE, not %s",
		    path, act->name);
	return 0;
}

/* Known for the native architecture or any one requested. */
static bool
syscall_known(const struct rj_seccomp *s, const char *name)
{
	if (seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR)
		return true;
	for (size_t i = 0;
	     s->architectures != NULL && s->architectures[i] != NULL; i++) {
		const struct arch *a = arch_named(s->architectures[i]);
		if (a != NULL &&
		    seccomp_syscall_resolve_name_arch(a->token, name) !=
			__NR_SCMP_ERROR)
			return true;
	}
	return false;
}

static int
check_rule(const struct rj_seccomp *s, size_t i, struct rj_error **err)
{
	const struct rj_seccomp_rule *r = &s->rules[i];
	char path[96];
	snprintf(path, sizeof(path), "linux.seccomp.syscalls[%zu].action", i);
	if (check_action(r->action, r->has_errno_ret, path, err) < 0)
		return -1;
	for (size_t j = 0; r->names != NULL && r->names[j] != NULL; j++)
		if (!syscall_known(s, r->names[j]))
			return rj_error_set(err, EINVAL,
			    "linux.seccomp.syscalls"
			    "[%zu].names[%zu]: unknown syscall \"%s\"",
			    i, j, r->names[j]);
	for (size_t j = 0; j < r->n_args; j++) {
		if (r->args[j].index > 5)
			return rj_error_set(err, EINVAL,
			    "linux.seccomp.syscalls"
			    "[%zu].args[%zu].index: %u is not 0 to 5",
			    i, j, r->args[j].index);
		if (op_of(r->args[j].op) == NULL)
			return rj_error_set(err, EINVAL,
			    "linux.seccomp.syscalls"
			    "[%zu].args[%zu].op: unknown operator",
			    i, j);
	}
	return 0;
}

int
seccomp_check(const struct rj_seccomp *s, struct rj_error **err)
{
	if (!s->present)
		return 0;
	if (s->listener_path != NULL && s->listener_path[0] != '\0')
		return rj_error_set(err, ENOTSUP,
		    "linux.seccomp.listenerPath: "
		    "seccomp listeners are not supported by runj");
	if (check_action(s->default_action, s->has_default_errno_ret,
		"linux.seccomp.defaultAction", err) < 0)
		return -1;
	for (size_t i = 0; s->architectures != NULL && s->architectures[i]; i++)
		if (arch_named(s->architectures[i]) == NULL)
			return rj_error_set(err, EINVAL,
			    "linux.seccomp."
			    "architectures[%zu]: unknown architecture \"%s\"",
			    i, s->architectures[i]);
	for (size_t i = 0; s->flags != NULL && s->flags[i] != NULL; i++) {
		const struct flag *f = flag_named(s->flags[i]);
		if (f == NULL)
			return rj_error_set(err, EINVAL,
			    "linux.seccomp.flags"
			    "[%zu]: unknown flag \"%s\"",
			    i, s->flags[i]);
		if (!flag_supported(f))
			return rj_error_set(err, ENOTSUP,
			    "linux.seccomp.flags"
			    "[%zu]: %s is not supported here",
			    i, s->flags[i]);
	}
	for (size_t i = 0; i < s->n_rules; i++)
		if (check_rule(s, i, err) < 0)
			return -1;
	return 0;
}

static uint32_t
action_value(enum rj_seccomp_action a, bool has_errno, unsigned errno_ret)
{
	const struct action *act = action_of(a);
	if (act->takes_errno)
		/* the spec's default for an errno action is EPERM */
		return act->value | ((has_errno ? errno_ret : EPERM) & 0xffff);
	return act->value;
}

/* One rule: libseccomp ANDs the comparisons of a rule but takes only one
 * per argument, so comparisons on a repeated argument become one rule
 * each (ORed), as runc does. */
static int
add_rule(scmp_filter_ctx ctx, uint32_t act, int nr,
    const struct rj_seccomp_rule *r)
{
	struct scmp_arg_cmp cmps[6];
	bool seen[6] = { false }, repeated = false;
	if (r->n_args > 6)
		repeated = true;
	for (size_t i = 0; i < r->n_args && !repeated; i++) {
		if (seen[r->args[i].index])
			repeated = true;
		seen[r->args[i].index] = true;
	}
	for (size_t i = 0; i < r->n_args; i++) {
		cmps[i % 6] = (struct scmp_arg_cmp){
			.arg = r->args[i].index,
			.op = op_of(r->args[i].op)->cmp,
			.datum_a = r->args[i].value,
			.datum_b = r->args[i].value_two,
		};
		if (repeated) {
			int rc = seccomp_rule_add_array(ctx, act, nr, 1,
			    &cmps[i % 6]);
			if (rc < 0)
				return rc;
		}
	}
	if (repeated)
		return 0;
	return seccomp_rule_add_array(ctx, act, nr, (unsigned)r->n_args, cmps);
}

static int
build(scmp_filter_ctx ctx, const struct rj_seccomp *s, uint32_t def,
    struct rj_error **err)
{
	int rc;
	/* no_new_privs is the config's choice, not the filter's */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0)
		return rj_error_set(err, -rc, "seccomp: clear NNP: %s",
		    strerror(-rc));
	/* the kernel's errno, not libseccomp's ECANCELED, in errors */
	seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
	for (size_t i = 0; s->architectures != NULL && s->architectures[i];
	     i++) {
		rc = seccomp_arch_add(ctx,
		    arch_named(s->architectures[i])->token);
		if (rc < 0 && rc != -EEXIST)
			return rj_error_set(err, -rc,
			    "seccomp: add "
			    "architecture %s: %s",
			    s->architectures[i], strerror(-rc));
	}
	for (size_t i = 0; s->flags != NULL && s->flags[i] != NULL; i++) {
		const struct flag *f = flag_named(s->flags[i]);
		if ((rc = seccomp_attr_set(ctx, f->attr, 1)) < 0)
			return rj_error_set(err, -rc, "seccomp: flag %s: %s",
			    f->name, strerror(-rc));
	}
	for (size_t i = 0; i < s->n_rules; i++) {
		const struct rj_seccomp_rule *r = &s->rules[i];
		uint32_t act = action_value(r->action, r->has_errno_ret,
		    r->errno_ret);
		/* libseccomp refuses a rule that repeats the default */
		if (act == def)
			continue;
		for (size_t j = 0; r->names != NULL && r->names[j]; j++) {
			int nr = seccomp_syscall_resolve_name(r->names[j]);
			if (nr == __NR_SCMP_ERROR)
				continue; /* only on another arch */
			if ((rc = add_rule(ctx, act, nr, r)) < 0)
				return rj_error_set(err, -rc,
				    "seccomp: "
				    "syscalls[%zu] %s: %s",
				    i, r->names[j], strerror(-rc));
		}
	}
	return 0;
}

int
seccomp_apply(const struct rj_seccomp *s, struct rj_error **err)
{
	if (!s->present)
		return 0;
	uint32_t def = action_value(s->default_action, s->has_default_errno_ret,
	    s->default_errno_ret);
	scmp_filter_ctx ctx = seccomp_init(def);
	if (ctx == NULL)
		return rj_error_set(err, EINVAL,
		    "seccomp: cannot initialise "
		    "a filter");
	int rc = build(ctx, s, def, err);
	if (rc == 0 && (rc = seccomp_load(ctx)) < 0)
		rj_error_set(err, -rc, "seccomp: load the filter: %s%s",
		    strerror(-rc),
		    rc == -EACCES ? " (without noNewPrivileges "
				    "loading needs CAP_SYS_ADMIN)"
				  : "");
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

json_t *
seccomp_features(void)
{
	json_t *o = json_object(), *a = json_array(), *p = json_array(),
	       *ar = json_array(), *known = json_array(), *sup = json_array();
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (actions[i].supported)
			json_array_append_new(a, json_string(actions[i].name));
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		json_array_append_new(p, json_string(ops[i].name));
	for (size_t i = 0; i < ARRAY_SIZE(archs); i++)
		json_array_append_new(ar, json_string(archs[i].name));
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		json_array_append_new(known, json_string(flags[i].name));
		if (flag_supported(&flags[i]))
			json_array_append_new(sup, json_string(flags[i].name));
	}
	json_object_set_new(o, "enabled", json_true());
	json_object_set_new(o, "actions", a);
	json_object_set_new(o, "operators", p);
	json_object_set_new(o, "archs", ar);
	json_object_set_new(o, "knownFlags", known);
	json_object_set_new(o, "supportedFlags", sup);
	return o;
}
