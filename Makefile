# chiso - build, test, run and install.
#
#   make            build ./chiso
#   make run        install missing Debian packages (as root), build, run the main job
#   make test       the same set-up, then every test
#   make asan       build with AddressSanitizer and UBSan and run every test under it
#   make geo        data/geo/*.lua (the map's boundaries) from data/geo/*.geojson
#   make luatest LUA_TESTS=dir   Lua's own test suite with chiso and with lua5.4, side by side
#   make install PREFIX=/usr/local   (DESTDIR=dir for staging)
#   make clean

PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share/chiso
MANDIR = $(PREFIX)/share/man/man1
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions

# Debian packages the build and the tests need.
DEBS = gcc libc6-dev pkg-config liblua5.4-dev lua-filesystem-dev libcsv-dev libedit-dev libseccomp-dev bsdutils python3 chromium tmux \
  libzip-dev libexpat1-dev libfreexl-dev libxlsxwriter-dev
# Debian packages only the tests need: a second writer of workbooks, independent readers,
# groff and man to check that the manual page renders, and the lua interpreter whose
# behaviour the command line is compared with (test_cli_lua).
TEST_DEBS = python3-openpyxl python3-xlrd python3-pandas groff-base man-db lua5.4
# pkg-config modules; libcsv ships no .pc file and is linked as -lcsv.
PKGS = lua5.4 lua5.4-filesystem libedit libseccomp libzip expat freexl xlsxwriter

