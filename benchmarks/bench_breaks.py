"""Speed of the break engine against the reference tools, on the same data in one run.

Run on demand (not part of ``make test``)::

    make benchmark            # benchmarks/run_all.py: this and the other benchmarks, one table
    .venv/bin/python benchmarks/bench_breaks.py    # these rows alone, printed

Compares policyts with R strucchange and R mbreaks (when ``Rscript`` and the packages are
installed; timed inside R, start-up excluded), with ruptures' ``Dynp`` (the ``bench``
extra) and with a loop of statsmodels OLS fits. ``benchmarks/run_all.py`` imports the
series and the comparators from here. Targets:

* Bai-Perron dating, h = 0.05, M = 5, mean-shift model, n = 500 and 2,000: at least 100x
  faster than strucchange with identical breaks and RSS;
* n = 10,000: under 10 s and under 2 GB peak memory;
* F path with Hansen p-value for 10,000 series of length 40 over an xarray dimension:
  under 5 s;
* a 999-draw bootstrap sup-F p-value for n = 40: under 1 s.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import statsmodels.api as sm
import xarray as xr

from policyts.models import bai_perron, sup_f
from policyts.models.panel import sup_f_panel

HERE = Path(__file__).parent

R_SCRIPT = r"""
suppressMessages(library(strucchange))
args <- commandArgs(trailingOnly = TRUE)
y <- read.csv(args[1])$y
n <- length(y)
el <- system.time(bp <- breakpoints(y ~ 1, h = as.integer(args[2]), breaks = as.integer(args[3])))[["elapsed"]]
s <- summary(bp)
m <- as.integer(args[3])
cat(jsonlite::toJSON(list(seconds = el, breaks = bp$breakpoints,
  breaks_m = as.integer(na.omit(s$breakpoints[m, ])),
  rss = unname(s$RSS["RSS", ])), digits = NA, auto_unbox = TRUE))
"""


def mean_shift_series(n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    means = np.repeat([0.0, 1.0, -0.5, 0.5], [n // 5, 3 * n // 10, 3 * n // 10, n - 4 * n // 5])
    return means[:n] + rng.standard_normal(n)


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def run_strucchange(y: np.ndarray, h: int, m: int) -> dict | None:
    """strucchange's ``breakpoints(y ~ 1, h, breaks = m)``: seconds inside R, the breaks
    for ``m`` and the RSS table, or None without R or strucchange."""
    return _rscript(R_SCRIPT, y, str(h), str(m))


MBREAKS_SCRIPT = r"""
suppressMessages(library(mbreaks))
args <- commandArgs(trailingOnly = TRUE)
y <- read.csv(args[1])$y
n <- length(y)
m <- as.integer(args[3])
el <- system.time(d <- dating(matrix(y, ncol = 1), matrix(1, n, 1), as.integer(args[2]), m, 1L, n))[["elapsed"]]
cat(jsonlite::toJSON(list(seconds = el, breaks_m = as.integer(d$datevec[1:m, m]),
  version = as.character(packageVersion("mbreaks"))), digits = NA, auto_unbox = TRUE))
