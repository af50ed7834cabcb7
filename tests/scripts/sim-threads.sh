#!/bin/sh
# The same seed gives the same simulation, byte for byte, on 1 and on 2
# threads (text and JSON, with replications); another seed gives another.
set -eu
cd "$(dirname "$0")/../.."
s=scenarios/serverless-limits.yaml
"$RAFTCOST" simulate "$s" --replications 8 -j 1 -f json >"$TMPDIR/j1.json"
"$RAFTCOST" simulate "$s" --replications 8 -j 2 -f json >"$TMPDIR/j2.json"
cmp "$TMPDIR/j1.json" "$TMPDIR/j2.json" || { echo "FAIL: -j 1 and -j 2 differ (json)"; exit 1; }
"$RAFTCOST" simulate "$s" --replications 8 -j 1 >"$TMPDIR/j1.txt"
"$RAFTCOST" simulate "$s" --replications 8 -j 2 >"$TMPDIR/j2.txt"
cmp "$TMPDIR/j1.txt" "$TMPDIR/j2.txt" || { echo "FAIL: -j 1 and -j 2 differ (text)"; exit 1; }
grep -q '8 replications: time mean' "$TMPDIR/j1.txt" || { echo "FAIL: no replication line"; exit 1; }
"$RAFTCOST" simulate "$s" --replications 8 -j 2 --seed 2 -f json >"$TMPDIR/s2.json"
if cmp -s "$TMPDIR/j1.json" "$TMPDIR/s2.json"; then
    echo "FAIL: seeds 1 and 2 give the same simulation"
    exit 1
fi
grep -q '"seed":	2' "$TMPDIR/s2.json" || { echo "FAIL: the seed is not recorded"; exit 1; }