CC ?= cc
OPT ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Werror
LUA_CFLAGS := $(shell pkg-config --cflags lua5.4 lua5.4-filesystem 2>/dev/null)
EDIT_CFLAGS := $(shell pkg-config --cflags libedit 2>/dev/null)
SHEET_CFLAGS := $(shell pkg-config --cflags libzip expat freexl xlsxwriter 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -DCHISO_SHARE_DIR='"$(SHAREDIR)"'
CFLAGS_ALL = -std=c11 $(WARN) $(OPT) $(CFLAGS)
LIBS = $(PKG_LIBS) -lcsv -lm

# The layers, lowest first (docs/design.md, "Layout"). A file is compiled seeing only the
# headers of its own folder and of the folders below it, so an include that points up a
# layer fails the build: the core has no Lua include path at all, and the bridge none of
# the host's. tests/layout/check says the same of every #include line.
INC_base = -Isrc/core/base
INC_text = $(INC_base) -Isrc/core/text
INC_data = $(INC_text) -Isrc/core/data
INC_csv = $(INC_data) -Isrc/core/csv
INC_ops = $(INC_data) -Isrc/core/ops
INC_sheet = $(INC_data) -Isrc/core/sheet $(SHEET_CFLAGS)
INC_core = $(INC_data) -Isrc/core/csv -Isrc/core/ops -Isrc/core/sheet
INC_bridge = $(INC_core) -Isrc/bridge $(LUA_CFLAGS)
INC_host = $(INC_bridge) -Isrc/host $(EDIT_CFLAGS)
# The include flags of a source file: those of the folder it lives in.
includes = $(INC_$(lastword $(subst /, ,$(dir $(1)))))

CORE_SRC = $(wildcard src/core/*/*.c)
BRIDGE_SRC = $(filter-out src/bridge/lfailtest.c,$(wildcard src/bridge/*.c))
HOST_SRC = $(wildcard src/host/*.c)
HEADERS = $(wildcard src/*/*.h src/core/*/*.h)
CORE_OBJ = $(CORE_SRC:src/%.c=build/%.o)
APP_OBJ = $(CORE_OBJ) $(BRIDGE_SRC:src/%.c=build/%.o) $(HOST_SRC:src/%.c=build/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)

ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# Leaks in libraries, not chiso's code, each with its reason (tests/asan/lsan.supp).
LSAN_SUPP = LSAN_OPTIONS=suppressions=$(CURDIR)/tests/asan/lsan.supp
ASAN_CORE_OBJ = $(CORE_OBJ:build/%=build/asan/%)
ASAN_APP_OBJ = $(APP_OBJ:build/%=build/asan/%)

.PHONY: all deps test-deps check-deps run test unit asan install uninstall clean luatest

all: check-deps chiso

# Installs the Debian packages in $(1) that are missing when run as root; otherwise says how.
define install_debs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "this target needs these Debian packages:$$missing"; \
	    echo "install them with: sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
endef

# Installs what is missing when run as root; otherwise prints the command to run.
deps:
	$(call install_debs,$(DEBS))

test-deps: deps
	$(call install_debs,$(TEST_DEBS))

check-deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "chiso needs these Debian packages:$$missing"; \
	  echo "install them with: sudo apt-get update && sudo apt-get install -y$$missing"; \
	  echo "(or run 'make run' or 'make test' as root, which installs them)"; \
	  exit 1; \
	fi

build/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(call includes,$<) $(CFLAGS_ALL) -c $< -o $@

chiso: $(APP_OBJ)
	$(CC) $(CFLAGS_ALL) $^ $(LIBS) -o $@

build/unit-tests: $(UNIT_SRC) $(CORE_OBJ) $(wildcard tests/unit/*.h)
	$(CC) $(CPPFLAGS_ALL) $(INC_core) $(CFLAGS_ALL) $(UNIT_SRC) $(CORE_OBJ) $(LIBS) -o $@

run: deps
	$(MAKE) chiso
	./chiso run flagship

test: test-deps
	$(MAKE) chiso build/unit-tests
	CHISO=./chiso UNIT=build/unit-tests tests/run

# The sanitizer build lives beside the normal one, so both can exist at once.
build/asan/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(call includes,$<) $(CFLAGS_ALL) $(ASAN_FLAGS) -c $< -o $@

chiso-asan: $(ASAN_APP_OBJ)
	$(CC) $(CFLAGS_ALL) $(ASAN_FLAGS) $^ $(LIBS) -o $@

build/asan/unit-tests: $(UNIT_SRC) $(ASAN_CORE_OBJ) $(wildcard tests/unit/*.h)
	$(CC) $(CPPFLAGS_ALL) $(INC_core) $(CFLAGS_ALL) $(ASAN_FLAGS) $(UNIT_SRC) $(ASAN_CORE_OBJ) $(LIBS) -o $@

# The sanitizers make chiso about twice as slow: the tests' time allowances (a report's
# --timeout and how long it may take to stop) stretch by this much.
ASAN_SLOWDOWN ?= 2

asan: test-deps
	$(MAKE) chiso chiso-asan build/asan/unit-tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(LSAN_SUPP) \
	  CHISO_TEST_SLOWDOWN=$(ASAN_SLOWDOWN) CHISO=./chiso-asan UNIT=build/asan/unit-tests tests/run

install: chiso
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 chiso $(DESTDIR)$(BINDIR)/chiso
	cp -R lua scripts data docs $(DESTDIR)$(SHAREDIR)/
	install -m 644 docs/chiso.1 $(DESTDIR)$(MANDIR)/chiso.1
	install -m 644 completions/chiso.bash $(DESTDIR)$(COMPLETIONDIR)/chiso

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/chiso $(DESTDIR)$(MANDIR)/chiso.1 $(DESTDIR)$(COMPLETIONDIR)/chiso
	rm -rf $(DESTDIR)$(SHAREDIR)

# make luatest LUA_TESTS=dir: Lua 5.4.4's own test suite (not part of chiso; docs/cli.md, "The
# official Lua test suite", says how to get it) in user mode with chiso and with Debian's lua5.4,
# side by side (tests/luasuite/compare.lua). Not part of make test or CI.
LUATEST_DEBS = lua5.4

luatest:
	@if [ -z "$(LUA_TESTS)" ]; then \
	  echo "make luatest needs a copy of Lua 5.4.4's test suite: LUA_TESTS=dir, the folder that holds all.lua."; \
	  echo "Get it as lua-5.4.4-tests.tar.gz from https://www.lua.org/tests/, or as the folder testes/ of"; \
	  echo "https://github.com/lua/lua at the tag v5.4.4 (docs/cli.md, \"The official Lua test suite\")."; \
	  exit 2; \
	fi
	$(call install_debs,$(LUATEST_DEBS))
	$(MAKE) chiso
	lua5.4 tests/luasuite/compare.lua "$(LUA_TESTS)" "$(CURDIR)/chiso" lua5.4

clean:
	rm -rf build chiso chiso-asan chiso-tsan chiso-failtest chiso-failtest-asan

# Hardening: fuzzing, allocation failures, valgrind (docs/design.md says what each checks).


# The benchmark (issue 7) lives in its own file.
include bench/bench.mk

# make fuzz: each libFuzzer target for FUZZ_SECONDS, growing its corpus in tests/fuzz/<name>/,
# then cut back to the inputs that still add coverage (libFuzzer's -merge=1).
# make fuzz-replay: each target once over its corpus and saved regressions, without fuzzing.
FUZZ_DEBS = clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZ_CC = clang
FUZZ_SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DCHISO_SHARE_DIR='"$(CURDIR)"'
FUZZ_CFLAGS = -std=c11 $(WARN) -O1 -g $(FUZZ_SAN)
FUZZ_CORE_OBJ = $(CORE_OBJ:build/%=build/fuzz/%)
# The API target brings its own main.
FUZZ_APP_OBJ = $(filter-out build/fuzz/host/main.o,$(APP_OBJ:build/%=build/fuzz/%))
FUZZ_TARGETS = csv api

.PHONY: fuzz-deps fuzz fuzz-replay

fuzz-deps:
	$(call install_debs,$(FUZZ_DEBS))

build/fuzz build/fuzz/artifacts:
	mkdir -p $@

build/fuzz/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(call includes,$<) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/fuzz_csv: tests/fuzz/fuzz_csv.c $(FUZZ_CORE_OBJ)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(INC_core) $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ $(LIBS) -o $@

build/fuzz/fuzz_api: tests/fuzz/fuzz_api.c $(FUZZ_APP_OBJ)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) -DFUZZ_API_DRIVER='"$(CURDIR)/tests/fuzz/api_driver.lua"' $(INC_host) \
	  $(FUZZ_CFLAGS) -fsanitize=fuzzer $^ $(LIBS) -o $@

fuzz: fuzz-deps
	$(MAKE) $(FUZZ_TARGETS:%=build/fuzz/fuzz_%) build/fuzz/artifacts
	for t in $(FUZZ_TARGETS); do \
	  build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -dict=tests/fuzz/$$t.dict -artifact_prefix=build/fuzz/artifacts/$$t- tests/fuzz/$$t || exit 1; \
	  rm -rf build/fuzz/merged-$$t && mkdir -p build/fuzz/merged-$$t && \
	  build/fuzz/fuzz_$$t -merge=1 -artifact_prefix=build/fuzz/artifacts/$$t- \
	    build/fuzz/merged-$$t tests/fuzz/$$t >build/fuzz/merge-$$t.log 2>&1 || exit 1; \
	  rm -f tests/fuzz/$$t/* && cp build/fuzz/merged-$$t/* tests/fuzz/$$t/ && \
	  echo "tests/fuzz/$$t: $$(ls tests/fuzz/$$t | wc -l) inputs kept"; \
	done

fuzz-replay: fuzz-deps
	$(MAKE) $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)
	for t in $(FUZZ_TARGETS); do \
	  build/fuzz/fuzz_$$t -runs=0 tests/fuzz/$$t tests/fuzz/regressions/$$t || exit 1; \
	done

# The unit tests include the CSV fuzz target to replay its saved regressions.
build/unit-tests build/asan/unit-tests: tests/fuzz/fuzz_csv.c

# make failtest: chiso with chiso.fail_after(n) (src/bridge/lfailtest.c, hooked in by the linker's
# --wrap), plain and with the sanitizers, running tests/failtest/ under each.
FAILTEST_WRAP = -Wl,--wrap=luaopen_chiso_core

.PHONY: failtest

chiso-failtest: $(APP_OBJ) build/bridge/lfailtest.o
	$(CC) $(CFLAGS_ALL) $(FAILTEST_WRAP) $^ $(LIBS) -o $@

chiso-failtest-asan: $(ASAN_APP_OBJ) build/asan/bridge/lfailtest.o
	$(CC) $(CFLAGS_ALL) $(ASAN_FLAGS) $(FAILTEST_WRAP) $^ $(LIBS) -o $@

failtest: deps
	$(MAKE) chiso-failtest chiso-failtest-asan
	CHISO=./chiso-failtest tests/failtest/run
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 $(LSAN_SUPP) \
	  CHISO=./chiso-failtest-asan tests/failtest/run

# make valgrind: every test again with ./chiso and the unit tests under valgrind's memcheck
# (tests/valgrind/memcheck). The tests' waits for a terminal are stretched CHISO_TEST_SLOWDOWN
# times; each process's errors land in build/valgrind/<pid>.log, and any there fail the run
# (but chiso's note that valgrind runs a sandboxed report without Landlock and seccomp).
VALGRIND_DEBS = valgrind
VALGRIND_SLOWDOWN ?= 10

.PHONY: valgrind

valgrind: test-deps
	$(call install_debs,$(VALGRIND_DEBS))
	$(MAKE) chiso build/unit-tests
	rm -rf build/valgrind
	CHISO_TEST_SLOWDOWN=$(VALGRIND_SLOWDOWN) VALGRIND_LOGS=$(CURDIR)/build/valgrind \
	  CHISO=tests/valgrind/chiso UNIT=tests/valgrind/unit-tests tests/run; \
	status=$$?; \
	for f in build/valgrind/*.log; do \
	  if grep -qv '^\*\*[0-9]*\*\* chiso: note: ' "$$f"; then echo "valgrind found errors ($$f):"; cat "$$f"; status=1; fi; \
	done; \
	exit $$status

# make tsan: chiso built with ThreadSanitizer, running the tests of what uses a second thread
# (the CSV reader's two halves, ranking and correlations per group). Any race fails the run.
TSAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJ = $(APP_OBJ:build/%=build/tsan/%)
TSAN_TESTS = test_csv_parallel test_csv_layout test_large test_rank test_group test_bench

.PHONY: tsan

build/tsan/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS_ALL) $(call includes,$<) $(CFLAGS_ALL) $(TSAN_FLAGS) -c $< -o $@

chiso-tsan: $(TSAN_OBJ)
	$(CC) $(CFLAGS_ALL) $(TSAN_FLAGS) $^ $(LIBS) -o $@

tsan: deps
	$(MAKE) chiso-tsan
	@status=0; for t in $(TSAN_TESTS); do \
	  out=$$(cd tests/lua && TSAN_OPTIONS=halt_on_error=1:exitcode=66 CHISO=$(CURDIR)/chiso-tsan \
	    ROOT=$(CURDIR) CHISO_TRUST=$(CURDIR)/tests:$${TMPDIR:-/tmp} CHISO_PATH=$(CURDIR)/tests/lua \
	    $(CURDIR)/chiso-tsan $(CURDIR)/tests/lua/$$t.lua 2>&1); s=$$?; \
	  printf '%s\n' "$$out" | grep -E '^not ok|ThreadSanitizer' | head -n 20; \
	  echo "$$t: $$(printf '%s\n' "$$out" | grep -c '^ok ') passed, exit status $$s"; \
	  [ $$s -eq 0 ] || status=1; \
	done; exit $$status

# make sandbox-audit: everything a sandboxed report can reach, with the reason it may
# (lua/chiso/sandbox_surface.lua); docs/sandbox.md carries the same list.
.PHONY: sandbox-audit

sandbox-audit: chiso
	@./chiso --trust tests/lua/sandbox_audit.lua

# make pci (or make data/pci.csv): data/pci.csv from VCCI's PCI workbooks in ../shared/data/pci/raw,
# read by chiso's own readers (data/pci_import.lua; data/SOURCES.md says what it holds).
PCI_RAW ?= ../shared/data/pci/raw

.PHONY: pci

pci: chiso
	./chiso --trust data/pci_import.lua $(PCI_RAW) data/pci.csv

data/pci.csv: data/pci_import.lua
	$(MAKE) pci

# make geo: the boundaries of data/geo/*.geojson as Lua data files for chiso.chart.map
# (data/geo/geojson_to_lua.py; chiso has no JSON parser). The outputs are committed.
GEO_LUA = data/geo/vn_provinces_63.lua data/geo/vn_provinces_34.lua

.PHONY: geo

geo: $(GEO_LUA)

data/geo/%.lua: data/geo/%.geojson data/geo/geojson_to_lua.py
	python3 data/geo/geojson_to_lua.py $< $@
