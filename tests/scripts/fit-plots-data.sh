#!/bin/sh
# fit --plots: curve-NAME.dat holds the measured points, and every curve
# value in it agrees with the parameters that `raftcost fit -f json` reports,
# computed here again from the models' formulas (relative tolerance 1e-9).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
csv="$root/scenarios/curves/nim-llama-3.3-70b-2xh100-fp8.csv"
out="$TMPDIR/fit-plots"
rm -rf "$out"
mkdir -p "$out"

"$RAFTCOST" fit "$csv" -f json >"$out/plain.json"
awk -f "$here/json-flat.awk" "$out/plain.json" >"$out/fit.flat"
"$RAFTCOST" fit "$csv" -f json --plots "$out/plots" >"$out/with-plots.json"
cmp -s "$out/plain.json" "$out/with-plots.json" ||
    { echo "FAIL the report changes with --plots"; exit 1; }
dat="$out/plots/curve-nim-llama-3.3-70b-2xh100-fp8.dat"
[ -s "$dat" ] || { echo "FAIL $dat was not written"; exit 1; }

fails=0
json() {
    awk -v p="$1" '$1 == p { print $2; found = 1 } END { if (!found) print "missing" }' \
        "$out/fit.flat"
}
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
        echo "FAIL $1: data has '$2', want '$3'"
        fails=$((fails + 1))
    fi
}

# Block 1: the CSV's points, in order.
grep -v '^#' "$csv" | tail -n +2 | tr ',' ' ' >"$out/csv-points"
block "$dat" 1 >"$out/dat-points"
if ! awk 'NR == FNR { c[FNR] = $1; x[FNR] = $2; n = FNR; next }
          { if (FNR > n || $1 != c[FNR] || $2 != x[FNR]) bad = 1; m = FNR }
          END { exit bad || m != n }' "$out/csv-points" "$out/dat-points"; then
    echo "FAIL block 1 does not hold the CSV's points:"
    cat "$out/dat-points"
    fails=$((fails + 1))
fi

# Block 0: concurrency, then a column per curve in the header's order.
header=$(grep 'a column per curve:' "$dat" | sed 's/.*a column per curve://')
[ "$(echo $header)" = "saturating usl table" ] ||
    { echo "FAIL columns '$header', want saturating usl table"; fails=$((fails + 1)); }
block "$dat" 0 >"$out/curves"
rows=$(wc -l <"$out/curves")
[ "$rows" -gt 300 ] || { echo "FAIL only $rows curve rows"; fails=$((fails + 1)); }

# Every row against the formulas: X(c) = x_max c / (c_half + c);
# X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1)); the table linear
# from (0, 0) through the points, flat beyond the last.
if ! awk -v xm="$(json fits.0.params.x_max)" -v ch="$(json fits.0.params.c_half)" \
        -v la="$(json fits.1.params.lambda)" -v si="$(json fits.1.params.sigma)" \
        -v ka="$(json fits.1.params.kappa)" '
    function near(a, b) { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b
                          return d <= 1e-9 * (m > 1 ? m : 1) }
    function table(c,   i) {
        if (c <= 0) return 0
        if (c <= pc[1]) return px[1] * c / pc[1]
        for (i = 2; i <= np; i++)
            if (c <= pc[i]) return px[i - 1] + (px[i] - px[i - 1]) * (c - pc[i - 1]) / (pc[i] - pc[i - 1])
        return px[np]
    }
    NR == FNR { np++; pc[np] = $1; px[np] = $2; next }
    {
        c = $1
        sat = c > 0 ? xm * c / (ch + c) : 0
        usl = c > 0 ? la * c / (1 + si * (c - 1) + ka * c * (c - 1)) : 0
        if (!near($2, sat)) { print "row " FNR ": saturating " $2 ", want " sat; bad = 1 }
        if (!near($3, usl)) { print "row " FNR ": usl " $3 ", want " usl; bad = 1 }
        if (!near($4, table(c))) { print "row " FNR ": table " $4 ", want " table(c); bad = 1 }
        checked++
    }
    END { exit bad || checked < 300 }' "$out/csv-points" "$out/curves"; then
    echo "FAIL the curves disagree with the fitted parameters"
    fails=$((fails + 1))
