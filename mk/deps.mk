# mk/deps.mk: which libgit2 and cJSON the suite links, and how they are built.
#
#   make                  libgit2 1.9 and cJSON from Debian trixie's source
#                         packages, built static (libgit2 minimal: no HTTPS,
#                         SSH) once into build/deps/; every command but the
#                         ones that can load libcurl is then linked fully
#                         static
#   make LIBGIT2=system   the distribution's shared libgit2 (1.5 or newer)
#                         and libcjson, found with pkg-config, as before;
#                         objects go to build-system/ (headers differ)
#
# Defines, for the Makefile:
#   DEPS_CFLAGS, DEPS_LIBS  compile and link flags for libgit2 and cJSON
#   DEPS_PKGS               pkg-config packages still wanted (system build)
#   DEPS_STAMP              what every object waits for: the libraries built
#                           and the flags they were compiled with unchanged
#   STATIC_LDFLAGS          link flags for commands that cannot load libcurl
#   BUILD_SUFFIX, DEPS_DESC (the benchmark's header line)

LIBGIT2 ?= static
# Debian trixie's packages, with the CVE fixes of 2025-2026; change a
# version and the next build fetches and builds it beside the old one.
LIBGIT2_VERSION ?= 1.9.0+ds-2+deb13u1
CJSON_VERSION ?= 1.7.18-3.1+deb13u1
DEPS_SUITE ?= trixie
DEPS_DIR ?= build/deps
LINK_FLAGS ?=

# A static library by path (-lz would pick libz.so), or -l if there is none.
static_lib = $(or $(filter /%,$(shell $(CC) -print-file-name=lib$(1).a)),-l$(1))

ifeq ($(LIBGIT2),system)
BUILD_SUFFIX := -system
DEPS_PKGS := libgit2 libcjson zlib
DEPS_CFLAGS :=
DEPS_LIBS :=
DEPS_BUILT :=
STATIC_LDFLAGS :=
DEPS_DESC := libgit2 $(shell pkg-config --modversion libgit2 2>/dev/null) \
	and cJSON $(shell pkg-config --modversion libcjson 2>/dev/null) \
	(system, shared)
else ifeq ($(LIBGIT2),static)
BUILD_SUFFIX :=
DEPS_PKGS :=
GIT2_PREFIX := $(DEPS_DIR)/libgit2-$(LIBGIT2_VERSION)
CJSON_PREFIX := $(DEPS_DIR)/cjson-$(CJSON_VERSION)
DEPS_BUILT := $(GIT2_PREFIX)/lib/libgit2.a $(CJSON_PREFIX)/lib/libcjson.a
DEPS_CFLAGS := -I$(GIT2_PREFIX)/include -I$(CJSON_PREFIX)/include
DEPS_LIBS := $(DEPS_BUILT) $(call static_lib,z) \
	$(call static_lib,http_parser) -lpthread -lrt
# Measured on `git issue-note` (README, Benchmarks): no shared library at
# all saves the dynamic loader's work. glibc warns that getpwuid and
# getaddrinfo then load NSS modules at run time: the files source works;
# users known only to sssd or LDAP get git's fallback identity. ASan and
# UBSan need the shared C library.
STATIC_LDFLAGS := $(if $(filter 1,$(SANITIZE)),,-static)
DEPS_DESC := libgit2 $(LIBGIT2_VERSION) and cJSON $(CJSON_VERSION) \
	(Debian $(DEPS_SUITE) source, static; libgit2 without HTTPS/SSH)

# Built once per version, shared by every build folder (build-san links
# the same, uninstrumented, libraries).
$(DEPS_BUILT) &:
	contrib/build-deps '$(DEPS_DIR)' '$(DEPS_SUITE)' \
		'libgit2=$(LIBGIT2_VERSION)' 'cjson=$(CJSON_VERSION)'
else
$(error LIBGIT2 is 'static' or 'system', not '$(LIBGIT2)')
endif

# Every object waits for this file, rewritten only when what it records
# changes (as git's GIT-CFLAGS): other library versions, the other kind of
# build or other link flags rebuild everything; the same ones nothing. Its
# prerequisites build the libraries when the cache is missing.
DEPS_STAMP = $(BUILD)/deps.flags
DEPS_STAMP_TEXT = $(DEPS_CFLAGS) | $(DEPS_LIBS) | $(STATIC_LDFLAGS) $(LINK_FLAGS)
$(DEPS_STAMP): FORCE $(DEPS_BUILT)
	@mkdir -p $(@D)
	@echo '$(DEPS_STAMP_TEXT)' | cmp -s - $@ || \
		echo '$(DEPS_STAMP_TEXT)' >$@

FORCE:
.PHONY: FORCE
# the rules above are not the default goal
.DEFAULT_GOAL := all
