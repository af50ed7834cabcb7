#!/bin/sh
# The plots of actual and calibrate: actual.dat ends at the figures the JSON
# report gives, stream.dat holds each deployment's timed calls, the pictures
# are drawn when gnuplot is there, and deployment and scenario names with
# gnuplot's backquotes and quotes come out as text, running nothing.
set -eu
cd "$(dirname "$0")/../.."
dir="$TMPDIR/calib-plots"
rm -rf "$dir"
mkdir -p "$dir"
job=tests/calib/data/pilot-job.yaml
"$RAFTCOST" actual "$job" tests/logs/pilot.csv --plots "$dir/a" -f json >"$dir/a.json"
# Block 0's last row: 88.8 s, the cost and tokens so far (the JSON's actual).
last=$(awk '/^$/ { exit } /^[0-9]/ { row = $0 } END { print row }' "$dir/a/actual.dat")
set -- $last
awk -v t="$1" -v c="$2" -v i="$3" -v o="$4" 'BEGIN {
    if (t < 88.79 || t > 88.81 || c < 0.099263 || c > 0.099265 || i != 8352 || o != 2448) {
        printf "actual.dat ends at %s %s %s %s, want 88.8 0.099264 8352 2448\n", t, c, i, o; exit 1 } }'
grep -q '"cost":	0.0992639' "$dir/a.json" || { echo "the JSON's cost so far differs"; exit 1; }
# stream.dat: maas's 10 timed calls, then maap's 5.
awk 'BEGIN { b = 0 } /^$/ { blank++; next } /^#/ { next }
     { if (blank >= 2) { b++; blank = 0 } n[b]++ }
     END { if (n[0] != 10 || n[1] != 5) { printf "stream.dat: %d and %d points, want 10 and 5\n", n[0], n[1]; exit 1 } }' \
    "$dir/a/stream.dat"
if command -v gnuplot >/dev/null 2>&1; then
    for p in actual stream; do
        [ -s "$dir/a/$p.png" ] || { echo "$p.png was not drawn"; exit 1; }
    done
fi

# Hostile names: a scenario and a deployment named with backquotes and quotes.
marker="$dir/ran"
sed -e "s|^name: .*|name: \"x\`touch $marker\`x 'q'\"|" "$job" >"$dir/hostile.yaml"
sed -e "s|,maap,|,\"m\`touch $marker\`'a\",|" tests/logs/pilot.csv >"$dir/hostile.csv"
"$RAFTCOST" calibrate "$dir/hostile.yaml" "$dir/hostile.csv" --plots "$dir/h" >/dev/null
"$RAFTCOST" actual "$dir/hostile.yaml" "$dir/hostile.csv" --plots "$dir/h2" >/dev/null
[ ! -e "$marker" ] || { echo "a name ran a command"; exit 1; }
grep -q "'m\`touch $marker\`''a" "$dir/h/stream.gp" || { echo "the deployment is not quoted"; exit 1; }
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$dir/h/stream.png" ] && [ -s "$dir/h2/actual.png" ] || { echo "hostile plots not drawn"; exit 1; }
fi
