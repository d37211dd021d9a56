# The engine: librunj.a (the runtime as a library) and the runj CLI.

ENGINE_SRCS := $(wildcard engine/*.c)
ENGINE_CLI_SRCS := $(wildcard engine/cli/*.c)

ifeq ($(OS),Linux)
ENGINE_SRCS += $(wildcard engine/linux/*.c)
include engine/linux/linux.mk
ENGINE_LIBS := $(call pc_libs,jansson,-ljansson) $(call pc_libs,libseccomp,-lseccomp)
endif

# The FreeBSD driver: pure translation (built everywhere, unit-tested on
# Linux) and the system-call layer (FreeBSD only).
include engine/freebsd/freebsd.mk
ENGINE_SRCS += $(FREEBSD_PURE_SRCS)
ifeq ($(OS),FreeBSD)
ENGINE_SRCS += $(FREEBSD_SYS_SRCS)
ENGINE_LIBS := $(call pc_libs,jansson,-ljansson) -ljail
endif

ENGINE_LIB := $(B)/librunj.a
ENGINE_OBJS := $(ENGINE_SRCS:%.c=$(B)/%.o)

$(ENGINE_LIB): $(ENGINE_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/runj: $(ENGINE_CLI_SRCS:%.c=$(B)/%.o) $(ENGINE_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(ENGINE_LIBS)

PROGRAMS += $(B)/runj
