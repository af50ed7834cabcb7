#!/bin/sh
# Spot preemption through the command: the same figures, byte for byte, on
# 1 and 2 threads (text and JSON, 20 replications, each with its own
# preemptions and its run without them); another seed gives other
# preemptions; the preempted deployments' JSON adds up to the simulation's;
# on demand there is no preemption object; the mean time with preemption is
# above the mean without it.
set -eu
cd "$(dirname "$0")/../.."
s=scenarios/raft-build24-spot.yaml
set -- --variant hourly --replications 20
"$RAFTCOST" simulate "$s" "$@" -j 1 -f json >"$TMPDIR/j1.json"
"$RAFTCOST" simulate "$s" "$@" -j 2 -f json >"$TMPDIR/j2.json"
cmp "$TMPDIR/j1.json" "$TMPDIR/j2.json" || { echo "FAIL: -j 1 and -j 2 differ (json)"; exit 1; }
"$RAFTCOST" simulate "$s" "$@" -j 1 >"$TMPDIR/j1.txt"
"$RAFTCOST" simulate "$s" "$@" -j 2 >"$TMPDIR/j2.txt"
cmp "$TMPDIR/j1.txt" "$TMPDIR/j2.txt" || { echo "FAIL: -j 1 and -j 2 differ (text)"; exit 1; }
"$RAFTCOST" simulate "$s" "$@" --seed 2 -f json >"$TMPDIR/s2.json"
if cmp -s "$TMPDIR/j1.json" "$TMPDIR/s2.json"; then
    echo "FAIL: seeds 1 and 2 give the same preemptions"
    exit 1
fi
python3 - "$TMPDIR/j1.json" <<'PY' || exit 1
import json, sys
sim = json.load(open(sys.argv[1]))["simulation"]
p = sim["preemption"]
parts = [b["preemption"] for b in sim["backends"] if "preemption" in b]
assert len(parts) == 2, "two preempted VMs"
for key in ("preemptions", "rerun_requests", "rerun_tokens", "down_hours", "down_cost"):
    total = sum(d[key] for d in parts)
    assert abs(total - p[key]) <= 1e-9 * max(1, abs(total)), (key, total, p[key])
assert abs(p["extra_hours"] - (sim["hours"] - p["without"]["hours"])) < 1e-12
assert sim["replications"]["hours"]["mean"] > p["without"]["replications"]["hours"]["mean"]
assert p["without"]["on_demand_cost"] > sim["cost"], "spot is cheaper"
PY
"$RAFTCOST" simulate "$s" --variant on-demand -f json >"$TMPDIR/od.json"
if grep -q '"preemption"' "$TMPDIR/od.json"; then
    echo "FAIL: on demand, a preemption object"
    exit 1
fi
grep -q "maap: on demand, not preempted" <<EOT || { echo "FAIL: no on-demand note"; exit 1; }
$("$RAFTCOST" simulate "$s" --variant on-demand)
EOT
