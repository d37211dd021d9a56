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

# On Linux runj is linked statically (jansson and libseccomp ship static
# archives): it starts on every container's path, twice (the sealed
# re-exec), and a static binary skips the dynamic loader each time; make
# bench measured 14 ms against 18 ms for /bin/true.  RUNJ_STATIC=0 turns
# it off; the sanitizer build cannot link statically.
RUNJ_STATIC ?= $(if $(filter Linux,$(OS)),$(if $(filter 1,$(SANITIZE)),0,1),0)
RUNJ_LDFLAGS := $(if $(filter 1,$(RUNJ_STATIC)),-static)

# runj copies itself into a sealed memfd on every create, run and exec
# (CVE-2019-5736), so its size is on the start path: the program is
# stripped (1.2 MB instead of 2.0), its symbols and debug information kept
# beside it in runj.debug, which gdb finds through the debug link.  The
# sanitizer build stays whole.
$(B)/runj.debug: $(ENGINE_CLI_SRCS:%.c=$(B)/%.o) $(ENGINE_LIB)
	$(CC) $(LDFLAGS) $(RUNJ_LDFLAGS) -o $@ $^ $(ENGINE_LIBS)

$(B)/runj: $(B)/runj.debug
ifeq ($(SANITIZE),1)
	cp $< $@
else
	$(OBJCOPY) --strip-all --add-gnu-debuglink=$< $< $@
endif

PROGRAMS += $(B)/runj
