#!/bin/sh
# The Monte Carlo plots: the histograms' data hold the samples' shares
# (summing to the 99% inside the bins) and the CDF whose middle point is the
# report's P50; the tornado's data are the tornado's JSON rows; the pictures
# are drawn when gnuplot is installed; hostile names run nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scenario="$root/scenarios/raft-build24-ranges.yaml"
out="$TMPDIR/unc-plots"
rm -rf "$out"
mkdir -p "$out"
"$RAFTCOST" -f json "$scenario" --samples 3000 --plots "$out/p" |
    awk -f "$here/json-flat.awk" >"$out/report.flat"
"$RAFTCOST" tornado -f json "$scenario" --samples 3000 --plots "$out/t" |
    awk -f "$here/json-flat.awk" >"$out/tornado.flat"
fails=0
fail() {
    echo "FAIL $*"
    fails=$((fails + 1))
}
json() {
    awk -v p="$2" '$1 == p { print $2; found = 1 } END { if (!found) print "missing" }' "$out/$1"
}
# field FILE BLOCK ROW COLUMN, as in plots-data.sh.
field() {
    awk -v b="$2" -v r="$3" -v c="$4" '
        /^#/ { next }
        /^[ \t]*$/ { if (seen) { block++; row = 0; seen = 0 } next }
        { seen = 1; if (block == b && row == r) { print $c; found = 1 } row++ }
        END { if (!found) print "missing" }' "$1"
}
same() {
    awk -v a="$2" -v b="$3" 'BEGIN {
        if (a == "missing" || b == "missing") exit 1
        d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b
        exit !(d <= 1e-9 * (m > 1 ? m : 1)) }' || fail "$1: data $2, JSON $3"
}
for h in one-off:totals.one_off generation:generation.hours; do
    name=${h%%:*}
    key=${h#*:}
    dat="$out/p/uncertainty-$name.dat"
    sum=$(awk '/^#/ { next } /^[ \t]*$/ { if (seen) exit; next } { seen = 1; s += $3 } END { print s }' "$dat")
    awk -v s="$sum" 'BEGIN { exit !(s >= 98.9 && s <= 100 + 1e-9) }' || fail "$name: bins hold $sum%"
    # The CDF rises from about 0.5% to 99.5%, and crosses 50% at the report's P50.
    p50=$(json report.flat uncertainty.figures.$key.p50)
    awk -v p50="$p50" '
        /^#/ { next }
        /^[ \t]*$/ { if (seen) { block++; seen = 0 } next }
        { seen = 1 }
        block == 1 {
            if (n > 0 && $2 < last) bad = "falls at " $1
            if (n == 0 && ($2 < 0.3 || $2 > 0.7)) bad = "starts at " $2 "%"
            if ($1 < p50 && $2 > 50) bad = "is above 50% below the P50"
            if ($1 > p50 && prev_x < p50 && $2 < 50) bad = "is below 50% above the P50"
            last = $2; prev_x = $1; n++
        }
        END {
            if (n != 201) bad = n " points"
            if (last < 99.3) bad = "ends at " last "%"
            if (bad) { print bad; exit 1 } }' "$dat" || fail "$name CDF"
done
for i in 0 1 2 3 4 5 6; do
    same "tornado row $i at P10" "$(field "$out/t/tornado.dat" 0 $i 2)" "$(json tornado.flat rows.$i.at_p10)"
    same "tornado row $i at P90" "$(field "$out/t/tornado.dat" 0 $i 3)" "$(json tornado.flat rows.$i.at_p90)"
done
grep -q "^row_names\[1\] = 'backends.maap.throughput'$" "$out/t/tornado.gp" || fail "tornado names"
if command -v gnuplot >/dev/null 2>&1; then
    for p in p/uncertainty-one-off p/uncertainty-generation t/tornado; do
        [ -s "$out/$p.png" ] || fail "$p.png was not drawn"
    done
fi

# Hostile names: a scenario and a backend named with backquotes, a macro and quotes.
marker="$out/ran"
cat >"$out/hostile.yaml" <<YAML
raftcost: 1
name: "x\`touch $marker\`x 'q' @GPVAL_PWD \$(touch $marker) 10%"
backends:
  "q'\`touch ran-too\`%d": {type: dedicated, instance: {per_hour: 10}, throughput: 100 tok/s}
generation: {examples: 1k, tokens: {input: 1M, output: 1M}}
ranges:
  "backends.q'\`touch ran-too\`%d.throughput": 50..150 tok/s
YAML
"$RAFTCOST" "$out/hostile.yaml" --samples 500 --plots "$out/h" >/dev/null
"$RAFTCOST" tornado "$out/hostile.yaml" --samples 500 --plots "$out/h" >/dev/null
if [ -e "$marker" ] || [ -e "$out/h/ran-too" ]; then
    fail "a user string ran a command"
fi
if command -v gnuplot >/dev/null 2>&1; then
    for p in uncertainty-one-off uncertainty-generation tornado; do
        [ -s "$out/h/$p.png" ] || fail "hostile: $p.png was not drawn"
    done
fi
[ "$fails" -eq 0 ]
