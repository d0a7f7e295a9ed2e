"""Bai-Perron dating of one series against its arithmetic lower bound, R strucchange and
ruptures.

Run on demand (not part of ``make test``; ruptures from the ``bench`` extra, R with
strucchange for the R column)::

    .venv/bin/python benchmarks/bench_bp_limit.py            # n = 500 and n = 10,000
    .venv/bin/python benchmarks/bench_bp_limit.py --quick    # n = 500 only

Writes ``benchmarks/bp_limit.json`` (raw numbers) and ``benchmarks/bp_limit.md`` (tables).
Also times ``bai_perron_array`` over a 10,000 x 40 panel, batched and series by series
(``--no-panel`` skips it).

What is compared (h = 0.05 n, M = 5; k = 1: intercept, mean shifts; k = 2: intercept and
trend, shifts in level and slope)
----------------------------------------------------------------------------------------
* **numpy triangle**: all segment RSS with at least h observations from prefix sums,
  vectorised (in blocks of about n / 6 end points, values discarded): the arithmetic
  every dating needs.
* **numpy programme**: the same triangle fused with a blocked dynamic programme (one
  vectorised minimum per stage and block, ``argmin`` without a tie rule, and no more
  than the last end point at stage M) and the backtracking: the lower bound of a numpy
  dating, written for this benchmark.
* **policyts dating + RSS table**: ``policyts.models.bai_perron.dp_breaks`` (the
  programme with the earliest-break tie rule) and the exact RSS of the best partition for
  m = 0..M (``lstsq`` per segment) -- what R strucchange's ``breakpoints()`` computes (its
  RSS triangle, programme and the breaks for every m; its ``summary()`` table).
* **policyts bai_perron**: the whole result: dating, RSS, BIC, LWZ, KT, sup F(m), UDmax,
  WDmax, sup F(l+1 | l), Bai (1997) intervals and regime coefficients.
* **strucchange breakpoints()**: timed inside R (``system.time``, R start-up excluded), one
  ``Rscript`` process per repeat.
* **ruptures Dynp**: ``Dynp(model="l2")`` for k = 1 and ``Dynp(model="linear")`` on
  ``[y, 1, t]`` for k = 2, ``min_size = h``, ``jump = 1``, ``predict(n_bkps=M)``: the
  breaks for m = M only (and no RSS table).

Repeats are interleaved (one call of every method per round) and summarised by the median,
as wall-clock seconds and as CPU seconds of the process (``time.process_time``; R's
``user.self + sys.self``): the machine is shared, so wall time carries the load (the load
average is recorded), CPU time much less.  One BLAS thread throughout.  strucchange and
ruptures are run at n = 500 only: both are O(n^2) in interpreted loops (hours at n =
10,000).  Breaks for m = M are checked equal across all methods.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from policyts.models import bai_perron  # noqa: E402
from policyts.models._kernels import segment_rss_exact  # noqa: E402
from policyts.models.bai_perron import dp_breaks  # noqa: E402

HERE = Path(__file__).parent
M = 5

R_SCRIPT = r"""
suppressMessages(library(strucchange))
args <- commandArgs(trailingOnly = TRUE)
y <- read.csv(args[1])$y
n <- length(y)
tt <- seq_len(n)
h <- as.integer(args[2]); m <- as.integer(args[3]); k <- as.integer(args[4])
f <- if (k == 1) y ~ 1 else y ~ tt
tm <- system.time(bp <- breakpoints(f, h = h, breaks = m))
s <- summary(bp)
cat(jsonlite::toJSON(list(
  wall = tm[["elapsed"]], cpu = tm[["user.self"]] + tm[["sys.self"]],
  breaks = as.integer(na.omit(s$breakpoints[m, ])), rss = unname(s$RSS["RSS", ]),
  version = as.character(packageVersion("strucchange"))
), digits = NA, auto_unbox = TRUE))
"""


def make_series(n: int, k: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Three breaks (at 0.2, 0.5, 0.8 n) in the mean (k = 1) or in level and slope
    (k = 2), N(0, 1) noise; returns y and the regressors."""
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=float)
    regime = np.searchsorted([0.2 * n, 0.5 * n, 0.8 * n], t, side="right")
    level = np.array([0.0, 1.0, -0.5, 0.5])[regime]
    y = level + rng.standard_normal(n)
    if k == 1:
        return y, np.ones((n, 1))
    slope = np.array([1.0, 1.5, 1.0, 0.5])[regime] / n
    return y + 5 * slope * t, np.column_stack([np.ones(n), t + 1])


# ---------------------------------------------------------------------------------------
# the numpy lower bound


