#!/bin/sh
# calibrate's prediction of the full job, checked by hand:
# - a pilot with no spread (tests/logs/pilot-flat.csv, worked out in
#   tests/calib/data/flat-job.yaml): the calibrated ranges are constants,
#   the simulation has nothing to draw, so every sample's generation takes
#   the 235 s the one worker needs (10 chunks x (2.5 + 2 x 10.5) s) and
#   costs $4.40: P5 = P95 = 235 s, and the simulated plan says the same;
#   its workers are the pilot's one call in flight;
# - the same seed gives the same report on 1 and 2 threads;
# - --samples 0 draws no ranges; a scenario with a simulation mapping keeps
#   its own workers.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 1
dir=$TMPDIR/calib-ranges
rm -rf "$dir"
mkdir -p "$dir"
fail=0
job=tests/calib/data/flat-job.yaml
log=tests/logs/pilot-flat.csv
"$RAFTCOST" calibrate "$job" "$log" -f json --samples 40 -j 1 >"$dir/j1.json" || fail=1
"$RAFTCOST" calibrate "$job" "$log" -f json --samples 40 -j 2 >"$dir/j2.json" || fail=1
cmp -s "$dir/j1.json" "$dir/j2.json" || { echo "-j 1 and -j 2 differ"; fail=1; }
awk -f "$here/json-flat.awk" "$dir/j1.json" >"$dir/flat"
# value KEY: the flattened report's value at KEY
value() { awk -v k="$1" '$1 == k { print $2 }' "$dir/flat"; }
near() { # near WHAT GOT WANT
    awk -v g="$2" -v w="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= 1e-9 * (w < 0 ? -w : w) + 1e-12) }' ||
        { echo "$1: got '$2', want $3"; fail=1; }
}
hours=$(awk 'BEGIN { printf "%.17g", 235 / 3600 }')
near "simulated time" "$(value calibrated.simulation.hours)" "$hours"
near "simulated cost" "$(value calibrated.simulation.cost)" 4.4
for p in p5 p50 p95 mean; do
    near "generation.hours $p" "$(value calibrated.uncertainty.figures.generation.hours.$p)" "$hours"
    near "generation.cost $p" "$(value calibrated.uncertainty.figures.generation.cost.$p)" 4.4
done
near "workers" "$(value prediction.workers)" 1
[ "$(value prediction.workers_from)" = '"pilot"' ] || { echo "workers not from the pilot"; fail=1; }
[ "$(value calibrated.uncertainty.simulated)" = true ] || { echo "samples not simulated"; fail=1; }
# No ranges with --samples 0.
"$RAFTCOST" calibrate "$job" "$log" -f json --samples 0 >"$dir/none.json" || fail=1
grep -q '"uncertainty"' "$dir/none.json" && { echo "--samples 0 drew samples"; fail=1; }
grep -q '"ranges":	false' "$dir/none.json" || { echo "--samples 0: prediction.ranges not false"; fail=1; }
# A scenario with a simulation mapping keeps its workers (3 here), as does --set.
sed 's/^generation:/simulation: {workers: 3}\ngeneration:/' "$job" >"$dir/with-sim.yaml"
"$RAFTCOST" calibrate "$dir/with-sim.yaml" "$log" -f json --samples 0 | awk -f "$here/json-flat.awk" >"$dir/flat"
near "the scenario's workers" "$(value prediction.workers)" 3
[ "$(value prediction.workers_from)" = '"scenario"' ] || { echo "workers not the scenario's"; fail=1; }
"$RAFTCOST" calibrate "$job" "$log" -f json --samples 0 --set simulation.workers=5 |
    awk -f "$here/json-flat.awk" >"$dir/flat"
near "--set's workers" "$(value prediction.workers)" 5
exit $fail
