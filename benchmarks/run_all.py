"""The project's speed in one table: ``make benchmark`` writes ``benchmarks/results.md``
and the speed table of ``README.md`` (between its ``benchmark-table`` markers).

Run on demand (not part of ``make test``)::

    make benchmark                               # installs the bench extra (ruptures), runs this
    .venv/bin/python benchmarks/run_all.py --quick   # fewer repeats, no strucchange at n = 2,000
    .venv/bin/python benchmarks/run_all.py --sections main --baseline-src ../main/src
        # the main job against another checkout's, interleaved (a subset is printed only)

Rows
----
* **main job**: ``python -m policyts report --out DIR`` (``make report``), a fresh process per
  repeat; wall time and CPU time (the process and its figure workers).
* **start-up**: the cases of ``benchmarks/bench_startup.py`` (run as it is, its own repeats
  interleaved there) and ``policyts breaks`` on a 40-row CSV file, fresh processes.
* **Bai-Perron, one series** (mean-shift model, h = 0.05 n, M = 5; the series of
  ``bench_breaks.py``): n = 500, 2,000 and 10,000, against R strucchange
  ``breakpoints()`` and R mbreaks ``dating()`` (timed inside R, start-up excluded) and
  ruptures ``Dynp`` at n = 500 (strucchange also once at n = 2,000; ``--quick`` skips it);
  the breaks for m = 5 are compared.
* **panels by count**: ``sup_f_panel`` and ``bai_perron_panel`` (trim 0.15, M = 5) over
  1,000 and 10,000 series x 40 years (the panels of ``bench_scaling.py``), one BLAS thread;
  panel Bai-Perron is checked against ``bai_perron`` series by series on every 50th series.
* **lower bound**: when ``benchmarks/bench_bp_limit.py`` is present it is run too and its
  numbers (policyts against a numpy dynamic programme, strucchange and ruptures in one run)
  join the table.

Repeats are interleaved (one of each case per round, so every case sees the same load)
and summarised by their median; the 1-minute load average before and after, the Python,
numpy and R package versions are written with the table. The machine is shared: wall
times carry its load, CPU times much less.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_breaks  # noqa: E402
import bench_scaling  # noqa: E402

README_START = "<!-- benchmark-table:start (written by benchmarks/run_all.py) -->"
README_END = "<!-- benchmark-table:end -->"

Row = dict[str, Any]
SECTIONS = ("main", "startup", "single", "panels", "limit")


def _median(xs: list[float]) -> float:
    return float(statistics.median(xs))


def _fmt(sec: float | None) -> str:
    if sec is None or not np.isfinite(sec):
        return ""
    if sec < 0.01:
        return f"{sec * 1000:.2f} ms"
    if sec < 1:
        return f"{sec * 1000:.0f} ms"
    return f"{sec:.2f} s"


def _row(area: str, case: str, wall: list[float], **extra: Any) -> Row:
    return {"area": area, "case": case, "wall": wall, **extra}


# ----------------------------------------------------------------------------- processes


def _process(argv: list[str], src: str | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the process and everything it waited for);
    ``src``: a ``src/`` folder of another checkout put first on ``PYTHONPATH``."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main_job_and_cli(
    rounds: int, tmp: Path, baseline: str | None = None, label: str = "baseline"
) -> list[Row]:
    """The main job and ``policyts breaks`` on a small file, interleaved (and the main job
    of a baseline checkout, when given, in the same rounds)."""
    csv = tmp / "small.csv"
    rng = np.random.default_rng(1)
    y = np.r_[rng.standard_normal(20), 2 + rng.standard_normal(20)]
    csv.write_text("year,y\n" + "".join(f"{1983 + i},{v:.6f}\n" for i, v in enumerate(y)))
    py = sys.executable
    cases: dict[str, list[str]] = {
        "main job (`policyts report`, figures on)": [
            py,
            "-m",
            "policyts",
            "report",
            "--out",
            str(tmp / "report"),
        ],
        "`policyts breaks` on a 40-row CSV file": [
            py,
            "-m",
            "policyts",
            "breaks",
            str(csv),
            "--time",
            "year",
            "--y",
            "y",
        ],
    }
    job = next(iter(cases))
    runs: list[tuple[str, list[str], str | None]] = [(k, a, None) for k, a in cases.items()]
    if baseline is not None:
        runs.insert(1, (label, cases[job], baseline))
    walls: dict[str, list[float]] = {k: [] for k, _, _ in runs}
    cpus: dict[str, list[float]] = {k: [] for k, _, _ in runs}
    for r in range(rounds):
        for name, argv, src in runs:
            shutil.rmtree(tmp / "report", ignore_errors=True)
            wall, cpu = _process(argv, src)
            walls[name].append(wall)
            cpus[name].append(cpu)
            print(f"  round {r + 1}: {name}: {wall:.2f} s (CPU {cpu:.2f} s)", flush=True)
    targets = {
        "main job (`policyts report`, figures on)": 8.0,
        "`policyts breaks` on a 40-row CSV file": 1.0,
    }
    rows = [
        _row(
            "main job" if name == job else "start-up",
            name,
            walls[name],
            cpu=cpus[name],
            target=targets[name],
        )
        for name in cases
    ]
    if baseline is not None:
        rows[0]["refs"] = {label: walls[label]}
        rows[0]["note"] = f"{label}: CPU {_fmt(_median(cpus[label]))}"
    return rows


def startup_rows(repeat: int, tmp: Path) -> list[Row]:
    """The cases of ``bench_startup.py``, run as it is (its own interleaved repeats)."""
    out = tmp / "startup"
    subprocess.run(
        [
            sys.executable,
            str(HERE / "bench_startup.py"),
            "--repeat",
            str(repeat),
            "--no-report",
            "--out",
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    rows = []
    for r in data["rows"]:
        if r.get("unit") != "process":  # the loader rows are calls inside a process
            continue
        target = 0.5 if "--help" in r["case"] and "policyts --help" in r["case"] else None
        rows.append(_row("start-up", r["case"], list(r["this"]), target=target))
    return rows


# ----------------------------------------------------------------------------- one series


def single_series(rounds: int, quick: bool) -> list[Row]:
    """Bai-Perron on one series by n, against strucchange, mbreaks and ruptures at n = 500."""
    from policyts.models import bai_perron

    rows: list[Row] = []
    for n in (500, 2000, 10_000):
        y = bench_breaks.mean_shift_series(n)
        h = int(0.05 * n)
        bai_perron(y[:100], trim=5, max_breaks=2)  # warm-up (imports)
        reps = rounds if n < 10_000 else max(1, rounds // 2)
        walls: list[float] = []
        cpus: list[float] = []
        refs: dict[str, list[float]] = {"strucchange": [], "mbreaks": [], "ruptures": []}
        ref_breaks: dict[str, list[int]] = {}
        compare = n == 500 or (n == 2000 and not quick)
        res = None
        for r in range(reps):
            c0, t0 = time.process_time(), time.perf_counter()
            res = bai_perron(y, trim=h, max_breaks=5)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            if not compare or (n == 2000 and r > 0):  # strucchange at 2,000: once (minutes)
                continue
            sc = bench_breaks.run_strucchange(y, h, 5)
            if sc is not None:
                refs["strucchange"].append(float(sc["seconds"]))
                ref_breaks["strucchange"] = [int(b) for b in sc["breaks_m"]]
            if n != 500:
                continue
            mb = bench_breaks.run_mbreaks(y, h, 5)
            if mb is not None:
                refs["mbreaks"].append(float(mb["seconds"]))
                ref_breaks["mbreaks"] = [int(b) for b in mb["breaks_m"]]
            rp = bench_breaks.run_ruptures(y, h, 5)
            if rp is not None:
                refs["ruptures"].append(rp[0])
                ref_breaks["ruptures"] = rp[1]
        assert res is not None
        ours = [b.index for b in res.breaks_by_m[5]]
        note = []
        for tool, brk in ref_breaks.items():
            note.append(f"breaks for m = 5 equal to {tool}'s: {brk == ours}")
        rows.append(
            _row(
                "Bai-Perron, one series",
                f"n = {n:,} (h = {h}, M = 5, mean shifts)",
                walls,
                cpu=cpus,
                refs={k: v for k, v in refs.items() if v},
                note="; ".join(note),
                target=10.0 if n == 10_000 else None,
            )
        )
        print(f"  Bai-Perron n = {n}: {_fmt(_median(walls))}", flush=True)
    return rows


# ----------------------------------------------------------------------------- panels


def _per_series_check(S: int) -> str:
    """Panel Bai-Perron against ``bai_perron`` on every 50th series: selected breaks equal."""
    import xarray as xr

    from policyts.models import bai_perron
    from policyts.models.panel import bai_perron_panel

    y = np.random.default_rng(2024).standard_normal((S, bench_scaling.N_PANEL))
    da = xr.DataArray(y, dims=("series", "year"), coords={"year": bench_scaling.YEARS})
    picks = np.arange(0, S, 50)
    panel = bai_perron_panel(da.isel(series=picks), trim=0.15, max_breaks=5)
    same = 0
    for j, s in enumerate(picks):
        one = bai_perron(da.isel(series=s), trim=0.15, max_breaks=5)
        labels = [float(b.label) for b in one.breaks]
        got = panel["break_label"].values[j]
        got = [float(v) for v in got[np.isfinite(got)]]
        same += int(got == labels and int(panel["selected_m"].values[j]) == len(labels))
    return f"identical to per-series `bai_perron` on {same} of {len(picks)} sampled series"


def panels(rounds: int, sizes: tuple[int, ...]) -> list[Row]:
    """sup-F and Bai-Perron over S series x 40 years (xarray, numpy-backed), one BLAS thread."""
    cases: list[tuple[str, int, Callable[[], Any]]] = []
    for test in ("sup_f", "bai_perron"):
        for S in sizes:
            fn, warm = bench_scaling._task(test, "xarray", S, bench_scaling.N_PANEL)
            warm()
            cases.append((test, S, fn))
    walls: dict[tuple[str, int], list[float]] = {(t, S): [] for t, S, _ in cases}
    cpus: dict[tuple[str, int], list[float]] = {(t, S): [] for t, S, _ in cases}
    for r in range(rounds):
        for test, S, fn in cases:
            if r > 0 and walls[(test, S)][0] > 30:  # one run is enough for a slow case
                continue
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            walls[(test, S)].append(time.perf_counter() - t0)
            cpus[(test, S)].append(time.process_time() - c0)
            print(f"  round {r + 1}: {test} {S} x 40: {walls[(test, S)][-1]:.2f} s", flush=True)
    rows = []
    for test, S, _ in cases:
        name = "sup-F + Hansen p" if test == "sup_f" else "Bai-Perron (M = 5, BIC)"
        note = ""
        if test == "bai_perron" and S == max(sizes):
            note = _per_series_check(S)
        target = 2.0 if test == "bai_perron" and S == 10_000 else None
        rows.append(
            _row(
                "panels",
                f"{name}, {S:,} series x 40",
                walls[(test, S)],
                cpu=cpus[(test, S)],
                note=note,
                target=target,
            )
        )
    return rows


# ----------------------------------------------------------------------------- lower bound


def bp_limit_rows(quick: bool) -> list[Row]:
    """Run ``bench_bp_limit.py`` when it exists and turn its results into rows."""
    if not (HERE / "bench_bp_limit.py").exists():
        return []
    mod = importlib.import_module("bench_bp_limit")
    argv = sys.argv
    try:
        sys.argv = ["bench_bp_limit.py", *(["--quick"] if quick else [])]
        mod.main()
    finally:
        sys.argv = argv
    data = json.loads((HERE / "bp_limit.json").read_text(encoding="utf-8"))
    rows = []
    for res in data.get("results", []):
        wall, cpu = res.get("wall_median", {}), res.get("cpu_median", {})
        ours = "policyts bai_perron"
        if ours not in wall:
            continue
        # The R and ruptures columns are references; the numpy rows are the lower bound.
        refs = {k: [v] for k, v in wall.items() if "strucchange" in k or "ruptures" in k}
        ratios = []
        for k, v in cpu.items():
            if k.startswith("numpy") and v > 0 and cpu.get(ours):
                ratios.append(f"policyts = {cpu[ours] / v:.2f} x {k} (CPU)")
        rows.append(
            _row(
                "Bai-Perron, one series, lower bound",
                f"n = {res['n']:,}, k = {res['k']} (h = {res['h']}, M = {res['M']})",
                [wall[ours]],
                cpu=[cpu[ours]] if ours in cpu else None,
                refs=refs,
                note="; ".join(ratios) + " (`benchmarks/bp_limit.md`)",
            )
        )
        # The like-for-like comparison: strucchange's breakpoints() dates and tabulates the
        # RSS for m = 0..M, nothing more; bai_perron above adds the tests and intervals.
        dating = "policyts dating + RSS table"
        if dating in wall:
            note = [
                f"policyts = {cpu[dating] / cpu['numpy programme']:.2f} x numpy programme (CPU)"
            ]
            sc = cpu.get("strucchange breakpoints()")
            if sc and res["n"] == 500:
                ratio = sc / cpu[dating]
                note.append(
                    f"strucchange / policyts = {ratio:,.0f}x (CPU); target >= 500x: "
                    + ("met" if ratio >= 500 else "not met")
                )
            rows.append(
                _row(
                    "Bai-Perron, one series, dating only",
                    f"n = {res['n']:,}, k = {res['k']}: breaks and RSS for m = 0..{res['M']}"
                    " (what strucchange's breakpoints() computes)",
                    [wall[dating]],
                    cpu=[cpu[dating]] if dating in cpu else None,
                    refs=refs,
                    note="; ".join(note),
                )
            )
    return rows


# ----------------------------------------------------------------------------- output


def _versions() -> dict[str, str]:
    import xarray as xr

    out = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "xarray": xr.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    try:
        import ruptures

        out["ruptures"] = str(ruptures.__version__)
    except ImportError:
        out["ruptures"] = "not installed"
    if shutil.which("Rscript"):
        code = (
            'for (p in c("strucchange", "mbreaks")) cat(p, if (requireNamespace(p, quietly = TRUE))'
            ' as.character(packageVersion(p)) else "not installed", "\\n")'
        )
        proc = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            name, _, ver = line.strip().partition(" ")
            out[name] = ver.strip()
        out["R"] = subprocess.run(
            ["Rscript", "-e", "cat(R.version$major, R.version$minor, sep='.')"],
            capture_output=True,
            text=True,
        ).stdout.strip()
    return out


def table(rows: list[Row]) -> str:
    lines = [
        "| area | case | policyts (median wall) | CPU | reference (median wall) | reference / policyts | check |",
        "|---|---|---:|---:|---|---|---|",
    ]
    for r in rows:
        ours = _median(r["wall"])
        cpu = _fmt(_median(r["cpu"])) if r.get("cpu") else ""
        ref_text, ratio_text = [], []
        for tool, times in (r.get("refs") or {}).items():
            med = _median(times)
            ref_text.append(f"{tool} {_fmt(med)} ({len(times)}x)")
            ratio = med / ours
            text = f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.2f}x"
            ratio_text.append(f"{tool} / policyts = {text}")
        check = [r["note"]] if r.get("note") else []
        if r.get("target") is not None:
            ok = "met" if ours < r["target"] else "NOT met"
            check.append(f"target < {r['target']:g} s: {ok}")
        lines.append(
            f"| {r['area']} | {r['case']} | {_fmt(ours)} ({len(r['wall'])}x) | {cpu} | "
            f"{'; '.join(ref_text)} | {'; '.join(ratio_text)} | {'; '.join(check)} |"
        )
    return "\n".join(lines)


def header(meta: dict[str, Any]) -> str:
    v = meta["versions"]
    tools = ", ".join(f"{k} {v[k]}" for k in ("strucchange", "mbreaks", "ruptures", "R") if k in v)
    return (
        f"Written by `benchmarks/run_all.py` (`make benchmark`) on {meta['date']}: "
        f"{v['machine']}, Python {v['python']}, numpy {v['numpy']}, xarray {v['xarray']}; "
        f"{tools}. 1-minute load average {meta['load_before']} before and "
        f"{meta['load_after']} after (the cores are shared with other work: wall times carry "
        f"the load, CPU times much less). Medians of interleaved repeats (count in brackets); "
        "one BLAS thread; R timed inside R (start-up excluded)."
    )


def write_readme(block: str) -> bool:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        return False
    new = pattern.sub(lambda _m: f"{README_START}\n{block}\n{README_END}", text)
    readme.write_text(new, encoding="utf-8")
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats; no strucchange at 2,000")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved repeats per case")
    ap.add_argument("--no-readme", action="store_true", help="leave README.md as it is")
    ap.add_argument(
        "--baseline-src", help="src/ folder of another checkout: its main job runs interleaved"
    )
    ap.add_argument("--baseline-label", default="baseline", help="what the baseline is")
    ap.add_argument(
        "--sections",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of {','.join(SECTIONS)}; a subset is printed, not written",
    )
    args = ap.parse_args()
    sections = set(args.sections.split(","))
    if not sections <= set(SECTIONS):
        ap.error(f"--sections: unknown {sorted(sections - set(SECTIONS))}")
    complete = sections == set(SECTIONS)
    base = None if args.baseline_src is None else str(Path(args.baseline_src).resolve())
    rounds = 2 if args.quick else args.rounds
    load_before = [round(x, 2) for x in os.getloadavg()]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        job: list[Row] = []
        if "main" in sections:
            print("main job and policyts breaks", flush=True)
            job = main_job_and_cli(max(2, rounds // 2 + 1), tmp, base, args.baseline_label)
            rows.append(job[0])
        if "startup" in sections:
            print("start-up (benchmarks/bench_startup.py)", flush=True)
            rows += startup_rows(rounds * 2, tmp)
        rows += job[1:]
    if "single" in sections:
        print("Bai-Perron, one series", flush=True)
        rows += single_series(rounds, args.quick)
    if "panels" in sections:
        print("panels", flush=True)
        rows += panels(max(2, rounds // 2), (1000, 10_000))
    if "limit" in sections:
        print("lower bound (benchmarks/bench_bp_limit.py, when present)", flush=True)
        rows += bp_limit_rows(args.quick)
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "versions": _versions(),
    }
    tab = table(rows)
    head = header(meta)
    print(head, tab, sep="\n\n")
    if not complete:
        return 0
    (HERE / "results.md").write_text(f"# Benchmark results\n\n{head}\n\n{tab}\n", encoding="utf-8")
    (HERE / "results.json").write_text(
        json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n", encoding="utf-8"
    )
    if not args.no_readme and not write_readme(f"{head}\n\n{tab}"):
        print("README.md has no benchmark-table markers; left as it is")
    print("wrote benchmarks/results.md and benchmarks/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
