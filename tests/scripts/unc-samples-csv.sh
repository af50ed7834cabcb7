#!/bin/sh
# --samples-out: one row a sample, the inputs then the figures; the share
# of rows within the budget is the report's probability, exactly, and a
# column's mean is the report's mean (to the CSV's 10 digits).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scenario="$root/scenarios/raft-build24-ranges.yaml"
out="$TMPDIR/unc-csv"
rm -rf "$out"
mkdir -p "$out"
"$RAFTCOST" -f json "$scenario" --samples 4000 --samples-out "$out/s.csv" |
    awk -f "$here/json-flat.awk" >"$out/report.flat"
json() {
    awk -v p="$1" '$1 == p { print $2; found = 1 } END { if (!found) print "missing" }' \
        "$out/report.flat"
}
fails=0
fail() {
    echo "FAIL $*"
    fails=$((fails + 1))
}
lines=$(wc -l <"$out/s.csv")
[ "$lines" -eq 4001 ] || fail "the CSV has $lines lines, want 4001"
header=$(head -n 1 "$out/s.csv")
want="sample,backends.maas.throughput,backends.maap.throughput,generation.tokens.input,generation.tokens.output,fine_tuning.duration,inference.traffic.requests,inference.traffic.growth,generation.cost,generation.hours,fine_tuning.cost,fine_tuning.hours,totals.one_off,inference.baseline.first_month_cost,inference.raft.first_month_cost,inference.baseline.horizon_cost,inference.raft.horizon_cost,totals.horizon,comparison.first_month_ratio,comparison.horizon_ratio,comparison.breakeven_requests_per_day,comparison.payback_days,comparison.claim.holds"
[ "$header" = "$want" ] || fail "header: $header"
# column NAME: its position in the header.
column() {
    head -n 1 "$out/s.csv" | tr ',' '\n' | awk -v n="$1" '$0 == n { print NR }'
}
c=$(column totals.one_off)
share=$(awk -F, -v c="$c" 'NR > 1 { n++; if ($c != "" && $c <= 200) k++ } END { printf "%.17g", k / n }' "$out/s.csv")
same_share=$(awk -v a="$share" -v b="$(json uncertainty.probabilities.budget.one_off)" \
    'BEGIN { d = a - b; print (d < 1e-12 && d > -1e-12) }')
[ "$same_share" = 1 ] || fail "share within budget: CSV $share, report $(json uncertainty.probabilities.budget.one_off)"
for key in totals.one_off generation.hours fine_tuning.cost; do
    c=$(column $key)
    mean=$(awk -F, -v c="$c" 'NR > 1 { s += $c; n++ } END { printf "%.17g", s / n }' "$out/s.csv")
    want=$(json uncertainty.figures.$key.mean)
    ok=$(awk -v a="$mean" -v b="$want" 'BEGIN { d = (a - b) / b; print (d < 1e-8 && d > -1e-8) }')
    [ "$ok" = 1 ] || fail "$key mean: CSV $mean, report $want"
done
# The payback never comes in some samples: an empty cell there, and the
# report's missing count says how many.
c=$(column comparison.payback_days)
empty=$(awk -F, -v c="$c" 'NR > 1 && $c == "" { k++ } END { print k + 0 }' "$out/s.csv")
[ "$empty" = "$(json uncertainty.figures.comparison.payback_days.missing)" ] ||
    fail "payback: $empty empty cells, the report says $(json uncertainty.figures.comparison.payback_days.missing)"
# A CSV is written atomically, and only with samples.
if "$RAFTCOST" "$scenario" --samples 0 --samples-out "$out/none.csv" >/dev/null 2>&1; then
    fail "--samples 0 with --samples-out was accepted"
fi
[ ! -e "$out/none.csv" ] || fail "none.csv was written"
[ "$fails" -eq 0 ]
