/*
 * cgroup_devices.c: the device rules a container gets, as v1
 * devices.allow/deny writes and as a cgroup v2 device program
 * (BPF_PROG_TYPE_CGROUP_DEVICE).  Pure: no system calls, so the rule list
 * and the program are unit-tested (the program by running it).
 *
 * The rules, in order: deny everything; the config's
 * linux.resources.devices as listed; then the devices every container
 * needs, the list runc appends (null, zero, full, random, urandom, tty,
 * console, ptmx, the pty slaves, /dev/net/tun and mknod of any node).
 * linux.devices entries are only nodes to make: they add no rule.
 *
 * The program decides each access the way the rules read in order: for
 * each access bit asked for (read, write, mknod) the last rule that
 * matches the device and names the bit decides; no rule is a denial.  It
 * walks the rules backwards, dropping the bits an allow rule grants, and
 * denies at the first deny rule that names a bit still pending.
 */
#include <string.h>

#include "cgroup_int.h"
#include "util.h"

static const struct rj_device_rule default_rules[] = {
	{ true, 'c', -1, -1, "m" },    /* mknod of any char device */
	{ true, 'b', -1, -1, "m" },    /* mknod of any block device */
	{ true, 'c', 1, 3, "rwm" },    /* /dev/null */
	{ true, 'c', 1, 5, "rwm" },    /* /dev/zero */
	{ true, 'c', 1, 7, "rwm" },    /* /dev/full */
	{ true, 'c', 1, 8, "rwm" },    /* /dev/random */
	{ true, 'c', 1, 9, "rwm" },    /* /dev/urandom */
	{ true, 'c', 5, 0, "rwm" },    /* /dev/tty */
	{ true, 'c', 5, 1, "rwm" },    /* /dev/console */
	{ true, 'c', 5, 2, "rwm" },    /* /dev/ptmx */
	{ true, 'c', 136, -1, "rwm" }, /* /dev/pts/N */
	{ true, 'c', 10, 200, "rwm" }, /* /dev/net/tun */
};

size_t
cg_device_rules(const struct rj_resources *r, struct rj_device_rule **out)
{
	size_t n_cfg = r != NULL ? r->n_devices : 0;
	size_t n = 1 + n_cfg + ARRAY_SIZE(default_rules);
	struct rj_device_rule *v = xcalloc(n, sizeof(*v));
	v[0] = (struct rj_device_rule){ false, 'a', -1, -1, "rwm" };
	for (size_t i = 0; i < n_cfg; i++)
		v[1 + i] = r->devices[i];
	memcpy(v + 1 + n_cfg, default_rules, sizeof(default_rules));
	*out = v;
	return n;
}

/* An empty access is every access, as for the kernel's v1 files. */
static const char *
rule_access(const struct rj_device_rule *d)
{
	return d->access[0] != '\0' ? d->access : "rwm";
}

void
cg_device_writes_v1(const struct rj_device_rule *rules, size_t n,
    struct cg_writes *w)
{
	for (size_t i = 0; i < n; i++) {
		const struct rj_device_rule *d = &rules[i];
		const char *file = d->allow ? "devices.allow" : "devices.deny";
		char maj[24] = "*", min[24] = "*", line[80];
		if (d->type == 'a' && d->major < 0 && d->minor < 0 &&
		    strcmp(rule_access(d), "rwm") == 0) {
			/* "a" clears the list and sets the default */
			cg_writes_add(w, "devices", file, "%s", "a");
			continue;
		}
		if (d->major >= 0)
			snprintf(maj, sizeof(maj), "%lld", (long long)d->major);
		if (d->minor >= 0)
			snprintf(min, sizeof(min), "%lld", (long long)d->minor);
		snprintf(line, sizeof(line), "%c %s:%s %s", d->type, maj, min,
		    rule_access(d));
		cg_writes_add(w, "devices", file, "%s", line);
	}
}

/* ---- the v2 program ---- */

/* The context's fields (struct bpf_cgroup_dev_ctx) and their values,
 * from <linux/bpf.h>. */
enum {
	CTX_ACCESS_TYPE = 0, /* (access << 16) | type */
	CTX_MAJOR = 4,
	CTX_MINOR = 8,
};

