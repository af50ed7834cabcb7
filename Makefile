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
# Each tests/bench/bench_NAME.c is a benchmark program linked with the library.
BENCH_SRC := $(wildcard tests/bench/bench_*.c)
BENCHES   := $(BENCH_SRC:tests/bench/%.c=$(BUILD)/%)
# Each fuzzing harness, driven by tests/fuzz/replay.c instead of libFuzzer.
REPLAYS  := $(patsubst tests/fuzz/fuzz_%.c,$(BUILD)/tests/replay_%,$(wildcard tests/fuzz/fuzz_*.c))
SCENARIO := scenarios/raft-build24.yaml

# Where `make install` puts things: DESTDIR (a staging folder) + PREFIX + ....
PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/raftcost
MANDIR     ?= $(PREFIX)/share/man/man1
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
INSTALL    ?= install

# The manual pages and shell completions are written from the command line
# tables by $(BUILD)/gendoc (tools/gendoc.c), beside the program.
MAN_STAMP  := $(BUILD)/man/.written
COMPLETION := $(BUILD)/completion/raftcost.bash $(BUILD)/completion/_raftcost

.PHONY: all deps demo test check check-san bench valgrind format clean docs install uninstall \
        fuzz fuzzers fuzz-deps

all: $(BUILD)/raftcost $(MAN_STAMP) $(COMPLETION)

