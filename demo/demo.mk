# runj-demo and librunjdemo.a: root filesystems, FreeBSD downloads,
# configs, bundles and OCI images.  See man/runj-demo.8.

DEMO_SRCS := $(wildcard demo/*.c)
DEMO_CLI_SRCS := $(wildcard demo/cli/*.c)
DEMO_OBJS := $(DEMO_SRCS:%.c=$(B)/%.o)
DEMO_CLI_OBJS := $(DEMO_CLI_SRCS:%.c=$(B)/%.o)
DEMO_LIB := $(B)/librunjdemo.a

DEMO_PKGS := libarchive libcurl zlib libcrypto jansson
DEMO_LIBS := $(call pc_libs,libarchive,-larchive) \
	$(call pc_libs,libcurl,-lcurl) $(call pc_libs,zlib,-lz) \
	$(call pc_libs,libcrypto,-lcrypto) $(call pc_libs,jansson,-ljansson)

$(DEMO_OBJS) $(DEMO_CLI_OBJS): CPPFLAGS += $(call pc_cflags,$(DEMO_PKGS))
$(B)/tests/unit/test_demo_%.o: CPPFLAGS += -iquote demo -iquote demo/cli \
	$(call pc_cflags,$(DEMO_PKGS))

$(DEMO_LIB): $(DEMO_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/runj-demo: $(DEMO_CLI_OBJS) $(DEMO_LIB) $(ENGINE_LIB)
	$(CC) $(LDFLAGS) -o $@ $(DEMO_CLI_OBJS) $(DEMO_LIB) $(ENGINE_LIB) \
		$(DEMO_LIBS) $(ENGINE_LIBS)

PROGRAMS += $(B)/runj-demo

DEMO_UNIT_SRCS := $(wildcard tests/unit/test_demo_*.c)
$(foreach t,$(DEMO_UNIT_SRCS:tests/unit/%.c=%),\
	$(eval $(call unit_test,$(t),$(B)/demo/cli/progress_bar.o $(DEMO_LIB) $(ENGINE_LIB),$(DEMO_LIBS) $(ENGINE_LIBS))))

# The OCI image writer against tar | gzip | sha256sum (also run by
# tests/bench/run.sh).
.PHONY: bench-demo
bench-demo: $(B)/runj-demo
	B=$(B) sh tests/bench/oci_image.sh
