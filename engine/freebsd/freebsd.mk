# The FreeBSD jail driver, in three parts:
#   FREEBSD_PURE_SRCS    translation without system calls, built on every
#                        OS and unit-tested on Linux;
#   FREEBSD_DRIVER_SRCS  the driver proper, which reaches the kernel only
#                        through kernel.h: built on FreeBSD, and on Linux
#                        against the jail model (tests/jailmodel);
#   FREEBSD_KERNEL_SRC   kernel.h bound to the system calls, the one file
#                        that needs FreeBSD's headers.
# FreeBSD builds all three; elsewhere `make check-freebsd
# FREEBSD_SYSROOT=DIR` compile-checks them against FreeBSD's headers.
FREEBSD_PURE_SRCS := engine/freebsd/jail_name.c engine/freebsd/jail_plan.c \
	engine/freebsd/jail_params.c engine/freebsd/mount_plan.c \
	engine/freebsd/devfs_plan.c engine/freebsd/rctl_plan.c \
	engine/freebsd/compat.c
FREEBSD_KERNEL_SRC := engine/freebsd/kernel_sys.c
FREEBSD_DRIVER_SRCS := $(filter-out $(FREEBSD_PURE_SRCS) $(FREEBSD_KERNEL_SRC),\
	$(wildcard engine/freebsd/*.c))
FREEBSD_SYS_SRCS := $(FREEBSD_DRIVER_SRCS) $(FREEBSD_KERNEL_SRC)

# Unit tests of the translation (every OS), against the engine archive,
# which holds the pure sources on every OS.  engine.mk defines ENGINE_LIB
# after including this file, hence the fallback (jansson, and libjail on
# FreeBSD, where the archive holds the driver too).
FREEBSD_UNIT_TESTS := $(patsubst tests/unit/%.c,%,\
	$(wildcard tests/unit/test_freebsd_*.c))
$(foreach t,$(FREEBSD_UNIT_TESTS),\
	$(eval $(call unit_test,$(t),$(or $(ENGINE_LIB),$(B)/librunj.a),\
	$(or $(ENGINE_LIBS),$(call pc_libs,jansson,-ljansson) \
	$(if $(filter FreeBSD,$(OS)),-ljail)))))

# The compile check against FreeBSD's own headers.  jansson.h is not part
# of a FreeBSD sysroot, so the host's copy is put in a directory of its own.
FREEBSD_SYSROOT ?=
FREEBSD_TARGET ?= x86_64-unknown-freebsd14
FREEBSD_CHECK_INC := $(B)/freebsd-check/include
FREEBSD_CHECK_SRCS = $(FREEBSD_PURE_SRCS) $(FREEBSD_SYS_SRCS) \
	$(filter-out engine/spec_freebsd.c,$(wildcard engine/*.c)) \
	engine/spec_freebsd.c $(wildcard engine/cli/*.c)

.PHONY: check-freebsd
check-freebsd:
	@test -n "$(FREEBSD_SYSROOT)" || { \
	    echo "check-freebsd: set FREEBSD_SYSROOT=DIR (FreeBSD's /usr/include under DIR/usr/include)" >&2; exit 1; }
	@test -f "$(FREEBSD_SYSROOT)/usr/include/jail.h" || { \
	    echo "check-freebsd: $(FREEBSD_SYSROOT)/usr/include/jail.h: not found" >&2; exit 1; }
	@mkdir -p $(FREEBSD_CHECK_INC)
	@cp $$(echo '#include <jansson.h>' | $(CC) -E -M -x c - | \
	    tr ' \\' '\n\n' | grep -E '/jansson(_config)?\.h$$') $(FREEBSD_CHECK_INC)/
	@fail=0; for f in $(FREEBSD_CHECK_SRCS); do \
	    echo "  CHECK   $$f"; \
	    clang --target=$(FREEBSD_TARGET) --sysroot=$(FREEBSD_SYSROOT) \
	        -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	        -Wno-missing-field-initializers -fsyntax-only \
	        -Iinclude -iquote engine -isystem $(FREEBSD_CHECK_INC) $$f || fail=1; \
	done; test $$fail -eq 0 && echo "check-freebsd: all FreeBSD sources compile"
