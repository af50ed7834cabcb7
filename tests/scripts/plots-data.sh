#!/bin/sh
# --plots: each plot's data file holds the report's figures (compared with
# the JSON report, relative tolerance 1e-9), and the pictures are drawn when
# gnuplot is installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scenario="$root/scenarios/raft-build24.yaml"
out="$TMPDIR/plots-data"
rm -rf "$out"

"$RAFTCOST" -f json "$scenario" | awk -f "$here/json-flat.awk" >"$TMPDIR/report.flat"
"$RAFTCOST" "$scenario" --plots "$out" >/dev/null

fails=0
# json PATH: the report's figure at PATH.
json() {
    awk -v p="$1" '$1 == p { print $2; found = 1 } END { if (!found) print "missing" }' \
        "$TMPDIR/report.flat"
}
# field FILE BLOCK ROW COLUMN: a number of a data file; blocks and rows from 0
# (blocks are separated by blank lines, comments skipped), columns from 1.
field() {
    awk -v b="$2" -v r="$3" -v c="$4" '
        /^#/ { next }
        /^[ \t]*$/ { if (seen) { block++; row = 0; seen = 0 } next }
        { seen = 1; if (block == b && row == r) { print $c; found = 1 } row++ }
        END { if (!found) print "missing" }' "$out/$1"
}
# same WHAT GOT WANT
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

# phases.dat: the last bar is the one-off total, a column per segment (maas,
# maap, fine-tuning), then the total.
same "phases maas" "$(field phases.dat 0 2 2)" "$(json generation.backends.0.cost)"
same "phases maap" "$(field phases.dat 0 2 3)" "$(json generation.backends.1.cost)"
same "phases fine-tuning" "$(field phases.dat 0 2 4)" "$(json fine_tuning.cost)"
same "phases one-off" "$(field phases.dat 0 2 5)" "$(json totals.one_off)"
same "phases generation bar" "$(field phases.dat 0 0 5)" "$(json generation.cost)"

# generation.dat: each backend alone, then the mix (hours, cost).
for i in 0 1; do
    same "generation alone $i hours" "$(field generation.dat 0 $i 1)" "$(json generation.alone.$i.hours)"
    same "generation alone $i cost" "$(field generation.dat 0 $i 2)" "$(json generation.alone.$i.cost)"
done
same "generation mix hours" "$(field generation.dat 1 0 1)" "$(json generation.hours)"
same "generation mix cost" "$(field generation.dat 1 0 2)" "$(json generation.cost)"

# monthly.dat: every month's cost; the cumulative cost at the end is the
# horizon cost (the candidate's with the one-off costs).
for m in 0 5 11; do
    same "monthly baseline $m" "$(field monthly.dat 0 $m 2)" "$(json inference.options.0.monthly.$m)"
    same "monthly raft $m" "$(field monthly.dat 0 $m 3)" "$(json inference.options.1.monthly.$m)"
done
same "cumulative raft start" "$(field monthly.dat 1 0 3)" "$(json totals.one_off)"
same "cumulative baseline" "$(field monthly.dat 1 12 2)" "$(json inference.options.0.horizon_cost)"
same "cumulative raft" "$(field monthly.dat 1 12 3)" "$(json inference.options.1.horizon_cost)"

# breakeven.dat: the scenario's traffic with the month-1 costs, then the breakeven.
same "breakeven traffic" "$(field breakeven.dat 1 0 1)" "$(json inference.requests_per_day)"
same "breakeven baseline month 1" "$(field breakeven.dat 1 0 2)" "$(json inference.options.0.first_month_cost)"
same "breakeven raft month 1" "$(field breakeven.dat 1 0 3)" "$(json inference.options.1.first_month_cost)"
same "breakeven" "$(field breakeven.dat 2 0 1)" "$(json inference.comparison.breakeven_requests_per_day)"
# At the breakeven both options cost the same: the curves meet there.
same "breakeven cost" "$(field breakeven.dat 2 0 2)" \
    "$(awk -v h="$(json inference.options.1.hosting_per_month)" \
           -v c="$(json inference.options.1.token_cost_per_request)" \
           -v r="$(json inference.comparison.breakeven_requests_per_day)" \
           'BEGIN { printf "%.17g", h + r * 730 / 24 * c }')"

# ratio.dat: the month-1 ratio at the scenario's traffic, and a curve that
# stays below the asymptotic ratio.
same "ratio month 1" "$(field ratio.dat 1 0 2)" "$(json inference.comparison.first_month_ratio)"
asymptote=$(json inference.comparison.asymptotic_ratio)
if ! awk -v a="$asymptote" '/^#/ || NF == 0 { next } $2 > a { bad = 1 } END { exit bad }' \
    "$out/ratio.dat"; then
    echo "FAIL ratio: the curve rises above the asymptote $asymptote"
    fails=$((fails + 1))
fi

# The scripts set the scenario's name and load the templates.
grep -q "^scenario = 'RAFT at Microsoft Build 2024'$" "$out/phases.gp" ||
    { echo "FAIL phases.gp does not set the scenario's name"; fails=$((fails + 1)); }
grep -q "^load template_dir . '/phases.gp'$" "$out/phases.gp" ||
    { echo "FAIL phases.gp does not load its template"; fails=$((fails + 1)); }

if command -v gnuplot >/dev/null 2>&1; then
    for p in phases generation monthly breakeven ratio; do
        # A PNG file starts with \211PNG.
        if [ "$(head -c 4 "$out/$p.png" 2>/dev/null | tail -c 3)" != "PNG" ]; then
            echo "FAIL $p.png is missing or not a PNG"
            fails=$((fails + 1))
        fi
    done
    # The vector formats, and no temporary file left behind.
    "$RAFTCOST" "$scenario" --plots "$out/svg" --plot-format svg >/dev/null
    grep -q '<svg' "$out/svg/ratio.svg" || { echo "FAIL ratio.svg"; fails=$((fails + 1)); }
    "$RAFTCOST" "$scenario" --plots "$out/pdf" --plot-format=pdf >/dev/null
    [ "$(head -c 4 "$out/pdf/monthly.pdf")" = "%PDF" ] || { echo "FAIL monthly.pdf"; fails=$((fails + 1)); }
    if ls -a "$out" "$out/svg" "$out/pdf" | grep -q '\.tmp'; then
        echo "FAIL a temporary picture was left behind"
        fails=$((fails + 1))
    fi
fi

[ "$fails" -eq 0 ]
