#!/bin/sh
# The same seed gives the same output on any number of threads: the
# report's JSON, the samples' CSV and the tornado, with -j 1, 2 and 5; and
# a simulating scenario's, whose samples each run a replication, with -j 1
# and 2.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
scenario="$root/scenarios/raft-build24-ranges.yaml"
out="$TMPDIR/unc-threads"
rm -rf "$out"
mkdir -p "$out"
for j in 1 2 5; do
    "$RAFTCOST" -f json "$scenario" --samples 5000 --seed 11 -j $j \
        --samples-out "$out/samples-$j.csv" >"$out/report-$j.json"
    "$RAFTCOST" tornado -f json "$scenario" --samples 3000 --method mc -j $j >"$out/tornado-$j.json"
done
sim="$root/tests/unc/data/sim-draws.yaml"
for j in 1 2; do
    "$RAFTCOST" -f json "$sim" --samples 40 -j $j --samples-out "$out/sim-samples-$j.csv" \
        >"$out/sim-report-$j.json"
done
fails=0
for f in sim-report sim-samples; do
    ext=json
    [ "$f" = sim-samples ] && ext=csv
    if ! cmp -s "$out/$f-1.$ext" "$out/$f-2.$ext"; then
        echo "FAIL $f-2.$ext differs from $f-1.$ext"
        fails=$((fails + 1))
    fi
done
grep -q '"simulated":	true' "$out/sim-report-1.json" || { echo "FAIL not simulated"; fails=$((fails + 1)); }
for j in 2 5; do
    for f in report-$j.json samples-$j.csv tornado-$j.json; do
        first=$(echo "$f" | sed "s/-$j\./-1./")
        if ! cmp -s "$out/$first" "$out/$f"; then
            echo "FAIL $f differs from $first"
            fails=$((fails + 1))
        fi
    done
done
# A different seed gives different samples.
"$RAFTCOST" -f json "$scenario" --samples 5000 --seed 12 >"$out/other.json"
if cmp -s "$out/report-1.json" "$out/other.json"; then
    echo "FAIL seeds 11 and 12 give the same report"
    fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
