# git-issue suite: build, test, install, demo, bench.
#
#   make                 build libgitissue.a and every git-issue-* into build/
#   make test            build, then run every test (installs missing deps)
#   make test-san        the same under AddressSanitizer + UBSan (build-san/)
#   make test-valgrind   every command's main path under valgrind (build-system/)
#   make test-stress     two clones' sync loops beside writers, a minute:
#                        no record posted twice (t/stress.sh)
#   make demo            the whole workflow in a throw-away sandbox
#   make bench           benchmarks against stock git, side by side (t/bench);
#                        fails when a part prints no figure or an impossible
#                        one; BENCH_BIG=1 adds the 10,000-issue import and
#                        ready rows (minutes more), BENCH_RUNS=N, BENCH_ONLY
#   make fuzz, fuzz-run  libFuzzer harnesses (fuzz/fuzz.mk), clang needed
#   make install prefix=/usr/local DESTDIR=
#
# libgit2 1.9 and cJSON are built static from Debian's source packages into
# build/deps/ (mk/deps.mk; `make LIBGIT2=system` links the system's shared
# ones instead); libcurl is found with pkg-config.

prefix ?= /usr/local
bindir ?= $(prefix)/bin
mandir ?= $(prefix)/share/man
man1dir ?= $(mandir)/man1
man7dir ?= $(mandir)/man7
bashcompdir ?= $(prefix)/share/bash-completion/completions

SANITIZE ?=
ifeq ($(SANITIZE),1)
BUILD ?= build-san$(BUILD_SUFFIX)
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
else
BUILD ?= build$(BUILD_SUFFIX)
SAN_FLAGS =
endif

include mk/deps.mk

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Werror -Wno-missing-field-initializers
PKGS = $(DEPS_PKGS)
PKG_CFLAGS := $(DEPS_CFLAGS) $(shell pkg-config --cflags $(PKGS) libcurl 2>/dev/null)
PKG_LIBS := $(DEPS_LIBS) $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CURL_LIBS := -ldl
# include/ holds what cmd/ uses; lib/ lets the library (and its unit
# tests) reach the private headers beside the sources, as "sync/sync-cache.h";
# public headers are included as "gitissue/<layer>/<name>.h".
ALL_CFLAGS = -std=gnu11 $(WARNINGS) -Iinclude -Ilib $(PKG_CFLAGS) \
	$(SAN_FLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SAN_FLAGS) $(LINK_FLAGS) $(LDFLAGS)

