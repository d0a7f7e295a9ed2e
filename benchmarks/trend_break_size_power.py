"""Size and power of the Perron-Yabu trend-break test on short series (n = 25, 38, 60).

Run on demand (not part of ``make test``)::

    .venv/bin/python benchmarks/trend_break_size_power.py [REPS] [DRAWS] [N]

With N (one sample size) only that n is run and the outputs get the suffix ``_nN`` (so
the three sample sizes can run side by side on separate cores).

For every design it simulates REPS series (default 300), computes Exp-W and its AR-sieve
bootstrap p-value with DRAWS draws (default 199) exactly as :func:`policyts.models.
trend_break` does, and records the rejection rate at 5% of

* the bootstrap test (``boot``: p-value < 0.05), the test ``trend_break`` runs, and
* the asymptotic Perron-Yabu 5% critical value (``asy``), for comparison.

Designs (innovations Gaussian, slope of the trend 0.1 per period):

* size: random walk with drift 0.1 and innovation sd 0.05 (``rw``); trend plus AR(0.5)
  and AR(0.9) noise with innovation sd 0.05, started from the stationary distribution;
* power: trend plus AR(0.3) noise with innovation sd 0.03 and a break at the middle of
  the sample (first new period n // 2): a level shift of 0.15 (``level``) or a slope
  change of 0.10 per period (``slope``).

Monte Carlo error of a rejection rate p from REPS series: sqrt(p (1 - p) / REPS), 1.3
points at p = 0.05 and REPS = 300.  Writes ``trend_break_size_power[_nN].json`` and
``.md``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from policyts.models.trend_break import (
    _PY_CV,
    TrendBreakOptions,
    bootstrap_samples,
    exp_w_batch,
    fit_null,
)

HERE = Path(__file__).parent


def ar_noise(rng: np.random.Generator, reps: int, n: int, phi: float, sd: float) -> np.ndarray:
    burn = 200
    e = sd * rng.standard_normal((reps, n + burn))
    u = np.zeros((reps, n + burn))
    for t in range(1, n + burn):
        u[:, t] = phi * u[:, t - 1] + e[:, t]
    return u[:, burn:]


def design(rng: np.random.Generator, name: str, reps: int, n: int) -> np.ndarray:
    t = np.arange(n, dtype=float)
    du = (t >= n // 2).astype(float)
    dt = du * (t - n // 2 + 1)
    if name == "rw":
        return np.cumsum(0.1 + 0.05 * rng.standard_normal((reps, n)), axis=1)
    if name == "ar0.5":
        return 0.1 * t + ar_noise(rng, reps, n, 0.5, 0.05)
    if name == "ar0.9":
        return 0.1 * t + ar_noise(rng, reps, n, 0.9, 0.05)
    if name == "level":
        return 0.1 * t + 0.15 * du + ar_noise(rng, reps, n, 0.3, 0.03)
    if name == "slope":
        return 0.1 * t + 0.10 * dt + ar_noise(rng, reps, n, 0.3, 0.03)
    raise ValueError(name)


def rejection_rates(
    y: np.ndarray, model: str, draws: int, rng: np.random.Generator
) -> dict[str, float]:
    reps, n = y.shape
    o = TrendBreakOptions.resolve(n, model=model, trim=0.15, max_lag=None, bootstrap=0, seed=0)
    z = (y - y.mean(axis=1, keepdims=True)) / y.std(axis=1, keepdims=True)
    res = exp_w_batch(z, model=model, first=o.first, last=o.last, max_lag=o.max_lag)
    stat = res.stat
    bhat = res.dates[np.argmax(res.wald, axis=1)]
    pvals = np.empty(reps)
    chunk = max(1, 20000 // draws)
    for lo in range(0, reps, chunk):
        hi = min(lo + chunk, reps)
        samples = np.concatenate(
            [
                bootstrap_samples(
                    fit_null(z[i], o.max_lag, model=model, break_at=int(bhat[i])), n, draws, rng
                )
                for i in range(lo, hi)
            ]
        )
        bstat = exp_w_batch(
            samples, model=model, first=o.first, last=o.last, max_lag=o.max_lag
        ).stat.reshape(hi - lo, draws)
        pvals[lo:hi] = (1 + (bstat >= stat[lo:hi, None]).sum(axis=1)) / (draws + 1)
    return {
        "boot": float(np.mean(pvals < 0.05)),
        "asy": float(np.mean(stat > _PY_CV[model][0.15][1])),
    }


def main() -> None:
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    draws = int(sys.argv[2]) if len(sys.argv) > 2 else 199
    sizes = (int(sys.argv[3]),) if len(sys.argv) > 3 else (25, 38, 60)
    suffix = f"_n{sizes[0]}" if len(sys.argv) > 3 else ""
    rng = np.random.default_rng(20091)
    rows = []
    plan = [
        (n, model, dgp)
        for n in sizes
        for model in ("level", "slope", "both")
        for dgp in ("rw", "ar0.5", "ar0.9", "level", "slope")
        if not (dgp == "level" and model == "slope") and not (dgp == "slope" and model == "level")
    ]
    t0 = time.time()
    for n, model, dgp in plan:
        y = design(rng, dgp, reps, n)
        rates = rejection_rates(y, model, draws, rng)
        row = {"n": n, "model": model, "dgp": dgp, **rates}
        rows.append(row)
        print(json.dumps(row), f"{time.time() - t0:.0f}s", flush=True)
    meta = {
        "reps": reps,
        "draws": draws,
        "seed": 20091,
        "trim": 0.15,
        "mc_se_at_5pct": float(np.sqrt(0.05 * 0.95 / reps)),
        "seconds": round(time.time() - t0, 1),
    }
    (HERE / f"trend_break_size_power{suffix}.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, indent=2) + "\n"
    )
    lines = [
        "# Perron-Yabu trend-break test: rejection rates at 5%",
        "",
        f"{reps} series per design, {draws} bootstrap draws, trim 0.15, seed 20091 "
        f"(Monte Carlo s.e. at 5%: {meta['mc_se_at_5pct']:.3f}). `boot` = AR-sieve "
        "bootstrap p-value < 0.05 (what `trend_break` reports); `asy` = Exp-W above the "
        "asymptotic 5% value of Perron & Yabu (2009). Size designs: rw, ar0.5, ar0.9; "
        "power designs: level (shift 0.15), slope (change 0.10 per period), noise AR(0.3) "
        "sd 0.03, break at n // 2.",
        "",
        "| n | model | dgp | boot | asy |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['n']} | {r['model']} | {r['dgp']} | {r['boot']:.3f} | {r['asy']:.3f} |" for r in rows
    ]
    (HERE / f"trend_break_size_power{suffix}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
