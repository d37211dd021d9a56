# The jail model: the FreeBSD jail driver built on Linux against a model of
# the FreeBSD kernel (tests/jailmodel), so the same tests that judge the
# driver on a FreeBSD host judge it in every `make check`.  Test-only:
# nothing here is installed.
#   $(B)/jailmodel/runj    runj whose driver is the jail driver on the model
#   $(B)/jailmodel/jmctl   the model's jail(8)/jls(8)/ifconfig(8)... and its
#                          namespace and boot
ifeq ($(OS),Linux)
JAILMODEL_SRCS := $(filter-out tests/jailmodel/jmctl.c,\
	$(wildcard tests/jailmodel/*.c))
JAILMODEL_LIB := $(B)/jailmodel/libjailmodel.a
# The engine as FreeBSD builds it, but for kernel_sys.c: the model takes
# its place.  engine/freebsd/host.c binds the jail driver.
JAILMODEL_ENGINE_OBJS := $(patsubst %.c,$(B)/%.o,$(wildcard engine/*.c) \
	$(FREEBSD_PURE_SRCS) $(FREEBSD_DRIVER_SRCS))
JAILMODEL_PROGRAMS := $(B)/jailmodel/runj $(B)/jailmodel/jmctl

$(B)/tests/jailmodel/%.o: CPPFLAGS += -iquote engine -iquote tests/jailmodel

$(JAILMODEL_LIB): $(JAILMODEL_ENGINE_OBJS) $(JAILMODEL_SRCS:%.c=$(B)/%.o)
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/jailmodel/runj: $(ENGINE_CLI_SRCS:%.c=$(B)/%.o) $(JAILMODEL_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,jansson,-ljansson)

$(B)/jailmodel/jmctl: $(B)/tests/jailmodel/jmctl.o $(JAILMODEL_LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,jansson,-ljansson)
endif

# Runs the jail driver's tests (tests/integration/freebsd_*.sh): on
# FreeBSD against the running kernel, elsewhere against the model.
.PHONY: check-jail-model
check-jail-model: programs $(JAILMODEL_PROGRAMS)
	B=$(B) RUN_ONLY='freebsd_*' sh tests/run.sh
