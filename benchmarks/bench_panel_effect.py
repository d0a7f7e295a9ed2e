"""Size and power of :func:`policyts.models.panel_effect` by simulation.

Run on demand (not part of ``make test``; seconds)::

    .venv/bin/python benchmarks/bench_panel_effect.py [--reps 4000]

Panels shaped like the provincial data (as in ``bench_common_break.py``): N = 31 units,
T = 14 years (2010-2023), unit fixed effects ``a_i ~ N(0, 25)`` and unit trends
``b_i ~ N(1, 0.25)``, a stationary AR(1) common factor ``f_t`` (unit variance,
coefficient ``phi``) with loadings ``l_i ~ N(mean_loading, 0.5^2)``, idiosyncratic noise
``e_it ~ N(0, 1)``, and under the alternative a level shift of ``delta`` noise standard
deviations in every unit from the event year. The statistics come from
``panel_effect.shift_kernel``, which the test suite checks against linearmodels to
machine precision. Rejection rates of the two-sided 5% test:

* ``dk_normal``: Driscoll-Kraay t against the normal (linearmodels' own p-value);
* ``dk_t``: the same t against Student's t with T - 3 degrees of freedom (what
  ``panel_effect`` reports);
* ``cluster_t``: clustered by unit, Student's t with N - 1 degrees of freedom;
* ``ar1_mmc``: OLS t on the cross-section means against the largest Monte Carlo critical
  value over AR(1)-plus-noise errors (``cov="ar1-mmc"``; the critical value depends only
  on the design, so it is computed once per event with ``_mmc_series.mmc_t_test``).

Writes ``benchmarks/panel_effect.json`` and ``benchmarks/panel_effect.md``. Monte Carlo
standard errors are ``sqrt(r (1 - r) / reps)``.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
from scipy import stats

from policyts.models._mmc_series import _t_stats, mmc_t_test
from policyts.models.panel_effect import shift_kernel

HERE = Path(__file__).parent
T, N, YEAR0 = 14, 31, 2010
YEARS = np.arange(YEAR0, YEAR0 + T)


def simulate(
    rng: np.random.Generator,
    reps: int,
    *,
    delta: float,
    phi: float,
    mean_loading: float,
    t0: int,
) -> np.ndarray:
    """``reps`` panels, shape ``(reps, T, N)``."""
    t = np.arange(T, dtype=np.float64)
    a = rng.normal(0.0, 5.0, (reps, 1, N))
    b = rng.normal(1.0, 0.5, (reps, 1, N))
    f = np.empty((reps, T))
    f[:, 0] = rng.normal(size=reps)
    shocks = rng.normal(size=(reps, T)) * math.sqrt(1.0 - phi**2)
    for s in range(1, T):
        f[:, s] = phi * f[:, s - 1] + shocks[:, s]
    load = rng.normal(mean_loading, 0.5, (reps, 1, N))
    e = rng.normal(size=(reps, T, N))
    step = (YEARS >= t0).astype(np.float64)[None, :, None]
    return a + b * t[None, :, None] + load * f[:, :, None] + e + delta * step


def mean_design(t0: int) -> np.ndarray:
    post = (YEARS >= t0).astype(np.float64)
    return np.column_stack([np.ones(T), YEARS - YEARS.mean(), post])


def rejection_rates(Y: np.ndarray, t0: int) -> dict[str, float]:
    est, v_dk, v_cl = shift_kernel(Y, YEARS, t0, trend=True)
    t_dk = est / np.sqrt(v_dk)
    t_cl = est / np.sqrt(v_cl)
    X = mean_design(t0)
    crit = mmc_t_test(Y[0].mean(axis=1), X, 2, level=0.95).crit
    _, _, t_mean = _t_stats(Y.mean(axis=2), X, 2)
    return {
        "dk_normal": float(np.mean(np.abs(t_dk) > stats.norm.ppf(0.975))),
        "dk_t": float(np.mean(np.abs(t_dk) > stats.t.ppf(0.975, T - 3))),
        "cluster_t": float(np.mean(np.abs(t_cl) > stats.t.ppf(0.975, N - 1))),
        "ar1_mmc": float(np.mean(np.abs(t_mean) > crit)),
    }


DESIGNS = [
    # (label, phi, mean_loading)
    ("no common factor", 0.0, 0.0),
    ("factor AR(1) 0.5, mean loading 1", 0.5, 1.0),
    ("factor AR(1) 0.8, mean loading 1", 0.8, 1.0),
    ("factor AR(1) 0.9, mean loading 1", 0.9, 1.0),
    ("factor AR(1) 0.5, mean loading 0", 0.5, 0.0),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = []
    for t0 in (2017, 2021):
        for label, phi, ml in DESIGNS:
            for delta in (0.0, 1.0, 2.0):
                Y = simulate(rng, args.reps, delta=delta, phi=phi, mean_loading=ml, t0=t0)
                rows.append(
                    {"event": t0, "design": label, "delta": delta, **rejection_rates(Y, t0)}
                )
    out = {"reps": args.reps, "seed": args.seed, "N": N, "T": T, "rows": rows}
    (HERE / "panel_effect.json").write_text(json.dumps(out, indent=2) + "\n")
    mc = math.sqrt(0.05 * 0.95 / args.reps)
    lines = [
        "# panel_effect: rejection rates of the two-sided 5% test",
        "",
        f"{args.reps} panels per row, N = {N}, T = {T} ({YEAR0}-{YEAR0 + T - 1}), unit "
        "effects and trends, N(0, 1) noise; seed "
        f"{args.seed}; Monte Carlo se at 0.05: {mc:.4f}. `delta` = level shift in noise sds "
        "from the event year (0: size). Produced by `benchmarks/bench_panel_effect.py`.",
        "",
        "| event | design | delta | DK, normal | DK, t(T-3) | cluster, t(N-1) | ar1-mmc |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['event']} | {r['design']} | {r['delta']:g} | {r['dk_normal']:.3f} | "
            f"{r['dk_t']:.3f} | {r['cluster_t']:.3f} | {r['ar1_mmc']:.3f} |"
        )
    (HERE / "panel_effect.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
