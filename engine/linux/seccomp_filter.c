/*
 * seccomp_filter.c: linux.seccomp checked at create and loaded in the
 * init, with libseccomp.  The spec's names map to libseccomp through the tables
 * below; features.json is generated from the same tables.
 */
#include <errno.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

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
	/* answered by the agent at linux.seccomp.listenerPath */
	{ RJ_SCMP_NOTIFY, "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY, false, true },
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

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* The filter is loaded with seccomp(2) itself (see load), so the flags
 * are the kernel's. */
struct flag {
	const char *name;
	unsigned long kflag;
};

static const struct flag flags[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
	{ "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
	/* how a listener waits; without one it is dropped */
	{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
	    SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV },
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

/* The kernel checks the flags before it reads the program: EFAULT for a
 * NULL one means the flags are known (kernel/seccomp.c,
 * seccomp_set_mode_filter()).  WAIT_KILLABLE_RECV is valid only with a
 * listener. */
static bool
flag_supported(const struct flag *f)
{
	unsigned long k = f->kflag;
	if (k == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
		k |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, k, NULL) < 0 &&
	    errno == EFAULT;
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
		    "%s: %s is not supported by runj", path, act->name);
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
	for (size_t j = 0; r->names != NULL && r->names[j] != NULL; j++) {
		if (!syscall_known(s, r->names[j]))
			return rj_error_set(err, EINVAL,
			    "linux.seccomp.syscalls"
			    "[%zu].names[%zu]: unknown syscall \"%s\"",
			    i, j, r->names[j]);
		/* The listener's descriptor leaves the container's init (or
		 * exec) by sendmsg(2): a notification there would wait for an
		 * agent that has no descriptor yet. */
		if (r->action == RJ_SCMP_NOTIFY &&
		    strcmp(r->names[j], "sendmsg") == 0)
			return rj_error_set(err, EINVAL,
			    "linux.seccomp.syscalls[%zu].names[%zu]: "
			    "SCMP_ACT_NOTIFY cannot be used for sendmsg "
			    "(runj passes the listener with it)",
			    i, j);
	}
	if (r->action == RJ_SCMP_NOTIFY && s->listener_path == NULL)
		return rj_error_set(err, EINVAL,
		    "linux.seccomp.syscalls[%zu].action: SCMP_ACT_NOTIFY "
		    "needs linux.seccomp.listenerPath",
		    i);
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
	if (s->listener_path != NULL && s->listener_path[0] != '/')
		return rj_error_set(err, EINVAL,
		    "linux.seccomp.listenerPath: \"%s\" is not an absolute "
		    "path",
		    s->listener_path);
	if (check_action(s->default_action, s->has_default_errno_ret,
		"linux.seccomp.defaultAction", err) < 0)
		return -1;
	if (s->default_action == RJ_SCMP_NOTIFY)
		return rj_error_set(err, EINVAL,
		    "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be "
		    "the default action");
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

/* Whether a syscall the profile does not know returns ENOSYS (see
 * enosys_stub): not when the default lets it through anyway. */
static bool
wants_enosys(const struct rj_seccomp *s)
{
	return s->default_action != RJ_SCMP_ALLOW &&
	    s->default_action != RJ_SCMP_LOG &&
	    s->default_action != RJ_SCMP_TRACE;
}

/* One architecture of the stub, by the kernel's AUDIT_ARCH_ value: the
 * highest syscall number the profile names there.  x86_64 and x32 share
 * AUDIT_ARCH_X86_64 (x32 numbers have bit 30 set), so that one has two. */
struct stub_arch {
	uint32_t audit;
	uint32_t max, max_x32; /* UINT32_MAX: none */
};

#define X32_SYSCALL_BIT 0x40000000U
#define STUB_NONE	UINT32_MAX

static void
stub_add(struct stub_arch *a, size_t *n, uint32_t token,
    const struct rj_seccomp *s)
{
	long max = -1;
	for (size_t i = 0; i < s->n_rules; i++)
		for (char **nm = s->rules[i].names; nm && *nm; nm++) {
			int nr = seccomp_syscall_resolve_name_arch(token, *nm);
			if (nr >= 0 && nr > max)
				max = nr;
		}
	if (max < 0)
		return;
	bool x32 = token == SCMP_ARCH_X32;
	uint32_t audit = x32 ? SCMP_ARCH_X86_64 : token;
	size_t k;
	for (k = 0; k < *n && a[k].audit != audit; k++)
		;
	if (k == *n)
		a[(*n)++] = (struct stub_arch){ audit, STUB_NONE, STUB_NONE };
	if (x32)
		a[k].max_x32 = (uint32_t)max;
	else
		a[k].max = (uint32_t)max;
}

/*
 * A syscall newer than every one the profile names returns ENOSYS, not the
 * default action, so a program falls back as it would on an older kernel
 * (glibc tries clone3 and falls back to clone on ENOSYS only).  As runc
 * does, a stub in front of libseccomp's filter compares the number with
 * the highest the profile names, per architecture:
 *
 *	ld [arch]
 *	per arch: jeq AUDIT_ARCH, 0, (next arch)
 *	          ld [nr]
 *	          x86_64: jset X32_BIT -> x32's jgt
 *	          s390(x): jeq 0 -> ret (unknown numbers come as 0)
 *	          jgt max -> ret, else -> ja
 *	          ret ERRNO(ENOSYS)
 *	          ja (libseccomp's filter)
 *
 * libseccomp's filter starts with its own ld [arch].  Returns the number
 * of instructions written to out (room for 1 + 7 per arch).
 */
static size_t
enosys_stub(const struct stub_arch *a, size_t n, struct sock_filter *out)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += a[i].audit == SCMP_ARCH_X86_64 ? 7
		    : a[i].audit == SCMP_ARCH_S390 ||
			a[i].audit == SCMP_ARCH_S390X
		    ? 6
		    : 5;
	size_t pc = 0;
	const uint32_t enosys = SECCOMP_RET_ERRNO | ENOSYS;
	out[pc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	for (size_t i = 0; i < n; i++) {
		bool x86 = a[i].audit == SCMP_ARCH_X86_64;
		bool s390 = a[i].audit == SCMP_ARCH_S390 ||
		    a[i].audit == SCMP_ARCH_S390X;
		uint8_t body = x86 ? 6 : s390 ? 5 : 4;
		out[pc++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			BPF_K,
		    a[i].audit, 0, body);
		out[pc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W |
			BPF_ABS,
		    offsetof(struct seccomp_data, nr));
		if (x86) {
			out[pc++] = (struct sock_filter)BPF_JUMP(BPF_JMP |
				BPF_JSET | BPF_K,
			    X32_SYSCALL_BIT, 1, 0);
			out[pc++] = (struct sock_filter)BPF_JUMP(BPF_JMP |
				BPF_JGT | BPF_K,
			    a[i].max, 1, 2);
			out[pc++] = (struct sock_filter)BPF_JUMP(BPF_JMP |
				BPF_JGT | BPF_K,
			    a[i].max_x32, 0, 1);
		} else {
			if (s390)
				out[pc++] = (struct sock_filter)
				    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1,
					0);
			out[pc++] = (struct sock_filter)BPF_JUMP(BPF_JMP |
				BPF_JGT | BPF_K,
			    a[i].max, 0, 1);
		}
		out[pc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    enosys);
		out[pc] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA,
		    (uint32_t)(len - (pc + 1)));
		pc++;
	}
	return pc;
}

/* libseccomp's program, through a memfd (seccomp_export_bpf writes to a
 * descriptor). */
static struct sock_filter *
export_bpf(scmp_filter_ctx ctx, size_t room, size_t *n, struct rj_error **err)
{
	_cleanup_close_ int fd = memfd_create("runj-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		rj_error_sys(err, "seccomp: memfd_create");
		return NULL;
	}
	int rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		rj_error_set(err, -rc, "seccomp: export the filter: %s",
		    strerror(-rc));
		return NULL;
	}
	off_t size = lseek(fd, 0, SEEK_END);
	if (size < 0 || size % (off_t)sizeof(struct sock_filter) != 0 ||
	    (size_t)size / sizeof(struct sock_filter) + room > BPF_MAXINSNS) {
		rj_error_set(err, E2BIG,
		    "seccomp: the filter has more than %d instructions",
		    BPF_MAXINSNS);
		return NULL;
	}
	size_t count = (size_t)size / sizeof(struct sock_filter);
	struct sock_filter *prog = xcalloc(room + count, sizeof(*prog));
	if (pread(fd, prog + room, (size_t)size, 0) != (ssize_t)size) {
		free(prog);
		rj_error_sys(err, "seccomp: read the filter");
		return NULL;
	}
	*n = count;
	return prog;
}

