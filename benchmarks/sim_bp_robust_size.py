"""Size of the Bai-Perron sup F(1) test with and without mbreaks' robust options.

Run on demand (not part of ``make test``)::

    .venv/bin/python benchmarks/sim_bp_robust_size.py

No break; errors AR(1) with rho in {0, 0.5, 0.8} (the persistence of annual policy series);
mean-shift model, trim 0.15, n in {40, 100, 200}; 2,000 replications each (Monte Carlo
standard error about 0.5 points at a 5 % size). sup F(1) is the Wald statistic at the
least-squares break date, compared with Bai & Perron's 5 % critical value 8.58 (q = 1,
eps = 0.15). Writes ``benchmarks/bp_robust_size.md`` and ``.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from policyts.models._bp_robust import RobustOptions, one_break, wald_f
from policyts.models._tables import bai_perron_critical_value

HERE = Path(__file__).parent
REPS = 2000
OPTIONS = {
    "homoskedastic (today's default)": RobustOptions(),
    "het_var only": RobustOptions(het_var=True),
    "robust (mbreaks defaults)": RobustOptions(robust=True, het_var=True),
}


def ar1(rng: np.random.Generator, reps: int, n: int, rho: float) -> np.ndarray:
    u = rng.standard_normal((reps, n + 50))
    e = np.empty_like(u)
    e[:, 0] = u[:, 0]
    for t in range(1, u.shape[1]):
        e[:, t] = rho * e[:, t - 1] + u[:, t]
    return e[:, 50:]


def main() -> None:
    cv = bai_perron_critical_value("supF", 0.15, 0.05, 1, "1")
    rows = []
    for n in (40, 100, 200):
        h = int(np.floor(0.15 * n))
        Z, X0 = np.ones((n, 1)), np.empty((n, 0))
        for rho in (0.0, 0.5, 0.8):
            rng = np.random.default_rng(20261125 + n + int(10 * rho))
            ys = ar1(rng, REPS, n, rho)
            dates = [one_break(y, Z, X0, h) for y in ys]
            for name, opts in OPTIONS.items():
                stats = np.array(
                    [wald_f(y, Z, X0, [b], opts) for y, b in zip(ys, dates, strict=True)]
                )
                rej = float(np.mean(stats > cv))
                rows.append(
                    {
                        "n": n,
                        "rho": rho,
                        "options": name,
                        "size": rej,
                        "mc_se": float(np.sqrt(rej * (1 - rej) / REPS)),
                    }
                )
                print(rows[-1])
    (HERE / "bp_robust_size.json").write_text(
        json.dumps({"reps": REPS, "cv": cv, "rows": rows}, indent=2) + "\n"
    )
    lines = [
        "# Size of sup F(1) at 5 %, no break, AR(1) errors",
        "",
        f"`benchmarks/sim_bp_robust_size.py`, {REPS} replications, critical value {cv}.",
        "",
        "| n | rho | options | size | MC s.e. |",
        "| ---: | ---: | --- | ---: | ---: |",
    ]
    lines += [
        f"| {r['n']} | {r['rho']} | {r['options']} | {r['size']:.3f} | {r['mc_se']:.3f} |"
        for r in rows
    ]
    (HERE / "bp_robust_size.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
