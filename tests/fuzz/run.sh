#!/bin/sh
# Runs the libFuzzer harnesses.  Usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS [NAME ...]
#
# For each harness (all of them, or the NAMEs given: scenario, catalogue_yaml,
# ...): first every input of tests/fuzz/corpus/NAME once (the inputs that found
# something: they must pass now), then SECONDS of fuzzing, seeded from the
# repository's own files of that kind (scenarios, catalogues, benchmark CSV,
# usage logs) and from that corpus.  What the fuzzer keeps goes to
# FUZZ_BUILD/corpus/NAME (kept between runs), what it finds to
# FUZZ_BUILD/findings/NAME/; a finding worth keeping is copied to
# tests/fuzz/corpus/NAME/ and made a regular test.  Prints one line a harness
# with its executions; exits 1 when a harness found something.
set -u
build=${1:?usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS [NAME ...]}
seconds=${2:?usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS [NAME ...]}
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
names=${*:-scenario catalogue_yaml catalogue_litellm catalogue_skypilot points usage_log saved_report}
# Uncapped sanitizer options that would hide a finding are not set; leaks are findings.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
for name in $names; do
    bin=$build/fuzz_$name
    [ -x "$bin" ] || { echo "fuzz: no harness $bin (make fuzz builds them)"; exit 1; }
    mkdir -p "$build/corpus/$name" "$build/findings/$name" \
        "tests/fuzz/corpus/$name"
    tests/fuzz/seeds.sh "$name" "$build/seeds/$name"
    dict=""
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
    # The inputs that found something once: each must now run clean.
    if [ -n "$(ls -A "tests/fuzz/corpus/$name")" ]; then
        if ! "$bin" -runs=1 tests/fuzz/corpus/$name/* >"$build/$name.replay.log" 2>&1; then
            echo "fuzz $name: an input of tests/fuzz/corpus/$name fails again:"
            tail -n 30 "$build/$name.replay.log"
            failed=1
            continue
        fi
    fi
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=32768 \
        -print_final_stats=1 -artifact_prefix="$build/findings/$name/" $dict \
        "$build/corpus/$name" "$build/seeds/$name" "tests/fuzz/corpus/$name" \
        >"$build/$name.log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/$name.log" | tail -n 1)
    units=$(ls "$build/corpus/$name" | wc -l)
    if [ $status -ne 0 ]; then
        echo "fuzz $name: FOUND something after ${runs:-?} executions (exit $status):"
        grep -E 'ERROR|SUMMARY|Test unit written|runtime error' "$build/$name.log" | head -n 10
        failed=1
    else
        echo "fuzz $name: ${runs:-?} executions in $seconds s, nothing found; corpus of $units inputs"
    fi
done
exit $failed
