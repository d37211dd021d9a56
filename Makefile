# runj: one non-recursive Makefile.  Each part keeps its rules in a
# fragment beside its sources (engine/engine.mk, demo/demo.mk, ...); this
# file holds what they share.  GNU make (gmake on FreeBSD).

# Build on every core unless told otherwise (make -jN, or JOBS=N).
JOBS	?= $(shell nproc 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo 2)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(JOBS)
endif

PREFIX	?= /usr/local
DESTDIR	?=
BINDIR	 = $(PREFIX)/bin
SBINDIR	 = $(PREFIX)/sbin
MANDIR	 = $(PREFIX)/share/man
DATADIR	 = $(PREFIX)/share/runj

OS	:= $(shell uname -s)
SANITIZE ?= 0
# Sanitized objects live apart so the two builds never mix.
B	:= build$(if $(filter 1,$(SANITIZE)),-san)

CC	?= cc
OBJCOPY	?= objcopy
PKG_CONFIG ?= pkg-config
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wno-missing-field-initializers
# gcc warns that a diagnostic's JSON path may be cut short; that is fine.
CFLAGS	+= $(if $(shell $(CC) --version 2>/dev/null | grep -i clang),,-Wno-format-truncation)
# Each part sees the public headers (include/) and its own, never another
# part's: -iquote serves only #include "...", so no private header can
# shadow a system one.
CPPFLAGS += -Iinclude -MMD -MP
$(B)/engine/%.o: CPPFLAGS += -iquote engine
$(B)/demo/%.o: CPPFLAGS += -iquote demo
$(B)/tui/%.o: CPPFLAGS += -iquote tui
$(B)/tests/unit/test_engine_%.o $(B)/tests/unit/test_linux_%.o \
$(B)/tests/unit/test_freebsd_%.o: CPPFLAGS += -iquote engine
ifeq ($(OS),Linux)
CPPFLAGS += -D_GNU_SOURCE
endif
ifeq ($(OS),FreeBSD)
CPPFLAGS += -I/usr/local/include
LDFLAGS	+= -L/usr/local/lib
endif
ifeq ($(SANITIZE),1)
CFLAGS	+= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS	+= -fsanitize=address,undefined
endif

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs	  = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

# $(1): tests/unit/$(1).c; $(2): archives and objects; $(3): libraries.
define unit_test
UNIT_TESTS += $(B)/tests/unit/$(1)
$(B)/tests/unit/$(1): $(B)/tests/unit/$(1).o $(2)
	$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o %.a,$$^) $(3) -lcmocka
endef

PROGRAMS :=
UNIT_TESTS :=

.PHONY: all
all: programs

include engine/engine.mk
include demo/demo.mk
include tui/tui.mk
include man/man.mk
include tests/tests.mk

.PHONY: programs
programs: $(PROGRAMS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

.PHONY: deps
deps:
	sh tools/deps.sh

.PHONY: install
install: programs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR)
	install -m 0755 $(B)/runj $(DESTDIR)$(SBINDIR)/runj
	for p in $(filter-out $(B)/runj,$(PROGRAMS)); do \
		install -m 0755 $$p $(DESTDIR)$(BINDIR)/; done
	$(MAKE) --no-print-directory install-man install-data

.PHONY: format check-format
# The C sources, from git when this is a checkout, else from the tree.
C_SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || \
	find engine demo tui tests -name '*.[ch]')
format:
	clang-format -i $(C_SOURCES)
# Fails, naming the files, when a source is not as clang-format writes it.
check-format:
	@bad=; for f in $(C_SOURCES); do \
	    clang-format "$$f" | cmp -s "$$f" - || bad="$$bad $$f"; done; \
	test -z "$$bad" || { echo "check-format: not formatted (make format):$$bad" >&2; exit 1; }

.PHONY: clean
clean:
	rm -rf build build-san

-include $(shell find $(B) -name '*.d' 2>/dev/null)
