#!/usr/bin/env python3
"""The talk's scenario with ranges (scenarios/raft-build24-ranges.yaml),
its analytic model and its Monte Carlo statistics, vectorised with numpy.

The same seven ranges (lognormal 90% intervals for the two endpoints'
speeds, the job's tokens and the traffic, a normal one for the growth, a
triangular for the fine-tuning time), Latin hypercube sampling, the model
of src/model.c for this scenario (capacity routing over a serverless
endpoint and two VMs ready at once, an hourly fine-tuning price, two
inference options, twelve months, the comparison with its payback and
claim), then the mean and P5..P95 of the report's 14 headline figures and
the chances that the budget holds, the deadline is met and the claim holds.
Prints the times in the form of bench_unc so that tests/bench.sh can give
the ratio, and the one-off total's statistics to compare with raftcost's.

The prices are those of pricing/azure-build2024.yaml; keep them and the
ranges equal to the scenario's.  numpy has no inverse normal CDF: Acklam's
approximation from mc_reference.py (relative error below 1.2e-9).

usage: unc_reference.py [-n N]
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mc_reference import Z95, lognormal_interval, norm_ppf, triangular  # noqa: E402

HOUR = 3600.0
MONTH_H = 730.0
MONTH_DAYS = MONTH_H / 24
MONTHS = 12
# Prices (per 1K tokens, per hour) of pricing/azure-build2024.yaml.
LLAMA70_IN, LLAMA70_OUT = 0.00378, 0.01134
RAFT_IN, RAFT_OUT, RAFT_HOSTING = 0.00052, 0.00067, 3.09
VM_PER_HOUR, VMS = 14.69, 2
FT_PER_HOUR = 35.0
IN_TOKENS, OUT_TOKENS = 1500, 300  # per request
BUDGET, DEADLINE_H, CLAIM = 200.0, 4.0, 100.0


def model(x):
    """x: N x 7 inputs, in the order of the scenario's ranges.  Returns the figures by key."""
    maas, maap, tok_in, tok_out, ft_s, req_s, growth = x.T
    # Generation: capacity routing, both ready at once: T = output / (X1 + X2).
    x1, x2 = maas, VMS * maap
    wall_s = tok_out / (x1 + x2)
    share1 = x1 * wall_s / tok_out
    gen_cost = (tok_in * share1 * LLAMA70_IN + tok_out * share1 * LLAMA70_OUT) / 1000 \
        + VMS * VM_PER_HOUR * wall_s / HOUR
    ft_cost = FT_PER_HOUR * ft_s / HOUR
    one_off = gen_cost + ft_cost
    # Inference: month m has requests x (1 + growth)^m; the candidate pays its hosting.
    cb = (IN_TOKENS * LLAMA70_IN + OUT_TOKENS * LLAMA70_OUT) / 1000
    cc = (IN_TOKENS * RAFT_IN + OUT_TOKENS * RAFT_OUT) / 1000
    hc = RAFT_HOSTING * MONTH_H
    per_month = req_s * MONTH_H * HOUR
    factor = (1 + growth)[:, None] ** np.arange(MONTHS)[None, :]
    requests = per_month[:, None] * factor
    base_m = requests * cb
    cand_m = hc + requests * cc
    base_total, cand_serving = base_m.sum(axis=1), cand_m.sum(axis=1)
    # Payback: the first month whose saving repays what is left, linear within it.
    payback = np.full(len(x), np.nan)
    saved = np.zeros(len(x))
    for m in range(MONTHS):
        saving = base_m[:, m] - cand_m[:, m]
        hit = np.isnan(payback) & (saving > 0) & (saved + saving >= one_off)
        part = np.maximum(0.0, m + (one_off - saved) / np.where(saving > 0, saving, 1)) - m
        payback = np.where(hit, (m + part) * MONTH_DAYS, payback)
        saved = saved + saving
    first_ratio = base_m[:, 0] / cand_m[:, 0]
    return {
        "generation.cost": gen_cost,
        "generation.hours": wall_s / HOUR,
        "fine_tuning.cost": ft_cost,
        "fine_tuning.hours": ft_s / HOUR,
        "totals.one_off": one_off,
        "inference.baseline.first_month_cost": base_m[:, 0],
        "inference.raft.first_month_cost": cand_m[:, 0],
        "inference.baseline.horizon_cost": base_total,
        "inference.raft.horizon_cost": cand_serving + one_off,
        "totals.horizon": cand_serving + one_off,
        "comparison.first_month_ratio": first_ratio,
        "comparison.horizon_ratio": base_total / (cand_serving + one_off),
        "comparison.breakeven_requests_per_day": np.full(len(x), hc / (cb - cc) / MONTH_DAYS),
        "comparison.payback_days": payback,
        "claim": first_ratio >= CLAIM * (1 - 1e-12),
    }


def main():
    n = 100000
    if len(sys.argv) == 3 and sys.argv[1] == "-n":
        n = int(sys.argv[2])
    elif len(sys.argv) != 1:
        sys.exit("usage: unc_reference.py [-n N]")
    rng = np.random.default_rng(2024)
    t0 = time.perf_counter()
    k = 7
    u = (np.column_stack([rng.permutation(n) for _ in range(k)]) + rng.random((n, k))) / n
    x = np.empty_like(u)
    x[:, 0] = lognormal_interval(u[:, 0], 50, 90)  # tok/s
    x[:, 1] = lognormal_interval(u[:, 1], 100, 160)
    x[:, 2] = lognormal_interval(u[:, 2], 8.9e6, 11.2e6)
    x[:, 3] = lognormal_interval(u[:, 3], 3.3e6, 4.1e6)
    x[:, 4] = triangular(u[:, 4], 1.5 * HOUR, 1.75 * HOUR, 3 * HOUR)
    x[:, 5] = lognormal_interval(u[:, 5], 10e3 / 86400, 40e3 / 86400)  # requests a second
    x[:, 6] = 0.03 + 0.10 / (2 * Z95) * norm_ppf(u[:, 6])
    figures = model(x)
    t1 = time.perf_counter()
    stats = {}
    for key, v in figures.items():
        if key == "claim":
            continue
        ok = v[np.isfinite(v)]
        stats[key] = (ok.mean(), np.percentile(ok, [5, 10, 50, 90, 95]))
    p_budget = np.mean(figures["totals.one_off"] <= BUDGET)
    p_deadline = np.mean(figures["generation.hours"] <= DEADLINE_H)
    p_claim = np.mean(figures["claim"])
    t2 = time.perf_counter()
    run_ms, stats_ms = (t1 - t0) * 1e3, (t2 - t1) * 1e3
    mean, pct = stats["totals.one_off"]
    print(f"numpy {np.__version__}: {n} LHS samples of the talk's scenario with ranges "
          f"({k} inputs, {len(stats)} figures), one thread")
    print(f"  sampling + model: {run_ms:.1f} ms")
    print(f"  statistics:       {stats_ms:.1f} ms")
    print(f"  total:            {run_ms + stats_ms:.1f} ms")
    print(f"  one-off total: mean {mean:.2f}, P5 {pct[0]:.2f}, P50 {pct[2]:.2f}, P95 {pct[4]:.2f}; "
          f"P(budget.one_off) {p_budget:.3f}; P(deadline) {p_deadline:.3f}; P(claim) {p_claim:.3f}")


if __name__ == "__main__":
    main()
