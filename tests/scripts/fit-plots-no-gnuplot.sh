#!/bin/sh
# fit --plots without gnuplot on the PATH: the fit report still comes out,
# with a one-line warning and exit status 0; the data and the script are
# written for later, and no picture.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
csv="$root/scenarios/curves/nim-llama-3.1-8b.csv"
dir="$TMPDIR/fit-no-gnuplot"
rm -rf "$dir"
mkdir -p "$dir/empty-bin"

status=0
PATH="$dir/empty-bin" "$RAFTCOST" fit "$csv" --plots "$dir/plots" >"$dir/out" 2>"$dir/err" ||
    status=$?
[ "$status" -eq 0 ] || { echo "FAIL exit status $status"; cat "$dir/err"; exit 1; }
"$RAFTCOST" fit "$csv" >"$dir/want"
cmp -s "$dir/out" "$dir/want" || { echo "FAIL the report differs"; exit 1; }
[ "$(wc -l <"$dir/err")" -eq 1 ] || { echo "FAIL want one line on stderr:"; cat "$dir/err"; exit 1; }
grep -q "^raftcost: warning: gnuplot is not on the PATH: no plot drawn (its data and script are in '$dir/plots')\$" \
    "$dir/err" || { echo "FAIL no warning:"; cat "$dir/err"; exit 1; }
p="$dir/plots/curve-nim-llama-3.1-8b"
[ -s "$p.dat" ] && [ -s "$p.gp" ] || { echo "FAIL $p.dat or $p.gp missing"; exit 1; }
[ ! -e "$p.png" ] || { echo "FAIL $p.png drawn without gnuplot"; exit 1; }