static bool
has_listener(const struct rj_seccomp *s)
{
	for (size_t i = 0; i < s->n_rules; i++)
		if (s->rules[i].action == RJ_SCMP_NOTIFY)
			return true;
	return false;
}

/* libseccomp's filter behind the ENOSYS stub, loaded with seccomp(2). */
static int
load(scmp_filter_ctx ctx, const struct rj_seccomp *s, int *listener,
    struct rj_error **err)
{
	struct stub_arch stub_archs[ARRAY_SIZE(archs) + 1];
	size_t n_archs = 0;
	if (wants_enosys(s)) {
		stub_add(stub_archs, &n_archs, seccomp_arch_native(), s);
		for (size_t i = 0;
		     s->architectures != NULL && s->architectures[i]; i++) {
			uint32_t t = arch_named(s->architectures[i])->token;
			if (t != seccomp_arch_native())
				stub_add(stub_archs, &n_archs, t, s);
		}
	}
	size_t room = 1 + 7 * n_archs, n = 0;
	_cleanup_free_ struct sock_filter *prog = export_bpf(ctx, room, &n,
	    err);
	if (prog == NULL)
		return -1;
	/* the stub goes right before libseccomp's program */
	size_t stub = n_archs > 0 ? enosys_stub(stub_archs, n_archs, prog) : 0;
	if (stub < room)
		memmove(prog + stub, prog + room, n * sizeof(*prog));
	struct sock_fprog fprog = { .len = (unsigned short)(stub + n),
		.filter = prog };
	unsigned long kflags = 0;
	bool notify = has_listener(s);
	for (size_t i = 0; s->flags != NULL && s->flags[i] != NULL; i++)
		kflags |= flag_named(s->flags[i])->kflag;
	/* TSYNC and NEW_LISTENER together fail (EINVAL) unless TSYNC_ESRCH
	 * (kernel/seccomp.c); the process is single-threaded here, so TSYNC
	 * has nothing to do and goes. */
	if (notify)
		kflags = (kflags & ~SECCOMP_FILTER_FLAG_TSYNC) |
		    SECCOMP_FILTER_FLAG_NEW_LISTENER;
	else
		kflags &= ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	long rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, kflags, &fprog);
	if (rc < 0)
		return rj_error_set(err, errno,
		    "seccomp: load the filter: %s%s", strerror(errno),
		    errno == EACCES ? " (without noNewPrivileges loading "
				      "needs CAP_SYS_ADMIN)"
				    : "");
	if (listener != NULL)
		*listener = notify ? (int)rc : -1;
	else if (notify)
		close((int)rc);
	return 0;
}

int
seccomp_load_filter(const struct rj_seccomp *s, int *listener,
    struct rj_error **err)
{
	if (listener != NULL)
		*listener = -1;
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
	if (rc == 0)
		rc = load(ctx, s, listener, err);
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

int
seccomp_apply(const struct rj_seccomp *s, struct rj_error **err)
{
	return seccomp_load_filter(s, NULL, err);
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
