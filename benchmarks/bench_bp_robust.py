"""Speed of Bai-Perron with mbreaks' options against today's homoskedastic path.

Run on demand (not part of ``make test``)::

    .venv/bin/python benchmarks/bench_bp_robust.py

Mean-shift series with AR(1) errors (rho = 0.5, seed 1), n = 500, trim 0.15, M = 5: one
full ``bai_perron`` call (dating, every sup F(m), sup F(l+1|l), UDmax/WDmax, the criteria,
intervals and regime standard errors of the selected partition). Each variant is timed as
the best of 25 interleaved runs, so other load on the machine inflates both sides alike.
Target (issue 11): the robust path within 2x of the homoskedastic one. Writes
``benchmarks/bp_robust.md`` and ``benchmarks/bp_robust.json``.
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from policyts.models import bai_perron

HERE = Path(__file__).parent


def series(n: int = 500, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    means = np.repeat([0.0, 1.0, -0.5, 0.5], [n // 5, 3 * n // 10, 3 * n // 10, n - 4 * n // 5])
    u = rng.standard_normal(n)
    e = np.empty(n)
    e[0] = u[0]
    for t in range(1, n):
        e[t] = 0.5 * e[t - 1] + u[t]
    return means + e


def main() -> None:
    y = series()
    common: dict[str, Any] = {"trim": 0.15, "max_breaks": 5}
    robust = {"robust": True, "het_var": True}
    variants: dict[str, Callable[[], Any]] = {
        "homoskedastic (today), select=bic": lambda: bai_perron(y, **common),
        "robust (mbreaks defaults), select=bic": lambda: bai_perron(y, **common, **robust),
        "homoskedastic, select=sequential": lambda: bai_perron(y, **common, select="sequential"),
        "robust, select=sequential": lambda: bai_perron(y, **common, **robust, select="sequential"),
        "het_var only (iid errors), select=bic": lambda: bai_perron(y, **common, het_var=True),
    }
    for f in variants.values():  # warm-up (imports, caches)
        f()
    best = dict.fromkeys(variants, np.inf)
    for _ in range(25):
        for name, f in variants.items():
            t0 = time.perf_counter()
            f()
            best[name] = min(best[name], time.perf_counter() - t0)
    base = best["homoskedastic (today), select=bic"]
    base_seq = best["homoskedastic, select=sequential"]
    rows = []
    for name, sec in best.items():
        ref = base_seq if "sequential" in name else base
        rows.append({"variant": name, "seconds": sec, "ratio_to_homoskedastic": sec / ref})
    out = {"n": 500, "python": platform.python_version(), "results": rows}
    (HERE / "bp_robust.json").write_text(json.dumps(out, indent=2) + "\n")
    lines = [
        "# Bai-Perron with mbreaks' options: speed at n = 500",
        "",
        f"Measured by `benchmarks/bench_bp_robust.py` (Python {out['python']}); best of 25",
        "interleaved runs; ratio against the homoskedastic path with the same selection rule.",
        "",
        "| variant | seconds | ratio |",
        "| --- | ---: | ---: |",
    ]
    lines += [
        f"| {r['variant']} | {r['seconds']:.4f} | {r['ratio_to_homoskedastic']:.2f} |" for r in rows
    ]
    (HERE / "bp_robust.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
