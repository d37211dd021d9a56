/*
 * test_linux_devices.c: the device rules a container gets (their order,
 * the v1 writes) and the cgroup v2 device program, run here by a small
 * interpreter of the instructions the generator uses against the kernel's
 * context for each access, and, as root, offered to the kernel's verifier.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "linux/cgroup_int.h"
#include "util.h"

#define ANY (-1)
#define RULE(allow, type, maj, min, acc)                                       \
	(struct rj_device_rule)                                                \
	{                                                                      \
		allow, type, maj, min, acc                                     \
	}

/* ---- the rule list ---- */

static void
test_rules_order(void **state)
{
	(void)state;
	struct rj_device_rule cfg[] = {
		RULE(false, 'a', ANY, ANY, "rwm"),
		RULE(true, 'c', 10, 229, "rw"),
	};
	struct rj_resources r = { .devices = cfg, .n_devices = 2 };
	_cleanup_free_ struct rj_device_rule *rules = NULL;
	size_t n = cg_device_rules(&r, &rules);
	assert_int_equal(n, 1 + 2 + 12);
	/* deny all first, the config's as listed, then runc's defaults */
	assert_false(rules[0].allow);
	assert_int_equal(rules[0].type, 'a');
	assert_false(rules[1].allow);
	assert_int_equal(rules[2].minor, 229);
	assert_int_equal(rules[3].type, 'c');
	assert_int_equal(rules[3].major, ANY);
	assert_string_equal(rules[3].access, "m");
	assert_int_equal(rules[4].type, 'b');
	assert_int_equal(rules[n - 1].major, 10);
	assert_int_equal(rules[n - 1].minor, 200);
	/* no config: still deny all, then the defaults */
	_cleanup_free_ struct rj_device_rule *none = NULL;
	assert_int_equal(cg_device_rules(NULL, &none), 13);
	assert_false(none[0].allow);
}

static void
test_writes_v1(void **state)
{
	(void)state;
	struct rj_device_rule rules[] = {
		RULE(false, 'a', ANY, ANY, "rwm"),
		RULE(true, 'c', 1, 3, "rw"),
		RULE(true, 'c', 136, ANY, ""),
		RULE(false, 'b', ANY, 5, "m"),
		RULE(true, 'a', ANY, ANY, "r"),
	};
	struct cg_writes w = { 0 };
	cg_device_writes_v1(rules, ARRAY_SIZE(rules), &w);
	static const char *const want[][2] = {
		{ "devices.deny", "a" },
		{ "devices.allow", "c 1:3 rw" },
		{ "devices.allow", "c 136:* rwm" },
		{ "devices.deny", "b *:5 m" },
		{ "devices.allow", "a *:* r" },
	};
	assert_int_equal(w.n, ARRAY_SIZE(want));
	for (size_t i = 0; i < w.n; i++) {
		assert_string_equal(w.v[i].controller, "devices");
		assert_string_equal(w.v[i].file, want[i][0]);
		assert_string_equal(w.v[i].value, want[i][1]);
	}
	cg_writes_free(&w);
}

/* ---- the program ---- */

/* Runs prog on one access the way the kernel would; fails the test on an
 * instruction the generator should not use or a jump out of range. */
