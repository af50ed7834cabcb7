#!/bin/sh
# Through the command line: the talk's scenario with constant throughputs,
# no limits, 30 workers and least-busy routing is simulated within 1% of the
# analytic time and cost; c workers on a curve backend get the curve's
# throughput at c (the analytic throughput).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
flat() { awk -f "$here/json-flat.awk"; }
value() { awk -v p="$1" '$1 == p { print $2 }' "$2"; }
near() { # near WHAT GOT WANT TOLERANCE
    awk -v a="$2" -v b="$3" -v t="$4" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t * b) }' ||
        { echo "FAIL $1: $2, want $3 within $4"; exit 1; }
}

"$RAFTCOST" simulate scenarios/raft-build24.yaml --set simulation.routing=least-busy \
    --set simulation.workers=30 -f json | flat >"$TMPDIR/lb.flat"
near "least-busy hours" "$(value simulation.hours "$TMPDIR/lb.flat")" \
    "$(value generation.hours "$TMPDIR/lb.flat")" 0.01
near "least-busy cost" "$(value simulation.cost "$TMPDIR/lb.flat")" \
    "$(value generation.cost "$TMPDIR/lb.flat")" 0.01
# 3.7M / 350 tok/s = 10,571.43 s = 2.936508 h
near "analytic hours" "$(value generation.hours "$TMPDIR/lb.flat")" 2.936508 1e-6

# A USL curve read at 24 in flight, 24 workers on the one instance.
cat >"$TMPDIR/curve.yaml" <<YAML
raftcost: 1
backends:
  gpu:
    type: dedicated
    instance: {per_hour: 10}
    throughput:
      curve: usl
      points: [[1, 51.7], [5, 218.5], [10, 390], [25, 700], [50, 870], [100, 905]]
      concurrency: 24
generation: {examples: 2400, tokens: {input: 0, output: 480000}}
simulation: {workers: 24}
YAML
"$RAFTCOST" simulate "$TMPDIR/curve.yaml" -f json | flat >"$TMPDIR/curve.flat"
near "curve X(24)" "$(value simulation.tok_s "$TMPDIR/curve.flat")" \
    "$(value generation.throughput_tok_s "$TMPDIR/curve.flat")" 1e-9
