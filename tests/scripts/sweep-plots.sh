#!/bin/sh
# sweep --plots: one picture for each column, its data the figures of the
# CSV table (the same sweep, relative tolerance 1e-9), one block a line of
# the other axes; drawn when gnuplot is installed; --plot-format alone is
# an error.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scenario="$root/scenarios/raft-build24.yaml"
out="$TMPDIR/sweep-plots"
rm -rf "$out"
fail() { echo "sweep-plots: $*"; exit 1; }

"$RAFTCOST" sweep "$scenario" -f csv --vary generation.routing=capacity,equal \
    --vary backends.maap.count=1..3 --figures generation.cost,generation.hours \
    --plots "$out" >"$TMPDIR/sweep.csv" || fail "exit status $?"
for key in generation.cost generation.hours; do
    for ext in dat gp; do
        [ -s "$out/sweep-$key.$ext" ] || fail "no sweep-$key.$ext"
    done
    if command -v gnuplot >/dev/null 2>&1; then
        [ -s "$out/sweep-$key.png" ] || fail "no sweep-$key.png"
    fi
done
# Column 3 of the CSV is generation.cost, 4 generation.hours; rows 2.. are the
# points, routing (the first axis: the lines) turning slowest.
check() {
    key=$1 col=$2
    awk -F, -v c="$col" 'NR > 1 { print $c }' "$TMPDIR/sweep.csv" >"$TMPDIR/want"
    awk '/^#/ { next } /^[ \t]*$/ { next } { print $2 }' "$out/sweep-$key.dat" >"$TMPDIR/got"
    [ "$(wc -l <"$TMPDIR/want")" -eq 6 ] || fail "$key: the table has not 6 rows"
    paste "$TMPDIR/want" "$TMPDIR/got" | awk -v k="$key" '{
        d = $1 - $2; if (d < 0) d = -d; m = $1 < 0 ? -$1 : $1
        if (!(d <= 1e-9 * (m > 1 ? m : 1))) { print "sweep-plots: " k ": " $1 " against " $2; bad = 1 } }
        END { exit bad }' || exit 1
    # Two lines (capacity, equal) of three points (the counts 1, 2, 3).
    blocks=$(awk '/^#/ { next } /^[ \t]*$/ { if (seen) n++; seen = 0; next } { seen = 1 } END { print n + 1 }' "$out/sweep-$key.dat")
    [ "$blocks" -eq 2 ] || fail "$key: $blocks blocks, want 2"
}
check generation.cost 3
check generation.hours 4
grep -q "series_names\[2\] = 'equal'" "$out/sweep-generation.cost.gp" || fail "no line named 'equal'"
grep -q "series_title = 'generation.routing'" "$out/sweep-generation.cost.gp" || fail "no key title"
if "$RAFTCOST" sweep "$scenario" --vary backends.maap.count=1..2 --plot-format svg \
    >/dev/null 2>"$TMPDIR/err"; then
    fail "--plot-format without --plots succeeded"
fi
grep -q "needs '--plots DIR'" "$TMPDIR/err" || fail "--plot-format alone: $(cat "$TMPDIR/err")"
exit 0
