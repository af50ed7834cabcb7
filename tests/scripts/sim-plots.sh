#!/bin/sh
# simulate --plots: sim-timeline and sim-latency, their data from the same
# run as --timeline; a scenario with 'simulation' adds them to the report's
# plots; names with quotes, backquotes and markup are drawn as text.
set -eu
cd "$(dirname "$0")/../.."
s=scenarios/raft-build24-sim.yaml
out="$TMPDIR/simplots"
rm -rf "$out"
"$RAFTCOST" simulate "$s" --plots "$out" --timeline "$TMPDIR/t.csv" >/dev/null 2>"$TMPDIR/err"
for f in sim-timeline.dat sim-timeline.gp sim-latency.dat sim-latency.gp; do
    [ -s "$out/$f" ] || { echo "FAIL: no $f"; exit 1; }
done
# Block 0: two rows a step, the time in hours, then the tok/s of maas, maap/1, maap/2.
awk -F, 'NR > 1 { tok[$1 "," $3] = $5; if ($3 == "maas") steps++ }
    END { printf "%d %s %s %s\n", steps, tok["0,maas"], tok["0,maap/1"], tok["0,maap/2"] }' \
    "$TMPDIR/t.csv" >"$TMPDIR/want"
awk '/^#/ { next } /^[ \t]*$/ { if (rows) done = 1; next }
    !done { rows++; if (rows == 1) first = $2 " " $3 " " $4 }
    END { printf "%d %s\n", rows / 2, first }' "$out/sim-timeline.dat" >"$TMPDIR/got"
awk 'NR == FNR { for (i = 1; i <= NF; i++) w[i] = $i; n = NF; next }
    { if (NF != n) exit 1
      for (i = 1; i <= NF; i++) { d = $i - w[i]; if (d < 0) d = -d; if (d > 1e-9 * (w[i] > 1 ? w[i] : 1)) exit 1 } }' \
    "$TMPDIR/want" "$TMPDIR/got" || { echo "FAIL: timeline data $(cat "$TMPDIR/got"), want $(cat "$TMPDIR/want")"; exit 1; }
grep -q "^layer_names\[2\] = 'maap/1'$" "$out/sim-timeline.gp" || { echo "FAIL: names"; cat "$out/sim-timeline.gp"; exit 1; }

# The report of a scenario with 'simulation' draws them too.
rm -rf "$out"
"$RAFTCOST" "$s" --plots "$out" >/dev/null 2>&1
[ -s "$out/sim-timeline.dat" ] && [ -s "$out/phases.dat" ] || { echo "FAIL: report plots"; exit 1; }

if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$out/sim-timeline.png" ] && [ -s "$out/sim-latency.png" ] || { echo "FAIL: no pictures"; exit 1; }
    # Hostile names: drawn as text, nothing run.
    cat >"$TMPDIR/hostile.yaml" <<'YAML'
raftcost: 1
name: "x' `touch pwned` @macro \"q\""
backends:
  "a'b`c`":
    type: serverless
    model: {input_per_1k: 0.002, output_per_1k: 0.004}
    throughput: 50 tok/s
generation: {examples: 100, tokens: {input: 20k, output: 10k}}
YAML
    rm -rf "$out"
    (cd "$TMPDIR" && "$RAFTCOST" simulate hostile.yaml --plots "$out" >/dev/null)
    [ -s "$out/sim-timeline.png" ] || { echo "FAIL: hostile names not drawn"; exit 1; }
    [ ! -e "$TMPDIR/pwned" ] && [ ! -e "$out/pwned" ] || { echo "FAIL: a backquote ran"; exit 1; }
fi
