# Fuzz targets: libFuzzer with ASan and UBSan (clang).  Objects are built
# apart, in build-fuzz/, so they never mix with the normal or sanitizer
# builds.  `make fuzz FUZZ_SECONDS=N` runs every target for N seconds from
# its seed corpus (tests/fuzz/corpus/<target>/, kept small in the tree;
# what the fuzzer finds new goes to build-fuzz/corpus/<target>/);
# `make check` runs each for FUZZ_CHECK_SECONDS through
# tests/integration/fuzz_smoke.sh.  A finding (crash, leak, undefined
# behaviour, timeout) fails and leaves the input in build-fuzz/artifacts/.
#
# A part adds a target with
#   $(eval $(call fuzz_target,NAME,ARCHIVES,LIBRARIES))
# for tests/fuzz/fuzz_NAME.c, and builds its archive from its sources
# with $(call fuzz_objs,SOURCES) (see the engine's below).

FUZZ_B	:= build-fuzz
FUZZ_CC	?= clang
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 4
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := -g -O1 $(filter-out -O% -g -Wno-format-truncation \
	-fsanitize=% -fno-sanitize-recover=% -fno-omit-frame-pointer,$(CFLAGS)) \
	$(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_LDFLAGS := $(FUZZ_SAN) -fsanitize=fuzzer
FUZZ_TARGETS :=

fuzz_objs = $(patsubst %.c,$(FUZZ_B)/%.o,$(1))

$(FUZZ_B)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_B)/engine/%.o: CPPFLAGS += -iquote engine
$(FUZZ_B)/demo/%.o: CPPFLAGS += -iquote demo

define fuzz_target
FUZZ_TARGETS += $(1)
$(FUZZ_B)/fuzz_$(1): $(FUZZ_B)/tests/fuzz/fuzz_$(1).o $(2)
	$$(FUZZ_CC) $$(FUZZ_LDFLAGS) -o $$@ $$(filter %.o %.a,$$^) $(3)
endef

# The engine's targets: config.json, state.json, an exec's process.json.
ifeq ($(OS),Linux)
ENGINE_FUZZ := config state process
$(FUZZ_B)/librunj.a: $(call fuzz_objs,$(ENGINE_SRCS))
	@rm -f $@
	$(AR) rcs $@ $^
$(foreach t,$(ENGINE_FUZZ),\
	$(eval $(call fuzz_target,$(t),$(FUZZ_B)/librunj.a,$$(ENGINE_LIBS))))
$(ENGINE_FUZZ:%=$(FUZZ_B)/tests/fuzz/fuzz_%.o): CPPFLAGS += -iquote engine
endif

# The demo library's targets: an image's index, manifest and config, and
# archive extraction into a staging directory.
ifeq ($(OS),Linux)
DEMO_FUZZ := image_index image_manifest image_config extract
$(FUZZ_B)/librunjdemo.a: $(call fuzz_objs,$(DEMO_SRCS))
	@rm -f $@
	$(AR) rcs $@ $^
$(foreach t,$(DEMO_FUZZ),\
	$(eval $(call fuzz_target,$(t),$(FUZZ_B)/librunjdemo.a \
	$(FUZZ_B)/librunj.a,$$(DEMO_LIBS) $$(ENGINE_LIBS))))
$(FUZZ_B)/demo/%.o $(DEMO_FUZZ:%=$(FUZZ_B)/tests/fuzz/fuzz_%.o): \
	CPPFLAGS += $(call pc_cflags,$(DEMO_PKGS))
$(DEMO_FUZZ:%=$(FUZZ_B)/tests/fuzz/fuzz_%.o): CPPFLAGS += -iquote demo
endif

.PHONY: fuzz fuzz-build fuzz-build-if-possible
fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)

fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# For make check: built where the compiler has libFuzzer; elsewhere the
# smoke test skips, saying why.
fuzz-build-if-possible:
	@if printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ return 0; }\n' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c - -o $(FUZZ_B).probe 2>/dev/null; then \
		rm -f $(FUZZ_B).probe; \
		$(MAKE) --no-print-directory fuzz-build; \
	else \
		echo "fuzz: $(FUZZ_CC) cannot build libFuzzer targets: fuzz_smoke skips"; \
	fi

check: fuzz-build-if-possible

-include $(shell find $(FUZZ_B) -name '*.d' 2>/dev/null)

.PHONY: fuzz-clean
fuzz-clean:
	rm -rf $(FUZZ_B)
clean: fuzz-clean
