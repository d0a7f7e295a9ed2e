"""Scaling of the break tests: time and peak memory against the length of one series and
against the number of series, for the numpy, xarray and dask paths.

Run on demand (not part of ``make test``)::

    .venv/bin/python benchmarks/bench_scaling.py            # full grid, several minutes
    .venv/bin/python benchmarks/bench_scaling.py --quick    # small grid, a smoke test

Writes ``benchmarks/scaling.md`` (tables), ``benchmarks/scaling.png`` (plot) and
``benchmarks/scaling.json`` (raw numbers).

What is measured
----------------
* **One series, time vs n** (sup-F and Bai-Perron, trim 0.15, M = 5): the numpy path
  (``sup_f(ndarray)``), the xarray path (``sup_f(DataArray)``) and the dask path (a 1 x n
  dask-backed panel through ``sup_f_panel``, synchronous scheduler).
* **Many series of n = 40, time vs number of series**: the numpy kernel
  (``sup_f_array``), the xarray path (``sup_f_panel`` on a numpy-backed DataArray) and the
  dask path on a ``dask.distributed`` ``LocalCluster`` of 1 and of 2 worker processes
  (one thread each; the input persisted on the workers before timing, 8 chunks).
* Every numpy and xarray measurement runs in a fresh subprocess with one BLAS thread
  (one core): time is the best of several runs; memory is the ``tracemalloc`` peak of
  one more run (Python and numpy allocations made by the call) and the peak resident set
  size of the process during a run (``VmHWM``, reset before the call through Linux
  ``/proc/self/clear_refs``), with its rise above the size before the call.  For the
  cluster, the same per worker process, largest over the workers.

Targets (issue "many series at once"): 10,000 series x 40 years through sup-F with
p-values in under 5 s on one core via numpy; faster on a two-worker local cluster than on
one worker; identical results (to 1e-12) on the numpy, xarray and dask paths.  The
targets of the break engine itself are measured by ``benchmarks/bench_breaks.py``.
"""

from __future__ import annotations

import os

# One BLAS thread in this process and in every process it starts (subprocesses and dask
# workers inherit the environment): the "one core" of the targets.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).parent
N_PANEL = 40
YEARS = np.arange(1983, 1983 + N_PANEL)


def _status_mib(field: str) -> float:
    """A memory field of /proc/self/status (Linux), MiB: VmRSS (now), VmHWM (peak)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak_rss() -> float:
    """Reset the peak resident set size of this process to its current size (Linux
    ``clear_refs`` 5) and return that size, MiB.  ``getrusage``'s ``ru_maxrss`` cannot be
    reset and is inherited from the parent process over fork, so it is not used."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return _status_mib("VmRSS")


def _peak_rss() -> float:
    return _status_mib("VmHWM")


def _best_time(fn: Callable[[], Any], repeat: int) -> float:
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return float(best)


def _task(test: str, path: str, S: int, n: int) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """(call on the measured data, call on a tiny problem of the same kind for warm-up)."""
    import xarray as xr

    from policyts.models import bai_perron, sup_f
    from policyts.models.panel import bai_perron_array, bai_perron_panel, sup_f_array, sup_f_panel

    rng = np.random.default_rng(2024)
    kw: dict[str, Any] = {"trim": 0.15}
    if test == "bai_perron":
        kw["max_breaks"] = 5 if n >= 40 else None

    def make(S_: int, n_: int) -> Callable[[], Any]:
        y = rng.standard_normal((S_, n_))
        if path == "numpy" and S_ == 1 and S == 1:
            one = y[0]
            return lambda: (sup_f if test == "sup_f" else bai_perron)(one, **kw)
        if path == "xarray" and S == 1:
            one_da = xr.DataArray(y[0], dims="year")
            return lambda: (sup_f if test == "sup_f" else bai_perron)(one_da, **kw)
        if path == "numpy":
            return lambda: (sup_f_array if test == "sup_f" else bai_perron_array)(y, **kw)
        da = xr.DataArray(y, dims=("series", "year"))
        panel_fn = sup_f_panel if test == "sup_f" else bai_perron_panel
        if path == "xarray":
            return lambda: panel_fn(da, **kw)
        if path == "dask":
            chunked = da.chunk({"series": _chunk(test, S_), "year": -1})
            return lambda: panel_fn(chunked, **kw).compute(scheduler="synchronous")
        raise ValueError(f"unknown path {path!r}")

    return make(S, n), make(min(S, 2), min(n, 60))


