#!/usr/bin/env python3
"""The model and sampling of tests/bench/bench_mc.c, vectorised with numpy.

N Latin hypercube samples of 8 uncertain inputs (three lognormal 90%
intervals, a uniform, a triangular, a PERT, a normal 90% interval and a
rounded count), 6 output figures, then the mean and P5..P95 of every figure
and the share of samples within a budget; prints the times in the same form
as bench_mc so that tests/bench.sh can give the ratio.

numpy has no inverse normal or inverse Beta CDF (scipy does; Debian's
python3-numpy alone is the reference here): the normal quantile is Acklam's
rational approximation (relative error below 1.2e-9), the PERT's is the
Beta CDF tabulated on 20,001 points by the trapezoid rule and inverted with
np.interp.

usage: mc_reference.py [-n N]
"""
import sys
import time

import numpy as np

CALLS = 30000.0
BUDGET = 20000.0
Z95 = 1.6448536269514722

# Acklam's coefficients for the inverse of the standard normal CDF.
A = [-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
     1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00]
B = [-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
     6.680131188771972e01, -1.328068155288572e01]
C = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
     -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00]
D = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
     3.754408661907416e00]


def norm_ppf(u):
    """The standard normal quantile of every element of u (0 < u < 1)."""
    x = np.empty_like(u)
    low = u < 0.02425
    high = u > 1 - 0.02425
    mid = ~(low | high)
    q = u[mid] - 0.5
    r = q * q
    x[mid] = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
              / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1))
    for mask, sign, p in ((low, 1.0, u[low]), (high, -1.0, 1 - u[high])):
        q = np.sqrt(-2 * np.log(p))
        x[mask] = sign * ((((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1))
    return x


def lognormal_interval(u, p5, p95):
    mu = (np.log(p5) + np.log(p95)) / 2
    sigma = (np.log(p95) - np.log(p5)) / (2 * Z95)
    return np.exp(mu + sigma * norm_ppf(u))


def triangular(u, low, mode, high):
    width = high - low
    at_mode = (mode - low) / width
    return np.where(u <= at_mode, low + np.sqrt(u * width * (mode - low)),
                    high - np.sqrt((1 - u) * width * (high - mode)))


def pert(u, low, mode, high):
    alpha = 1 + 4 * (mode - low) / (high - low)
    beta = 1 + 4 * (high - mode) / (high - low)
    grid = np.linspace(0, 1, 20001)
    pdf = grid ** (alpha - 1) * (1 - grid) ** (beta - 1)
    cdf = np.concatenate(([0], np.cumsum((pdf[1:] + pdf[:-1]) / 2)))
    cdf /= cdf[-1]
    return low + (high - low) * np.interp(u, cdf, grid)


def model(x):
    """Keep equal to model() in bench_mc.c; x is N x 8, the result N x 6."""
    prompt, output, tok_s, price, mfu, overhead, growth, replicas = x.T
    gen_tokens = CALLS * (prompt + output)
    gen_cost = CALLS * (prompt * price / 4 + output * price) / 1e6
    gen_hours = CALLS * output / (tok_s * 64) / 3600
    ft_flops = 6 * 8e9 * gen_tokens * 3
    ft_hours = ft_flops / (8 * 989e12 * mfu) / 3600 * (1 + overhead)
    ft_cost = ft_hours * 8 * 2.5
    month = replicas * 730 * 0.4
    serve = np.zeros_like(month)
    for _ in range(12):
        serve += month
        month = month * (1 + growth)
    return np.column_stack((gen_cost, gen_hours, ft_hours, ft_cost, serve,
                            gen_cost + ft_cost + serve))


def main():
    n = 100000
    if len(sys.argv) == 3 and sys.argv[1] == "-n":
        n = int(sys.argv[2])
    elif len(sys.argv) != 1:
        sys.exit("usage: mc_reference.py [-n N]")
    rng = np.random.default_rng(2024)
    t0 = time.perf_counter()
    # Latin hypercube: per input a permutation of the strata, plus a jitter.
    u = (np.column_stack([rng.permutation(n) for _ in range(8)]) + rng.random((n, 8))) / n
    x = np.empty_like(u)
    x[:, 0] = lognormal_interval(u[:, 0], 1500, 2500)
    x[:, 1] = lognormal_interval(u[:, 1], 300, 700)
    x[:, 2] = lognormal_interval(u[:, 2], 50, 90)
    x[:, 3] = 0.5 + 0.3 * u[:, 3]
    x[:, 4] = triangular(u[:, 4], 0.25, 0.40, 0.50)
    x[:, 5] = pert(u[:, 5], 0.05, 0.15, 0.40)
    x[:, 6] = 0.1 + 0.4 / (2 * Z95) * norm_ppf(u[:, 6])
    x[:, 7] = np.maximum(np.floor(0.5 + 6 * u[:, 7] + 0.5), 1)
    out = model(x)
    t1 = time.perf_counter()
    mean = out.mean(axis=0)
    pct = np.percentile(out, [5, 10, 50, 90, 95], axis=0)
    share = np.mean(out[:, 5] <= BUDGET)
    t2 = time.perf_counter()
    run_ms, stats_ms = (t1 - t0) * 1e3, (t2 - t1) * 1e3
    print(f"numpy {np.__version__}: {n} LHS samples x 8 inputs x 6 figures, one thread")
    print(f"  sampling + model: {run_ms:.1f} ms")
    print(f"  statistics:       {stats_ms:.1f} ms")
    print(f"  total:            {run_ms + stats_ms:.1f} ms")
    print(f"  total figure: mean {mean[5]:.2f}, P5 {pct[0, 5]:.2f}, P50 {pct[2, 5]:.2f}, "
          f"P95 {pct[4, 5]:.2f}; P(total <= {BUDGET:.0f}) = {share:.3f}")


if __name__ == "__main__":
    main()
