# make bench, make bench-deps: the panel benchmark (bench/run, docs/benchmark.md).
#
#   make bench-deps    installs the peers: Node.js and npm, pandas, GNU time (as root), and
#                      DuckDB's and Polars' Node packages into bench/node_modules (npm ci, from
#                      the lock file)
#   make bench         builds, generates the panels, runs every tool, writes bench/RESULTS.md
#                      (BENCH_RUNS=1 for one run per tool, BENCH_SIZES=2m for the small panel
#                      only, BENCH_SIZES=50m for the 1.4 GB panel, which is never in CI;
#                      BENCH_TOOLS, LOAD_PAIRS, MOVERS_RUNS: see bench/run)

# Node.js may come from elsewhere than Debian (NodeSource's nodejs carries npm, and Debian's
# npm would fight it), so nodejs and npm are asked for only when their commands are missing.
BENCH_DEBS = python3-pandas time $(if $(shell command -v node),,nodejs) $(if $(shell command -v npm),,npm)
BENCH_RUNS ?= 3
BENCH_SIZES ?= 2m 10m
# Empty: every peer installed; or a list such as "duckdb2 polars2" (chiso always runs).
BENCH_TOOLS ?=
LOAD_PAIRS ?= 7
MOVERS_RUNS ?= 20
# The helpers are not chiso: no Lua, and libcsv only for the floor.
BENCH_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -O2

.PHONY: bench bench-deps

build/bench:
	mkdir -p $@

build/bench/gen: bench/gen.c | build/bench
	$(CC) $(BENCH_CFLAGS) $< -o $@

build/bench/libcsv_floor: bench/libcsv_floor.c | build/bench
	$(CC) $(BENCH_CFLAGS) $< -lcsv -o $@

# The plain C loops chiso's filters are measured against (bench/filters): -O3, so that the
# compiler vectorises them as far as it can; a floor, not a rival.
build/bench/filter_floor: bench/filter_floor.c | build/bench
	$(CC) $(BENCH_CFLAGS) -O3 $< -o $@

# npm ci leaves out Polars' native package on Node.js 20 (it asks for 22, and runs on 20):
# bench/polars_native.js names it when it is missing, and it is added without touching the lock.
bench-deps:
	$(call install_debs,$(BENCH_DEBS))
	cd bench && npm ci --no-audit --no-fund
	cd bench && missing=$$(node polars_native.js) && if [ -n "$$missing" ]; then \
	  npm i --no-save --no-audit --no-fund -E "$$missing" && node -e "require('nodejs-polars')"; fi

bench: chiso build/bench/gen build/bench/libcsv_floor build/bench/filter_floor
	BENCH_RUNS=$(BENCH_RUNS) BENCH_SIZES="$(BENCH_SIZES)" BENCH_TOOLS="$(BENCH_TOOLS)" \
	  LOAD_PAIRS=$(LOAD_PAIRS) MOVERS_RUNS=$(MOVERS_RUNS) bench/run
