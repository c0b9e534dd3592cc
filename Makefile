# chiso - build, test, run and install.
#
#   make            build ./chiso
#   make run        install missing Debian packages (as root), build, run the main job
#   make test       the same set-up, then every test
#   make asan       build with AddressSanitizer and UBSan and run every test under it
#   make install PREFIX=/usr/local
#   make clean

PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share/chiso

# Debian packages the build and the tests need.
DEBS = gcc libc6-dev pkg-config liblua5.4-dev lua-filesystem-dev libcsv-dev libedit-dev bsdutils python3 chromium tmux
# pkg-config modules; libcsv ships no .pc file and is linked as -lcsv.
PKGS = lua5.4 lua5.4-filesystem libedit

CC ?= cc
OPT ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings -Werror
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS_ALL = -D_POSIX_C_SOURCE=200809L -DCHISO_SHARE_DIR='"$(SHAREDIR)"' $(PKG_CFLAGS)
CFLAGS_ALL = -std=c11 $(WARN) $(OPT) $(CFLAGS)
LIBS = $(PKG_LIBS) -lcsv -lm

# The core knows nothing of Lua; the bridge and the host do.
CORE = mem err halt text num dict column dataset sbuf csvread csvsniff csvwrite table vn keys order agg arith stats rank window join reshape policy
BRIDGE = lchiso lopts lcsv ldataset lcolumn lbuild lrel larith lgroup lreshape lwindow lstats lvn lsandbox host repl lineedit
CORE_OBJ = $(CORE:%=build/%.o)
BRIDGE_OBJ = $(BRIDGE:%=build/%.o)
UNIT_SRC = $(wildcard tests/unit/*.c)

ASAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ASAN_CORE_OBJ = $(CORE:%=build/asan/%.o)
ASAN_BRIDGE_OBJ = $(BRIDGE:%=build/asan/%.o)

.PHONY: all deps check-deps run test unit asan install uninstall clean

all: check-deps chiso

# Installs what is missing when run as root; otherwise prints the command to run.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "chiso needs these Debian packages:$$missing"; \
	    echo "install them with: sudo apt-get update && sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

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

build build/asan:
	mkdir -p $@

build/%.o: src/%.c $(wildcard src/*.h) | build
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

build/main.o: src/main.c $(wildcard src/*.h) | build
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

chiso: $(CORE_OBJ) $(BRIDGE_OBJ) build/main.o
	$(CC) $(CFLAGS_ALL) $^ $(LIBS) -o $@

build/unit-tests: $(UNIT_SRC) $(CORE_OBJ) $(wildcard tests/unit/*.h)
	$(CC) $(CPPFLAGS_ALL) -Isrc $(CFLAGS_ALL) $(UNIT_SRC) $(CORE_OBJ) $(LIBS) -o $@

run: deps
	$(MAKE) chiso
	./chiso run flagship

test: deps
	$(MAKE) chiso build/unit-tests
	CHISO=./chiso UNIT=build/unit-tests tests/run

# The sanitizer build lives beside the normal one, so both can exist at once.
build/asan/%.o: src/%.c $(wildcard src/*.h) | build/asan
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(ASAN_FLAGS) -c $< -o $@

chiso-asan: $(ASAN_CORE_OBJ) $(ASAN_BRIDGE_OBJ) build/asan/main.o
	$(CC) $(CFLAGS_ALL) $(ASAN_FLAGS) $^ $(LIBS) -o $@

build/asan/unit-tests: $(UNIT_SRC) $(ASAN_CORE_OBJ) $(wildcard tests/unit/*.h)
	$(CC) $(CPPFLAGS_ALL) -Isrc $(CFLAGS_ALL) $(ASAN_FLAGS) $(UNIT_SRC) $(ASAN_CORE_OBJ) $(LIBS) -o $@

asan: deps
	$(MAKE) chiso chiso-asan build/asan/unit-tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  CHISO=./chiso-asan UNIT=build/asan/unit-tests tests/run

install: chiso
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)
	install -m 755 chiso $(DESTDIR)$(BINDIR)/chiso
	cp -R lua scripts data docs $(DESTDIR)$(SHAREDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/chiso
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build chiso chiso-asan
