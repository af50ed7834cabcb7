#!/bin/sh
# --plots into a folder where someone planted symlinks at every name raftcost
# could be expected to write: the temporary pictures' names of earlier
# versions (DIR/.NAME.PID.tmp.EXT, PID known here because exec keeps it), and
# the data files, scripts and pictures themselves.  None is followed: the
# files they point at stay as they were, byte for byte, and every output is
# a regular file of raftcost's own.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="$TMPDIR/plots-symlink"
rm -rf "$dir"
mkdir -p "$dir/plots" "$dir/fit"

fails=0
# plant LINK: a symlink at LINK to a file of its own, holding its own name.
plant() {
    victim="$dir/victim-$(basename "$1")"
    printf 'untouched %s\n' "$1" >"$victim"
    ln -s "$victim" "$1"
}
# untouched LINK: the file the symlink pointed at still holds what it held.
untouched() {
    victim="$dir/victim-$(basename "$1")"
    if [ "$(cat "$victim")" != "untouched $1" ]; then
        echo "FAIL $victim, the target of $1, was written"
        fails=$((fails + 1))
    fi
}
# regular FILE: a regular file, not a symlink, with something in it.
regular() {
    if [ -L "$1" ] || [ ! -f "$1" ] || [ ! -s "$1" ]; then
        echo "FAIL $1 is not a regular file of raftcost's"
        fails=$((fails + 1))
    fi
}

report="phases generation monthly breakeven ratio"
# The report's plots: the old temporary names for this very PID, then exec.
# shellcheck disable=SC2016
sh -c '
    dir=$1; shift
    for p in phases generation monthly breakeven ratio; do
        for ext in png svg pdf; do
            ln -s "$dir/victim-.$p.$$.tmp.$ext" "$dir/plots/.$p.$$.tmp.$ext"
            printf "untouched %s\n" "$dir/plots/.$p.$$.tmp.$ext" >"$dir/victim-.$p.$$.tmp.$ext"
        done
    done
    echo $$ >"$dir/pid"
    exec "$@"' sh "$dir" "$RAFTCOST" "$root/scenarios/raft-build24.yaml" --plots "$dir/plots" \
    >/dev/null
pid=$(cat "$dir/pid")
for p in $report; do
    for ext in png svg pdf; do
        untouched "$dir/plots/.$p.$pid.tmp.$ext"
    done
done

# The final names: a symlink there is replaced, not written through.
rm -rf "$dir/plots2"
mkdir -p "$dir/plots2"
for p in $report; do
    for ext in dat gp png; do
        plant "$dir/plots2/$p.$ext"
    done
done
"$RAFTCOST" "$root/scenarios/raft-build24.yaml" --plots "$dir/plots2" >/dev/null
for p in $report; do
    for ext in dat gp png; do
        untouched "$dir/plots2/$p.$ext"
        if [ "$ext" != png ] || command -v gnuplot >/dev/null 2>&1; then
            regular "$dir/plots2/$p.$ext"
        fi
    done
done

# fit --plots: its old temporary name, and its outputs.
csv="$root/scenarios/curves/nim-llama-3.1-8b.csv"
name=curve-nim-llama-3.1-8b
for ext in dat gp png; do
    plant "$dir/fit/$name.$ext"
done
# shellcheck disable=SC2016
sh -c '
    dir=$1; name=$2; shift 2
    ln -s "$dir/victim-.$name.$$.tmp.png" "$dir/fit/.$name.$$.tmp.png"
    printf "untouched %s\n" "$dir/fit/.$name.$$.tmp.png" >"$dir/victim-.$name.$$.tmp.png"
    echo $$ >"$dir/pid"
    exec "$@"' sh "$dir" "$name" "$RAFTCOST" fit "$csv" --plots "$dir/fit" >/dev/null
pid=$(cat "$dir/pid")
untouched "$dir/fit/.$name.$pid.tmp.png"
for ext in dat gp png; do
    untouched "$dir/fit/$name.$ext"
    if [ "$ext" != png ] || command -v gnuplot >/dev/null 2>&1; then
        regular "$dir/fit/$name.$ext"
    fi
done

# Nothing of the private folder is left behind.
if ls -A "$dir/plots" "$dir/plots2" "$dir/fit" | grep -q '^\.raftcost'; then
    echo "FAIL a private folder was left behind"
    fails=$((fails + 1))
fi

[ "$fails" -eq 0 ]