$(BUILD)/raftcost: $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/gendoc: tools/gendoc.c $(LIBOBJS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# The pages name DATADIR: rewrite them when it changes.
$(BUILD)/datadir: FORCE | $(BUILD)/obj
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@

$(MAN_STAMP): $(BUILD)/gendoc $(BUILD)/datadir $(wildcard man/*.roff)
	rm -rf $(BUILD)/man
	mkdir -p $(BUILD)/man
	$(BUILD)/gendoc man $(BUILD)/man '$(DATADIR)' man
	touch $@

$(BUILD)/completion/raftcost.bash: $(BUILD)/gendoc
	mkdir -p $(BUILD)/completion
	$(BUILD)/gendoc bash $@

$(BUILD)/completion/_raftcost: $(BUILD)/gendoc
	mkdir -p $(BUILD)/completion
	$(BUILD)/gendoc zsh $@

.PHONY: FORCE
FORCE:

# The program, its plot templates, the shipped catalogues and example
# scenarios (their relative paths kept: scenarios/ names ../pricing/), the
# manual pages and the completions.
install: all
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(DATADIR)/plots' '$(DESTDIR)$(MANDIR)' \
	    '$(DESTDIR)$(BASHCOMPDIR)' '$(DESTDIR)$(ZSHCOMPDIR)'
	$(INSTALL) -m 755 $(BUILD)/raftcost '$(DESTDIR)$(BINDIR)/raftcost'
	$(INSTALL) -m 644 plots/*.gp '$(DESTDIR)$(DATADIR)/plots/'
	find pricing scenarios -type f | while IFS= read -r f; do \
	    $(INSTALL) -D -m 644 "$$f" '$(DESTDIR)$(DATADIR)'/"$$f" || exit 1; done
	$(INSTALL) -m 644 $(BUILD)/man/*.1 '$(DESTDIR)$(MANDIR)/'
	$(INSTALL) -m 644 $(BUILD)/completion/raftcost.bash '$(DESTDIR)$(BASHCOMPDIR)/raftcost'
	$(INSTALL) -m 644 $(BUILD)/completion/_raftcost '$(DESTDIR)$(ZSHCOMPDIR)/_raftcost'

# Removes what install put there (every raftcost page, whatever the commands
# were then); the standard folders stay.
uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/raftcost' '$(DESTDIR)$(MANDIR)/raftcost.1' \
	    '$(DESTDIR)$(BASHCOMPDIR)/raftcost' '$(DESTDIR)$(ZSHCOMPDIR)/_raftcost'
	rm -f '$(DESTDIR)$(MANDIR)'/raftcost-*.1
	rm -rf '$(DESTDIR)$(DATADIR)'

# libyaml's header has no version macro: --version takes pkg-config's.
$(BUILD)/obj/version.o: CPPFLAGS += -DRAFTCOST_LIBYAML_BUILT='"$(shell pkg-config --modversion yaml-0.1 2>/dev/null)"'

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
# curve of the benchmark scenario, the capacity example's staircase and
# latency, the simulated timeline of the rate-limited scenario, the example
# pilot's plots (the job against its plan, the pilot's speeds), and the
# histograms and the tornado of the example with ranges, redrawn into
# docs/img/.
# The data and scripts stay in the build folder: their scripts hold absolute paths.
CURVE_SCENARIO := scenarios/curves/nim-llama70b.yaml
SIM_SCENARIO   := scenarios/serverless-limits.yaml
CAPACITY_SCENARIO := scenarios/self-hosted-8b.yaml
RANGES_SCENARIO := scenarios/raft-build24-ranges.yaml
docs: deps
	@$(MAKE) --no-print-directory all
	rm -rf $(BUILD)/docs-plots
	$(BUILD)/raftcost $(SCENARIO) --plots $(BUILD)/docs-plots >/dev/null
	$(BUILD)/raftcost $(CURVE_SCENARIO) --plots $(BUILD)/docs-plots/curves >/dev/null
	$(BUILD)/raftcost simulate $(SIM_SCENARIO) --variant patient --plots $(BUILD)/docs-plots/sim >/dev/null
	$(BUILD)/raftcost $(CAPACITY_SCENARIO) --plots $(BUILD)/docs-plots/capacity >/dev/null
	$(BUILD)/raftcost calibrate scenarios/pilot/job.yaml scenarios/pilot/pilot.csv \
	    --plots $(BUILD)/docs-plots/pilot >/dev/null
	$(BUILD)/raftcost actual scenarios/pilot/job-calibrated.yaml scenarios/pilot/running.csv \
	    --deadline 2024-06-04T17:00:00Z --plots $(BUILD)/docs-plots/pilot >/dev/null 2>&1 || [ $$? -eq 3 ]
	mkdir -p docs/img
	cp $(BUILD)/docs-plots/*.png $(BUILD)/docs-plots/curves/curve-h100.png docs/img/
	cp $(BUILD)/docs-plots/capacity/staircase.png $(BUILD)/docs-plots/capacity/latency-own-h100.png docs/img/
	cp $(BUILD)/docs-plots/sim/sim-timeline.png docs/img/
	cp $(BUILD)/docs-plots/pilot/actual.png docs/img/pilot-actual.png
	cp $(BUILD)/docs-plots/pilot/stream.png docs/img/pilot-stream.png
	$(BUILD)/raftcost $(RANGES_SCENARIO) --plots $(BUILD)/docs-plots/ranges >/dev/null
	$(BUILD)/raftcost tornado $(RANGES_SCENARIO) --plots $(BUILD)/docs-plots/ranges >/dev/null
	cp $(BUILD)/docs-plots/ranges/uncertainty-one-off.png \
	    $(BUILD)/docs-plots/ranges/uncertainty-generation.png $(BUILD)/docs-plots/ranges/tornado.png docs/img/

# Every test: once with the normal build, once under ASan and UBSan.
test: deps
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory check-san

# TEST_PASS names the pass in the runner's first and last lines.
TEST_PASS ?= plain build
# The benchmarks are built (not run) too, so that they keep building.
check: all $(UNITS) $(REPLAYS) $(BENCHES)
	@tests/run.sh $(BUILD) "$(TEST_PASS)"

check-san:
	@$(MAKE) --no-print-directory check BUILD=build/san OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    TEST_PASS="under AddressSanitizer and UBSan"

valgrind: all
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all \
	    $(BUILD)/raftcost $(SCENARIO) >/dev/null

# The benchmark programs (BENCHES, at the top), each linked with the library.
$(BUILD)/bench_%: tests/bench/bench_%.c $(LIBOBJS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LIBOBJS) $(LDLIBS)

# Timings of a report, of sweeps, of a curve fit, of Monte Carlo sampling, of
# reading a usage log and of the simulation, beside the Python references;
# never part of the tests.
bench: all $(BENCHES)
	@tests/bench.sh $(BUILD)

# Fuzzing: a libFuzzer harness for each input parser (tests/fuzz/fuzz_NAME.c),
# built with clang under ASan and UBSan in build/fuzz, then each run for
# FUZZ_SECONDS (tests/fuzz/run.sh; FUZZ_NAMES picks some: "scenario points").
# scripts/fuzz-deps (make fuzz-deps) installs clang and its fuzzer runtime.
FUZZ_SECONDS ?= 60
FUZZ_NAMES   ?=
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS      := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/%)
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer

fuzz-deps:
	@scripts/fuzz-deps

fuzz:
	@$(MAKE) --no-print-directory fuzzers BUILD=build/fuzz CC=clang OPT="-O1 -g" SAN="$(FUZZ_SAN)" \
	    WARN="$(WARN) -Wno-format-zero-length"
	@tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzzers: $(FUZZERS)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/common.c \
    tests/fuzz/fuzz.h $(LIBOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) -Wno-format-zero-length -o $@ $< tests/fuzz/replay.c \
	    tests/fuzz/common.c $(LIBOBJS) $(LDLIBS)

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/common.c tests/fuzz/fuzz.h $(LIBOBJS)
	$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) -fsanitize=fuzzer -o $@ $< tests/fuzz/common.c \
	    $(LIBOBJS) $(LDLIBS)

format:
	clang-format -i src/*.[ch] tests/unit/*.[ch] tests/fuzz/*.[ch] tools/*.c

clean:
	rm -rf build out

-include $(OBJS:.o=.d)