fi
# A few rows by hand: the first (0, 0) and the measured concurrency 25.
same "curve at 0" "$(block "$dat" 0 | awk 'NR == 1 { print $3 }')" 0
same "table at 25" "$(block "$dat" 0 | awk '$1 == 25 { print $4 }')" 623.4
same "usl at 25" "$(block "$dat" 0 | awk '$1 == 25 { print $3 }')" \
    "$(awk -v la="$(json fits.1.params.lambda)" -v si="$(json fits.1.params.sigma)" \
        -v ka="$(json fits.1.params.kappa)" 'BEGIN { printf "%.17g", la * 25 / (1 + si * 24 + ka * 25 * 24) }')"

# Block 2: each curve's knee, and the usl peak.
same "saturating knee" "$(block "$dat" 2 | awk 'NR == 1 { print $2 }')" "$(json fits.0.knee_concurrency)"
same "usl knee" "$(block "$dat" 2 | awk 'NR == 2 { print $2 }')" "$(json fits.1.knee_concurrency)"
same "table knee" "$(block "$dat" 2 | awk 'NR == 3 { print $2 }')" "$(json fits.2.knee_concurrency)"
same "usl peak at" "$(block "$dat" 2 | awk 'NR == 2 { print $4 }')" "$(json fits.1.max_at)"
same "usl peak" "$(block "$dat" 2 | awk 'NR == 2 { print $5 }')" "$(json fits.1.max_tok_s)"
[ "$(block "$dat" 2 | awk 'NR == 1 { print $4 }')" = NaN ] ||
    { echo "FAIL the saturating curve has a peak"; fails=$((fails + 1)); }

# The script names the best fit and gives R^2 in the key.
grep -q "^fit_titles\[2\] = 'usl, R² 0.9995 (best): knee at 59.4, peak 933 tok/s at 156'\$" \
    "$out/plots/curve-nim-llama-3.3-70b-2xh100-fp8.gp" ||
    { echo "FAIL the usl curve's key entry"; fails=$((fails + 1)); }

# One model: its column alone, and no best fit named.  A file name with
# blanks and quotes gives a plot name of [A-Za-z0-9._-] only.
cp "$csv" "$out/it's a bench #2.v1.csv"
"$RAFTCOST" fit "$out/it's a bench #2.v1.csv" --model usl --plots "$out/one" >/dev/null
one="$out/one/curve-it_s_a_bench__2.v1"
[ -s "$one.dat" ] && [ -s "$one.gp" ] || { echo "FAIL $one.dat or .gp missing"; ls "$out/one"; exit 1; }
[ "$(block "$one.dat" 0 | awk 'NR == 50 { print NF }')" = 2 ] ||
    { echo "FAIL --model usl: want one curve column"; fails=$((fails + 1)); }
grep -q "^fit_titles\[1\] = 'usl, R² 0.9995: knee at 59.4, peak 933 tok/s at 156'\$" "$one.gp" ||
    { echo "FAIL --model usl: key entry"; fails=$((fails + 1)); }
grep -q "^subtitle = 'it''s a bench #2.v1.csv'\$" "$one.gp" ||
    { echo "FAIL the file name is not quoted as expected"; fails=$((fails + 1)); }

if command -v gnuplot >/dev/null 2>&1; then
    for p in "$out/plots/curve-nim-llama-3.3-70b-2xh100-fp8" "$one"; do
        if [ "$(head -c 4 "$p.png" 2>/dev/null | tail -c 3)" != "PNG" ]; then
            echo "FAIL $p.png is missing or not a PNG"
            fails=$((fails + 1))
        fi
    done
    "$RAFTCOST" fit "$csv" --plots "$out/svg" --plot-format svg >/dev/null
    grep -q '<svg' "$out/svg/curve-nim-llama-3.3-70b-2xh100-fp8.svg" ||
        { echo "FAIL curve svg"; fails=$((fails + 1)); }
    if ls -a "$out/plots" "$out/one" "$out/svg" | grep -q '\.tmp'; then
        echo "FAIL a temporary picture was left behind"
        fails=$((fails + 1))
    fi
fi

[ "$fails" -eq 0 ]
