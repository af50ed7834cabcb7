# raftcost: build, test and demo.  `make demo` and `make test` install the
# Debian packages they need first (scripts/install-deps).

PKGS     := yaml-0.1 libcjson gsl
CC       ?= cc
BUILD    ?= build
OPT      ?= -O2 -g
SAN      ?=
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isrc
WARN     := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
ifeq ($(WERROR),1)
WARN     += -Werror
endif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS   += -std=c11 $(WARN) $(OPT) $(SAN) $(PKG_CFLAGS) -pthread -MMD -MP
LDLIBS   += $(PKG_LIBS) -lm -pthread

SRCS     := $(wildcard src/*.c)
OBJS     := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIBOBJS  := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
SCENARIO := scenarios/raft-build24.yaml

.PHONY: all deps demo test check check-san bench valgrind format clean docs

all: $(BUILD)/raftcost

$(BUILD)/raftcost: $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS) | $(BUILD)/tests
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

deps:
	@scripts/install-deps

# The main job: the talk's scenario, as a report and as plots.
demo: deps
	@$(MAKE) --no-print-directory all
	$(BUILD)/raftcost $(SCENARIO)
	@if $(BUILD)/raftcost --help | grep -q -- '--plots'; then \
	    $(BUILD)/raftcost $(SCENARIO) --plots out/plots >/dev/null && \
	    echo "plots of $(SCENARIO) written to out/plots/"; fi

# The README's pictures: the example scenario's plots, the throughput
# curve of the benchmark scenario and the example pilot's plots (the job
# against its plan, the pilot's speeds), redrawn into docs/img/.
# The data and scripts stay in the build folder: their scripts hold absolute paths.
CURVE_SCENARIO := scenarios/curves/nim-llama70b.yaml
docs: deps
	@$(MAKE) --no-print-directory all
	rm -rf $(BUILD)/docs-plots
	$(BUILD)/raftcost $(SCENARIO) --plots $(BUILD)/docs-plots >/dev/null
	$(BUILD)/raftcost $(CURVE_SCENARIO) --plots $(BUILD)/docs-plots/curves >/dev/null
	$(BUILD)/raftcost calibrate scenarios/pilot/job.yaml scenarios/pilot/pilot.csv \
	    --plots $(BUILD)/docs-plots/pilot >/dev/null
	$(BUILD)/raftcost actual scenarios/pilot/job-calibrated.yaml scenarios/pilot/running.csv \
	    --deadline 2024-06-04T17:00:00Z --plots $(BUILD)/docs-plots/pilot >/dev/null 2>&1 || [ $$? -eq 3 ]
	mkdir -p docs/img
	cp $(BUILD)/docs-plots/*.png $(BUILD)/docs-plots/curves/curve-h100.png docs/img/
	cp $(BUILD)/docs-plots/pilot/actual.png docs/img/pilot-actual.png
	cp $(BUILD)/docs-plots/pilot/stream.png docs/img/pilot-stream.png

# Every test: once with the normal build, once under ASan and UBSan.
test: deps
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory check-san

check: all $(UNITS)
	@tests/run.sh $(BUILD)

check-san:
	@$(MAKE) --no-print-directory check BUILD=build/san OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

valgrind: all
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all \
	    $(BUILD)/raftcost $(SCENARIO) >/dev/null

# Each tests/bench/bench_NAME.c is a benchmark program linked with the library.
BENCH_SRC := $(wildcard tests/bench/bench_*.c)
BENCHES   := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/%)

$(BUILD)/bench_%: tests/bench/bench_%.c $(LIBOBJS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# Timings of a report, of sweeps, of a curve fit, of Monte Carlo sampling, of
# reading a usage log and of the simulation, beside the Python references;
# never part of the tests.
bench: all $(BENCHES)
	@tests/bench.sh $(BUILD)

format:
	clang-format -i src/*.[ch] tests/unit/*.[ch]

clean:
	rm -rf build out

-include $(OBJS:.o=.d)