"""


def _rscript(script_text: str, y: np.ndarray, *args: str) -> dict | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "y.csv"
        np.savetxt(csv, y, header="y", comments="", fmt="%.17g")
        script = Path(tmp) / "bench.R"
        script.write_text(script_text)
        proc = subprocess.run(
            ["Rscript", str(script), str(csv), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print("R package not available:", proc.stderr.strip().splitlines()[-1:])
            return None
        return json.loads(proc.stdout)


def run_mbreaks(y: np.ndarray, h: int, m: int) -> dict | None:
    """mbreaks' ``dating()`` (the global dynamic programme, mean-shift model): seconds
    inside R and the 1-based breaks for ``m`` breaks, or None without R or mbreaks."""
    return _rscript(MBREAKS_SCRIPT, y, str(h), str(m))


def run_ruptures(y: np.ndarray, h: int, m: int) -> tuple[float, list[int]] | None:
    """ruptures' ``Dynp(model="l2", min_size=h, jump=1)`` for ``m`` breaks: seconds and
    the 1-based breaks (last period of each regime), or None without ruptures."""
    try:
        import ruptures
    except ImportError:
        return None
    t0 = time.perf_counter()
    ends = ruptures.Dynp(model="l2", min_size=h, jump=1).fit(y).predict(n_bkps=m)
    return time.perf_counter() - t0, [int(e) for e in ends[:-1]]


def statsmodels_f_path_loop(y: np.ndarray, h: int) -> float:
    """sup-F by brute force with statsmodels OLS: two fits per candidate date."""
    n = len(y)
    X = np.ones((n, 1))
    rss0 = sm.OLS(y, X).fit().ssr
    best = 0.0
    for b in range(h, n - h + 1):
        rss = sm.OLS(y[:b], X[:b]).fit().ssr + sm.OLS(y[b:], X[b:]).fit().ssr
        best = max(best, (rss0 - rss) / (rss / (n - 2)))
    return best


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    for n in (500, 2000):
        y = mean_shift_series(n)
        h = int(0.05 * n)
        t_py, res = timed(lambda y=y, h=h: bai_perron(y, trim=h, max_breaks=5))
        r = run_strucchange(y, h, 5)
        if r is not None:
            same = [b.index for b in res.breaks_by_m[5]] == r["breaks_m"]  # type: ignore[union-attr]
            rss_ok = np.allclose(res.rss, r["rss"], rtol=1e-6)  # type: ignore[union-attr]
            rows.append(
                (
                    f"Bai-Perron h=0.05 M=5 n={n}",
                    f"{t_py:.3f} s",
                    f"strucchange {r['seconds']:.2f} s",
                    f"{r['seconds'] / t_py:.0f}x faster; breaks identical: {same}; RSS equal: {rss_ok}",
                )
            )
        else:
            rows.append((f"Bai-Perron h=0.05 M=5 n={n}", f"{t_py:.3f} s", "R not installed", ""))
        if n == 500:
            t_sm, _ = timed(lambda y=y, h=h: statsmodels_f_path_loop(y, h), repeat=1)
            t_sf, _ = timed(lambda y=y, h=h: sup_f(y, trim=h))
            rows.append(
                (
                    f"sup-F path n={n}",
                    f"{t_sf:.4f} s",
                    f"statsmodels OLS loop {t_sm:.2f} s",
                    f"{t_sm / t_sf:.0f}x faster",
                )
            )
    y = mean_shift_series(10_000)
    tracemalloc.start()
    t0 = time.perf_counter()
    bai_perron(y, trim=500, max_breaks=5)
    t_big = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rows.append(
        (
            "Bai-Perron h=0.05 M=5 n=10,000",
            f"{t_big:.2f} s",
            f"peak {peak / 2**20:.0f} MiB",
            "target < 10 s, < 2 GB",
        )
    )
    rng = np.random.default_rng(0)
    da = xr.DataArray(rng.standard_normal((10_000, 40)), dims=("series", "year"))
    t_panel, _ = timed(lambda: sup_f_panel(da, dim="year"))
    rows.append(
        ("sup-F + Hansen p, 10,000 series x 40 (xarray)", f"{t_panel:.3f} s", "", "target < 5 s")
    )
    y40 = rng.standard_normal(40)
    t_boot, _ = timed(lambda: sup_f(y40, bootstrap=999, seed=1))
    rows.append(("bootstrap sup-F, 999 draws, n=40", f"{t_boot:.4f} s", "", "target < 1 s"))

    lines = [
        "| benchmark | policyts | reference | comparison |",
        "| --- | ---: | --- | --- |",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
    ]
    print("\n".join(lines))  # results.md is written by benchmarks/run_all.py
    return 0


if __name__ == "__main__":
    sys.exit(main())
