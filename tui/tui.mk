# runj-tui: the ncurses manager.  The model part (no curses) is an archive
# of its own so the unit tests link it without a terminal.

TUI_MODEL_SRCS := tui/model.c tui/keys.c tui/argv.c tui/bundle_edit.c \
	tui/theme.c tui/jobs.c
TUI_UI_SRCS := $(filter-out $(TUI_MODEL_SRCS),$(wildcard tui/*.c))
TUI_MODEL_LIB := $(B)/libruntui.a
TUI_CURSES_CFLAGS := $(call pc_cflags,ncursesw)
TUI_CURSES_LIBS := $(call pc_libs,ncursesw,-lncursesw)

$(TUI_MODEL_SRCS:%.c=$(B)/%.o) $(TUI_UI_SRCS:%.c=$(B)/%.o): \
	CPPFLAGS += $(TUI_CURSES_CFLAGS) -DRJ_DATADIR='"$(DATADIR)"'

$(TUI_MODEL_LIB): $(TUI_MODEL_SRCS:%.c=$(B)/%.o)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/runj-tui: $(TUI_UI_SRCS:%.c=$(B)/%.o) $(TUI_MODEL_LIB) $(DEMO_LIB) \
	$(ENGINE_LIB)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) $(DEMO_LIBS) \
		$(ENGINE_LIBS) $(TUI_CURSES_LIBS)

PROGRAMS += $(B)/runj-tui

# Model tests: keys -> actions -> engine calls, themes, bundle edits.
TUI_UNIT_SRCS := $(wildcard tests/unit/test_tui_*.c)
$(TUI_UNIT_SRCS:%.c=$(B)/%.o): CPPFLAGS += -iquote tui $(TUI_CURSES_CFLAGS)
$(foreach t,$(TUI_UNIT_SRCS:tests/unit/%.c=%),\
	$(eval $(call unit_test,$(t),$(TUI_MODEL_LIB) $(ENGINE_LIB),$(ENGINE_LIBS))))

# make demo: the README's first command.  Installs what is missing, builds,
# makes a bundle with an offline root filesystem and a container from it
# in the demo root, and opens the TUI on it.
DEMO_ROOT ?= /run/runj-demo
DEMO_BUNDLE ?= $(CURDIR)/$(B)/demo-bundle

.PHONY: demo
demo:
	sh tools/deps.sh build
	$(MAKE) --no-print-directory B=$(B) programs
	B=$(B) DEMO_ROOT=$(DEMO_ROOT) DEMO_BUNDLE=$(DEMO_BUNDLE) sh tui/demo.sh
