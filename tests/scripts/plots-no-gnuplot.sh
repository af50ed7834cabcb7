#!/bin/sh
# Without gnuplot on the PATH, the report still comes out, with a one-line
# warning, exit status 0; the data and scripts are written for later.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="$TMPDIR/no-gnuplot"
rm -rf "$dir"
mkdir -p "$dir/empty-bin"

status=0
PATH="$dir/empty-bin" "$RAFTCOST" "$root/scenarios/raft-build24.yaml" --plots "$dir/plots" \
    >"$dir/out" 2>"$dir/err" || status=$?
[ "$status" -eq 0 ] || { echo "FAIL exit status $status"; cat "$dir/err"; exit 1; }
"$RAFTCOST" "$root/scenarios/raft-build24.yaml" >"$dir/want"
cmp -s "$dir/out" "$dir/want" || { echo "FAIL the report differs"; exit 1; }
[ "$(wc -l <"$dir/err")" -eq 1 ] || { echo "FAIL want one line on stderr:"; cat "$dir/err"; exit 1; }
grep -q '^raftcost: warning: gnuplot is not on the PATH' "$dir/err" ||
    { echo "FAIL no warning:"; cat "$dir/err"; exit 1; }
for p in phases generation monthly breakeven ratio; do
    [ -s "$dir/plots/$p.dat" ] && [ -s "$dir/plots/$p.gp" ] ||
        { echo "FAIL $p.dat or $p.gp missing"; exit 1; }
    [ ! -e "$dir/plots/$p.png" ] || { echo "FAIL $p.png drawn without gnuplot"; exit 1; }
done
