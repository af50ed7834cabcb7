#!/bin/sh
# Every fuzzing harness, built by make check with the build's own compiler
# and flags (tests/fuzz/replay.c drives it instead of libFuzzer), runs once
# on each of its seeds and on each input of tests/fuzz/corpus/NAME: a harness
# that no longer builds fails make check, and under the sanitizers every
# seed is a clean run through the parser and every writer.
set -u
tests=$(dirname "$RAFTCOST")/tests
found=0
for bin in "$tests"/replay_*; do
    [ -x "$bin" ] || continue
    found=1
    name=${bin##*/replay_}
    seeds="$TMPDIR/seeds-$name"
    tests/fuzz/seeds.sh "$name" "$seeds" || exit 1
    [ -n "$(ls -A "$seeds")" ] || { echo "no seeds for $name"; exit 1; }
    for f in tests/fuzz/corpus/"$name"/*; do
        [ -f "$f" ] && cp "$f" "$seeds/corpus-${f##*/}"
    done
    if ! "$bin" "$seeds"/* 2>"$TMPDIR/replay.err" ||
        grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$TMPDIR/replay.err"; then
        echo "replay_$name fails on its seeds:"
        head -n 30 "$TMPDIR/replay.err"
        exit 1
    fi
done
[ $found -eq 1 ] || { echo "no replay_* harness in $tests"; exit 1; }