def measure_local(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement (run in a fresh subprocess): time, tracemalloc peak, peak RSS."""
    fn, warm = _task(spec["test"], spec["path"], spec["S"], spec["n"])
    warm()
    seconds = _best_time(fn, spec["repeat"])
    before = _reset_peak_rss()
    fn()
    peak = _peak_rss()
    tracemalloc.start()
    fn()
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        **spec,
        "seconds": seconds,
        "traced_mib": traced,
        "peak_rss_mib": peak,
        "rss_increase_mib": peak - before,
    }


def run_subprocess(spec: dict[str, Any]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--measure", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"measurement {spec} failed:\n{proc.stderr}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"  {out['test']:10s} {out['path']:8s} S={out['S']:>9,} n={out['n']:>6,}  "
        f"{out['seconds']:9.4f} s  traced {out['traced_mib']:8.1f} MiB  "
        f"peak RSS {out['peak_rss_mib']:7.0f} MiB (+{out['rss_increase_mib']:.0f})",
        flush=True,
    )
    return out


def measure_cluster(
    test: str, sizes: list[int], workers: int, repeat: int, check: dict[int, Any]
) -> list[dict[str, Any]]:
    """Time and worker memory on a LocalCluster of ``workers`` processes."""
    import xarray as xr
    from dask.distributed import Client, LocalCluster, wait

    from policyts.models.panel import bai_perron_panel, sup_f_panel

    panel_fn = sup_f_panel if test == "sup_f" else bai_perron_panel
    kw: dict[str, Any] = {"trim": 0.15}
    if test == "bai_perron":
        kw["max_breaks"] = 5
    rows = []
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        warm = xr.DataArray(np.random.default_rng(1).standard_normal((4, N_PANEL)), dims=("s", "y"))
        panel_fn(warm.chunk({"s": 2}), dim="y", **kw).compute()
        for S in sizes:
            y = np.random.default_rng(2024).standard_normal((S, N_PANEL))
            da = xr.DataArray(y, dims=("series", "year"), coords={"year": YEARS})
            with warnings.catch_warnings():
                # The data go to the workers with the graph, once, before timing.
                warnings.filterwarnings("ignore", message="Sending large graph")
                chunked = client.persist(da.chunk({"series": _chunk(test, S), "year": -1}))
                wait(chunked)
            del y
            base = client.run(_reset_peak_rss)
            seconds = _best_time(lambda c=chunked: panel_fn(c, **kw).compute(), repeat)
            peaks = client.run(_peak_rss)
            peak = max(peaks.values())
            increase = max(peaks[w] - base[w] for w in peaks)
            row = {
                "test": test,
                "path": f"dask {workers} worker{'s' if workers > 1 else ''}",
                "S": S,
                "n": N_PANEL,
                "seconds": seconds,
                "traced_mib": float("nan"),
                "peak_rss_mib": peak,
                "rss_increase_mib": increase,
            }
            if S in check:
                got = panel_fn(chunked, **kw).compute()
                row["max_rel_diff_vs_numpy"] = _max_rel_diff(check[S], got)
            rows.append(row)
            print(
                f"  {test:10s} {row['path']:15s} S={S:>9,}  {seconds:9.4f} s  "
                f"peak worker RSS {peak:7.0f} MiB (+{increase:.0f})",
                flush=True,
            )
            client.cancel(chunked)
    return rows


def _chunk(test: str, S: int) -> int:
    """Series per dask chunk: 8 chunks, but at least 5,000 series per chunk for sup-F,
    whose tasks are short (dask costs about a millisecond per task and result variable)."""
    return max(S // 8, 5000 if test == "sup_f" else 1)


def _max_rel_diff(expected: Any, got: Any) -> float:
    """Largest relative difference over the float variables (NaN where both NaN);
    non-float variables must be equal (else inf)."""
    worst = 0.0
    for name in expected.data_vars:
        a, b = np.asarray(expected[name]), np.asarray(got[name])
        if a.dtype.kind == "f":
            both = np.isnan(a) & np.isnan(b)
            if (np.isnan(a) != np.isnan(b)).any():
                return float("inf")
            d = np.abs(a - b)[~both] / np.maximum(np.abs(a[~both]), 1e-300)
            worst = max(worst, float(d.max(initial=0.0)))
        elif not np.array_equal(a, b):
            return float("inf")
    return worst


def _reference(test: str, S: int) -> Any:
    import xarray as xr

    from policyts.models.panel import bai_perron_panel, sup_f_panel

    y = np.random.default_rng(2024).standard_normal((S, N_PANEL))
    da = xr.DataArray(y, dims=("series", "year"), coords={"year": YEARS})
    if test == "sup_f":
        return sup_f_panel(da, trim=0.15)
    return bai_perron_panel(da, trim=0.15, max_breaks=5)


def identity_check(test: str, S: int) -> dict[str, float]:
    """numpy kernel vs xarray vs a threaded dask run: largest relative difference."""
    import xarray as xr

    from policyts.models.panel import bai_perron_array, sup_f_array

    ref = _reference(test, S)
    y = np.random.default_rng(2024).standard_normal((S, N_PANEL))
    kw: dict[str, Any] = {"trim": 0.15} | ({"max_breaks": 5} if test == "bai_perron" else {})
    arr = (sup_f_array if test == "sup_f" else bai_perron_array)(y, labels=YEARS, **kw)
    arr_ds = xr.Dataset({k: (ref[k].dims, v) for k, v in arr.items()})
    from policyts.models.panel import bai_perron_panel, sup_f_panel

    panel_fn = sup_f_panel if test == "sup_f" else bai_perron_panel
    da = xr.DataArray(y, dims=("series", "year"), coords={"year": YEARS})
    threaded = panel_fn(da.chunk({"series": max(1, S // 8)}), **kw).compute(scheduler="threads")
    return {
        "numpy vs xarray": _max_rel_diff(ref, arr_ds),
        "dask (threads) vs xarray": _max_rel_diff(ref, threaded),
    }


# --------------------------------------------------------------------------------------
# report


def _fmt_s(x: float) -> str:
    return f"{x:.4f}" if x < 1 else f"{x:.2f}"


def write_outputs(results: dict[str, Any]) -> None:
    lines = [
        "# Scaling of the break tests",
        "",
        f"Measured by `benchmarks/bench_scaling.py` on {results['machine']}. One BLAS thread "
        "per process; times are the best of several runs; `traced` is the tracemalloc peak "
        "of the call (numpy and Python allocations), `peak RSS` the largest resident set of "
        "the process during the call (interpreter and data included; for the cluster, the "
        "largest worker) and `RSS increase` how far it rose above the size before the call. "
        "The dask runs persist the data on the workers first; their times include the "
        "scheduling of the graph (about a millisecond per task and result variable).",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "| --- | --- | --- |",
    ]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else 'NO'} |")
    lines += ["", "## One series: time and memory vs n", ""]
    lines += _table(results["one_series"], key="n")
    lines += ["", f"## Many series of n = {N_PANEL}: time and memory vs number of series", ""]
    lines += _table(results["many_series"], key="S")
    lines += [
        "",
        "## Identical results",
        "",
        "Largest relative difference of any float result (statistics, p-values, RSS, BIC) "
        "between paths; integer and label results must be equal.",
        "",
        "| test | comparison | max relative difference |",
        "| --- | --- | ---: |",
    ]
    for row in results["identity"]:
        lines.append(f"| {row['test']} | {row['comparison']} | {row['value']:.1e} |")
    lines += ["", "![scaling](scaling.png)", ""]
    (HERE / "scaling.md").write_text("\n".join(lines))
    (HERE / "scaling.json").write_text(json.dumps(results, indent=1, default=float))
    plot(results)


def _table(rows: list[dict[str, Any]], key: str) -> list[str]:
    out = [
        f"| test | path | {key} | time (s) | traced (MiB) | peak RSS (MiB) | RSS increase (MiB) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in sorted(rows, key=lambda r: (r["test"], r["path"], r[key])):
        traced = "" if np.isnan(r["traced_mib"]) else f"{r['traced_mib']:.1f}"
        out.append(
            f"| {r['test']} | {r['path']} | {r[key]:,} | {_fmt_s(r['seconds'])} | {traced} "
            f"| {r['peak_rss_mib']:.0f} | {r['rss_increase_mib']:.0f} |"
        )
    return out


def plot(results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    panels = [
        (axes[0, 0], "one_series", "n", "seconds", "length of the series n", "time [s]"),
        (
            axes[1, 0],
            "one_series",
            "n",
            "traced_mib",
            "length of the series n",
            "traced peak [MiB]",
        ),
        (
            axes[0, 1],
            "many_series",
            "S",
            "seconds",
            f"number of series (n = {N_PANEL})",
            "time [s]",
        ),
        (
            axes[1, 1],
            "many_series",
            "S",
            "rss_increase_mib",
            f"number of series (n = {N_PANEL})",
            "resident memory added during the call [MiB]",
        ),
    ]
    styles = {"sup_f": "-", "bai_perron": "--"}
    colours = {
        "numpy": "C0",
        "xarray": "C1",
        "dask": "C2",
        "dask 1 worker": "C2",
        "dask 2 workers": "C3",
    }
    for ax, part, key, value, xlabel, ylabel in panels:
        rows = results[part]
        for test in ("sup_f", "bai_perron"):
            for path in sorted({r["path"] for r in rows if r["test"] == test}):
                # A log axis cannot show 0 (no measurable increase): those points are left out.
                pts = sorted(
                    (r[key], r[value])
                    for r in rows
                    if r["test"] == test
                    and r["path"] == path
                    and np.isfinite(r[value])
                    and r[value] > 0
                )
                if not pts:
                    continue
                x, yv = zip(*pts, strict=True)
                ax.plot(
                    x,
                    yv,
                    styles[test],
                    color=colours.get(path, "k"),
                    marker="o",
                    ms=3,
                    label=f"{test}, {path}",
                )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
    axes[0, 0].legend(fontsize="small")
    axes[0, 1].legend(fontsize="small")
    fig.suptitle("policyts break tests: scaling (one BLAS thread per process)")
    fig.tight_layout()
    fig.savefig(HERE / "scaling.png", dpi=110)
    plt.close(fig)


# --------------------------------------------------------------------------------------


def main(quick: bool) -> int:
    import dask
    import distributed
    import xarray as xr

    import policyts

    if quick:
        ns, ns_bp = [100, 1000], [100, 1000]
        sizes_sup, sizes_bp = [1000, 10_000], [100, 300]
        repeat = 2
    else:
        ns, ns_bp = [100, 300, 1000, 3000, 10_000], [100, 300, 1000, 3000, 10_000]
        sizes_sup, sizes_bp = [1000, 10_000, 100_000, 1_000_000], [100, 1000, 10_000]
        repeat = 5
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"numpy {np.__version__}, xarray {xr.__version__}, dask {dask.__version__}, "
        f"distributed {distributed.__version__}, policyts {policyts.__version__}"
    )
    load_before = os.getloadavg()[0]
    print(machine, f"load average {load_before:.2f}")
    one: list[dict[str, Any]] = []
    print("one series, time vs n")
    for test, grid in (("sup_f", ns), ("bai_perron", ns_bp)):
        for n in grid:
            for path in ("numpy", "xarray", "dask"):
                r = repeat if n <= 1000 else 2
                one.append(
                    run_subprocess({"test": test, "path": path, "S": 1, "n": n, "repeat": r})
                )
    many: list[dict[str, Any]] = []
    print(f"many series of n = {N_PANEL}, time vs number of series")
    for test, grid in (("sup_f", sizes_sup), ("bai_perron", sizes_bp)):
        for S in grid:
            r = repeat if (test == "sup_f" and S <= 100_000) or S <= 1000 else 2
            for path in ("numpy", "xarray"):
                many.append(
                    run_subprocess({"test": test, "path": path, "S": S, "n": N_PANEL, "repeat": r})
                )
    check_S = 10_000 if not quick else 1000
    checks = {"sup_f": {check_S: _reference("sup_f", check_S)}}
    checks["bai_perron"] = {sizes_bp[-1]: _reference("bai_perron", sizes_bp[-1])}
    for workers in (1, 2):
        for test, grid in (("sup_f", sizes_sup), ("bai_perron", sizes_bp)):
            r = repeat if test == "sup_f" else 2
            many += measure_cluster(test, grid, workers, r, checks[test])
    identity = []
    for test, S in (("sup_f", check_S), ("bai_perron", min(sizes_bp[-1], 1000))):
        for comparison, value in identity_check(test, S).items():
            identity.append(
                {"test": test, "comparison": f"{comparison}, {S:,} series", "value": value}
            )
    for r in many:
        if "max_rel_diff_vs_numpy" in r:
            identity.append(
                {
                    "test": r["test"],
                    "comparison": f"{r['path']} (LocalCluster) vs xarray, {r['S']:,} series",
                    "value": r["max_rel_diff_vs_numpy"],
                }
            )

    def pick(test: str, path: str, S: int) -> float:
        return next(
            float(r["seconds"])
            for r in many
            if r["test"] == test and r["path"] == path and r["S"] == S
        )

    t_np = pick("sup_f", "numpy", check_S)
    t1, t2 = pick("sup_f", "dask 1 worker", check_S), pick("sup_f", "dask 2 workers", check_S)
    b1 = pick("bai_perron", "dask 1 worker", sizes_bp[-1])
    b2 = pick("bai_perron", "dask 2 workers", sizes_bp[-1])
    worst = max(row["value"] for row in identity)
    targets = [
        {
            "target": f"sup-F + Hansen p-values, {check_S:,} x {N_PANEL}, numpy, one core: < 5 s",
            "measured": f"{t_np:.3f} s",
            "met": t_np < 5,
        },
        {
            "target": f"sup-F, {check_S:,} x {N_PANEL}: 2 workers faster than 1 (LocalCluster)",
            "measured": f"{t2:.3f} s vs {t1:.3f} s ({t1 / t2:.2f}x)",
            "met": t2 < t1,
        },
        {
            "target": f"Bai-Perron, {sizes_bp[-1]:,} x {N_PANEL}: 2 workers faster than 1",
            "measured": f"{b2:.2f} s vs {b1:.2f} s ({b1 / b2:.2f}x)",
            "met": b2 < b1,
        },
        {
            "target": "numpy, xarray and dask results identical to 1e-12",
            "measured": f"largest relative difference {worst:.1e}",
            "met": worst <= 1e-12,
        },
    ]
    for t in targets:
        print(f"{'met' if t['met'] else 'NOT MET'}: {t['target']}: {t['measured']}")
    load = (
        f"load average (1 min) {load_before:.2f} before the run and {os.getloadavg()[0]:.2f} "
        "at its end (its own processes included)"
    )
    write_outputs(
        {
            "machine": f"{machine}; {load}",
            "targets": targets,
            "one_series": one,
            "many_series": many,
            "identity": identity,
        }
    )
    return 0 if all(t["met"] for t in targets) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small grid (smoke test)")
    parser.add_argument(
        "--replot", action="store_true", help="rewrite scaling.md and scaling.png from scaling.json"
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.replot:
        write_outputs(json.loads((HERE / "scaling.json").read_text()))
        sys.exit(0)
    if args.measure:
        print(json.dumps(measure_local(json.loads(args.measure))))
        sys.exit(0)
    sys.exit(main(args.quick))
