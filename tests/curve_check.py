#!/usr/bin/env python3
"""Independent check of `raftcost fit` against SciPy and a numpy Gauss-Newton.

usage: python3 tests/curve_check.py BUILD/raftcost FILE.csv...

For each CSV file, runs `raftcost fit FILE -f json` and fits the saturating
and USL models again here, twice and without any code from raftcost:

  * scipy.optimize.curve_fit with the analytic Jacobians written below:
    MINPACK Levenberg-Marquardt for saturating, the bounded
    trust-region-reflective method (sigma, kappa >= 0) for USL;
  * a plain Gauss-Newton iteration with step halving written below in numpy
    (used as the reference; for USL it runs unconstrained, so the check
    needs a fit whose sigma and kappa come out positive, as on the shipped
    data).

Standard errors are sqrt(diag(cov)) with cov = (J^T J)^-1 chi2 / (n - p),
as curve_fit reports them by default.  The knee is found with brentq, not
with the closed form raftcost uses.  Every figure must agree with raftcost
to 4 significant digits (relative difference below 5e-5); the script prints
the figures side by side and exits 1 if any does not.

Needs python3-numpy and python3-scipy (Debian packages); not part of
`make test`.
"""
import json
import subprocess
import sys

import numpy as np
from scipy.optimize import brentq, curve_fit

TOLERANCE = 5e-5
TIGHT = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15)


def read(path):
    c, x = [], []
    header = False
    for line in open(path):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if not header:
            assert s.replace(" ", "") == "concurrency,output_tok_s", s
            header = True
            continue
        a, b = s.split(",")
        c.append(float(a))
        x.append(float(b))
    return np.array(c), np.array(x)


def saturating(c, x_max, c_half):
    return x_max * c / (c_half + c)


def saturating_jac(c, p):
    a, b = p
    return np.column_stack([c / (b + c), -a * c / (b + c) ** 2])


def usl(n, lam, sigma, kappa):
    return lam * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))


def usl_jac(n, p):
    lam, s, k = p
    d = 1 + s * (n - 1) + k * n * (n - 1)
    return np.column_stack([n / d, -lam * n * (n - 1) / d**2, -lam * n * n * (n - 1) / d**2])


def gauss_newton(f, jac, p, c, x, iters=500):
    p = np.array(p, dtype=float)
    for _ in range(iters):
        r = f(c, *p) - x
        step = np.linalg.lstsq(jac(c, p), -r, rcond=None)[0]
        t = 1.0
        while t > 1e-12 and np.sum((f(c, *(p + t * step)) - x) ** 2) > np.sum(r**2):
            t /= 2
        p = p + t * step
        if np.max(np.abs(t * step) / np.maximum(np.abs(p), 1e-300)) < 1e-15:
            break
    r = f(c, *p) - x
    J = jac(c, p)
    cov = np.linalg.inv(J.T @ J) * (np.sum(r**2) / (len(x) - len(p)))
    return p, np.sqrt(np.diag(cov))


def figures(model, f, p, se, names, c, x):
    r = f(c, *p) - x
    ss_res = float(np.sum(r**2))
    ss_tot = float(np.sum((x - x.mean()) ** 2))
    out = {"r2": 1 - ss_res / ss_tot, "rmse": (ss_res / len(x)) ** 0.5}
    for name, v, e in zip(names, p, se):
        out["params." + name] = v
        out["stderr." + name] = e
    if model == "saturating":
        out["max_tok_s"] = p[0]
        out["knee_concurrency"] = brentq(lambda v: f(v, *p) - 0.9 * p[0], 1e-9, 1e12)
    else:
        lam, s, k = p
        at = ((1 - s) / k) ** 0.5
        peak = f(at, *p)
        out["max_tok_s"] = peak
        out["max_at"] = at
        out["knee_concurrency"] = brentq(lambda v: f(v, *p) - 0.9 * peak, 1e-9, at)
    return out


def reference_fits(c, x):
    fits = {}
    p0 = [1.2 * x.max(), float(np.median(c))]
    p_gn, se_gn = gauss_newton(saturating, saturating_jac, p0, c, x)
    p_sp, cov = curve_fit(saturating, c, x, p0=p0, method="lm", maxfev=100000,
                          jac=lambda c_, *p: saturating_jac(c_, p), **TIGHT)
    names = ["x_max", "c_half"]
    fits["saturating"] = (
        figures("saturating", saturating, p_gn, se_gn, names, c, x),
        figures("saturating", saturating, p_sp, np.sqrt(np.diag(cov)), names, c, x),
    )
    p0 = [float(max(x / c)), 0.01, 1e-4]
    p_gn, se_gn = gauss_newton(usl, usl_jac, p0, c, x)
    assert p_gn[1] > 0 and p_gn[2] > 0, "the Gauss-Newton reference needs sigma, kappa > 0"
    p_sp, cov = curve_fit(usl, c, x, p0=p0, bounds=([0, 0, 0], [np.inf] * 3), method="trf",
                          x_scale="jac", max_nfev=100000, jac=lambda n_, *p: usl_jac(n_, p),
                          **TIGHT)
    names = ["lambda", "sigma", "kappa"]
    fits["usl"] = (
        figures("usl", usl, p_gn, se_gn, names, c, x),
        figures("usl", usl, p_sp, np.sqrt(np.diag(cov)), names, c, x),
    )
    return fits


def flatten(fit):
    out = {}
    for key, v in fit.items():
        if isinstance(v, dict):
            for name, w in v.items():
                out[key + "." + name] = w
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            out[key] = v
    return out


def main():
    raftcost, paths = sys.argv[1], sys.argv[2:]
    worst = 0.0
    worst_gn = worst_sp = (0.0, "")
    for path in paths:
        report = json.loads(subprocess.run([raftcost, "fit", path, "-f", "json"], check=True,
                                           capture_output=True, text=True).stdout)
        c, x = read(path)
        refs = reference_fits(c, x)
        print(path)
        print(f"  {'figure':28} {'raftcost':>22} {'gauss-newton':>22} {'scipy':>22} {'rel. diff':>10}")
        for fit in report["fits"]:
            if fit["model"] not in refs:
                continue
            ours = flatten(fit)
            gn, sp = refs[fit["model"]]
            for key, ref in gn.items():
                got = ours[key]
                rel = abs(got - ref) / abs(ref)
                rel_sp = abs(got - sp[key]) / abs(sp[key])
                worst = max(worst, rel, rel_sp)
                where = f"{path} {fit['model']} {key}"
                worst_gn = max(worst_gn, (rel, where))
                worst_sp = max(worst_sp, (rel_sp, where))
                flag = "" if max(rel, rel_sp) < TOLERANCE else "  <-- differs"
                print(f"  {fit['model'] + ' ' + key:28} {got:22.12g} {ref:22.12g} {sp[key]:22.12g}"
                      f" {max(rel, rel_sp):10.1e}{flag}")
    print(f"largest relative difference from Gauss-Newton: {worst_gn[0]:.1e} ({worst_gn[1]})")
    print(f"largest relative difference from SciPy: {worst_sp[0]:.1e} ({worst_sp[1]})")
    print(f"largest relative difference: {worst:.1e} (tolerance {TOLERANCE:g})")
    sys.exit(0 if worst < TOLERANCE else 1)


main()
