# Tests: `make check` installs what is missing (tools/deps.sh: a look at
# the package database when all is there), builds everything and runs
# tests/run.sh, which ends with one line "N passed, N failed, N skipped".

UNIT_TEST_SRCS := $(wildcard tests/unit/test_engine_*.c)
$(foreach t,$(UNIT_TEST_SRCS:tests/unit/%.c=%),\
	$(eval $(call unit_test,$(t),$(ENGINE_LIB),$(ENGINE_LIBS))))

include tests/jailmodel/jailmodel.mk

.PHONY: check check-run
check:
	sh tools/deps.sh
	$(MAKE) --no-print-directory check-run
check-run: programs $(UNIT_TESTS) $(JAILMODEL_PROGRAMS)
	B=$(B) sh tests/run.sh $(UNIT_TESTS)

.PHONY: bench
bench: programs
	B=$(B) sh tests/bench/run.sh
include tests/fuzz/fuzz.mk