def _prefix(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, ...]:
    yc = y - y.mean()
    Xs = X / np.sqrt(np.mean(X**2, axis=0))
    z = np.zeros(1)
    k = X.shape[1]
    cxx = [np.r_[z, np.cumsum(Xs[:, a] * Xs[:, b])] for a in range(k) for b in range(a, k)]
    cxy = [np.r_[z, np.cumsum(Xs[:, a] * yc)] for a in range(X.shape[1])]
    return (np.r_[z, np.cumsum(yc**2)], *cxx, *cxy)


def _block(P: tuple[np.ndarray, ...], k: int, i: np.ndarray, j: np.ndarray, h: int) -> np.ndarray:
    """Segment RSS of starts ``i`` (rows) and ends ``j`` (columns), inf if shorter than h."""
    s, e = i[:, None], j[None, :] + 1
    R = P[0][e] - P[0][s]
    if k == 1:
        cnt, sy = P[1][e] - P[1][s], P[2][e] - P[2][s]
        R -= sy * sy / cnt
    else:
        a, b, c = (P[q][e] - P[q][s] for q in (1, 2, 3))
        y0, y1 = P[4][e] - P[4][s], P[5][e] - P[5][s]
        R -= (c * y0 * y0 - 2 * b * y0 * y1 + a * y1 * y1) / (a * c - b * b)
    np.copyto(R, np.inf, where=(e - s) < h)
    return R


