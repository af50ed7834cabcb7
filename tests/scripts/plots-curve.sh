#!/bin/sh
# --plots with a backend whose throughput is a curve: curve-BACKEND.dat holds
# the benchmark's points and marks the concurrency the scenario uses with
# the throughput the report gives there; a concurrency outside the measured
# range puts a warning on the picture.  Scenarios without curves draw none.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scenario="$root/scenarios/curves/nim-llama70b.yaml"
csv="$root/scenarios/curves/nim-llama-3.3-70b-2xh100-fp8.csv"
out="$TMPDIR/plots-curve"
rm -rf "$out"
mkdir -p "$out"

fails=0
# block FILE N: the rows of block N (from 0) of a data file, comments skipped.
block() {
    awk -v b="$2" '
        /^#/ { next }
        /^[ \t]*$/ { if (seen) { n++; seen = 0 } next }
        { seen = 1; if (n == b) print }' "$1"
}
# same WHAT GOT WANT
same() {
    if awk -v a="$2" -v b="$3" 'BEGIN {
            if (a == "missing" || b == "missing" || a == "" || b == "") exit 1
            d = a - b; if (d < 0) d = -d
            m = b < 0 ? -b : b
            exit !(d <= 1e-9 * (m > 1 ? m : 1)) }'; then :; else
        echo "FAIL $1: data has '$2', the report has '$3'"
        fails=$((fails + 1))
    fi
}
# check NAME SCENARIO LIMIT ARGS...: the report and the plots of SCENARIO
# with ARGS into NAME, then the mark against the report: the curve's
# concurrency, or LIMIT (limits.concurrency, '-' for none) when lower.
check() {
    name=$1
    file=$2
    limit=$3
    shift 3
    "$RAFTCOST" -f json "$file" "$@" | awk -f "$here/json-flat.awk" >"$out/$name.flat"
    "$RAFTCOST" "$file" "$@" --plots "$out/$name" >/dev/null
    # h100 is the second generation backend.
    json() {
        awk -v p="generation.backends.1.$1" '$1 == p { print $2; found = 1 }
            END { if (!found) print "missing" }' "$out/$name.flat"
    }
    [ "$(json name)" = '"h100"' ] || { echo "FAIL backend 1 is $(json name)"; fails=$((fails + 1)); }
    dat="$out/$name/curve-h100.dat"
    [ -s "$dat" ] || { echo "FAIL $dat was not written"; fails=$((fails + 1)); return; }
    used=$(awk -v c="$(json curve.concurrency)" -v l="$limit" \
        'BEGIN { print (l != "-" && l + 0 < c + 0) ? l : c }')
    same "$name: concurrency" "$(block "$dat" 3 | awk '{ print $1 }')" "$used"
    same "$name: throughput there" "$(block "$dat" 3 | awk '{ print $2 }')" \
        "$(json curve.unit_throughput_tok_s)"
    # The curve passes through the mark: the same value in block 0.
    same "$name: curve at the mark" \
        "$(block "$dat" 0 | awk -v c="$used" '$1 == c { print $2 }')" \
        "$(json curve.unit_throughput_tok_s)"
}

check default "$scenario" -
# The points, as in the CSV file.
grep -v '^#' "$csv" | tail -n +2 | tr ',' ' ' >"$out/csv-points"
block "$out/default/curve-h100.dat" 1 | cmp -s - "$out/csv-points" ||
    { echo "FAIL block 1 does not hold the CSV's points"; fails=$((fails + 1)); }
# The knee and the usl peak, as the fit gives them.
"$RAFTCOST" fit "$csv" --model usl -f json | awk -f "$here/json-flat.awk" >"$out/fit.flat"
knee=$(awk '$1 == "fits.0.knee_concurrency" { print $2 }' "$out/fit.flat")
same "knee" "$(block "$out/default/curve-h100.dat" 2 | awk '{ print $2 }')" "$knee"
gp="$out/default/curve-h100.gp"
grep -q "^used_label = 'this scenario: 64 in flight, 853 tok/s'\$" "$gp" ||
    { echo "FAIL the mark's label"; grep used_label "$gp"; fails=$((fails + 1)); }
grep -q "^warning = ''\$" "$gp" || { echo "FAIL a warning inside the range"; fails=$((fails + 1)); }
grep -q "^ylabel_text = 'output tokens/s per instance'\$" "$gp" ||
    { echo "FAIL the y label"; fails=$((fails + 1)); }

# Outside the measured 1 to 250: the warning, and the axis reaches the mark.
check outside "$scenario" - --set backends.h100.throughput.concurrency=400
gp="$out/outside/curve-h100.gp"
grep -q "^warning = 'warning: 400 in flight lies outside the measured 1 to 250'\$" "$gp" ||
    { echo "FAIL no warning outside the range:"; grep warning "$gp"; fails=$((fails + 1)); }
awk '$1 == "xmax" && $3 + 0 > 400 { found = 1 } END { exit !found }' "$gp" ||
    { echo "FAIL the axis stops before the mark"; fails=$((fails + 1)); }

# limits.concurrency caps the concurrency the curve is read at.
sed -e "s|points_file: nim|points_file: $root/scenarios/curves/nim|" \
    -e "s|^pricing: .*|pricing: [$root/pricing/azure-build2024.yaml]|" "$scenario" |
    awk '{ print } /^    teardown: 5 min$/ { print "    limits: {concurrency: 16}" }' \
        >"$out/limited.yaml"
grep -q 'concurrency: 16' "$out/limited.yaml"
check limited "$out/limited.yaml" 16
grep -q "^used_label = 'this scenario: 16 in flight (limits.concurrency), " "$out/limited/curve-h100.gp" ||
    { echo "FAIL the limit is not marked"; fails=$((fails + 1)); }

# No curve, no curve plot.
"$RAFTCOST" "$root/scenarios/raft-build24.yaml" --plots "$out/flat" >/dev/null
if ls "$out/flat" | grep -q '^curve-'; then
    echo "FAIL a curve plot for a scenario without curves"
    fails=$((fails + 1))
fi

if command -v gnuplot >/dev/null 2>&1; then
    for p in default outside limited; do
        if [ "$(head -c 4 "$out/$p/curve-h100.png" 2>/dev/null | tail -c 3)" != "PNG" ]; then
            echo "FAIL $p/curve-h100.png is missing or not a PNG"
            fails=$((fails + 1))
        fi
    done
fi

[ "$fails" -eq 0 ]