/* Registers: R1 is the context; R0 the verdict (1 allows). */
enum {
	R0,
	R1,
	R_TYPE = 2,
	R_PENDING = 3, /* access bits not yet granted */
	R_MAJOR = 4,
	R_MINOR = 5,
	R_TMP = 6,
};

static struct bpf_insn
insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (struct bpf_insn){ .code = code,
		.dst_reg = dst,
		.src_reg = src,
		.off = off,
		.imm = imm };
}

struct prog {
	struct bpf_insn *v;
	size_t n, cap;
};

static size_t
emit(struct prog *p, struct bpf_insn i)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n] = i;
	return p->n++;
}

uint32_t
cg_bpf_access_bits(const char *access)
{
	uint32_t bits = 0;
	for (const char *a = access; *a != '\0'; a++)
		bits |= *a == 'r' ? BPF_DEVCG_ACC_READ
		    : *a == 'w'	  ? BPF_DEVCG_ACC_WRITE
		    : *a == 'm'	  ? BPF_DEVCG_ACC_MKNOD
				  : 0;
	return bits;
}

/* One rule: jumps to its end ("next") when it does not apply. */
static void
emit_rule(struct prog *p, const struct rj_device_rule *d)
{
	size_t skips[4], n_skips = 0;
	uint32_t bits = cg_bpf_access_bits(rule_access(d));
	if (d->type != 'a')
		skips[n_skips++] = emit(p,
		    insn(BPF_JMP32 | BPF_JNE | BPF_K, R_TYPE, 0, 0,
			d->type == 'b' ? BPF_DEVCG_DEV_BLOCK
				       : BPF_DEVCG_DEV_CHAR));
	if (d->major >= 0)
		skips[n_skips++] = emit(p,
		    insn(BPF_JMP32 | BPF_JNE | BPF_K, R_MAJOR, 0, 0,
			(int32_t)(uint32_t)d->major));
	if (d->minor >= 0)
		skips[n_skips++] = emit(p,
		    insn(BPF_JMP32 | BPF_JNE | BPF_K, R_MINOR, 0, 0,
			(int32_t)(uint32_t)d->minor));
	emit(p, insn(BPF_ALU64 | BPF_MOV | BPF_X, R_TMP, R_PENDING, 0, 0));
	emit(p, insn(BPF_ALU64 | BPF_AND | BPF_K, R_TMP, 0, 0, (int32_t)bits));
	skips[n_skips++] = emit(p,
	    insn(BPF_JMP | BPF_JEQ | BPF_K, R_TMP, 0, 0, 0));
	if (!d->allow) {
		emit(p, insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 0));
		emit(p, insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	} else {
		emit(p,
		    insn(BPF_ALU64 | BPF_AND | BPF_K, R_PENDING, 0, 0,
			(int32_t)~bits));
		/* all granted: allow; else on to the earlier rules */
		emit(p, insn(BPF_JMP | BPF_JNE | BPF_K, R_PENDING, 0, 2, 0));
		emit(p, insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 1));
		emit(p, insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	}
	for (size_t i = 0; i < n_skips; i++)
		p->v[skips[i]].off = (int16_t)(p->n - skips[i] - 1);
}

size_t
cg_devices_bpf(const struct rj_device_rule *rules, size_t n,
    struct bpf_insn **out)
{
	struct prog p = { 0 };
	emit(&p,
	    insn(BPF_LDX | BPF_W | BPF_MEM, R_TYPE, R1, CTX_ACCESS_TYPE, 0));
	emit(&p, insn(BPF_ALU64 | BPF_MOV | BPF_X, R_PENDING, R_TYPE, 0, 0));
	emit(&p, insn(BPF_ALU64 | BPF_AND | BPF_K, R_TYPE, 0, 0, 0xffff));
	emit(&p, insn(BPF_ALU64 | BPF_RSH | BPF_K, R_PENDING, 0, 0, 16));
	emit(&p, insn(BPF_LDX | BPF_W | BPF_MEM, R_MAJOR, R1, CTX_MAJOR, 0));
	emit(&p, insn(BPF_LDX | BPF_W | BPF_MEM, R_MINOR, R1, CTX_MINOR, 0));
	for (size_t i = n; i-- > 0;)
		emit_rule(&p, &rules[i]);
	emit(&p, insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 0));
	emit(&p, insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	*out = p.v;
	return p.n;
}