def _width(n: int, cells: int) -> int:
    # Blocks of about n / 6 ends: each block's grid runs over starts up to its last end,
    # so little of the inadmissible lower triangle is computed.
    return max(1, min(n, max(64, n // 6), cells // n))


def numpy_triangle(y: np.ndarray, X: np.ndarray, h: int, cells: int = 2_000_000) -> float:
    n, k = X.shape
    P = _prefix(y, X)
    width = _width(n, cells)
    total = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for j0 in range(h - 1, n, width):
            j = np.arange(j0, min(n, j0 + width))
            total += float(_block(P, k, np.arange(j[-1] - h + 2), j, h)[0, -1])
    return total


def numpy_programme(
    y: np.ndarray, X: np.ndarray, h: int, m: int, cells: int = 2_000_000
) -> list[int]:
    """Breaks for m breaks: blocked triangle and programme, plain argmin."""
    n, k = X.shape
    P = _prefix(y, X)
    V = np.full((m + 1, n), np.inf)
    A = np.zeros((m + 1, n), dtype=np.int64)
    width = _width(n, cells)
    with np.errstate(divide="ignore", invalid="ignore"):
        for j0 in range(h - 1, n, width):
            j1 = min(n, j0 + width)
            imax = j1 - h
            R = _block(P, k, np.arange(imax + 1), np.arange(j0, j1), h)
            V[0, j0:j1] = R[0]
            cols = np.arange(j1 - j0)
            for s in range(1, m + 1):
                lo = s * h
                if lo > imax or (s == m and j1 < n):
                    break
                if s == m:  # the last stage: the whole sample only
                    cand = V[s - 1, lo - 1 : imax] + R[lo : imax + 1, -1]
                    t = int(np.argmin(cand))
                    V[s, n - 1], A[s, n - 1] = cand[t], lo + t
                    break
                cand = V[s - 1, lo - 1 : imax, None] + R[lo : imax + 1]
                t = np.argmin(cand, axis=0)
                V[s, j0:j1] = cand[t, cols]
                A[s, j0:j1] = lo + t
    out, j = [], n - 1
    for s in range(m, 0, -1):
        b = int(A[s, j])
        out.append(b)
        j = b - 1
    return sorted(out)


# ---------------------------------------------------------------------------------------
# the others


def policyts_dating(y: np.ndarray, X: np.ndarray, h: int, m: int) -> list[int]:
    """Dating and the exact RSS table (m = 0..M), as strucchange's breakpoints()."""
    n = len(y)
    pos = dp_breaks(y, X, h, m)
    rss = [segment_rss_exact(y, X, [(0, n - 1)])]
    for mm in range(1, m + 1):
        edges = [0, *pos[mm], n]
        rss.append(
            segment_rss_exact(y, X, [(a, b - 1) for a, b in zip(edges, edges[1:], strict=False)])
        )
    return pos[m]


def policyts_full(y: np.ndarray, X: np.ndarray, h: int, m: int) -> list[int]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the long-dating notice
        res = bai_perron(y, trim=h, max_breaks=m, trend=X.shape[1] == 2)
    return [b.index for b in res.breaks_by_m[m]]


def ruptures_dynp(y: np.ndarray, X: np.ndarray, h: int, m: int) -> list[int]:
    import ruptures as rpt

    if X.shape[1] == 1:
        algo = rpt.Dynp(model="l2", min_size=h, jump=1).fit(y)
    else:
        algo = rpt.Dynp(model="linear", min_size=h, jump=1).fit(np.column_stack([y, X]))
    return [int(b) for b in algo.predict(n_bkps=m)[:-1]]


def strucchange(y: np.ndarray, k: int, h: int, m: int, tmp: Path) -> dict[str, Any]:
    csv = tmp / "y.csv"
    if not csv.exists():
        np.savetxt(csv, y, header="y", comments="", fmt="%.17g")
    script = tmp / "bp.R"
    script.write_text(R_SCRIPT)
    proc = subprocess.run(
        ["Rscript", str(script), str(csv), str(h), str(m), str(k)],
        capture_output=True,
        text=True,
        check=True,
    )
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def _have_ruptures() -> bool:
    try:
        import ruptures  # noqa: F401
    except ImportError:
        return False
    return True


def _have_strucchange() -> bool:
    if shutil.which("Rscript") is None:
        return False
    r = subprocess.run(
        ["Rscript", "-e", "library(strucchange); library(jsonlite)"],
        capture_output=True,
        check=False,
    )
    return r.returncode == 0


# ---------------------------------------------------------------------------------------


def run_case(n: int, k: int, rounds: int, slow_rounds: int) -> dict[str, Any]:
    y, X = make_series(n, k)
    h = int(0.05 * n)
    methods: dict[str, Callable[[], Any]] = {
        "numpy triangle": lambda: numpy_triangle(y, X, h),
        "numpy programme": lambda: numpy_programme(y, X, h, M),
        "policyts dating + RSS table": lambda: policyts_dating(y, X, h, M),
        "policyts bai_perron": lambda: policyts_full(y, X, h, M),
    }
    slow: dict[str, Callable[[], Any]] = {}
    tmp = Path(tempfile.mkdtemp())
    if n <= 1000 and _have_ruptures():
        slow["ruptures Dynp"] = lambda: ruptures_dynp(y, X, h, M)
    if n <= 1000 and _have_strucchange():
        slow["strucchange breakpoints()"] = lambda: strucchange(y, k, h, M, tmp)
    wall: dict[str, list[float]] = {name: [] for name in (*methods, *slow)}
    cpu: dict[str, list[float]] = {name: [] for name in (*methods, *slow)}
    breaks: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, fn in methods.items():  # warm-up
        breaks[name] = fn()
    for r in range(rounds):
        for name, fn in (*methods.items(), *(slow.items() if r < slow_rounds else ())):
            if name.startswith("strucchange"):
                res = fn()
                wall[name].append(res["wall"])
                cpu[name].append(res["cpu"])
                breaks[name] = [int(b) for b in res["breaks"]]
                extra["strucchange_version"] = res["version"]
                extra["strucchange_rss"] = res["rss"]
                continue
            c0, w0 = time.process_time(), time.perf_counter()
            out = fn()
            w1, c1 = time.perf_counter(), time.process_time()
            wall[name].append(w1 - w0)
            cpu[name].append(c1 - c0)
            if name != "numpy triangle":
                breaks[name] = out
    shutil.rmtree(tmp, ignore_errors=True)
    ref = breaks["policyts bai_perron"]
    return {
        "n": n,
        "k": k,
        "h": h,
        "M": M,
        "rounds": {name: len(v) for name, v in wall.items()},
        "wall_median": {name: float(np.median(v)) for name, v in wall.items()},
        "cpu_median": {name: float(np.median(v)) for name, v in cpu.items()},
        "breaks_m5": {name: b for name, b in breaks.items() if name != "numpy triangle"},
        "breaks_agree": all(b == ref for nm, b in breaks.items() if nm != "numpy triangle"),
        **extra,
    }


def run_panel(S: int, n: int, rounds: int, per_series_rows: int) -> list[dict[str, Any]]:
    """``bai_perron_array`` over S series of n periods (h = 0.15 n, M = 5), batched (the
    default) and series by series (the batched kernel switched off; timed on the first
    ``per_series_rows`` series and scaled to S), interleaved."""
    import importlib

    from policyts.models import panel

    # the module that calls the batched kernel (the package exports a function of that name)
    bp_mod = importlib.import_module("policyts.models.bai_perron")

    out = []
    for trend in (False, True):
        rng = np.random.default_rng(4)
        t = np.arange(n)
        brk = rng.integers(n // 5, 4 * n // 5, size=S)
        Y = (t[None] >= brk[:, None]) * rng.normal(scale=2, size=S)[:, None]
        Y = Y + rng.standard_normal((S, n)) + (0.1 * t[None] if trend else 0.0)
        batched = panel.bai_perron_array
        wall: dict[str, list[float]] = {"batched": [], "per series": []}
        cpu: dict[str, list[float]] = {"batched": [], "per series": []}
        for _ in range(rounds):
            c0, w0 = time.process_time(), time.perf_counter()
            res = batched(Y, trend=trend)
            wall["batched"].append(time.perf_counter() - w0)
            cpu["batched"].append(time.process_time() - c0)
            kernel = bp_mod.bai_perron_batch
            bp_mod.bai_perron_batch = lambda *a, **k: None
            try:
                c0, w0 = time.process_time(), time.perf_counter()
                one = batched(Y[:per_series_rows], trend=trend)
                wall["per series"].append((time.perf_counter() - w0) * S / per_series_rows)
                cpu["per series"].append((time.process_time() - c0) * S / per_series_rows)
            finally:
                bp_mod.bai_perron_batch = kernel
        same = bool(
            np.array_equal(res["break_index"][:per_series_rows], one["break_index"])
            and np.allclose(res["rss"][:per_series_rows], one["rss"], rtol=1e-10)
        )
        out.append(
            {
                "S": S,
                "n": n,
                "trend": trend,
                "per_series_timed_on": per_series_rows,
                "wall_median": {k: float(np.median(v)) for k, v in wall.items()},
                "cpu_median": {k: float(np.median(v)) for k, v in cpu.items()},
                "identical_breaks_rss_1e-10": same,
            }
        )
        print(json.dumps(out[-1]))
    return out


def _fmt(sec: float) -> str:
    return f"{sec * 1e3:.1f} ms" if sec < 1 else f"{sec:.2f} s"


def markdown(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "# Bai-Perron on one series: policyts against the arithmetic limit, strucchange "
        "and ruptures",
        "",
        "Written by `benchmarks/bench_bp_limit.py` (see its docstring for what each row "
        f"computes). {meta['when']}, {meta['machine']}; load average "
        f"{meta['load_before']} before and {meta['load_after']} after; one BLAS thread. "
        "Medians of interleaved repeats; CPU = process CPU seconds (R: user + system), "
        "less affected by the shared machine than wall time.",
        "",
    ]
    for r in results:
        lines += [
            f"## n = {r['n']}, k = {r['k']} ({'mean shifts' if r['k'] == 1 else 'trend'}),"
            f" h = {r['h']}, M = {r['M']}",
            "",
            "| method | wall | CPU | x numpy programme (CPU) | repeats |",
            "|---|---:|---:|---:|---:|",
        ]
        base = r["cpu_median"]["numpy programme"]
        for name, w in r["wall_median"].items():
            c = r["cpu_median"][name]
            lines.append(
                f"| {name} | {_fmt(w)} | {_fmt(c)} | {c / base:.2f} | {r['rounds'][name]} |"
            )
        sc = r["cpu_median"].get("strucchange breakpoints()")
        if sc is not None:
            for name in ("policyts dating + RSS table", "policyts bai_perron"):
                lines.append("")
                lines.append(
                    f"strucchange / {name}: {sc / r['cpu_median'][name]:.0f}x (CPU), "
                    f"{r['wall_median']['strucchange breakpoints()'] / r['wall_median'][name]:.0f}x"
                    " (wall)"
                )
        lines += ["", f"Breaks for m = {r['M']} equal across methods: {r['breaks_agree']}", ""]
    for p in meta.get("panel", []):
        lines += [
            f"## Panel: {p['S']:,} series x {p['n']} periods"
            f" ({'trend' if p['trend'] else 'intercept'}), bai_perron_array, h = 0.15 n",
            "",
            "| path | wall | CPU |",
            "|---|---:|---:|",
        ]
        for name in ("batched", "per series"):
            note = f" (timed on {p['per_series_timed_on']}, scaled)" if name == "per series" else ""
            lines.append(
                f"| {name}{note} | {_fmt(p['wall_median'][name])} | {_fmt(p['cpu_median'][name])} |"
            )
        lines += ["", f"Same breaks, RSS to 1e-10: {p['identical_breaks_rss_1e-10']}", ""]
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="n = 500 only")
    ap.add_argument("--rounds", type=int, default=15, help="repeats at n = 500")
    ap.add_argument("--no-panel", action="store_true", help="skip the 10,000 x 40 panel")
    args = ap.parse_args()
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}",
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }
    results = []
    for k in (1, 2):
        results.append(run_case(500, k, args.rounds, slow_rounds=5))
        print(json.dumps(results[-1]["cpu_median"], indent=1))
    if not args.quick:
        for k in (1, 2):
            results.append(run_case(10_000, k, 3, slow_rounds=0))
            print(json.dumps(results[-1]["cpu_median"], indent=1))
    if not args.no_panel:
        meta["panel"] = run_panel(10_000, 40, 3, 500)
    meta["load_after"] = [round(x, 2) for x in os.getloadavg()]
    (HERE / "bp_limit.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    (HERE / "bp_limit.md").write_text(markdown(results, meta))
    print(markdown(results, meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
