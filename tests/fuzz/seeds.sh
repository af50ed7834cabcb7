#!/bin/sh
# The seeds of a fuzzing harness: tests/fuzz/seeds.sh NAME DIR empties DIR and
# copies into it the repository's own files of that harness's kind
# (scenarios, catalogues, benchmark results, usage logs), run from the
# repository's root.  tests/fuzz/run.sh fuzzes from them; make check replays
# them through every harness (tests/scripts/fuzz-replay.sh).
set -u
name=${1:?usage: tests/fuzz/seeds.sh NAME DIR}
dir=${2:?usage: tests/fuzz/seeds.sh NAME DIR}
rm -rf "$dir"
mkdir -p "$dir" || exit 1

# seed PREFIX FILE...: copies the files into DIR, each after the byte PREFIX
# (octal, for harnesses whose first byte picks a mode) when PREFIX is not "-".
seed() {
    prefix=$1
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        tag=$prefix
        [ "$prefix" = - ] && tag=""
        out="$dir/$tag$(echo "$f" | tr '/' '_')"
        if [ "$prefix" = - ]; then
            cp "$f" "$out"
        else
            { printf "\\$prefix"; cat "$f"; } >"$out"
        fi
    done
}

case $name in
scenario)
    seed - scenarios/*.yaml scenarios/curves/*.yaml tests/*/data/*.yaml ;;
catalogue_yaml)
    seed - pricing/*.yaml tests/catalogues/*.yaml tests/bad/data/cat-*.yaml ;;
catalogue_litellm)
    # The 1.6 MB snapshot would be cut to the fuzzer's max_len: the small ones say as much.
    seed - tests/catalogues/*.json ;;
catalogue_skypilot)
    seed 000 pricing/gpu-vms.csv tests/catalogues/*.csv
    seed 001 tests/catalogues/mini-vms.csv ;;
points)
    seed - scenarios/curves/*.csv tests/fit/data/*.csv tests/fit/data/*.json tests/fit/data/*/* \
        tests/curves/data/*.csv ;;
usage_log)
    seed 000 tests/logs/*.csv tests/logs/*.json tests/logs/*.jsonl tests/logs/bad/*
    seed 001 tests/logs/pilot.csv tests/logs/pilot-tagged.csv
    seed 002 tests/logs/pilot-litellm.csv
    seed 003 tests/logs/pilot-litellm.json
    seed 004 tests/logs/batch-output.jsonl tests/logs/chat-completions.jsonl ;;
saved_report)
    # JSON reports as raftcost writes them: the goldens of every command's -f json.
    seed - tests/whatif/data/*.json tests/*/*-json.out tests/*/*.json.out ;;
*)
    echo "seeds: no harness '$name'" >&2
    exit 1 ;;
esac
