#!/bin/sh
# Benchmarks: the time of a report, of a 10,000-point sweep, of a curve fit,
# of loading LiteLLM's whole catalogue, of Monte Carlo sampling (beside a
# numpy implementation of the same model, when numpy is there), of 100,000
# samples of the talk's scenario with ranges (beside numpy too), of 1,000
# simulated samples of the talk's simulated case with a range, of reading
# a 1-million-request usage log and of the simulation (events per second, a
# 1M-call job and its memory, and the ratio to a plain Python implementation
# of the same case), and of `raftcost simulate` on the talk's case.
# Usage: tests/bench.sh BUILD_DIR.  Prints medians of repeated runs.
set -eu
build=${1:-build}
cd "$(dirname "$0")/.."
bin=$build/raftcost
scenario=scenarios/raft-build24.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Median wall time in milliseconds of RUNS runs of a command.
median_ms() {
    runs=$1
    shift
    i=0
    : >"$tmp/times"
    while [ "$i" -lt "$runs" ]; do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        echo $(((end - start) / 1000)) >>"$tmp/times"
        i=$((i + 1))
    done
    sort -n "$tmp/times" | awk '{ t[NR] = $1 } END {
        m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "%.2f ms (median of %d runs, fastest %.2f ms)\n", m / 1000, NR, t[1] / 1000 }'
}

echo "report (text):             $(median_ms 50 "$bin" "$scenario")"
echo "report (json):             $(median_ms 50 "$bin" -f json "$scenario")"
echo "sweep 10,000 points (text): $(median_ms 5 "$bin" sweep "$scenario" \
    --vary inference.traffic.requests=1k/day..1M/day:10000:log)"
echo "sweep 10,000 points (csv):  $(median_ms 5 "$bin" sweep "$scenario" \
    --vary inference.traffic.requests=1k/day..1M/day:10000:log -f csv)"
echo "sweep 10,000 points (json): $(median_ms 3 "$bin" sweep "$scenario" \
    --vary inference.traffic.requests=1k/day..1M/day:10000:log -f json)"
echo "sweep 100 x 100 grid (csv): $(median_ms 5 "$bin" sweep "$scenario" \
    --vary backends.maap.count=1..100 --vary inference.traffic.requests=1k/day..1M/day:100:log -f csv)"
# Loading LiteLLM's whole catalogue and resolving one model: well under 50 ms.
if [ -x "$build/bench_catalogue" ]; then
    "$build/bench_catalogue" -n 20 pricing/litellm-model-prices.json pricing/gpu-vms.csv
fi
if [ -x "$build/bench_fit" ]; then
    "$build/bench_fit" -n 2000 scenarios/curves/*.csv
fi
if [ -x "$build/bench_mc" ]; then
    "$build/bench_mc" -n 100000 -j 2 | tee "$tmp/mc"
    # Debian's python3-numpy, whichever python3 comes first on the PATH.
    for py in python3 /usr/bin/python3; do
        if "$py" -c 'import numpy' 2>/dev/null; then
            "$py" tests/bench/mc_reference.py -n 100000 | tee "$tmp/np"
            awk '/^  total: / { t[FILENAME] = $2 } END {
                c = t[ARGV[1]]; p = t[ARGV[2]]
                if (c > 0 && p > 0) printf "mc vs numpy: %.1f times as fast\n", p / c }' \
                "$tmp/mc" "$tmp/np"
            break
        fi
    done
fi
# The talk's scenario with ranges: 100,000 samples as the report runs them
# (unc_run alone, then the whole command), beside numpy's same model.
if [ -x "$build/bench_unc" ]; then
    ranges=scenarios/raft-build24-ranges.yaml
    "$build/bench_unc" -n 100000 -j 2 "$ranges" | tee "$tmp/unc"
    echo "report with 100,000 samples (json, 2 threads): $(median_ms 5 "$bin" -f json "$ranges" \
        --samples 100000 -j 2)"
    for py in python3 /usr/bin/python3; do
        if "$py" -c 'import numpy' 2>/dev/null; then
            "$py" tests/bench/unc_reference.py -n 100000 | tee "$tmp/npu"
            awk '/^  total: / { t[FILENAME] = $2 } END {
                c = t[ARGV[1]]; p = t[ARGV[2]]
                if (c > 0 && p > 0) printf "ranges vs numpy: %.1f times as fast\n", p / c }' \
                "$tmp/unc" "$tmp/npu"
            break
        fi
    done
fi
# The talk's simulated case with a range on the endpoint's speed: every
# sample simulates the 18,000 calls once (one replication, no timeline).
if [ -x "$build/bench_unc" ]; then
    sed "s#\.\./pricing/#$(pwd)/pricing/#" scenarios/raft-build24-sim.yaml >"$tmp/sim-ranges.yaml"
    printf 'ranges:\n  backends.maas.throughput: 50..90 tok/s\n' >>"$tmp/sim-ranges.yaml"
    for j in 1 2; do
        "$build/bench_unc" -n 1000 -j $j "$tmp/sim-ranges.yaml" | sed -n '1,2p'
    done
    echo "report with 1,000 simulated samples (2 threads): $(median_ms 3 "$bin" "$tmp/sim-ranges.yaml" \
        --samples 1000 -j 2)"
fi
if [ -x "$build/bench_log" ]; then
    "$build/bench_log" -n 1000000
fi
# The talk's case simulated request by request (18,000 calls, simple-shuffle).
sim_scenario=scenarios/raft-build24-sim.yaml
echo "simulate (talk's case, 18k calls):  $(median_ms 20 "$bin" simulate "$sim_scenario")"
echo "simulate, 100 replications (-j 2): $(median_ms 5 "$bin" simulate "$sim_scenario" \
    --replications 100 -j 2)"
if [ -x "$build/bench_sim" ]; then
    "$build/bench_sim"
    # The deterministic case in C (fastest of 3 runs) and in Python: the same
    # wall time to the last digit, and how much faster C is.
    if command -v python3 >/dev/null 2>&1; then
        n=1000000
        w=24
        for i in 1 2 3; do "$build/bench_sim" --reference $n $w; done >"$tmp/c"
        python3 tests/bench/sim_reference.py $n $w >"$tmp/py"
        awk -v n=$n -v w=$w 'NR == FNR { if (best == "" || $4 < best) best = $4; wall = $2; next }
            { if ($2 != wall) { printf "sim reference: wall times differ: C %s, Python %s\n", wall, $2; bad = 1; exit }
              printf "sim reference (%d calls, %d workers): same wall time %s s in C and Python; C %.3f s, Python %.3f s: %.1fx\n", n, w, wall, best, $4, $4 / best }
            END { exit bad }' "$tmp/c" "$tmp/py"
    fi
fi
