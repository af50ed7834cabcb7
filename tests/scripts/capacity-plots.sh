#!/bin/sh
# --plots with sized hosting: replicas-NAME.dat holds the JSON report's
# replicas, replica-hours and hosting month by month; staircase.dat's ratio
# at the scenario's traffic is the JSON month-1 ratio (no growth), and it
# climbs between two replica steps and falls at each; latency-NAME.dat is
# written; the standard ratio plot gives way to the staircase; the pictures
# are drawn when gnuplot is installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scenario="$root/tests/golden/data/capacity-hourly.yaml"
out="$TMPDIR/capacity-plots"
rm -rf "$out"

"$RAFTCOST" -f json "$scenario" | awk -f "$here/json-flat.awk" >"$TMPDIR/capacity.flat"
"$RAFTCOST" "$scenario" --plots "$out" >/dev/null

fails=0
json() {
    awk -v p="$1" '$1 == p { print $2; found = 1 } END { if (!found) print "missing" }' \
        "$TMPDIR/capacity.flat"
}
field() {
    awk -v b="$2" -v r="$3" -v c="$4" '
        /^#/ { next }
        /^[ \t]*$/ { if (seen) { block++; row = 0; seen = 0 } next }
        { seen = 1; if (block == b && row == r) { print $c; found = 1 } row++ }
        END { if (!found) print "missing" }' "$out/$1"
}
same() {
    if awk -v a="$2" -v b="$3" 'BEGIN {
            if (a == "missing" || b == "missing") exit 1
            d = a - b; if (d < 0) d = -d
            m = b < 0 ? -b : b
            exit !(d <= 1e-9 * (m > 1 ? m : 1)) }'; then :; else
        echo "FAIL $1: data has $2, the report has $3"
        fails=$((fails + 1))
    fi
}

same "replicas" "$(field replicas-own.dat 0 0 2)" "$(json inference.options.1.capacity.replicas.0)"
same "replica-hours" "$(field replicas-own.dat 0 0 3)" \
    "$(json inference.options.1.capacity.replica_hours.0)"
same "hosting" "$(field replicas-own.dat 0 0 4)" "$(json inference.options.1.capacity.hosting_cost.0)"
same "month cost" "$(field replicas-own.dat 0 0 5)" "$(json inference.options.1.monthly.0)"
same "staircase month 1" "$(field staircase.dat 1 0 2)" "$(json inference.comparison.first_month_ratio)"

# Between two corners of a step the ratio falls; elsewhere it does not.
if ! awk '/^#/ { next } /^[ \t]*$/ { exit } {
        if (n > 0 && $1 < prev_x * (1 + 1e-8) && $2 >= prev_y) { bad = 1 }
        if (n > 0 && $1 >= prev_x * (1 + 1e-8) && $2 < prev_y * (1 - 1e-9)) { bad = 1 }
        if (n > 0 && $1 < prev_x * (1 + 1e-8)) { steps++ }
        prev_x = $1; prev_y = $2; n++ }
        END { exit !(n > 241 && steps > 3 && !bad) }' "$out/staircase.dat"; then
    echo "FAIL staircase.dat is not a staircase"
    fails=$((fails + 1))
fi
[ -s "$out/latency-own.dat" ] || { echo "FAIL no latency-own.dat"; fails=$((fails + 1)); }
[ ! -e "$out/ratio.dat" ] || { echo "FAIL ratio.dat drawn beside the staircase"; fails=$((fails + 1)); }
if command -v gnuplot >/dev/null 2>&1; then
    for p in replicas-own staircase latency-own; do
        [ -s "$out/$p.png" ] || { echo "FAIL no $p.png"; fails=$((fails + 1)); }
    done
fi
[ "$fails" -eq 0 ]