LIB_SRC := $(sort $(wildcard lib/*/*.c))
CMD_SRC := $(sort $(wildcard cmd/git-issue-*.c))
UNIT_SRC := $(sort $(wildcard t/unit/test-*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMDS := $(notdir $(CMD_SRC:.c=))
PROGRAMS := $(addprefix $(BUILD)/bin/,$(CMDS))
UNITS := $(addprefix $(BUILD)/t/,$(notdir $(UNIT_SRC:.c=)))
HELPERS := $(BUILD)/t/gi-test-tool
LIBRARY := $(BUILD)/libgitissue.a
# Only the commands that talk HTTP can load libcurl, and they load it when
# they first make a request (lib/sync/github.c, dlopen): linked, loading
# it cost every run of them 6 ms of start-up. They are linked dynamically
# (dlopen needs the C library's loader); the others are static. Inside the
# library only lib/sync/github.c calls libcurl (t0460 checks that); the
# linker takes from libgitissue.a only the objects a command needs.
CURL_CMDS := git-issue-sync git-issue-new git-issue-worktree git-issue-plan

all: $(PROGRAMS) $(UNITS) $(HELPERS)

$(BUILD)/%.o: %.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBRARY): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(LIBRARY)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBRARY) $(PKG_LIBS) \
		$(if $(filter $*,$(CURL_CMDS)),$(CURL_LIBS),$(STATIC_LDFLAGS))

$(BUILD)/t/%: $(BUILD)/t/unit/%.o $(BUILD)/t/unit/unit.o $(LIBRARY)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/t/unit/unit.o $(LIBRARY) \
		$(PKG_LIBS) $(CURL_LIBS)

$(BUILD)/t/gi-test-tool: $(BUILD)/t/helper/gi-test-tool.o $(LIBRARY)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBRARY) $(PKG_LIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_SRC:%.c=$(BUILD)/%.d) \
	$(UNIT_SRC:%.c=$(BUILD)/%.d) $(BUILD)/t/unit/unit.d \
	$(BUILD)/t/helper/gi-test-tool.d

# Missing build or test dependencies are installed (Debian/Ubuntu).
deps:
	@contrib/install-deps --check >/dev/null 2>&1 || contrib/install-deps

PROVE ?= prove
PROVE_FLAGS ?= -j2 --timer

# Prism, pinned by the lock file, for the GitHub contract tests.
t/github/node_modules/.package-lock.json: t/github/package-lock.json
	cd t/github && npm ci --no-audit --no-fund --loglevel=error

# The Claude Code CLI, pinned by the lock file, for the agent tests
# (t/agents/README.md). Its postinstall links the native binary.
t/agents/node_modules/.package-lock.json: t/agents/package-lock.json
	cd t/agents && npm ci --no-audit --no-fund --loglevel=error

# The Codex CLI, pinned by its lock file, for the Codex tests (the native
# binary is the optional dependency @openai/codex-linux-x64).
t/agents/codex/node_modules/.package-lock.json: t/agents/codex/package-lock.json
	cd t/agents/codex && npm ci --no-audit --no-fund --loglevel=error

test: deps t/github/node_modules/.package-lock.json \
		t/agents/node_modules/.package-lock.json \
		t/agents/codex/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory all
	cd t && GI_BUILD_DIR=$(CURDIR)/$(BUILD) $(PROVE) $(PROVE_FLAGS) \
		$(patsubst t/%,%,$(sort $(wildcard t/t[0-9]*.sh))) \
		$(addprefix $(CURDIR)/,$(UNITS))

# The main path of every command under valgrind (t/valgrind.sh), on the
# LIBGIT2=system build: a static binary's own malloc cannot be checked.
test-valgrind: t/github/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory LIBGIT2=system all
	cd t && GI_BUILD_DIR=$(CURDIR)/build-system $(PROVE) $(PROVE_FLAGS) \
		valgrind.sh

test-san:
	@$(MAKE) --no-print-directory SANITIZE=1 test

# Two clones' sync loops beside eight writers for STRESS_SECONDS (60):
# every record in exactly one comment (t/stress.sh). Not in make test.
test-stress: deps t/github/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory all
	cd t && GI_BUILD_DIR=$(CURDIR)/$(BUILD) $(PROVE) -v stress.sh

# The C unit tests of lib/ alone (CI runs them against the system libgit2).
test-unit: deps
	@$(MAKE) --no-print-directory all
	$(PROVE) $(PROVE_FLAGS) $(addprefix $(CURDIR)/,$(UNITS))

demo: deps t/github/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory all
	GI_BUILD_DIR=$(CURDIR)/$(BUILD) contrib/demo

# t/bench/README.md: the parts, their goals, and the variables
# (BENCH_RUNS, BENCH_ONLY, BENCH_BIG), from the environment or the make
# command line (make exports those).
bench: deps t/github/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory all
	GI_BUILD_DIR=$(CURDIR)/$(BUILD) GI_LIBGIT2='$(DEPS_DESC)' t/bench/run

# git's completion asks bash-completion to load "git-issue-<verb>" for an
# unknown subcommand: the one completion file answers to every name.
install: all
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(man1dir) \
		$(DESTDIR)$(man7dir) $(DESTDIR)$(bashcompdir)
	install -m 755 $(PROGRAMS) $(DESTDIR)$(bindir)
	install -m 644 $(wildcard Documentation/git-issue*.1) \
		$(DESTDIR)$(man1dir)
	install -m 644 $(wildcard Documentation/git-issue*.7 Documentation/gitissue.7) \
		$(DESTDIR)$(man7dir)
	install -m 644 contrib/completion/git-issue.bash \
		$(DESTDIR)$(bashcompdir)/git-issue
	for c in $(CMDS); do \
		ln -sf git-issue $(DESTDIR)$(bashcompdir)/$$c || exit 1; \
	done

# clean keeps the libraries built from Debian's sources (build/deps/);
# distclean removes them too.
clean:
	rm -rf $(filter-out $(DEPS_DIR),$(wildcard build/*)) build-* \
		t/trash\ directory.* t/test-results

distclean: clean
	rm -rf build

.SECONDARY:
.PHONY: all deps test test-san test-unit test-valgrind test-stress demo bench \
	install clean distclean

# libFuzzer harnesses: make fuzz, make fuzz-run (fuzz/fuzz.mk)
include fuzz/fuzz.mk