static int
run(const struct bpf_insn *prog, size_t n, char type, int major, int minor,
    const char *access)
{
	uint32_t ctx[3] = {
		(cg_bpf_access_bits(access) << 16) |
		    (type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR),
		(uint32_t)major,
		(uint32_t)minor,
	};
	uint64_t reg[11] = { 0 };
	for (size_t pc = 0; pc < n; pc++) {
		const struct bpf_insn *i = &prog[pc];
		uint64_t imm = (uint64_t)(int64_t)i->imm;
		switch (i->code) {
		case BPF_LDX | BPF_W | BPF_MEM:
			assert_int_equal(i->src_reg, 1);
			assert_true(
			    i->off >= 0 && i->off <= 8 && i->off % 4 == 0);
			reg[i->dst_reg] = ctx[i->off / 4];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			reg[i->dst_reg] = imm;
			break;
		case BPF_ALU64 | BPF_MOV | BPF_X:
			reg[i->dst_reg] = reg[i->src_reg];
			break;
		case BPF_ALU64 | BPF_AND | BPF_K:
			reg[i->dst_reg] &= imm;
			break;
		case BPF_ALU64 | BPF_RSH | BPF_K:
			reg[i->dst_reg] >>= i->imm;
			break;
		case BPF_JMP32 | BPF_JNE | BPF_K:
			if ((uint32_t)reg[i->dst_reg] != (uint32_t)i->imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			if (reg[i->dst_reg] != imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			if (reg[i->dst_reg] == imm)
				pc += (size_t)i->off;
			break;
		case BPF_JMP | BPF_EXIT:
			return (int)reg[0];
		default:
			fail_msg("instruction 0x%02x at %zu", i->code, pc);
		}
		assert_true(i->off >= 0);
		assert_true(pc < n);
	}
	fail_msg("ran off the end of the program");
	return -1;
}

struct access_case {
	char type;
	int major, minor;
	const char *access;
	int allowed;
};

static void
check_cases(const struct rj_device_rule *rules, size_t n_rules,
    const struct access_case *cases, size_t n_cases)
{
	_cleanup_free_ struct bpf_insn *prog = NULL;
	size_t n = cg_devices_bpf(rules, n_rules, &prog);
	for (size_t i = 0; i < n_cases; i++) {
		const struct access_case *c = &cases[i];
		int got = run(prog, n, c->type, c->major, c->minor, c->access);
		if (got != c->allowed)
			fail_msg("case %zu: %c %d:%d %s: got %d, want %d", i,
			    c->type, c->major, c->minor, c->access, got,
			    c->allowed);
	}
}

/* What every container gets with runj spec's config (deny all). */
static void
test_program_defaults(void **state)
{
	(void)state;
	struct rj_device_rule cfg[] = { RULE(false, 'a', ANY, ANY, "rwm") };
	struct rj_resources r = { .devices = cfg, .n_devices = 1 };
	_cleanup_free_ struct rj_device_rule *rules = NULL;
	size_t n = cg_device_rules(&r, &rules);
	static const struct access_case cases[] = {
		{ 'c', 1, 3, "rw", 1 }, /* /dev/null */
		{ 'c', 1, 3, "rwm", 1 },
		{ 'c', 1, 9, "r", 1 },	   /* urandom */
		{ 'c', 5, 2, "rw", 1 },	   /* ptmx */
		{ 'c', 136, 7, "rw", 1 },  /* a pty */
		{ 'c', 10, 200, "rw", 1 }, /* tun */
		{ 'c', 10, 237, "r", 0 },  /* loop-control */
		{ 'c', 10, 237, "m", 1 },  /* any node may be made */
		{ 'b', 8, 0, "m", 1 },
		{ 'b', 8, 0, "r", 0 }, /* a disk */
		{ 'b', 1, 3, "r", 0 }, /* null's numbers, block */
		{ 'c', 1, 1, "r", 0 }, /* /dev/mem */
		{ 'c', 137, 0, "rw", 0 },
		{ 'c', 4095, 1048575, "r", 0 },
	};
	check_cases(rules, n, cases, ARRAY_SIZE(cases));
}

/* The last rule that matches decides, bit by bit; no rule denies. */
static void
test_program_order(void **state)
{
	(void)state;
	struct rj_device_rule rules[] = {
		RULE(true, 'c', 10, ANY, "rw"),
		RULE(false, 'c', 10, 229, "w"),
		RULE(true, 'b', ANY, ANY, "r"),
		RULE(false, 'a', 8, ANY, "r"),
		RULE(true, 'c', 4294967295LL, 4294967294LL, "rwm"),
	};
	static const struct access_case cases[] = {
		{ 'c', 10, 1, "rw", 1 },
		{ 'c', 10, 229, "r", 1 },
		{ 'c', 10, 229, "w", 0 },
		{ 'c', 10, 229, "rw", 0 }, /* one bit denied: denied */
		{ 'c', 10, 229, "m", 0 },  /* never allowed */
		{ 'b', 7, 0, "r", 1 },
		{ 'b', 8, 0, "r", 0 }, /* "a 8:*" came later */
		{ 'c', 8, 1, "r", 0 },
		{ 'b', 7, 0, "w", 0 },
		{ 'c', -1, -2, "rw", 1 }, /* the largest numbers, not -1 */
		{ 'c', -1, -1, "r", 0 },
		{ 'c', 11, 229, "r", 0 },
	};
	check_cases(rules, ARRAY_SIZE(rules), cases, ARRAY_SIZE(cases));
	/* an allow of everything after a deny of everything */
	struct rj_device_rule all[] = {
		RULE(false, 'a', ANY, ANY, "rwm"),
		RULE(true, 'a', ANY, ANY, "rwm"),
	};
	static const struct access_case open_cases[] = {
		{ 'b', 8, 0, "rwm", 1 },
		{ 'c', 10, 237, "r", 1 },
	};
	check_cases(all, 2, open_cases, 2);
	/* no rule at all: nothing */
	static const struct access_case closed[] = { { 'c', 1, 3, "r", 0 } };
	check_cases(NULL, 0, closed, 1);
}

/* The kernel's verifier takes what the generator writes. */
static void
test_program_verifies(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	struct rj_device_rule cfg[] = {
		RULE(false, 'a', ANY, ANY, "rwm"),
		RULE(true, 'c', 10, 229, "rw"),
		RULE(false, 'b', 8, ANY, "w"),
		RULE(true, 'c', 4294967295LL, ANY, "m"),
	};
	struct rj_resources r = { .devices = cfg, .n_devices = 4 };
	_cleanup_free_ struct rj_device_rule *rules = NULL;
	size_t n = cg_device_rules(&r, &rules);
	_cleanup_free_ struct bpf_insn *prog = NULL;
	size_t n_insns = cg_devices_bpf(rules, n, &prog);
	union bpf_attr a;
	char log[65536] = "";
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)prog;
	a.insn_cnt = (uint32_t)n_insns;
	a.license = (uint64_t)(uintptr_t) "Dual BSD/GPL";
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	int fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		skip(); /* no bpf(2) here (a seccomp filter, a kernel option) */
	if (fd < 0)
		fail_msg("the verifier refused: %s\n%s", strerror(errno), log);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_order),
		cmocka_unit_test(test_writes_v1),
		cmocka_unit_test(test_program_defaults),
		cmocka_unit_test(test_program_order),
		cmocka_unit_test(test_program_verifies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
